package tracee.TRC_R2P_006

import data.tracee.helpers

__rego_metadoc__ := {
	"id": "TRC-R2P-006",
	"version": "1.0.0",
	"name": "/etc/ld.so.preload modification",
	"eventName": "ld_so_preload_write",
	"description": "/etc/ld.so.preload was opened for writing or replaced by a rename: every dynamically linked program would load the libraries it lists.",
	"tags": ["linux", "container"],
	"properties": {
		"Severity": 3,
		"MITRE ATT&CK": "Persistence: Hijack Execution Flow",
	},
}

tracee_selected_events[eventSelector] {
	eventSelector := {
		"source": "tracee",
		"name": "security_file_open",
		"origin": "*",
	}
}

tracee_selected_events[eventSelector] {
	eventSelector := {
		"source": "tracee",
		"name": "security_inode_rename",
		"origin": "*",
	}
}

preload_file := "/etc/ld.so.preload"

tracee_match = {"pathname": preload_file, "operation": "write"} {
	input.eventName == "security_file_open"
	helpers.get_tracee_argument("pathname") == preload_file
	helpers.is_file_write(helpers.get_tracee_argument("flags"))
}

tracee_match = {"pathname": preload_file, "operation": "rename"} {
	input.eventName == "security_inode_rename"
	helpers.get_tracee_argument("new_path") == preload_file
}
