package tracee.TRC_R2P_033

import data.tracee.helpers
import future.keywords.in

__rego_metadoc__ := {
	"id": "TRC-R2P-033",
	"version": "1.0.0",
	"name": "Process memory read through /proc",
	"eventName": "proc_mem_read",
	"description": "A process other than a debugger read the memory of another process through /proc/<pid>/mem, as credential dumpers do.",
	"tags": ["linux", "container"],
	"properties": {
		"Severity": 2,
		"MITRE ATT&CK": "Credential Access: OS Credential Dumping",
	},
}

tracee_selected_events[eventSelector] {
	eventSelector := {
		"source": "tracee",
		"name": "security_file_open",
		"origin": "*",
	}
}

debuggers := ["gdb", "lldb", "gcore", "strace", "ltrace", "perf"]

target_pid(path) = pid {
	helpers.is_proc_pid_file(path, "mem")
	pid := helpers.proc_path_pid(path)
}

tracee_match = {"pathname": path, "target_pid": pid} {
	input.eventName == "security_file_open"
	path := helpers.get_tracee_argument("pathname")
	pid := target_pid(path)
	not pid in {input.processId, input.hostProcessId}
	flags := helpers.get_tracee_argument("flags")
	helpers.is_file_read(flags)
	not helpers.is_file_write(flags)
	not input.processName in debuggers
}
