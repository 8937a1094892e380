package tracee.TRC_EX_SHELL

import rego.v1

__rego_metadoc__ := {
	"id": "TRC-EX-SHELL",
	"version": "0.1.0",
	"name": "Shell started by a web server",
	"description": "A web server process executes a shell (uses the custom builtin tracee.is_shell)",
	"tags": ["linux"],
	"properties": {"Severity": 3},
}

tracee_selected_events contains {"name": "sched_process_exec", "origin": "*"}

web_servers := {"nginx", "apache2", "httpd"}

tracee_match := {"shell": path, "parent": input.processName} if {
	input.eventName == "sched_process_exec"
	some arg in input.args
	arg.name == "pathname"
	path := arg.value
	tracee.is_shell(path)
	input.processName in web_servers
}
