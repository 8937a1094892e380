package tracee.TRC_R2P_034_test

import data.tracee.TRC_R2P_034
import data.tracee.r2p_v0_fixtures as fx

exec(path, argv) = fx.host_event("sched_process_exec", fx.exec_args(path, argv, ["PATH=/usr/sbin:/usr/bin"]))

test_metadata {
	TRC_R2P_034.__rego_metadoc__.id == "TRC-R2P-034"
}

test_selected_events {
	count(TRC_R2P_034.tracee_selected_events) == 1
	TRC_R2P_034.tracee_selected_events[{"source": "tracee", "name": "sched_process_exec", "origin": "*"}]
}

test_match_auditctl_disable {
	finding := TRC_R2P_034.tracee_match with input as exec("/usr/sbin/auditctl", ["auditctl", "-e", "0"])
	finding == {"actions": {"auditing disabled"}, "command": "auditctl -e 0"}
}

test_match_auditctl_delete_rules {
	TRC_R2P_034.tracee_match.actions == {"audit rules deleted"} with input as exec("/sbin/auditctl", ["auditctl", "-D"])
}

test_match_systemctl_stop {
	finding := TRC_R2P_034.tracee_match with input as exec("/usr/bin/systemctl", ["systemctl", "stop", "auditd.service"])
	finding == {"actions": {"auditd stop"}, "command": "systemctl stop auditd.service"}
}

test_match_service_stop {
	TRC_R2P_034.tracee_match.actions == {"auditd stop"} with input as exec("/usr/sbin/service", ["service", "auditd", "stop"])
}

test_match_several_actions {
	finding := TRC_R2P_034.tracee_match with input as exec("/usr/sbin/auditctl", ["auditctl", "-D", "-e", "0"])
	finding.actions == {"auditing disabled", "audit rules deleted"}
}

test_no_match_enable_or_status {
	not TRC_R2P_034.tracee_match with input as exec("/usr/sbin/auditctl", ["auditctl", "-e", "1"])
	not TRC_R2P_034.tracee_match with input as exec("/usr/sbin/auditctl", ["auditctl", "-l"])
	not TRC_R2P_034.tracee_match with input as exec("/usr/bin/systemctl", ["systemctl", "status", "auditd"])
	not TRC_R2P_034.tracee_match with input as exec("/usr/bin/systemctl", ["systemctl", "stop", "nginx"])
}
