package tracee.TRC_R2P_002

import data.tracee.helpers

__rego_metadoc__ := {
	"id": "TRC-R2P-002",
	"version": "1.0.0",
	"name": "Code injection through ptrace",
	"eventName": "ptrace_code_injection",
	"description": "A process wrote into the memory of another process with ptrace(PTRACE_POKETEXT/PTRACE_POKEDATA), a way to inject code into it.",
	"tags": ["linux", "container"],
	"properties": {
		"Severity": 3,
		"MITRE ATT&CK": "Defense Evasion: Process Injection",
	},
}

tracee_selected_events[eventSelector] {
	eventSelector := {
		"source": "tracee",
		"name": "ptrace",
		"origin": "*",
	}
}

# Requests that write into the tracee's memory.
poke_requests := {
	4: "PTRACE_POKETEXT",
	5: "PTRACE_POKEDATA",
}

# Tracee sends the request as an int, or as its name when it parses arguments.
request_name(request) = name {
	is_number(request)
	name := poke_requests[request]
}

request_name(request) = request {
	is_string(request)
	request == poke_requests[_]
}

tracee_match = {"request": name, "pid": pid} {
	input.eventName == "ptrace"
	name := request_name(helpers.get_tracee_argument("request"))
	pid := helpers.argument_or("pid", -1)
}
