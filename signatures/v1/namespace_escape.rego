# TRC-R2P-050: nsenter into the host's namespaces, or unshare mapping root, from a container.
package tracee.TRC_R2P_050

import rego.v1

import data.tracee.lib.event as ev

__rego_metadoc__ := {
	"id": "TRC-R2P-050",
	"version": "1.0.0",
	"name": "Container escape through namespaces",
	"eventName": "container_namespace_escape",
	"description": "Inside a container, nsenter was run against PID 1 or a namespace file of another process, or unshare created a user namespace with root mapped. Both are steps of well-known container escapes.",
	"tags": ["linux", "containers", "privilege-escalation"],
	"properties": {
		"Severity": 4,
		"MITRE ATT&CK": "Privilege Escalation: Escape to Host",
	},
}

tracee_selected_events contains {"source": "tracee", "name": "sched_process_exec", "origin": "container"}

# nsenter's short options and the namespaces they enter
short_namespaces := {"m": "mnt", "u": "uts", "i": "ipc", "n": "net", "p": "pid", "U": "user", "C": "cgroup", "T": "time"}

long_namespaces := {"--mount": "mnt", "--uts": "uts", "--ipc": "ipc", "--net": "net", "--pid": "pid", "--user": "user", "--cgroup": "cgroup", "--time": "time"}

all_namespaces := {ns | some _, ns in short_namespaces}

namespaces contains ns if {
	some a in ev.argv
	regex.match(`^-[a-zA-Z]+$`, a)
	some c in split(substring(a, 1, -1), "")
	ns := short_namespaces[c]
}

namespaces contains ns if {
	some a in ev.argv
	some option, ns in long_namespaces
	# --mount or --mount=/proc/1/ns/mnt
	option == split(a, "=")[0]
}

namespaces contains ns if {
	some a in ev.argv
	a in {"-a", "--all"}
	some ns in all_namespaces
}

pid_text := value if {
	value := ev.option_value({"-t", "--target"})
} else := substring(a, 9, -1) if {
	some a in ev.argv
	startswith(a, "--target=")
} else := parts[2] if {
	some a in ev.argv
	contains(a, "=/proc/")
	parts := split(split(a, "=")[1], "/")
}

target_pid := to_number(pid_text) if regex.match(`^[0-9]+$`, pid_text)

maps_root if {
	some a in ev.argv
	a in {"-r", "--map-root-user"}
}

maps_root if {
	some a in ev.argv
	regex.match(`^-[a-zA-Z]*r[a-zA-Z]*$`, a)
}

tracee_match := {"tool": "nsenter", "target_pid": target_pid, "namespaces": sort(namespaces)} if {
	ev.in_container
	ev.exec_name == "nsenter"
	target_pid == 1
	count(namespaces) > 0
}

tracee_match := {"tool": "unshare", "target_pid": 0, "namespaces": sort(namespaces | {"user"})} if {
	ev.in_container
	ev.exec_name == "unshare"
	maps_root
}
