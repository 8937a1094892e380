package tracee.TRC_R2P_025

import data.tracee.helpers

__rego_metadoc__ := {
	"id": "TRC-R2P-025",
	"version": "1.0.0",
	"name": "ASLR inspection",
	"eventName": "aslr_inspection",
	"description": "A process read whether address space layout randomization is enabled, as exploits do before choosing a technique.",
	"tags": ["linux", "container"],
	"properties": {
		"Severity": 0,
		"MITRE ATT&CK": "Privilege Escalation: Exploitation for Privilege Escalation",
	},
}

tracee_selected_events[eventSelector] {
	eventSelector := {
		"source": "tracee",
		"name": "security_file_open",
		"origin": "*",
	}
}

randomize_va_space := "/proc/sys/kernel/randomize_va_space"

# sysctl --all and similar tools read every file; so does systemd-sysctl.
sysctl_tools := {"sysctl", "systemd-sysctl"}

tracee_match {
	input.eventName == "security_file_open"
	helpers.get_tracee_argument("pathname") == randomize_va_space
	helpers.is_file_read(helpers.get_tracee_argument("flags"))
	not sysctl_tools[input.processName]
}
