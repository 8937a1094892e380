# TRC-R2P-052: a container mounts a block device or the host's filesystems.
package tracee.TRC_R2P_052

import rego.v1

import data.tracee.helpers

__rego_metadoc__ := {
	"id": "TRC-R2P-052",
	"version": "1.0.0",
	"name": "Host filesystem mounted in a container",
	"eventName": "container_host_mount",
	"description": "A process in a container mounted a disk device, or a filesystem type that exposes the host (cgroup v1 with release agents, debugfs, the host's proc). Privileged containers can then read and change the host.",
	"tags": ["linux", "containers", "privilege-escalation"],
	"properties": {
		"Severity": 4,
		"MITRE ATT&CK": "Privilege Escalation: Escape to Host",
	},
}

tracee_selected_events contains {"source": "tracee", "name": "security_sb_mount", "origin": "container"}

block_device := `^/dev/(sd[a-z]+|vd[a-z]+|xvd[a-z]+|hd[a-z]+|nvme[0-9]+n[0-9]+|mmcblk[0-9]+|dm-[0-9]+|mapper/.+|md[0-9]+|loop[0-9]+)(p?[0-9]+)?$`

risky_types := {"cgroup": "cgroup v1 (release_agent)", "debugfs": "debugfs", "securityfs": "securityfs", "configfs": "configfs"}

MS_BIND := 4096

# the kind of mount, by device first and type second
kind := "block device" if {
	regex.match(block_device, helpers.get_tracee_argument("dev_name"))
} else := risky if {
	risky := risky_types[helpers.get_tracee_argument("type")]
} else := "host path bind" if {
	flags := helpers.get_tracee_argument("flags")
	is_number(flags) # Tracee may give parsed flags as a string; those are not read here
	bits.and(flags, MS_BIND) != 0
	startswith(helpers.get_tracee_argument("dev_name"), "/proc/1/")
}

tracee_match := {
	"kind": kind,
	"device": helpers.get_tracee_argument("dev_name"),
	"mount_point": helpers.get_tracee_argument("path"),
	"fs_type": helpers.argument_or("type", ""),
} if {
	helpers.in_container
}
