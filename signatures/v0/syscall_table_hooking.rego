package tracee.TRC_R2P_030

import data.tracee.helpers
import future.keywords.every

__rego_metadoc__ := {
	"id": "TRC-R2P-030",
	"version": "1.0.0",
	"name": "Syscall table hooking",
	"eventName": "syscall_table_hooking",
	"description": "Entries of the kernel's system call table point outside the kernel's own code, the mark of a rootkit.",
	"tags": ["linux"],
	"properties": {
		"Severity": 4,
		"MITRE ATT&CK": "Defense Evasion: Rootkit",
	},
}

tracee_selected_events[eventSelector] {
	eventSelector := {
		"source": "tracee",
		"name": "hooked_syscalls",
	}
}

# Each hook is {"SymbolName": <syscall>, "ModuleOwner": <module or "hidden">}.
hooks := helpers.argument_or("hooked_syscalls", [])

tracee_match = {
	"syscalls": sort([hook.SymbolName | hook := hooks[_]]),
	"owners": {hook.ModuleOwner | hook := hooks[_]},
} {
	input.eventName == "hooked_syscalls"
	count(hooks) > 0
	every hook in hooks {
		is_string(hook.SymbolName)
		is_string(hook.ModuleOwner)
	}
}
