package tracee.TRC_R2P_036_test

import rego.v1

import data.tracee.TRC_R2P_036 as sig
import data.tracee.lib.fixtures as fx

test_metadata if {
	sig.__rego_metadoc__.id == "TRC-R2P-036"
	sig.tracee_selected_events == {{"source": "tracee", "name": "security_file_open"}}
}

test_curl_reads_user_key if {
	ev := fx.open_event("curl", "/usr/bin/curl", "/home/alice/.ssh/id_ed25519", fx.O_RDONLY)
	sig.tracee_match == {"pathname": "/home/alice/.ssh/id_ed25519", "key": "user", "process": "curl"} with input as ev
}

test_host_key_read_in_container if {
	ev := fx.container_open_event("python3", "/usr/bin/python3", "/etc/ssh/ssh_host_rsa_key", fx.O_RDONLY)
	sig.tracee_match == {"pathname": "/etc/ssh/ssh_host_rsa_key", "key": "host", "process": "python3"} with input as ev
}

test_ssh_client_reads_its_key if {
	ev := fx.open_event("ssh", "/usr/bin/ssh", "/home/alice/.ssh/id_rsa", fx.O_RDONLY)
	not sig.tracee_match with input as ev
}

test_public_key_is_not_secret if {
	ev := fx.open_event("cat", "/usr/bin/cat", "/home/alice/.ssh/id_rsa.pub", fx.O_RDONLY)
	not sig.tracee_match with input as ev
}

test_literal_event_host_public_host_key if {
	not sig.tracee_match with input as {
		"eventName": "security_file_open",
		"processName": "cat",
		"userId": 0,
		"container": {},
		"contextFlags": {"containerStarted": false, "isCompat": false},
		"args": [
			{"name": "pathname", "type": "const char*", "value": "/etc/ssh/ssh_host_rsa_key.pub"},
			{"name": "flags", "type": "int", "value": 0},
		],
	}
}
