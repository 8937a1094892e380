package tracee.TRC_R2P_018

import data.tracee.helpers

__rego_metadoc__ := {
	"id": "TRC-R2P-018",
	"version": "1.0.0",
	"name": "Magic SysRq modification",
	"eventName": "sysrq_modification",
	"description": "The magic SysRq setting was changed or a SysRq command was sent through /proc/sysrq-trigger, which can crash, reboot or freeze the machine.",
	"tags": ["linux", "container"],
	"properties": {
		"Severity": 2,
		"MITRE ATT&CK": "Impact: System Shutdown/Reboot",
	},
}

tracee_selected_events[eventSelector] {
	eventSelector := {
		"source": "tracee",
		"name": "security_file_open",
		"origin": "*",
	}
}

sysrq_files := {
	"/proc/sys/kernel/sysrq": "setting",
	"/proc/sysrq-trigger": "trigger",
}

tracee_match = {"pathname": path, "kind": kind} {
	input.eventName == "security_file_open"
	path := helpers.get_tracee_argument("pathname")
	kind := sysrq_files[path]
	helpers.is_file_write(helpers.get_tracee_argument("flags"))
}
