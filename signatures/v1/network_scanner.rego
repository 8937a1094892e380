# TRC-R2P-061: a network scanner is run.
package tracee.TRC_R2P_061

import rego.v1

import data.tracee.lib.event as ev

__rego_metadoc__ := {
	"id": "TRC-R2P-061",
	"version": "1.0.0",
	"name": "Network scanning tool",
	"eventName": "network_scanning_tool",
	"description": "A port or host scanner (nmap, masscan, zmap, rustscan, ...) or netcat in scan mode (-z) was started. Intruders map the network around a foothold before moving on.",
	"tags": ["linux", "discovery", "network"],
	"properties": {
		"Severity": 2,
		"MITRE ATT&CK": "Discovery: Network Service Discovery",
	},
}

tracee_selected_events contains {"source": "tracee", "name": "sched_process_exec", "origin": "*"}

scanners := {"nmap", "masscan", "zmap", "rustscan", "unicornscan", "naabu", "hping3", "zgrab2", "nbtscan", "arp-scan", "fping"}

netcats := {"nc", "ncat", "netcat", "nc.openbsd", "nc.traditional"}

port_options := {"-p", "--ports", "--port", "--top-ports"}

address_like := `^([0-9]{1,3}(\.[0-9]{1,3}){3}(/[0-9]{1,2})?|[0-9]{1,3}(\.[0-9]{1,3}){0,2}\.[0-9]{1,3}-[0-9]{1,3}|[0-9a-fA-F:]+:[0-9a-fA-F:]*(/[0-9]{1,3})?)$`

netcat_scan if {
	ev.exec_name in netcats
	some a in ev.argv
	regex.match(`^-[a-zA-Z]*z[a-zA-Z]*$`, a)
}

tool := ev.exec_name if ev.exec_name in scanners

tool := "netcat (-z)" if netcat_scan

targets := [a | some i, a in ev.argv; i > 0; regex.match(address_like, a)]

ports := [ev.argv[i + 1] | some i, a in ev.argv; a in port_options]

tracee_match := {"tool": tool, "targets": targets, "ports": ports}
