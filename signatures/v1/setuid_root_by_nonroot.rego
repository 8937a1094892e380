# TRC-R2P-040: a process of a non-root user becomes root with setuid(0) and friends.
package tracee.TRC_R2P_040

import rego.v1

import data.tracee.lib.event as ev

__rego_metadoc__ := {
	"id": "TRC-R2P-040",
	"version": "1.0.0",
	"name": "Non-root process switched to uid 0",
	"eventName": "setuid_root_by_non_root",
	"description": "A process whose real user is not root successfully set one of its user ids to 0, and it is not one of the known setuid programs. This is what an exploited setuid binary or kernel bug looks like.",
	"tags": ["linux", "privilege-escalation"],
	"properties": {
		"Severity": 4,
		"MITRE ATT&CK": "Privilege Escalation: Exploitation for Privilege Escalation",
	},
}

id_args := {
	"setuid": ["uid"],
	"setreuid": ["ruid", "euid"],
	"setresuid": ["ruid", "euid", "suid"],
}

tracee_selected_events contains {"source": "tracee", "name": name, "origin": "*"} if some name, _ in id_args

setuid_programs := {
	"sudo", "su", "pkexec", "passwd", "newgrp", "chsh", "chfn", "gpasswd", "mount", "umount",
	"fusermount", "fusermount3", "ssh-keysign", "Xorg", "polkit-agent-he", "unix_chkpwd", "at", "crontab",
}

root_ids := [name | some name in id_args[input.eventName]; ev.arg(name) == 0]

tracee_match := {
	"syscall": input.eventName,
	"root_ids": root_ids,
	"uid": input.userId,
	"process": input.processName,
	"executable": input.executable.path,
} if {
	count(root_ids) > 0
	input.userId != 0
	input.returnValue == 0
	not input.processName in setuid_programs
}
