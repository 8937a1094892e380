package tracee.TRC_R2P_004

import data.tracee.helpers
import future.keywords.in

__rego_metadoc__ := {
	"id": "TRC-R2P-004",
	"version": "1.0.0",
	"name": "Code injection through process_vm_writev",
	"eventName": "process_vm_write_injection",
	"description": "A process wrote into the address space of another process with process_vm_writev(2).",
	"tags": ["linux", "container"],
	"properties": {
		"Severity": 3,
		"MITRE ATT&CK": "Defense Evasion: Process Injection",
	},
}

tracee_selected_events[eventSelector] {
	eventSelector := {
		"source": "tracee",
		"name": "process_vm_writev",
		"origin": "*",
	}
}

# The ids the writing process is known by (in its namespace and on the host).
own_pids := {input.processId, input.hostProcessId}

tracee_match = {"target_pid": pid, "bytes_vectors": vectors} {
	input.eventName == "process_vm_writev"
	pid := helpers.get_tracee_argument("pid")
	pid > 0
	not pid in own_pids
	vectors := helpers.argument_or("riovcnt", 0)
}
