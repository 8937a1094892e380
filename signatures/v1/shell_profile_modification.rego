# TRC-R2P-066: shell start-up files are modified.
package tracee.TRC_R2P_066

import rego.v1

import data.tracee.helpers

__rego_metadoc__ := {
	"id": "TRC-R2P-066",
	"version": "1.0.0",
	"name": "Shell configuration modified",
	"eventName": "shell_profile_modified",
	"description": "A shell start-up file (~/.bashrc, ~/.profile, ~/.zshrc, /etc/profile, /etc/profile.d/*, /etc/bash.bashrc, ...) was opened for writing or replaced by rename. Code added there runs at every login or new shell.",
	"tags": ["linux", "persistence", "shell"],
	"properties": {
		"Severity": 2,
		"MITRE ATT&CK": "Persistence: Event Triggered Execution: Unix Shell Configuration Modification",
	},
}

tracee_selected_events contains {"source": "tracee", "name": name} if {
	some name in {"security_file_open", "security_inode_rename"}
}

user_files := {".bashrc", ".bash_profile", ".bash_login", ".bash_logout", ".profile", ".zshrc", ".zprofile", ".zshenv", ".zlogin", ".kshrc", ".cshrc", ".tcshrc"}

system_files := {"/etc/profile", "/etc/bash.bashrc", "/etc/bashrc", "/etc/zsh/zshrc", "/etc/zsh/zprofile", "/etc/zshrc", "/etc/environment", "/etc/csh.cshrc"}

package_managers := {"dpkg", "rpm", "apk", "yum", "dnf", "useradd", "cp"}

target := path if {
	input.eventName == "security_file_open"
	helpers.is_file_write(helpers.get_tracee_argument("flags"))
	path := helpers.get_tracee_argument("pathname")
}

target := helpers.get_tracee_argument("new_path") if input.eventName == "security_inode_rename"

scope(path) := "system" if path in system_files

scope(path) := "system" if regex.match(`^/etc/profile\.d/[^/]+\.(sh|zsh|csh)$`, path)

scope(path) := "user" if {
	regex.match(`^/(home/[^/]+|root)/[^/]+$`, path)
	helpers.basename(path) in user_files
}

tracee_match := {"pathname": target, "scope": scope(target), "process": input.processName} if {
	not input.processName in package_managers
}
