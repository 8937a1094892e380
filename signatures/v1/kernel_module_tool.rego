# TRC-R2P-053: a kernel module is loaded with insmod or modprobe.
package tracee.TRC_R2P_053

import rego.v1

import data.tracee.lib.event as ev

__rego_metadoc__ := {
	"id": "TRC-R2P-053",
	"version": "1.0.0",
	"name": "Kernel module loaded by a user tool",
	"eventName": "kernel_module_tool",
	"description": "insmod or modprobe was run by a user or a script (not by the kernel's own request_module) to load a module. Rootkits are kernel modules; loading one from a temporary directory is worse.",
	"tags": ["linux", "persistence", "kernel"],
	"properties": {
		"Severity": 3,
		"MITRE ATT&CK": "Persistence: Boot or Logon Autostart Execution: Kernel Modules and Extensions",
	},
}

tracee_selected_events contains {"source": "tracee", "name": "sched_process_exec", "origin": "*"}

loaders := {"insmod", "modprobe"}

# insmod and modprobe are often links to kmod: look at every name the program was called by
called_as := {ev.basename(p) | some p in [ev.arg("pathname"), ev.arg("cmdpath"), ev.argv[0]]; is_string(p)}

non_loading_options := {"-r", "--remove", "-R", "--resolve-alias", "-n", "--dry-run", "-c", "--showconfig", "-D", "--show-depends", "--show-modversions", "--dump-modversions", "-V", "--version", "-h", "--help"}

operands := [a | some i, a in ev.argv; i > 0; not startswith(a, "-")]

temporary_dirs := {"/tmp", "/var/tmp", "/dev/shm", "/run/shm"}

default from_kernel := false

# an int up to v0.22, a bool from v0.24
from_kernel if ev.arg("invoked_from_kernel") in {1, true}

tracee_match := {
	"tool": tool,
	"module": module,
	"from_temporary_dir": ev.dirname(module) in temporary_dirs,
} if {
	tools := called_as & loaders
	count(tools) == 1
	some tool in tools
	not from_kernel
	count({a | some a in ev.argv} & non_loading_options) == 0
	module := operands[0]
}
