package tracee.TRC_R2P_033_test

import data.tracee.TRC_R2P_033
import data.tracee.r2p_v0_fixtures as fx

test_metadata {
	TRC_R2P_033.__rego_metadoc__.id == "TRC-R2P-033"
}

test_selected_events {
	count(TRC_R2P_033.tracee_selected_events) == 1
	TRC_R2P_033.tracee_selected_events[{"source": "tracee", "name": "security_file_open", "origin": "*"}]
}

test_match_dump_sshd_memory {
	event := fx.as_process(fx.host_event("security_file_open", fx.open_args("/proc/812/mem", fx.O_RDONLY)), "python3", "/usr/bin/python3.11")
	finding := TRC_R2P_033.tracee_match with input as event
	finding == {"pathname": "/proc/812/mem", "target_pid": 812}
}

test_no_match_debugger {
	event := fx.as_process(fx.host_event("security_file_open", fx.open_args("/proc/812/mem", fx.O_RDONLY)), "gdb", "/usr/bin/gdb")
	not TRC_R2P_033.tracee_match with input as event
}

test_no_match_own_memory {
	not TRC_R2P_033.tracee_match with input as fx.host_event("security_file_open", fx.open_args("/proc/4242/mem", fx.O_RDONLY))
	not TRC_R2P_033.tracee_match with input as fx.host_event("security_file_open", fx.open_args("/proc/self/mem", fx.O_RDONLY))
}

test_no_match_write_is_injection_not_read {
	not TRC_R2P_033.tracee_match with input as fx.host_event("security_file_open", fx.open_args("/proc/812/mem", fx.O_RDWR))
}

test_no_match_maps {
	not TRC_R2P_033.tracee_match with input as fx.host_event("security_file_open", fx.open_args("/proc/812/maps", fx.O_RDONLY))
}
