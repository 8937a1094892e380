package tracee.TRC_R2P_021

import data.tracee.helpers

__rego_metadoc__ := {
	"id": "TRC-R2P-021",
	"version": "1.0.0",
	"name": "Hidden executable run",
	"eventName": "hidden_executable",
	"description": "A program whose file name starts with a dot (hidden from ls) was executed.",
	"tags": ["linux", "container"],
	"properties": {
		"Severity": 2,
		"MITRE ATT&CK": "Defense Evasion: Hide Artifacts",
	},
}

tracee_selected_events[eventSelector] {
	eventSelector := {
		"source": "tracee",
		"name": "sched_process_exec",
		"origin": "*",
	}
}

hidden_name(name) {
	startswith(name, ".")
	not name == "."
	not name == ".."
}

# The hidden path components of a path (a file or a directory above it).
hidden_components(path) = {part | part := split(path, "/")[_]; hidden_name(part)}

tracee_match = {"pathname": path, "hidden": hidden} {
	input.eventName == "sched_process_exec"
	path := helpers.get_tracee_argument("pathname")
	hidden := hidden_components(path)
	count(hidden) > 0
}
