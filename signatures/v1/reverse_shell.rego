# TRC-R2P-042: a reverse shell is started.
package tracee.TRC_R2P_042

import rego.v1

import data.tracee.helpers
import data.tracee.lib.event as ev

__rego_metadoc__ := {
	"id": "TRC-R2P-042",
	"version": "1.0.0",
	"name": "Reverse shell",
	"eventName": "reverse_shell",
	"description": "A program was started in one of the usual reverse-shell forms: a shell redirected to /dev/tcp, netcat or socat executing a program, or an interpreter one-liner wiring a socket to a shell.",
	"tags": ["linux", "execution", "command-and-control"],
	"properties": {
		"Severity": 4,
		"MITRE ATT&CK": "Execution: Command and Scripting Interpreter: Unix Shell",
	},
}

tracee_selected_events contains {"source": "tracee", "name": "sched_process_exec", "origin": "*"}

netcats := {"nc", "ncat", "netcat", "nc.traditional", "nc.openbsd", "busybox"}

netcat_exec_option := `^(-e|-c|--exec|--sh-exec|--lua-exec)(=?/.*)?$`

script_socket := `(?i)socket`

script_shell := `(dup2|pty\.spawn|subprocess|os\.system|exec\(|/bin/(ba)?sh)`

technique := "shell redirected to /dev/tcp" if {
	regex.match(`/dev/(tcp|udp)/[^/ ]+/[0-9]+`, ev.cmdline)
} else := "netcat executing a program" if {
	ev.exec_name in netcats
	some opt in ev.argv
	regex.match(netcat_exec_option, opt)
} else := "socat executing a program" if {
	ev.exec_name == "socat"
	some a in ev.argv
	regex.match(`(?i)^(exec|system):`, a)
} else := "interpreter socket shell" if {
	helpers.is_interpreter(ev.exec_name)
	not helpers.is_shell(ev.exec_name)
	regex.match(script_socket, ev.cmdline)
	regex.match(script_shell, ev.cmdline)
}

tracee_match := {"technique": technique, "program": ev.exec_name, "cmdline": ev.cmdline}
