package tracee.TRC_R2P_007

import data.tracee.helpers

__rego_metadoc__ := {
	"id": "TRC-R2P-007",
	"version": "1.0.0",
	"name": "Fileless execution",
	"eventName": "fileless_execution",
	"description": "A program was executed from memory (a memfd) or from a RAM-backed directory, leaving no file on disk.",
	"tags": ["linux", "container"],
	"properties": {
		"Severity": 3,
		"MITRE ATT&CK": "Defense Evasion: Reflective Code Loading",
	},
}

tracee_selected_events[eventSelector] {
	eventSelector := {
		"source": "tracee",
		"name": "sched_process_exec",
		"origin": "*",
	}
}

memory_prefixes := ["memfd:", "/memfd:", "/dev/shm/", "/run/shm/"]

from_memory(path) {
	startswith(path, memory_prefixes[_])
}

tracee_match = {"pathname": path} {
	input.eventName == "sched_process_exec"
	path := helpers.get_tracee_argument("pathname")
	from_memory(path)
}
