package tracee.TRC_R2P_065_test

import rego.v1

import data.tracee.TRC_R2P_065 as sig
import data.tracee.lib.fixtures as fx

test_metadata if {
	sig.__rego_metadoc__.id == "TRC-R2P-065"
	sig.tracee_selected_events == {{"source": "tracee", "name": "security_file_open"}, {"source": "tracee", "name": "security_inode_rename"}}
}

test_new_service if {
	ev := fx.open_event("bash", "/usr/bin/bash", "/etc/systemd/system/dbus-helper.service", fx.O_WRONLY_CREAT_TRUNC)
	sig.tracee_match == {
		"unit": "dbus-helper.service",
		"kind": "service",
		"drop_in": false,
		"scope": "system",
		"pathname": "/etc/systemd/system/dbus-helper.service",
	} with input as ev
}

test_user_timer_renamed_into_place if {
	ev := fx.rename_event("python3", "/usr/bin/python3", "/home/bob/.cache/t", "/home/bob/.config/systemd/user/update.timer")
	sig.tracee_match.scope == "user" with input as ev
	sig.tracee_match.kind == "timer" with input as ev
}

test_drop_in_override if {
	ev := fx.open_event("tee", "/usr/bin/tee", "/etc/systemd/system/ssh.service.d/override.conf", fx.O_WRONLY_CREAT_TRUNC)
	sig.tracee_match == {
		"unit": "ssh.service",
		"kind": "service",
		"drop_in": true,
		"scope": "system",
		"pathname": "/etc/systemd/system/ssh.service.d/override.conf",
	} with input as ev
}

test_dpkg_installs_units if {
	ev := fx.open_event("dpkg", "/usr/bin/dpkg", "/lib/systemd/system/nginx.service.dpkg-new", fx.O_WRONLY_CREAT_TRUNC)
	not sig.tracee_match with input as ev
}

test_reading_units if {
	ev := fx.open_event("systemd", "/usr/lib/systemd/systemd", "/etc/systemd/system/dbus-helper.service", fx.O_RDONLY)
	not sig.tracee_match with input as ev
}

test_wants_symlink_dir_file if {
	ev := fx.open_event("bash", "/usr/bin/bash", "/etc/systemd/system/notes.txt", fx.O_WRONLY_CREAT_TRUNC)
	not sig.tracee_match with input as ev
}
