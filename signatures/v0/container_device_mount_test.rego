package tracee.TRC_R2P_011_test

import data.tracee.TRC_R2P_011
import data.tracee.r2p_v0_fixtures as fx

mount_args(dev, path, type) = [
	{"name": "dev_name", "type": "const char*", "value": dev},
	{"name": "path", "type": "const char*", "value": path},
	{"name": "type", "type": "const char*", "value": type},
	{"name": "flags", "type": "unsigned long", "value": 0},
]

test_metadata {
	TRC_R2P_011.__rego_metadoc__.id == "TRC-R2P-011"
	TRC_R2P_011.__rego_metadoc__.properties.Severity == 3
}

test_selected_events {
	count(TRC_R2P_011.tracee_selected_events) == 1
	TRC_R2P_011.tracee_selected_events[{"source": "tracee", "name": "security_sb_mount", "origin": "container"}]
}

test_match_host_disk_in_container {
	finding := TRC_R2P_011.tracee_match with input as fx.container_event("security_sb_mount", mount_args("/dev/sda1", "/mnt/host", "ext4"))
	finding == {"dev_name": "/dev/sda1", "path": "/mnt/host", "type": "ext4"}
}

test_no_match_on_host {
	not TRC_R2P_011.tracee_match with input as fx.host_event("security_sb_mount", mount_args("/dev/sda1", "/mnt/backup", "ext4"))
}

test_no_match_pseudo_fs {
	not TRC_R2P_011.tracee_match with input as fx.container_event("security_sb_mount", mount_args("proc", "/proc", "proc"))
	not TRC_R2P_011.tracee_match with input as fx.container_event("security_sb_mount", mount_args("/dev/shm", "/dev/shm", "tmpfs"))
}
