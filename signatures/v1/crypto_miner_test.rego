package tracee.TRC_R2P_041_test

import rego.v1

import data.tracee.TRC_R2P_041 as sig
import data.tracee.lib.fixtures as fx

test_metadata if {
	sig.__rego_metadoc__.id == "TRC-R2P-041"
	sig.__rego_metadoc__.properties["MITRE ATT&CK"] == "Impact: Resource Hijacking"
	sig.tracee_selected_events == {{"source": "tracee", "name": "sched_process_exec", "origin": "*"}}
}

test_xmrig_with_pool if {
	argv := ["./xmrig", "-o", "stratum+tcp://pool.example.net:3333", "-u", "4A...", "--donate-level=1"]
	ev := fx.container_exec_event("/tmp/.cache/xmrig", argv)
	sig.tracee_match == {
		"indicators": ["miner binary xmrig", "miner option --donate-level", "mining pool URL"],
		"argv": argv,
	} with input as ev
}

test_renamed_miner_with_ssl_pool if {
	argv := ["/usr/local/bin/kworkerd", "--url", "STRATUM+SSL://198.51.100.7:443"]
	ev := fx.exec_event("/usr/local/bin/kworkerd", argv)
	sig.tracee_match.indicators == ["mining pool URL"] with input as ev
}

test_options_alone_do_not_match if {
	ev := fx.exec_event("/usr/bin/ffmpeg", ["ffmpeg", "--algo=fast", "-i", "in.mp4"])
	not sig.tracee_match with input as ev
}

test_ordinary_program if {
	ev := fx.exec_event("/usr/bin/ls", ["ls", "-la", "/tmp"])
	not sig.tracee_match with input as ev
}
