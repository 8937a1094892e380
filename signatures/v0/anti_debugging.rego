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

# The request as a number (raw arguments, Tracee's main branch) or by name
# (parsed arguments: what v0.22's rule engine always gave Rego signatures).
PTRACE_TRACEME := {0, "PTRACE_TRACEME"}

tracee_match {
	input.eventName == "ptrace"
	request := helpers.get_tracee_argument("request")
	PTRACE_TRACEME[request]
}
