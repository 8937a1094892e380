package tracee.TRC_R2P_004_test

import data.tracee.TRC_R2P_004
import data.tracee.r2p_v0_fixtures as fx

vm_writev_args(pid) = [
	{"name": "pid", "type": "pid_t", "value": pid},
	{"name": "local_iov", "type": "const struct iovec*", "value": "0x7ffd1c2b3a40"},
	{"name": "liovcnt", "type": "unsigned long", "value": 1},
	{"name": "remote_iov", "type": "const struct iovec*", "value": "0x7ffd1c2b3a60"},
	{"name": "riovcnt", "type": "unsigned long", "value": 2},
	{"name": "flags", "type": "unsigned long", "value": 0},
]

test_metadata {
	TRC_R2P_004.__rego_metadoc__.id == "TRC-R2P-004"
}

test_selected_events {
	count(TRC_R2P_004.tracee_selected_events) == 1
	TRC_R2P_004.tracee_selected_events[{"source": "tracee", "name": "process_vm_writev", "origin": "*"}]
}

test_match_other_process {
	TRC_R2P_004.tracee_match == {"target_pid": 999, "bytes_vectors": 2} with input as fx.host_event("process_vm_writev", vm_writev_args(999))
}

test_no_match_self {
	not TRC_R2P_004.tracee_match with input as fx.host_event("process_vm_writev", vm_writev_args(4242))
}

test_no_match_self_host_pid_in_container {
	not TRC_R2P_004.tracee_match with input as fx.container_event("process_vm_writev", vm_writev_args(31337))
}
