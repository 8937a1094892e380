# TRC-R2P-038: shell history deleted, truncated, linked to /dev/null or disabled.
package tracee.TRC_R2P_038

import rego.v1

import data.tracee.lib.event as ev

__rego_metadoc__ := {
	"id": "TRC-R2P-038",
	"version": "1.0.0",
	"name": "Shell history tampering",
	"eventName": "shell_history_tampering",
	"description": "A shell history file was deleted, truncated or replaced by a link to /dev/null, or a program was started with history disabled in its environment or command. Attackers do this to hide the commands they typed.",
	"tags": ["linux", "defense-evasion", "history"],
	"properties": {
		"Severity": 2,
		"MITRE ATT&CK": "Defense Evasion: Indicator Removal: Clear Command History",
	},
}

tracee_selected_events contains {"source": "tracee", "name": name} if {
	some name in ["security_inode_unlink", "security_file_open", "security_inode_symlink", "sched_process_exec"]
}

history_files := {
	".bash_history", ".zsh_history", ".sh_history", ".ash_history", ".history",
	".python_history", ".mysql_history", ".psql_history", ".node_repl_history",
}

is_history(path) if ev.basename(path) in history_files

# environment settings that turn history off
disabling("HISTFILE", "/dev/null") := true

disabling("HISTFILE", "") := true

disabling("HISTSIZE", "0") := true

disabling("HISTFILESIZE", "0") := true

disabling("HISTCONTROL", value) := true if "ignorespace" in split(value, ":")

history_commands := `(^|[;&|(]\s*)(history\s+-c|history\s+-w\s+/dev/null|unset\s+HISTFILE|export\s+HISTFILE=/dev/null|set\s+\+o\s+history)`

reasons contains "history file deleted" if {
	input.eventName == "security_inode_unlink"
	is_history(ev.arg("pathname"))
}

reasons contains "history file truncated" if {
	input.eventName == "security_file_open"
	is_history(ev.arg("pathname"))
	ev.has_open_flag(ev.arg("flags"), "O_TRUNC")
}

reasons contains "history file linked to /dev/null" if {
	input.eventName == "security_inode_symlink"
	is_history(ev.arg("linkpath"))
	ev.arg("target") == "/dev/null"
}

reasons contains sprintf("%s=%s in the environment", [name, value]) if {
	input.eventName == "sched_process_exec"
	some name, value in ev.env
	disabling(name, value)
}

reasons contains "history cleared by a shell command" if {
	input.eventName == "sched_process_exec"
	some part in ev.argv
	regex.match(history_commands, part)
}

tracee_match := {"reasons": sort(reasons), "process": input.processName} if count(reasons) > 0
