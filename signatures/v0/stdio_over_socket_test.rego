package tracee.TRC_R2P_029_test

import data.tracee.TRC_R2P_029
import data.tracee.r2p_v0_fixtures as fx

inet(ip, port) = {"sa_family": "AF_INET", "sin_addr": ip, "sin_port": port}

dup_args(oldfd, newfd, addr) = [
	{"name": "oldfd", "type": "int", "value": oldfd},
	{"name": "newfd", "type": "int", "value": newfd},
	{"name": "remote_addr", "type": "struct sockaddr*", "value": addr},
]

connect_args(fd, addr) = [
	{"name": "sockfd", "type": "int", "value": fd},
	{"name": "type", "type": "int", "value": 1},
	{"name": "remote_addr", "type": "struct sockaddr*", "value": addr},
]

test_metadata {
	TRC_R2P_029.__rego_metadoc__.id == "TRC-R2P-029"
}

test_selected_events {
	count(TRC_R2P_029.tracee_selected_events) == 2
	TRC_R2P_029.tracee_selected_events[{"source": "tracee", "name": "socket_dup", "origin": "*"}]
	TRC_R2P_029.tracee_selected_events[{"source": "tracee", "name": "security_socket_connect", "origin": "*"}]
}

test_match_dup2_onto_stdout {
	finding := TRC_R2P_029.tracee_match with input as fx.host_event("socket_dup", dup_args(3, 1, inet("203.0.113.7", "4444")))
	finding == {"fd": "stdout", "ip": "203.0.113.7", "port": "4444"}
}

test_match_ipv6_connect_from_stdin {
	addr := {"sa_family": "AF_INET6", "sin6_addr": "2001:db8::7", "sin6_port": "443", "sin6_flowinfo": "0", "sin6_scopeid": "0"}
	finding := TRC_R2P_029.tracee_match with input as fx.container_event("security_socket_connect", connect_args(0, addr))
	finding == {"fd": "stdin", "ip": "2001:db8::7", "port": "443"}
}

test_no_match_dup_onto_other_fd {
	not TRC_R2P_029.tracee_match with input as fx.host_event("socket_dup", dup_args(3, 10, inet("203.0.113.7", "4444")))
}

test_no_match_unix_socket {
	not TRC_R2P_029.tracee_match with input as fx.host_event("socket_dup", dup_args(3, 2, {"sa_family": "AF_UNIX", "sun_path": "/run/systemd/journal/stdout"}))
}

test_no_match_ordinary_connect {
	not TRC_R2P_029.tracee_match with input as fx.host_event("security_socket_connect", connect_args(5, inet("203.0.113.7", "443")))
}
