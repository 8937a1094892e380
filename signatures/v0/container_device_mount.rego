package tracee.TRC_R2P_011

import data.tracee.helpers

__rego_metadoc__ := {
	"id": "TRC-R2P-011",
	"version": "1.0.0",
	"name": "Container device mount",
	"eventName": "container_device_mount",
	"description": "A process in a container mounted a host block device, a known way to escape to the host's file system.",
	"tags": ["linux", "container"],
	"properties": {
		"Severity": 3,
		"MITRE ATT&CK": "Privilege Escalation: Escape to Host",
	},
}

tracee_selected_events[eventSelector] {
	eventSelector := {
		"source": "tracee",
		"name": "security_sb_mount",
		"origin": "container",
	}
}

# Devices that are expected to be mounted in containers.
harmless_devices := {"/dev/shm", "/dev/mqueue", "/dev/pts"}

tracee_match = {"dev_name": device, "path": helpers.get_tracee_argument("path"), "type": fstype} {
	input.eventName == "security_sb_mount"
	helpers.event_origin == "container"
	device := helpers.get_tracee_argument("dev_name")
	startswith(device, "/dev/")
	not harmless_devices[device]
	fstype := helpers.argument_or("type", "")
}
