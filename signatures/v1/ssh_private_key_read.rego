# TRC-R2P-036: a program other than the SSH tools reads an SSH private key.
package tracee.TRC_R2P_036

import rego.v1

import data.tracee.lib.event as ev

__rego_metadoc__ := {
	"id": "TRC-R2P-036",
	"version": "1.0.0",
	"name": "SSH private key read",
	"eventName": "ssh_private_key_read",
	"description": "A program that is not an SSH client, agent or server opened a user's or the host's SSH private key. Stolen keys let an attacker move to other machines.",
	"tags": ["linux", "credentials", "ssh"],
	"properties": {
		"Severity": 3,
		"MITRE ATT&CK": "Credential Access: Unsecured Credentials: Private Keys",
	},
}

tracee_selected_events contains {"source": "tracee", "name": "security_file_open"}

ssh_tools := {"ssh", "sshd", "ssh-agent", "ssh-add", "ssh-keygen", "ssh-keysign", "scp", "sftp", "sftp-server", "git", "gpg-agent"}

user_key_pattern := `^id_(rsa|dsa|ecdsa|ed25519)(_sk)?$`

host_key_pattern := `^ssh_host_(rsa|dsa|ecdsa|ed25519)_key$`

key_kind(path) := "user" if {
	contains(path, "/.ssh/")
	regex.match(user_key_pattern, ev.basename(path))
}

key_kind(path) := "host" if {
	startswith(path, "/etc/ssh/")
	regex.match(host_key_pattern, ev.basename(path))
}

tracee_match := {"pathname": path, "key": kind, "process": input.processName} if {
	path := ev.arg("pathname")
	kind := key_kind(path)
	ev.opened_for_read
	not input.processName in ssh_tools
}
