# TRC-R2P-051: chroot inside a container.
package tracee.TRC_R2P_051

import rego.v1

import data.tracee.lib.event as ev

__rego_metadoc__ := {
	"id": "TRC-R2P-051",
	"version": "1.0.0",
	"name": "chroot inside a container",
	"eventName": "container_chroot",
	"description": "A process in a container called chroot(2) or ran the chroot program. Images rarely need it; escapes use it to switch into a mounted host root or /proc/1/root.",
	"tags": ["linux", "containers", "privilege-escalation"],
	"properties": {
		"Severity": 3,
		"MITRE ATT&CK": "Privilege Escalation: Escape to Host",
	},
}

tracee_selected_events contains {"source": "tracee", "name": "chroot", "origin": "container"}

tracee_selected_events contains {"source": "tracee", "name": "sched_process_exec", "origin": "container"}

host_root_pattern := `^(/proc/[0-9]+/root|/host(fs)?|/rootfs|/mnt/host|/node)(/.*)?$`

new_root := ev.arg("path") if {
	input.eventName == "chroot"
	input.returnValue == 0
} else := root if {
	input.eventName == "sched_process_exec"
	ev.exec_name == "chroot"
	operands := [a | some a in array.slice(ev.argv, 1, count(ev.argv)); not startswith(a, "-")]
	root := operands[0]
}

via := {"chroot": "syscall", "sched_process_exec": "chroot command"}[input.eventName]

tracee_match := {"new_root": new_root, "via": via, "host_root": regex.match(host_root_pattern, new_root)} if {
	ev.in_container
	is_string(new_root)
}
