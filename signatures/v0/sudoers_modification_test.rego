package tracee.TRC_R2P_028_test

import data.tracee.TRC_R2P_028
import data.tracee.r2p_v0_fixtures as fx

test_metadata {
	TRC_R2P_028.__rego_metadoc__.id == "TRC-R2P-028"
}

test_selected_events {
	count(TRC_R2P_028.tracee_selected_events) == 2
	TRC_R2P_028.tracee_selected_events[{"source": "tracee", "name": "security_file_open", "origin": "*"}]
	TRC_R2P_028.tracee_selected_events[{"source": "tracee", "name": "security_inode_rename", "origin": "*"}]
}

test_match_echo_append {
	event := fx.host_event("security_file_open", fx.open_args("/etc/sudoers", "O_WRONLY|O_APPEND"))
	TRC_R2P_028.tracee_match == {"pathname": "/etc/sudoers", "tool": "bash"} with input as event
}

test_match_visudo_rename {
	event := fx.as_process(fx.host_event("security_inode_rename", fx.rename_args("/etc/sudoers.tmp", "/etc/sudoers")), "visudo", "/usr/sbin/visudo")
	finding := TRC_R2P_028.tracee_match with input as event
	finding == {"pathname": "/etc/sudoers", "tool": "visudo"}
}

test_match_drop_in {
	TRC_R2P_028.tracee_match.pathname == "/etc/sudoers.d/90-nopasswd" with input as fx.container_event("security_file_open", fx.open_args("/etc/sudoers.d/90-nopasswd", fx.O_WRITE_CREATE))
}

test_no_match_read {
	not TRC_R2P_028.tracee_match with input as fx.host_event("security_file_open", fx.open_args("/etc/sudoers", fx.O_RDONLY))
}

test_no_match_readme_or_other {
	not TRC_R2P_028.tracee_match with input as fx.host_event("security_file_open", fx.open_args("/etc/sudoers.d/README", fx.O_WRONLY))
	not TRC_R2P_028.tracee_match with input as fx.host_event("security_file_open", fx.open_args("/etc/sudo.conf", fx.O_WRONLY))
}
