package tracee.TRC_R2P_035_test

import rego.v1

import data.tracee.TRC_R2P_035 as sig
import data.tracee.lib.fixtures as fx

test_metadata if {
	sig.__rego_metadoc__.id == "TRC-R2P-035"
	sig.__rego_metadoc__.properties.Severity == 3
	sig.tracee_selected_events == {{"source": "tracee", "name": "security_file_open", "origin": "*"}}
}

test_cat_reads_shadow if {
	ev := fx.as_user(fx.open_event("cat", "/usr/bin/cat", "/etc/shadow", fx.O_RDONLY), 0)
	sig.tracee_match == {"pathname": "/etc/shadow", "process": "cat", "uid": 0} with input as ev
}

test_parsed_flags_in_container if {
	ev := fx.container_open_event("python3", "/usr/bin/python3.12", "/etc/gshadow", "O_RDONLY|O_CLOEXEC")
	sig.tracee_match.pathname == "/etc/gshadow" with input as ev
}

test_password_checker_is_trusted if {
	ev := fx.open_event("unix_chkpwd", "/usr/sbin/unix_chkpwd", "/etc/shadow", fx.O_RDONLY)
	not sig.tracee_match with input as ev
}

test_passwd_file_is_not_shadow if {
	ev := fx.open_event("cat", "/usr/bin/cat", "/etc/passwd", fx.O_RDONLY)
	not sig.tracee_match with input as ev
}

test_write_only_open_is_not_a_read if {
	ev := fx.open_event("cat", "/usr/bin/cat", "/etc/shadow", fx.O_WRONLY)
	not sig.tracee_match with input as ev
}

test_allowlist_can_be_replaced if {
	ev := fx.open_event("cat", "/usr/bin/cat", "/etc/shadow", fx.O_RDONLY)
	not sig.tracee_match with input as ev with data.tracee.TRC_R2P_035.trusted_tools as {"cat"}
}
