package tracee.TRC_R2P_028

import data.tracee.helpers

__rego_metadoc__ := {
	"id": "TRC-R2P-028",
	"version": "1.0.0",
	"name": "Sudoers modification",
	"eventName": "sudoers_modification",
	"description": "The sudo policy (/etc/sudoers or /etc/sudoers.d) was written or replaced, possibly granting root to a user.",
	"tags": ["linux", "container"],
	"properties": {
		"Severity": 2,
		"MITRE ATT&CK": "Privilege Escalation: Abuse Elevation Control Mechanism",
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

sudoers_file(path) {
	path == "/etc/sudoers"
}

sudoers_file(path) {
	startswith(path, "/etc/sudoers.d/")
	not endswith(path, "/README")
}

# visudo edits a temporary copy and renames it over the policy; it is still
# worth reporting, but as the intended tool.
tool = "visudo" {
	input.processName == "visudo"
} else = input.processName {
	true
}

tracee_match = {"pathname": path, "tool": tool} {
	input.eventName == "security_file_open"
	path := helpers.get_tracee_argument("pathname")
	sudoers_file(path)
	helpers.is_file_write(helpers.get_tracee_argument("flags"))
}

tracee_match = {"pathname": path, "tool": tool} {
	input.eventName == "security_inode_rename"
	path := helpers.get_tracee_argument("new_path")
	sudoers_file(path)
}
