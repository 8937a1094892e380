package tracee.TRC_R2P_003

import data.tracee.helpers

__rego_metadoc__ := {
	"id": "TRC-R2P-003",
	"version": "1.0.0",
	"name": "Code injection through /proc/<pid>/mem",
	"eventName": "proc_mem_code_injection",
	"description": "A process opened the memory file of another process (/proc/<pid>/mem) for writing, which lets it overwrite that process's code or data.",
	"tags": ["linux", "container"],
	"properties": {
		"Severity": 3,
		"MITRE ATT&CK": "Defense Evasion: Process Injection",
	},
}

tracee_selected_events[eventSelector] {
	eventSelector := {
		"source": "tracee",
		"name": "security_file_open",
		"origin": "*",
	}
}

# The process's own memory file is not an injection into another process.
own_memory(path) {
	helpers.is_proc_pid_file(path, "mem")
	not helpers.proc_path_pid(path)
}

own_memory(path) {
	helpers.proc_path_pid(path) == input.processId
}

tracee_match = {"pathname": path, "target_pid": helpers.proc_path_pid(path)} {
	input.eventName == "security_file_open"
	path := helpers.get_tracee_argument("pathname")
	helpers.is_proc_pid_file(path, "mem")
	helpers.is_file_write(helpers.get_tracee_argument("flags"))
	not own_memory(path)
}
