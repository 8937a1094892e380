package tracee.TRC_R2P_015

import data.tracee.helpers

__rego_metadoc__ := {
	"id": "TRC-R2P-015",
	"version": "1.0.0",
	"name": "cgroup release_agent modification",
	"eventName": "cgroup_release_agent",
	"description": "A cgroup's release_agent file was written or replaced. The kernel runs the program it names as root on the host when the cgroup empties, a known container escape.",
	"tags": ["linux", "container"],
	"properties": {
		"Severity": 3,
		"MITRE ATT&CK": "Privilege Escalation: Escape to Host",
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

release_agent_file(path) {
	endswith(path, "/release_agent")
}

tracee_match = {"pathname": path} {
	input.eventName == "security_file_open"
	path := helpers.get_tracee_argument("pathname")
	release_agent_file(path)
	helpers.is_file_write(helpers.get_tracee_argument("flags"))
}

tracee_match = {"pathname": path} {
	input.eventName == "security_inode_rename"
	path := helpers.get_tracee_argument("new_path")
	release_agent_file(path)
}
