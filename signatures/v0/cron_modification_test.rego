package tracee.TRC_R2P_027_test

import data.tracee.TRC_R2P_027
import data.tracee.r2p_v0_fixtures as fx

test_metadata {
	TRC_R2P_027.__rego_metadoc__.id == "TRC-R2P-027"
}

test_selected_events {
	count(TRC_R2P_027.tracee_selected_events) == 2
	TRC_R2P_027.tracee_selected_events[{"source": "tracee", "name": "security_file_open", "origin": "*"}]
	TRC_R2P_027.tracee_selected_events[{"source": "tracee", "name": "security_inode_rename", "origin": "*"}]
}

test_match_crontab_write {
	TRC_R2P_027.tracee_match == {"pathname": "/etc/crontab"} with input as fx.host_event("security_file_open", fx.open_args("/etc/crontab", fx.O_RDWR))
}

test_match_cron_d_rename {
	finding := TRC_R2P_027.tracee_match with input as fx.container_event("security_inode_rename", fx.rename_args("/tmp/job", "/etc/cron.d/sync"))
	finding == {"pathname": "/etc/cron.d/sync"}
}

test_match_user_spool {
	TRC_R2P_027.tracee_match.pathname == "/var/spool/cron/crontabs/root" with input as fx.host_event("security_file_open", fx.open_args("/var/spool/cron/crontabs/root", fx.O_WRITE_CREATE))
}

test_no_match_crontab_tool {
	event := fx.host_event("security_file_open", fx.open_args("/var/spool/cron/crontabs/root", fx.O_WRITE_CREATE))
	not TRC_R2P_027.tracee_match with input as fx.as_process(event, "crontab", "/usr/bin/crontab")
}

test_no_match_read_or_other {
	not TRC_R2P_027.tracee_match with input as fx.host_event("security_file_open", fx.open_args("/etc/crontab", fx.O_RDONLY))
	not TRC_R2P_027.tracee_match with input as fx.host_event("security_file_open", fx.open_args("/etc/cron.deny", fx.O_WRONLY))
	not TRC_R2P_027.tracee_match with input as fx.host_event("security_inode_rename", fx.rename_args("/etc/crontab", "/tmp/crontab"))
}
