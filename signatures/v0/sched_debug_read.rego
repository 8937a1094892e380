package tracee.TRC_R2P_024

import data.tracee.helpers

__rego_metadoc__ := {
	"id": "TRC-R2P-024",
	"version": "1.0.0",
	"name": "Scheduler debug information read from a container",
	"eventName": "sched_debug_read",
	"description": "A process in a container read the scheduler's debug file, which lists the processes of the whole host and reveals other containers.",
	"tags": ["linux", "container"],
	"properties": {
		"Severity": 1,
		"MITRE ATT&CK": "Discovery: Container and Resource Discovery",
	},
}

tracee_selected_events[eventSelector] {
	eventSelector := {
		"source": "tracee",
		"name": "security_file_open",
		"origin": "container",
	}
}

sched_debug_files := ["/proc/sched_debug", "/sys/kernel/debug/sched/debug", "/sys/kernel/debug/sched_debug"]

tracee_match = {"pathname": path} {
	input.eventName == "security_file_open"
	input.contextFlags.containerStarted
	path := helpers.get_tracee_argument("pathname")
	path == sched_debug_files[_]
	helpers.is_file_read(helpers.get_tracee_argument("flags"))
}
