package tracee.TRC_R2P_024_test

import data.tracee.TRC_R2P_024
import data.tracee.r2p_v0_fixtures as fx

test_metadata {
	TRC_R2P_024.__rego_metadoc__.id == "TRC-R2P-024"
}

test_selected_events {
	count(TRC_R2P_024.tracee_selected_events) == 1
	TRC_R2P_024.tracee_selected_events[{"source": "tracee", "name": "security_file_open", "origin": "container"}]
}

test_match_proc_sched_debug {
	TRC_R2P_024.tracee_match == {"pathname": "/proc/sched_debug"} with input as fx.container_event("security_file_open", fx.open_args("/proc/sched_debug", fx.O_RDONLY))
}

test_match_debugfs {
	TRC_R2P_024.tracee_match.pathname == "/sys/kernel/debug/sched/debug" with input as fx.container_event("security_file_open", fx.open_args("/sys/kernel/debug/sched/debug", fx.O_RDONLY))
}

test_no_match_host {
	not TRC_R2P_024.tracee_match with input as fx.host_event("security_file_open", fx.open_args("/proc/sched_debug", fx.O_RDONLY))
}

test_no_match_other_proc_file {
	not TRC_R2P_024.tracee_match with input as fx.container_event("security_file_open", fx.open_args("/proc/schedstat", fx.O_RDONLY))
}
