# TRC-R2P-068: a process gains dangerous capabilities through commit_creds.
package tracee.TRC_R2P_068

import rego.v1

import data.tracee.lib.event as ev

__rego_metadoc__ := {
	"id": "TRC-R2P-068",
	"version": "1.0.0",
	"name": "Dangerous capabilities gained",
	"eventName": "dangerous_capabilities_gained",
	"description": "The kernel committed new credentials that add powerful capabilities (CAP_SYS_ADMIN, CAP_SYS_MODULE, CAP_SYS_PTRACE, CAP_BPF, ...) to the effective set, within the same user namespace and outside the usual setuid programs. Exploits and misused file capabilities look like this.",
	"tags": ["linux", "privilege-escalation", "capabilities"],
	"properties": {
		"Severity": 3,
		"MITRE ATT&CK": "Privilege Escalation: Abuse Elevation Control Mechanism",
	},
}

tracee_selected_events contains {"source": "tracee", "name": "commit_creds", "origin": "*"}

dangerous := {
	"CAP_DAC_OVERRIDE": 1,
	"CAP_DAC_READ_SEARCH": 2,
	"CAP_SETUID": 7,
	"CAP_NET_ADMIN": 12,
	"CAP_NET_RAW": 13,
	"CAP_SYS_MODULE": 16,
	"CAP_SYS_RAWIO": 17,
	"CAP_SYS_PTRACE": 19,
	"CAP_SYS_ADMIN": 21,
	"CAP_BPF": 39,
}

setuid_programs := {"sudo", "su", "pkexec", "passwd", "newgrp", "mount", "umount", "fusermount3", "ping", "unix_chkpwd", "polkit-agent-he", "sshd", "login", "systemd", "runc", "containerd-shim", "crun"}

has_cap(mask, n) if bits.and(mask, bits.lsh(1, n)) != 0

old := ev.arg("old_cred")

new := ev.arg("new_cred")

gained := {name |
	some name, n in dangerous
	has_cap(new.CapEffective, n)
	not has_cap(old.CapEffective, n)
}

tracee_match := {
	"gained": sort(gained),
	"old_euid": old.Euid,
	"new_euid": new.Euid,
	"process": input.processName,
} if {
	count(gained) > 0
	old.UserNamespace == new.UserNamespace
	not input.processName in setuid_programs
}
