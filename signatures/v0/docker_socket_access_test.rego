package tracee.TRC_R2P_020_test

import data.tracee.TRC_R2P_020
import data.tracee.r2p_v0_fixtures as fx

unix_connect(path) = [
	{"name": "sockfd", "type": "int", "value": 3},
	{"name": "type", "type": "int", "value": 1},
	{"name": "remote_addr", "type": "struct sockaddr*", "value": {"sa_family": "AF_UNIX", "sun_path": path}},
]

test_metadata {
	TRC_R2P_020.__rego_metadoc__.id == "TRC-R2P-020"
}

test_selected_events {
	count(TRC_R2P_020.tracee_selected_events) == 2
	TRC_R2P_020.tracee_selected_events[{"source": "tracee", "name": "security_socket_connect", "origin": "container"}]
	TRC_R2P_020.tracee_selected_events[{"source": "tracee", "name": "security_file_open", "origin": "container"}]
}

test_match_connect_docker_sock {
	TRC_R2P_020.tracee_match == {"socket": "/var/run/docker.sock"} with input as fx.container_event("security_socket_connect", unix_connect("/var/run/docker.sock"))
}

test_match_open_containerd_sock {
	finding := TRC_R2P_020.tracee_match with input as fx.container_event("security_file_open", fx.open_args("/run/containerd/containerd.sock", fx.O_RDWR))
	finding.socket == "/run/containerd/containerd.sock"
}

test_no_match_host_docker_cli {
	not TRC_R2P_020.tracee_match with input as fx.host_event("security_socket_connect", unix_connect("/var/run/docker.sock"))
}

test_no_match_other_unix_socket {
	not TRC_R2P_020.tracee_match with input as fx.container_event("security_socket_connect", unix_connect("/run/dbus/system_bus_socket"))
	not TRC_R2P_020.tracee_match with input as fx.container_event("security_file_open", fx.open_args("/tmp/docker.sock.bak", fx.O_RDWR))
}
