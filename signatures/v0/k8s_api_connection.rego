package tracee.TRC_R2P_014

import data.tracee.helpers

__rego_metadoc__ := {
	"id": "TRC-R2P-014",
	"version": "1.0.0",
	"name": "Kubernetes API server connection from a container",
	"eventName": "k8s_api_connection",
	"description": "A process in a container reached for the Kubernetes API server: a program run with the API server's address on its command line, or a connection to the API server's port.",
	"tags": ["linux", "container", "kubernetes"],
	"properties": {
		"Severity": 1,
		"MITRE ATT&CK": "Discovery: Cloud Service Discovery",
	},
}

tracee_selected_events[eventSelector] {
	eventSelector := {
		"source": "tracee",
		"name": "sched_process_exec",
		"origin": "container",
	}
}

tracee_selected_events[eventSelector] {
	eventSelector := {
		"source": "tracee",
		"name": "security_socket_connect",
		"origin": "container",
	}
}

# Socket address fields are strings in every Tracee version.
api_server_port := "6443"

# The names under which a pod reaches the API server.
api_server_names[name] {
	name := helpers.env_value(helpers.get_tracee_argument("env"), "KUBERNETES_SERVICE_HOST")
}

api_server_names[name] {
	name := ["kubernetes.default.svc", "kubernetes.default"][_]
}

tracee_match = {"api_servers": names, "argv": argv} {
	input.eventName == "sched_process_exec"
	helpers.in_container
	argv := helpers.get_tracee_argument("argv")
	names := {name | api_server_names[name]; arg := argv[_]; contains(arg, name)}
	count(names) > 0
}

tracee_match = {"api_servers": {concat(":", [addr.sin_addr, addr.sin_port])}} {
	input.eventName == "security_socket_connect"
	helpers.in_container
	addr := helpers.get_tracee_argument("remote_addr")
	addr.sa_family == "AF_INET"
	addr.sin_port == api_server_port
}
