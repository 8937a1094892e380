package tracee.TRC_R2P_026_test

import data.tracee.TRC_R2P_026
import data.tracee.r2p_v0_fixtures as fx

test_metadata {
	TRC_R2P_026.__rego_metadoc__.id == "TRC-R2P-026"
}

test_selected_events {
	count(TRC_R2P_026.tracee_selected_events) == 3
	TRC_R2P_026.tracee_selected_events[{"source": "tracee", "name": "security_file_open", "origin": "*"}]
	TRC_R2P_026.tracee_selected_events[{"source": "tracee", "name": "security_inode_rename", "origin": "*"}]
	TRC_R2P_026.tracee_selected_events[{"source": "tracee", "name": "sched_process_exec", "origin": "*"}]
}

test_match_rc_local_write {
	TRC_R2P_026.tracee_match == {"pathname": "/etc/rc.local", "operation": "write"} with input as fx.host_event("security_file_open", fx.open_args("/etc/rc.local", fx.O_WRITE_CREATE))
}

test_match_init_d_rename {
	finding := TRC_R2P_026.tracee_match with input as fx.host_event("security_inode_rename", fx.rename_args("/tmp/x", "/etc/init.d/networking-helper"))
	finding == {"pathname": "/etc/init.d/networking-helper", "operation": "rename"}
}

test_match_rc_level_link {
	TRC_R2P_026.tracee_match.pathname == "/etc/rc3.d/S99backdoor" with input as fx.host_event("security_file_open", fx.open_args("/etc/rc3.d/S99backdoor", "O_WRONLY|O_CREAT"))
}

test_match_update_rc_d {
	argv := ["update-rc.d", "backdoor", "defaults"]
	finding := TRC_R2P_026.tracee_match with input as fx.host_event("sched_process_exec", fx.exec_args("/usr/sbin/update-rc.d", argv, []))
	finding == {"pathname": "/usr/sbin/update-rc.d", "operation": "update-rc.d", "argv": argv}
}

test_no_match_read {
	not TRC_R2P_026.tracee_match with input as fx.host_event("security_file_open", fx.open_args("/etc/init.d/ssh", fx.O_RDONLY))
}

test_no_match_nested_or_other {
	not TRC_R2P_026.tracee_match with input as fx.host_event("security_file_open", fx.open_args("/etc/init.d/sub/dir", fx.O_WRONLY))
	not TRC_R2P_026.tracee_match with input as fx.host_event("security_file_open", fx.open_args("/etc/rc.local.d", fx.O_WRONLY))
	not TRC_R2P_026.tracee_match with input as fx.host_event("sched_process_exec", fx.exec_args("/usr/sbin/service", ["service", "ssh", "restart"], []))
}
