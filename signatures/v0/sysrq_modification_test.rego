package tracee.TRC_R2P_018_test

import data.tracee.TRC_R2P_018
import data.tracee.r2p_v0_fixtures as fx

test_metadata {
	TRC_R2P_018.__rego_metadoc__.id == "TRC-R2P-018"
	TRC_R2P_018.__rego_metadoc__.properties["MITRE ATT&CK"] == "Impact: System Shutdown/Reboot"
}

test_selected_events {
	count(TRC_R2P_018.tracee_selected_events) == 1
	TRC_R2P_018.tracee_selected_events[{"source": "tracee", "name": "security_file_open", "origin": "*"}]
}

test_match_setting {
	TRC_R2P_018.tracee_match == {"pathname": "/proc/sys/kernel/sysrq", "kind": "setting"} with input as fx.host_event("security_file_open", fx.open_args("/proc/sys/kernel/sysrq", fx.O_WRONLY))
}

test_match_trigger {
	finding := TRC_R2P_018.tracee_match with input as fx.container_event("security_file_open", fx.open_args("/proc/sysrq-trigger", fx.O_WRITE_CREATE))
	finding.kind == "trigger"
}

test_no_match_read {
	not TRC_R2P_018.tracee_match with input as fx.host_event("security_file_open", fx.open_args("/proc/sys/kernel/sysrq", fx.O_RDONLY))
}
