# TRC-R2P-043: a packet capture tool is run.
package tracee.TRC_R2P_043

import rego.v1

import data.tracee.lib.event as ev

__rego_metadoc__ := {
	"id": "TRC-R2P-043",
	"version": "1.0.0",
	"name": "Packet capture tool execution",
	"eventName": "packet_capture_tool",
	"description": "A sniffer such as tcpdump, tshark or ettercap was executed. On a server or in a container this is rarely routine and can collect credentials sent in clear text.",
	"tags": ["linux", "discovery", "credential-access", "network"],
	"properties": {
		"Severity": 2,
		"MITRE ATT&CK": "Discovery: Network Sniffing",
	},
}

tracee_selected_events contains {"source": "tracee", "name": "sched_process_exec"}

sniffers := {"tcpdump", "tshark", "dumpcap", "tcpflow", "ngrep", "ettercap", "dsniff", "netsniff-ng", "termshark", "sniffglue"}

# the options that name the capture interface and the output file, per tool family
interface_options := {"-i", "--interface"}

write_options := {"-w", "--write"}

capture_interface := value if {
	value := ev.option_value(interface_options)
} else := "default"

output_file := value if {
	value := ev.option_value(write_options)
} else := ""

tracee_match := finding if {
	ev.exec_name in sniffers
	# a tool asked only for its version or help captures nothing
	every a in ev.argv {
		not a in {"--version", "-h", "--help", "-D", "--list-interfaces"}
	}
	finding := {
		"tool": ev.exec_name,
		"interface": capture_interface,
		"writes_to": output_file,
	}
}
