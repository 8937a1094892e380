package tracee.TRC_R2P_023

import data.tracee.helpers

__rego_metadoc__ := {
	"id": "TRC-R2P-023",
	"version": "1.0.0",
	"name": "Kernel memory read through /proc/kcore",
	"eventName": "kcore_read",
	"description": "/proc/kcore, an image of the kernel's memory, was opened for reading: a way to dump secrets or inspect the kernel.",
	"tags": ["linux", "container"],
	"properties": {
		"Severity": 2,
		"MITRE ATT&CK": "Privilege Escalation: Escape to Host",
	},
}

tracee_selected_events[eventSelector] {
	eventSelector := {
		"source": "tracee",
		"name": "security_file_open",
		"origin": "*",
	}
}

tracee_match {
	input.eventName == "security_file_open"
	helpers.get_tracee_argument("pathname") == "/proc/kcore"
	helpers.is_file_read(helpers.get_tracee_argument("flags"))
}
