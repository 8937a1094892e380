package tracee.TRC_R2P_061_test

import rego.v1

import data.tracee.TRC_R2P_061 as sig
import data.tracee.lib.fixtures as fx

test_metadata if {
	sig.__rego_metadoc__.id == "TRC-R2P-061"
	sig.tracee_selected_events == {{"source": "tracee", "name": "sched_process_exec", "origin": "*"}}
}

test_nmap_subnet if {
	ev := fx.container_exec_event("/usr/bin/nmap", ["nmap", "-sS", "-p", "22,80,443", "10.0.0.0/24"])
	sig.tracee_match == {"tool": "nmap", "targets": ["10.0.0.0/24"], "ports": ["22,80,443"]} with input as ev
}

test_masscan_range if {
	ev := fx.exec_event("/usr/local/bin/masscan", ["masscan", "172.16.0.1-254", "--ports", "0-65535", "--rate", "10000"])
	sig.tracee_match == {"tool": "masscan", "targets": ["172.16.0.1-254"], "ports": ["0-65535"]} with input as ev
}

test_netcat_scan if {
	ev := fx.exec_event("/usr/bin/nc.openbsd", ["nc", "-zv", "192.168.1.10", "20-25"])
	sig.tracee_match == {"tool": "netcat (-z)", "targets": ["192.168.1.10"], "ports": []} with input as ev
}

test_netcat_connect if {
	ev := fx.exec_event("/usr/bin/nc.openbsd", ["nc", "-v", "192.168.1.10", "25"])
	not sig.tracee_match with input as ev
}

test_ping if {
	ev := fx.exec_event("/usr/bin/ping", ["ping", "-c", "1", "10.0.0.1"])
	not sig.tracee_match with input as ev
}
