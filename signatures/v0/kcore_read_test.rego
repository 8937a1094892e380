package tracee.TRC_R2P_023_test

import data.tracee.TRC_R2P_023
import data.tracee.r2p_v0_fixtures as fx

test_metadata {
	TRC_R2P_023.__rego_metadoc__.id == "TRC-R2P-023"
}

test_selected_events {
	count(TRC_R2P_023.tracee_selected_events) == 1
	TRC_R2P_023.tracee_selected_events[{"source": "tracee", "name": "security_file_open", "origin": "*"}]
}

test_match_read {
	TRC_R2P_023.tracee_match == true with input as fx.host_event("security_file_open", fx.open_args("/proc/kcore", fx.O_RDONLY))
}

test_match_parsed_flags {
	TRC_R2P_023.tracee_match with input as fx.container_event("security_file_open", fx.open_args("/proc/kcore", "O_RDONLY|O_LARGEFILE"))
}

test_no_match_other_file {
	not TRC_R2P_023.tracee_match with input as fx.host_event("security_file_open", fx.open_args("/proc/kallsyms", fx.O_RDONLY))
	not TRC_R2P_023.tracee_match with input as fx.host_event("security_file_open", fx.open_args("/proc/kcore.bak", fx.O_RDONLY))
}
