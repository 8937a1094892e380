package tracee.TRC_R2P_001

import data.tracee.helpers

__rego_metadoc__ := {
	"id": "TRC-R2P-001",
	"version": "1.0.0",
	"name": "Anti-debugging technique",
	"eventName": "anti_debugging",
	"description": "A process called ptrace(PTRACE_TRACEME) on itself, a common way for malware to detect a debugger or keep one from attaching.",
	"tags": ["linux", "container"],
	"properties": {
		"Severity": 1,
		"MITRE ATT&CK": "Defense Evasion: Execution Guardrails",
	},
}

tracee_selected_events[eventSelector] {
	eventSelector := {
		"source": "tracee",
		"name": "ptrace",
		"origin": "*",
	}
}

PTRACE_TRACEME := 0

tracee_match {
	input.eventName == "ptrace"
	request := helpers.get_tracee_argument("request")
	request == PTRACE_TRACEME
}
