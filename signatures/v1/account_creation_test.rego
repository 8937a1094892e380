package tracee.TRC_R2P_047_test

import rego.v1

import data.tracee.TRC_R2P_047 as sig
import data.tracee.lib.fixtures as fx

test_metadata if {
	sig.__rego_metadoc__.id == "TRC-R2P-047"
	sig.tracee_selected_events == {{"source": "tracee", "name": "sched_process_exec"}, {"source": "tracee", "name": "security_file_open"}}
}

test_useradd_uid_zero if {
	ev := fx.as_user(fx.exec_event("/usr/sbin/useradd", ["useradd", "-o", "-u", "0", "-g", "0", "-M", "sysbackup"]), 0)
	sig.tracee_match == {
		"method": "account tool",
		"tool": "useradd",
		"account": "sysbackup",
		"privileged": true,
		"admin_groups": [],
	} with input as ev
}

test_usermod_adds_admin_groups if {
	ev := fx.exec_event("/usr/sbin/usermod", ["usermod", "-aG", "docker,video,sudo", "mallory"])
	sig.tracee_match == {
		"method": "account tool",
		"tool": "usermod",
		"account": "mallory",
		"privileged": true,
		"admin_groups": ["docker", "sudo"],
	} with input as ev
}

test_plain_useradd if {
	ev := fx.exec_event("/usr/sbin/useradd", ["useradd", "--groups=users", "-m", "carol"])
	sig.tracee_match.privileged == false with input as ev
}

test_echo_into_passwd if {
	ev := fx.open_event("bash", "/usr/bin/bash", "/etc/passwd", fx.O_WRONLY_APPEND)
	sig.tracee_match == {"method": "direct write", "pathname": "/etc/passwd", "privileged": false} with input as ev
}

test_sudoers_drop_in if {
	ev := fx.open_event("python3", "/usr/bin/python3", "/etc/sudoers.d/99-x", "O_WRONLY|O_CREAT|O_TRUNC")
	sig.tracee_match == {"method": "direct write", "pathname": "/etc/sudoers.d/99-x", "privileged": true} with input as ev
}

test_reading_passwd if {
	ev := fx.open_event("id", "/usr/bin/id", "/etc/passwd", fx.O_RDONLY)
	not sig.tracee_match with input as ev
}

test_useradd_writes_passwd if {
	ev := fx.open_event("useradd", "/usr/sbin/useradd", "/etc/passwd", fx.O_RDWR)
	not sig.tracee_match with input as ev
}

test_other_exec if {
	ev := fx.exec_event("/usr/bin/id", ["id", "-u", "0"])
	not sig.tracee_match with input as ev
}
