package tracee.TRC_R2P_003_test

import data.tracee.TRC_R2P_003
import data.tracee.r2p_v0_fixtures as fx

test_metadata {
	TRC_R2P_003.__rego_metadoc__.id == "TRC-R2P-003"
	TRC_R2P_003.__rego_metadoc__.eventName == "proc_mem_code_injection"
}

test_selected_events {
	count(TRC_R2P_003.tracee_selected_events) == 1
	TRC_R2P_003.tracee_selected_events[{"source": "tracee", "name": "security_file_open", "origin": "*"}]
}

test_match_write_other_mem {
	finding := TRC_R2P_003.tracee_match with input as fx.host_event("security_file_open", fx.open_args("/proc/1337/mem", fx.O_RDWR))
	finding == {"pathname": "/proc/1337/mem", "target_pid": 1337}
}

test_match_parsed_flags {
	finding := TRC_R2P_003.tracee_match with input as fx.host_event("security_file_open", fx.open_args("/proc/1/task/1/mem", "O_WRONLY"))
	finding.target_pid == 1
}

test_no_match_read_only {
	not TRC_R2P_003.tracee_match with input as fx.host_event("security_file_open", fx.open_args("/proc/1337/mem", fx.O_RDONLY))
}

test_no_match_own_memory {
	not TRC_R2P_003.tracee_match with input as fx.host_event("security_file_open", fx.open_args("/proc/self/mem", fx.O_RDWR))
	not TRC_R2P_003.tracee_match with input as fx.host_event("security_file_open", fx.open_args("/proc/4242/mem", fx.O_RDWR))
}

test_no_match_maps {
	not TRC_R2P_003.tracee_match with input as fx.host_event("security_file_open", fx.open_args("/proc/1337/maps", fx.O_RDWR))
}
