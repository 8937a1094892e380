package tracee.TRC_R2P_056_test

import rego.v1

import data.tracee.TRC_R2P_056 as sig
import data.tracee.lib.fixtures as fx

test_metadata if {
	sig.__rego_metadoc__.id == "TRC-R2P-056"
	sig.tracee_selected_events == {{"source": "tracee", "name": "sched_process_exec", "origin": "*"}}
}

test_hidden_payload_in_dev_shm if {
	ev := fx.exec_event("/dev/shm/.x/kdevtmpfsi", ["kdevtmpfsi"])
	sig.tracee_match == {"pathname": "/dev/shm/.x/kdevtmpfsi", "location": "/dev/shm", "in_container": false, "hidden": true} with input as ev
}

test_tmp_in_container if {
	ev := fx.container_exec_event("/tmp/payload", ["./payload"])
	sig.tracee_match == {"pathname": "/tmp/payload", "location": "/tmp", "in_container": true, "hidden": false} with input as ev
}

test_memfd if {
	ev := fx.exec_event("memfd:x (deleted)", ["[kworker/0:2]"])
	sig.tracee_match.location == "memfd" with input as ev
}

test_go_test_binary if {
	ev := fx.exec_event("/tmp/go-build3982745/b001/pkg.test", ["pkg.test", "-test.v"])
	not sig.tracee_match with input as ev
}

test_system_binary if {
	ev := fx.exec_event("/usr/bin/tmpwatch", ["tmpwatch", "/tmp"])
	not sig.tracee_match with input as ev
}

test_allowlist_replaced_with_data if {
	ev := fx.exec_event("/tmp/go-build3982745/b001/pkg.test", ["pkg.test"])
	sig.tracee_match.location == "/tmp" with input as ev with data.tracee.TRC_R2P_056.expected_patterns as []
}
