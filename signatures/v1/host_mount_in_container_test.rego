package tracee.TRC_R2P_052_test

import rego.v1

import data.tracee.TRC_R2P_052 as sig
import data.tracee.lib.fixtures as fx

mount_args(dev, path, type, flags) := [
	{"name": "dev_name", "type": "const char*", "value": dev},
	{"name": "path", "type": "const char*", "value": path},
	{"name": "type", "type": "const char*", "value": type},
	{"name": "flags", "type": "unsigned long", "value": flags},
]

test_metadata if {
	sig.__rego_metadoc__.id == "TRC-R2P-052"
	sig.tracee_selected_events == {{"source": "tracee", "name": "security_sb_mount", "origin": "container"}}
}

test_mount_host_disk if {
	ev := fx.container_event("security_sb_mount", "mount", "/usr/bin/mount", mount_args("/dev/nvme0n1p1", "/mnt/h", "ext4", 3236757504))
	sig.tracee_match == {"kind": "block device", "device": "/dev/nvme0n1p1", "mount_point": "/mnt/h", "fs_type": "ext4"} with input as ev
}

test_mount_cgroup_v1 if {
	ev := fx.container_event("security_sb_mount", "mount", "/usr/bin/mount", mount_args("cgroup", "/tmp/cgrp", "cgroup", 0))
	sig.tracee_match.kind == "cgroup v1 (release_agent)" with input as ev
}

test_bind_host_proc if {
	ev := fx.container_event("security_sb_mount", "mount", "/usr/bin/mount", mount_args("/proc/1/root", "/mnt/root", "", 4096))
	sig.tracee_match.kind == "host path bind" with input as ev
}

test_tmpfs_in_container if {
	ev := fx.container_event("security_sb_mount", "mount", "/usr/bin/mount", mount_args("tmpfs", "/run/app", "tmpfs", 0))
	not sig.tracee_match with input as ev
}

test_container_runtime_mounts_disk_on_host if {
	ev := fx.event("security_sb_mount", "mount", "/usr/bin/mount", mount_args("/dev/sda1", "/boot", "ext4", 0))
	not sig.tracee_match with input as ev
}

test_literal_container_init_event if {
	sig.tracee_match.kind == "block device" with input as {
		"eventName": "security_sb_mount",
		"processName": "runc:[2:INIT]",
		"containerId": "abc",
		"container": {"id": "abc", "name": "x", "image": "alpine:3.20"},
		"contextFlags": {"containerStarted": false, "isCompat": false},
		"args": [
			{"name": "dev_name", "type": "const char*", "value": "/dev/mapper/vg0-root"},
			{"name": "path", "type": "const char*", "value": "/var/lib/docker/overlay2/x/merged/host"},
			{"name": "type", "type": "const char*", "value": "xfs"},
			{"name": "flags", "type": "unsigned long", "value": 0},
		],
	}
}
