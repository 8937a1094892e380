package tracee.TRC_R2P_043_test

import rego.v1

import data.tracee.TRC_R2P_043 as sig
import data.tracee.lib.fixtures as fx

test_metadata if {
	sig.__rego_metadoc__.id == "TRC-R2P-043"
	sig.tracee_selected_events == {{"source": "tracee", "name": "sched_process_exec"}}
}

test_tcpdump_to_file if {
	ev := fx.as_user(fx.exec_event("/usr/bin/tcpdump", ["tcpdump", "-i", "eth0", "-w", "/tmp/.c.pcap", "port", "80"]), 0)
	sig.tracee_match == {"tool": "tcpdump", "interface": "eth0", "writes_to": "/tmp/.c.pcap"} with input as ev
}

test_tshark_defaults if {
	ev := fx.container_exec_event("/usr/bin/tshark", ["tshark", "-f", "tcp port 21"])
	sig.tracee_match == {"tool": "tshark", "interface": "default", "writes_to": ""} with input as ev
}

test_version_query if {
	ev := fx.exec_event("/usr/bin/tcpdump", ["tcpdump", "--version"])
	not sig.tracee_match with input as ev
}

test_other_tool if {
	ev := fx.exec_event("/usr/bin/ip", ["ip", "-s", "link", "show", "eth0"])
	not sig.tracee_match with input as ev
}

test_repeated_option_takes_the_first if {
	ev := fx.exec_event("/usr/bin/tcpdump", ["tcpdump", "-i", "eth0", "-i", "eth1"])
	sig.tracee_match.interface == "eth0" with input as ev
}
