package tracee.TRC_R2P_031

import data.tracee.helpers

__rego_metadoc__ := {
	"id": "TRC-R2P-031",
	"version": "1.0.0",
	"name": "/proc file operations hooking",
	"eventName": "proc_fops_hooking",
	"description": "The file operations of /proc were redirected outside the kernel's own code, which rootkits do to hide processes.",
	"tags": ["linux"],
	"properties": {
		"Severity": 4,
		"MITRE ATT&CK": "Defense Evasion: Rootkit",
	},
}

tracee_selected_events[eventSelector] {
	eventSelector := {
		"source": "tracee",
		"name": "hooked_proc_fops",
	}
}

hooked_pointers[name] = owner {
	some i
	pointer := helpers.get_tracee_argument("hooked_fops_pointers")[i]
	name := pointer.SymbolName
	owner := module_owner(pointer)
}

# HookedSymbolData is a Go struct without JSON tags: both keys are always
# there, ModuleOwner "" (or "hidden") when no module owns the address.
module_owner(pointer) = owner {
	owner := pointer.ModuleOwner
	is_string(owner)
	owner != ""
} else = "hidden" {
	true
}

tracee_match = {"hooked_fops": hooked_pointers} {
	input.eventName == "hooked_proc_fops"
	count(hooked_pointers) > 0
}
