package tracee.TRC_R2P_006_test

import data.tracee.TRC_R2P_006
import data.tracee.r2p_v0_fixtures as fx

test_metadata {
	TRC_R2P_006.__rego_metadoc__.id == "TRC-R2P-006"
}

test_selected_events {
	count(TRC_R2P_006.tracee_selected_events) == 2
	TRC_R2P_006.tracee_selected_events[{"source": "tracee", "name": "security_file_open", "origin": "*"}]
	TRC_R2P_006.tracee_selected_events[{"source": "tracee", "name": "security_inode_rename", "origin": "*"}]
}

test_match_open_for_write {
	finding := TRC_R2P_006.tracee_match with input as fx.host_event("security_file_open", fx.open_args("/etc/ld.so.preload", fx.O_WRITE_CREATE))
	finding == {"pathname": "/etc/ld.so.preload", "operation": "write"}
}

test_match_rename_over {
	finding := TRC_R2P_006.tracee_match with input as fx.host_event("security_inode_rename", fx.rename_args("/tmp/preload.new", "/etc/ld.so.preload"))
	finding.operation == "rename"
}

test_no_match_read {
	not TRC_R2P_006.tracee_match with input as fx.host_event("security_file_open", fx.open_args("/etc/ld.so.preload", fx.O_RDONLY))
}

test_no_match_other_file {
	not TRC_R2P_006.tracee_match with input as fx.host_event("security_file_open", fx.open_args("/etc/ld.so.conf", fx.O_WRONLY))
	not TRC_R2P_006.tracee_match with input as fx.host_event("security_inode_rename", fx.rename_args("/etc/ld.so.preload", "/tmp/x"))
}
