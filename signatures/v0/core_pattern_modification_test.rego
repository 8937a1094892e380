package tracee.TRC_R2P_017_test

import data.tracee.TRC_R2P_017
import data.tracee.r2p_v0_fixtures as fx

test_metadata {
	TRC_R2P_017.__rego_metadoc__.id == "TRC-R2P-017"
}

test_selected_events {
	count(TRC_R2P_017.tracee_selected_events) == 1
	TRC_R2P_017.tracee_selected_events[{"source": "tracee", "name": "security_file_open", "origin": "*"}]
}

test_match_host {
	TRC_R2P_017.tracee_match == {"pathname": "/proc/sys/kernel/core_pattern", "severity": 2} with input as fx.host_event("security_file_open", fx.open_args("/proc/sys/kernel/core_pattern", fx.O_WRONLY))
}

test_match_container_is_more_severe {
	finding := TRC_R2P_017.tracee_match with input as fx.container_event("security_file_open", fx.open_args("/proc/sys/kernel/core_pattern", "O_WRONLY|O_TRUNC"))
	finding.severity == 3
}

test_no_match_read {
	not TRC_R2P_017.tracee_match with input as fx.host_event("security_file_open", fx.open_args("/proc/sys/kernel/core_pattern", fx.O_RDONLY))
}

test_no_match_other_sysctl {
	not TRC_R2P_017.tracee_match with input as fx.host_event("security_file_open", fx.open_args("/proc/sys/kernel/hostname", fx.O_WRONLY))
}
