package tracee.TRC_R2P_025_test

import data.tracee.TRC_R2P_025
import data.tracee.r2p_v0_fixtures as fx

test_metadata {
	TRC_R2P_025.__rego_metadoc__.id == "TRC-R2P-025"
	TRC_R2P_025.__rego_metadoc__.properties.Severity == 0
}

test_selected_events {
	count(TRC_R2P_025.tracee_selected_events) == 1
	TRC_R2P_025.tracee_selected_events[{"source": "tracee", "name": "security_file_open", "origin": "*"}]
}

test_match_cat {
	event := fx.as_process(fx.host_event("security_file_open", fx.open_args("/proc/sys/kernel/randomize_va_space", fx.O_RDONLY)), "cat", "/usr/bin/cat")
	TRC_R2P_025.tracee_match with input as event
}

test_no_match_sysctl {
	event := fx.as_process(fx.host_event("security_file_open", fx.open_args("/proc/sys/kernel/randomize_va_space", fx.O_RDONLY)), "sysctl", "/usr/sbin/sysctl")
	not TRC_R2P_025.tracee_match with input as event
}

test_no_match_write {
	# writing it is a different matter (disabling ASLR), not an inspection
	not TRC_R2P_025.tracee_match with input as fx.host_event("security_file_open", fx.open_args("/proc/sys/kernel/randomize_va_space", fx.O_WRONLY))
}
