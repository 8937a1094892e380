package tracee.TRC_R2P_020

import data.tracee.helpers
import future.keywords.in

__rego_metadoc__ := {
	"id": "TRC-R2P-020",
	"version": "1.0.0",
	"name": "Container runtime socket access from a container",
	"eventName": "docker_socket_access",
	"description": "A process in a container connected to or opened the Docker (or containerd/CRI-O) socket, which gives control of the host's containers.",
	"tags": ["linux", "container"],
	"properties": {
		"Severity": 3,
		"MITRE ATT&CK": "Privilege Escalation: Exploitation for Privilege Escalation",
	},
}

tracee_selected_events[eventSelector] {
	some name in ["security_socket_connect", "security_file_open"]
	eventSelector := {
		"source": "tracee",
		"name": name,
		"origin": "container",
	}
}

runtime_sockets := {"docker.sock", "containerd.sock", "crio.sock", "dockershim.sock"}

runtime_socket(path) {
	parts := split(path, "/")
	parts[count(parts) - 1] in runtime_sockets
}

tracee_match = {"socket": path} {
	input.eventName == "security_socket_connect"
	helpers.in_container
	addr := helpers.get_tracee_argument("remote_addr")
	addr.sa_family == "AF_UNIX"
	path := addr.sun_path
	runtime_socket(path)
}

tracee_match = {"socket": path} {
	input.eventName == "security_file_open"
	helpers.in_container
	path := helpers.get_tracee_argument("pathname")
	runtime_socket(path)
}
