package tracee.TRC_R2P_016

import data.tracee.helpers

__rego_metadoc__ := {
	"id": "TRC-R2P-016",
	"version": "1.0.0",
	"name": "cgroup notify_on_release modification from a container",
	"eventName": "cgroup_notify_on_release",
	"description": "A process in a container enabled notify_on_release of a cgroup, the first step of the release_agent container escape.",
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
		"origin": "container",
	}
}

tracee_match = {"pathname": path, "container": input.container.name} {
	input.eventName == "security_file_open"
	helpers.event_origin == "container"
	path := helpers.get_tracee_argument("pathname")
	parts := split(path, "/")
	parts[count(parts) - 1] == "notify_on_release"
	helpers.is_file_write(helpers.get_tracee_argument("flags"))
}
