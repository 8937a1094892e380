package tracee.TRC_R2P_015_test

import data.tracee.TRC_R2P_015
import data.tracee.r2p_v0_fixtures as fx

test_metadata {
	TRC_R2P_015.__rego_metadoc__.id == "TRC-R2P-015"
}

test_selected_events {
	count(TRC_R2P_015.tracee_selected_events) == 2
	TRC_R2P_015.tracee_selected_events[{"source": "tracee", "name": "security_file_open", "origin": "*"}]
	TRC_R2P_015.tracee_selected_events[{"source": "tracee", "name": "security_inode_rename", "origin": "*"}]
}

test_match_write_in_container {
	finding := TRC_R2P_015.tracee_match with input as fx.container_event("security_file_open", fx.open_args("/tmp/cgrp/release_agent", fx.O_WRONLY))
	finding == {"pathname": "/tmp/cgrp/release_agent"}
}

test_match_rename {
	TRC_R2P_015.tracee_match == {"pathname": "/sys/fs/cgroup/rdma/release_agent"} with input as fx.host_event("security_inode_rename", fx.rename_args("/tmp/a", "/sys/fs/cgroup/rdma/release_agent"))
}

test_no_match_read {
	not TRC_R2P_015.tracee_match with input as fx.container_event("security_file_open", fx.open_args("/sys/fs/cgroup/rdma/release_agent", fx.O_RDONLY))
}

test_no_match_similar_name {
	not TRC_R2P_015.tracee_match with input as fx.container_event("security_file_open", fx.open_args("/tmp/release_agent.txt", fx.O_WRONLY))
}
