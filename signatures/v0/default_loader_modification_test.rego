package tracee.TRC_R2P_019_test

import data.tracee.TRC_R2P_019
import data.tracee.r2p_v0_fixtures as fx

test_metadata {
	TRC_R2P_019.__rego_metadoc__.id == "TRC-R2P-019"
}

test_selected_events {
	count(TRC_R2P_019.tracee_selected_events) == 2
	TRC_R2P_019.tracee_selected_events[{"source": "tracee", "name": "security_file_open", "origin": "*"}]
	TRC_R2P_019.tracee_selected_events[{"source": "tracee", "name": "security_inode_rename", "origin": "*"}]
}

test_match_lib64_loader_write {
	finding := TRC_R2P_019.tracee_match with input as fx.host_event("security_file_open", fx.open_args("/lib64/ld-linux-x86-64.so.2", fx.O_RDWR))
	finding == {"pathname": "/lib64/ld-linux-x86-64.so.2", "operation": "write"}
}

test_match_multiarch_loader_rename {
	path := "/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2"
	finding := TRC_R2P_019.tracee_match with input as fx.host_event("security_inode_rename", fx.rename_args("/tmp/ld.so", path))
	finding == {"pathname": path, "operation": "rename"}
}

test_match_musl_loader {
	TRC_R2P_019.tracee_match.pathname == "/lib/ld-musl-x86_64.so.1" with input as fx.container_event("security_file_open", fx.open_args("/lib/ld-musl-x86_64.so.1", fx.O_WRONLY))
}

test_no_match_package_manager {
	event := fx.host_event("security_file_open", fx.open_args("/lib64/ld-linux-x86-64.so.2", fx.O_RDWR))
	not TRC_R2P_019.tracee_match with input as fx.as_process(event, "dpkg", "/usr/bin/dpkg")
}

test_no_match_read_or_other_lib {
	not TRC_R2P_019.tracee_match with input as fx.host_event("security_file_open", fx.open_args("/lib64/ld-linux-x86-64.so.2", fx.O_RDONLY))
	not TRC_R2P_019.tracee_match with input as fx.host_event("security_file_open", fx.open_args("/lib64/libc.so.6", fx.O_RDWR))
}
