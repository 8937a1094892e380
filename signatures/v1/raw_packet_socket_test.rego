package tracee.TRC_R2P_044_test

import rego.v1

import data.tracee.TRC_R2P_044 as sig
import data.tracee.lib.fixtures as fx

socket_args(family, type, protocol) := [
	{"name": "family", "type": fx.int_type(family), "value": family},
	{"name": "type", "type": fx.int_type(type), "value": type},
	{"name": "protocol", "type": "int", "value": protocol},
	{"name": "kern", "type": "int", "value": 0},
]

test_metadata if {
	sig.__rego_metadoc__.id == "TRC-R2P-044"
	sig.tracee_selected_events == {{"source": "tracee", "name": "security_socket_create"}}
}

test_raw_packet_socket if {
	# SOCK_RAW | SOCK_CLOEXEC, ETH_P_ALL in network byte order
	ev := fx.event("security_socket_create", "implant", "/dev/shm/implant", socket_args(17, 524291, 768))
	sig.tracee_match == {"type": "SOCK_RAW", "protocol": 768, "process": "implant"} with input as ev
}

test_parsed_arguments if {
	ev := fx.container_event("security_socket_create", "scapy", "/usr/bin/python3", socket_args("AF_PACKET", "SOCK_DGRAM", 768))
	sig.tracee_match.type == "SOCK_DGRAM" with input as ev
}

test_parsed_type_with_flags if {
	# what v0.22's rule engine gave for the raw event above: the same finding
	ev := fx.event("security_socket_create", "implant", "/dev/shm/implant", socket_args("AF_PACKET", "SOCK_RAW|SOCK_CLOEXEC", 768))
	sig.tracee_match == {"type": "SOCK_RAW", "protocol": 768, "process": "implant"} with input as ev
}

test_dhcp_client if {
	ev := fx.event("security_socket_create", "dhclient", "/usr/sbin/dhclient", socket_args(17, 3, 768))
	not sig.tracee_match with input as ev
}

test_inet_socket if {
	ev := fx.event("security_socket_create", "implant", "/dev/shm/implant", socket_args(2, 1, 6))
	not sig.tracee_match with input as ev
}

test_kernel_socket if {
	ev := fx.event("security_socket_create", "kworker/0:1", "", [
		{"name": "family", "type": "int", "value": 17},
		{"name": "type", "type": "int", "value": 3},
		{"name": "protocol", "type": "int", "value": 768},
		{"name": "kern", "type": "int", "value": 1},
	])
	not sig.tracee_match with input as ev
}
