package tracee.TRC_R2P_030

import data.tracee.helpers

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
		"name": "hooked_syscall",
	}
}

# Since v0.19 Tracee sends one hooked_syscall event per hooked entry of the
# table (up to v0.18 it was one hooked_syscalls event with the whole list):
# string arguments syscall, address, function and owner (the module, or
# "hidden" when it hides itself).
tracee_match = {
	"syscall": syscall,
	"owner": helpers.argument_or("owner", ""),
	"function": helpers.argument_or("function", ""),
	"address": helpers.argument_or("address", ""),
} {
	input.eventName == "hooked_syscall"
	syscall := helpers.get_tracee_argument("syscall")
	is_string(syscall)
	syscall != ""
}
