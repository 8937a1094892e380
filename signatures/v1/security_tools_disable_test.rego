package tracee.TRC_R2P_049_test

import rego.v1

import data.tracee.TRC_R2P_049 as sig
import data.tracee.lib.fixtures as fx

test_metadata if {
	sig.__rego_metadoc__.id == "TRC-R2P-049"
	sig.tracee_selected_events == {{"source": "tracee", "name": "sched_process_exec"}, {"source": "tracee", "name": "security_file_open"}}
}

test_setenforce_0 if {
	ev := fx.as_user(fx.exec_event("/usr/sbin/setenforce", ["setenforce", "0"]), 0)
	sig.tracee_match == {"actions": ["setenforce 0"], "process": "setenforce"} with input as ev
}

test_aa_teardown if {
	ev := fx.exec_event("/usr/sbin/aa-teardown", ["aa-teardown"])
	sig.tracee_match.actions == ["aa-teardown"] with input as ev
}

test_auditctl_off_and_delete if {
	ev := fx.exec_event("/usr/sbin/auditctl", ["auditctl", "-D", "-e", "0"])
	sig.tracee_match.actions == ["auditctl -D", "auditctl -e 0"] with input as ev
}

test_stop_falco if {
	ev := fx.exec_event("/usr/bin/systemctl", ["systemctl", "disable", "--now", "falco.service"])
	sig.tracee_match.actions == ["disable of falco"] with input as ev
}

test_write_selinux_enforce if {
	ev := fx.open_event("bash", "/usr/bin/bash", "/sys/fs/selinux/enforce", fx.O_WRONLY)
	sig.tracee_match.actions == ["write to /sys/fs/selinux/enforce (SELinux enforcement)"] with input as ev
}

test_setenforce_1 if {
	ev := fx.exec_event("/usr/sbin/setenforce", ["setenforce", "1"])
	not sig.tracee_match with input as ev
}

test_auditctl_list if {
	ev := fx.exec_event("/usr/sbin/auditctl", ["auditctl", "-l"])
	not sig.tracee_match with input as ev
}

test_read_selinux_enforce if {
	ev := fx.open_event("getenforce", "/usr/sbin/getenforce", "/sys/fs/selinux/enforce", fx.O_RDONLY)
	not sig.tracee_match with input as ev
}
