package tracee.TRC_R2P_032

import data.tracee.helpers

__rego_metadoc__ := {
	"id": "TRC-R2P-032",
	"version": "1.0.0",
	"name": "ptrace of another process from a container",
	"eventName": "container_ptrace",
	"description": "A process in a container attached to, or wrote into, another process with ptrace; with a shared PID namespace this reaches other containers or the host.",
	"tags": ["linux", "container"],
	"properties": {
		"Severity": 2,
		"MITRE ATT&CK": "Privilege Escalation: Process Injection",
	},
}

tracee_selected_events[eventSelector] {
	eventSelector := {
		"source": "tracee",
		"name": "ptrace",
		"origin": "container",
	}
}

# request numbers of linux/ptrace.h
requests := {
	"PTRACE_POKETEXT": 4,
	"PTRACE_POKEDATA": 5,
	"PTRACE_POKEUSER": 6,
	"PTRACE_SETREGS": 13,
	"PTRACE_ATTACH": 16,
	"PTRACE_SEIZE": 16902,
}

request_name(request) = name {
	requests[name] == request
}

request_name(request) = request {
	requests[request]
}

tracee_match = {"request": name, "pid": helpers.get_tracee_argument("pid")} {
	input.eventName == "ptrace"
	input.contextFlags.containerStarted == true
	name := request_name(helpers.get_tracee_argument("request"))
}
