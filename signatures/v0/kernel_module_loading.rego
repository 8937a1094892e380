package tracee.TRC_R2P_010

import data.tracee.helpers
import future.keywords.in

__rego_metadoc__ := {
	"id": "TRC-R2P-010",
	"version": "1.0.0",
	"name": "Kernel module loading",
	"eventName": "kernel_module_loading",
	"description": "A kernel module is being loaded (init_module, finit_module, or the kernel reading a module file).",
	"tags": ["linux", "container"],
	"properties": {
		"Severity": 2,
		"MITRE ATT&CK": "Persistence: Boot or Logon Autostart Execution",
	},
}

loading_events := ["init_module", "finit_module", "security_kernel_read_file"]

tracee_selected_events[eventSelector] {
	some name in loading_events
	eventSelector := {
		"source": "tracee",
		"name": name,
		"origin": "*",
	}
}

# kernel_read_file_id of a module in the kernel (READING_MODULE).
reading_module := 2

module_read(type) {
	type == reading_module
}

module_read(type) {
	type == "kernel-module"
}

tracee_match = {"method": input.eventName} {
	input.eventName in {"init_module", "finit_module"}
}

tracee_match = {"method": "security_kernel_read_file", "pathname": path} {
	input.eventName == "security_kernel_read_file"
	module_read(helpers.get_tracee_argument("type"))
	path := helpers.argument_or("pathname", "")
}
