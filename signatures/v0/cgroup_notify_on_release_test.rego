package tracee.TRC_R2P_016_test

import data.tracee.TRC_R2P_016
import data.tracee.r2p_v0_fixtures as fx

test_metadata {
	TRC_R2P_016.__rego_metadoc__.id == "TRC-R2P-016"
}

test_selected_events {
	count(TRC_R2P_016.tracee_selected_events) == 1
	TRC_R2P_016.tracee_selected_events[{"source": "tracee", "name": "security_file_open", "origin": "container"}]
}

test_match_container_write {
	finding := TRC_R2P_016.tracee_match with input as fx.container_event("security_file_open", fx.open_args("/tmp/cgrp/x/notify_on_release", fx.O_WRITE_CREATE))
	finding == {"pathname": "/tmp/cgrp/x/notify_on_release", "container": "web"}
}

test_no_match_host_write {
	not TRC_R2P_016.tracee_match with input as fx.host_event("security_file_open", fx.open_args("/sys/fs/cgroup/memory/notify_on_release", fx.O_WRONLY))
}

test_no_match_container_starting {
	# a container runtime setting the cgroup up before the container starts
	event := fx.container_event("security_file_open", fx.open_args("/sys/fs/cgroup/memory/notify_on_release", fx.O_WRONLY))
	not TRC_R2P_016.tracee_match with input as object.union(event, {"contextFlags": {"containerStarted": false, "isCompat": false}})
}

test_no_match_read {
	not TRC_R2P_016.tracee_match with input as fx.container_event("security_file_open", fx.open_args("/tmp/cgrp/x/notify_on_release", fx.O_RDONLY))
}
