package tracee.TRC_R2P_029

import data.tracee.helpers
import future.keywords.in

__rego_metadoc__ := {
	"id": "TRC-R2P-029",
	"version": "1.0.0",
	"name": "Standard input/output over a network socket",
	"eventName": "stdio_over_socket",
	"description": "A network socket was duplicated onto standard input, output or error, or connected from one of them: the shape of a reverse shell.",
	"tags": ["linux", "container"],
	"properties": {
		"Severity": 3,
		"MITRE ATT&CK": "Execution: Command and Scripting Interpreter",
	},
}

tracee_selected_events[eventSelector] {
	eventSelector := {
		"source": "tracee",
		"name": "socket_dup",
		"origin": "*",
	}
}

tracee_selected_events[eventSelector] {
	eventSelector := {
		"source": "tracee",
		"name": "security_socket_connect",
		"origin": "*",
	}
}

stdio_fds := {0: "stdin", 1: "stdout", 2: "stderr"}

network_families := {"AF_INET", "AF_INET6"}

# The address and port of a remote IPv4 or IPv6 address.
remote_endpoint(addr) = {"ip": addr.sin_addr, "port": addr.sin_port} {
	addr.sa_family == "AF_INET"
} else = {"ip": addr.sin6_addr, "port": addr.sin6_port} {
	addr.sa_family == "AF_INET6"
}

finding(fd, addr) = object.union(remote_endpoint(addr), {"fd": stdio_fds[fd]}) {
	addr.sa_family in network_families
}

tracee_match = finding(fd, addr) {
	input.eventName == "socket_dup"
	fd := helpers.get_tracee_argument("newfd")
	addr := helpers.get_tracee_argument("remote_addr")
}

tracee_match = finding(fd, addr) {
	input.eventName == "security_socket_connect"
	fd := helpers.get_tracee_argument("sockfd")
	addr := helpers.get_tracee_argument("remote_addr")
}
