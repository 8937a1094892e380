package tracee.TRC_R2P_017

import data.tracee.helpers

__rego_metadoc__ := {
	"id": "TRC-R2P-017",
	"version": "1.0.0",
	"name": "core_pattern modification",
	"eventName": "core_pattern_modification",
	"description": "/proc/sys/kernel/core_pattern was opened for writing. A pattern starting with | makes the kernel run a program as root on the host when any process dumps core.",
	"tags": ["linux", "container"],
	"properties": {
		"Severity": 3,
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

core_pattern_files := {"/proc/sys/kernel/core_pattern", "/proc/sys/kernel/core_uses_pid"}

default severity = 2

# A container touching the host's core pattern is worse.
severity = 3 {
	helpers.in_container
}

tracee_match = {"pathname": path, "severity": severity} {
	input.eventName == "security_file_open"
	path := helpers.get_tracee_argument("pathname")
	core_pattern_files[path]
	helpers.is_file_write(helpers.get_tracee_argument("flags"))
}
