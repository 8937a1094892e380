# TRC-R2P-037: SSH authorized_keys written or replaced.
package tracee.TRC_R2P_037

import rego.v1

import data.tracee.lib.event as ev

__rego_metadoc__ := {
	"id": "TRC-R2P-037",
	"version": "1.0.0",
	"name": "SSH authorized_keys modification",
	"eventName": "ssh_authorized_keys_modified",
	"description": "A process opened an authorized_keys file for writing or renamed a file onto one. Adding a key gives an attacker a way back in.",
	"tags": ["linux", "persistence", "ssh"],
	"properties": {
		"Severity": 3,
		"MITRE ATT&CK": "Persistence: Account Manipulation: SSH Authorized Keys",
	},
}

tracee_selected_events contains {"source": "tracee", "name": "security_file_open"}

tracee_selected_events contains {"source": "tracee", "name": "security_inode_rename"}

# agents that provision keys on cloud machines
default trusted := false

trusted if input.processName in {"cloud-init", "google_guest_ag", "waagent", "ec2-instance-co"}

key_file(path) if ev.basename(path) in {"authorized_keys", "authorized_keys2"}

written_path := path if {
	input.eventName == "security_file_open"
	ev.opened_for_write
	path := ev.arg("pathname")
} else := path if {
	input.eventName == "security_inode_rename"
	path := ev.arg("new_path")
}

method := "open for write" if {
	input.eventName == "security_file_open"
} else := "rename"

tracee_match := {"pathname": written_path, "method": method, "process": input.processName} if {
	key_file(written_path)
	not trusted
}
