# TRC-R2P-035: a process outside the login and password tools reads the shadow files.
package tracee.TRC_R2P_035

import rego.v1

import data.tracee.helpers

__rego_metadoc__ := {
	"id": "TRC-R2P-035",
	"version": "1.0.0",
	"name": "Shadow password file read",
	"eventName": "shadow_file_read",
	"description": "A process other than the login and password tools opened /etc/shadow, /etc/gshadow or their backups for reading. Attackers read them to crack the password hashes offline.",
	"tags": ["linux", "credentials", "files"],
	"properties": {
		"Severity": 3,
		"MITRE ATT&CK": "Credential Access: OS Credential Dumping: /etc/passwd and /etc/shadow",
	},
}

tracee_selected_events contains {"source": "tracee", "name": "security_file_open", "origin": "*"}

shadow_files := {"/etc/shadow", "/etc/gshadow", "/etc/shadow-", "/etc/gshadow-", "/etc/security/opasswd"}

# comm names (at most 15 bytes) of the programs that read these files for a living
trusted_tools := {
	"passwd", "chpasswd", "chage", "unix_chkpwd", "login", "su", "sudo", "sshd",
	"useradd", "usermod", "userdel", "groupadd", "groupmod", "gpasswd", "vipw",
	"pwck", "grpck", "systemd-logind", "gdm-session-wor", "lightdm", "cron",
}

tracee_match := {"pathname": path, "process": input.processName, "uid": input.userId} if {
	path := helpers.get_tracee_argument("pathname")
	path in shadow_files
	not input.processName in trusted_tools
	helpers.is_file_read(helpers.get_tracee_argument("flags"))
}
