# TRC-R2P-044: a raw AF_PACKET socket is created.
package tracee.TRC_R2P_044

import rego.v1

import data.tracee.helpers

__rego_metadoc__ := {
	"id": "TRC-R2P-044",
	"version": "1.0.0",
	"name": "Raw packet socket created",
	"eventName": "raw_packet_socket",
	"description": "A process created an AF_PACKET socket, which sees every frame on an interface. Sniffers and some backdoors use it; few ordinary programs do.",
	"tags": ["linux", "credential-access", "network"],
	"properties": {
		"Severity": 2,
		"MITRE ATT&CK": "Credential Access: Network Sniffing",
	},
}

tracee_selected_events contains {"source": "tracee", "name": "security_socket_create"}

AF_PACKET := 17

socket_types := {1: "SOCK_STREAM", 2: "SOCK_DGRAM", 3: "SOCK_RAW", 10: "SOCK_PACKET"}

# DHCP clients and network managers open packet sockets as part of their job.
expected := {"dhclient", "dhcpcd", "NetworkManager", "systemd-network", "udhcpc", "wpa_supplicant", "lldpd", "keepalived", "arping"}

# family: an int, or "AF_PACKET" when Tracee parses arguments
is_packet_family(family) if family == AF_PACKET

is_packet_family(family) if family == "AF_PACKET"

type_name(t) := socket_types[bits.and(t, 15)] if is_number(t)

# parsed: "SOCK_RAW|SOCK_CLOEXEC"; the flags are left out, as for a number
type_name(t) := split(t, "|")[0] if is_string(t)

default kernel_socket := false

kernel_socket if helpers.get_tracee_argument("kern") != 0

tracee_match := {
	"type": object.get({"t": type_name(helpers.get_tracee_argument("type"))}, "t", "unknown"),
	"protocol": helpers.argument_or("protocol", 0),
	"process": input.processName,
} if {
	is_packet_family(helpers.get_tracee_argument("family"))
	not kernel_socket
	not input.processName in expected
}
