# TRC-R2P-045: system logs deleted or truncated.
package tracee.TRC_R2P_045

import rego.v1

import data.tracee.lib.event as ev

__rego_metadoc__ := {
	"id": "TRC-R2P-045",
	"version": "1.0.0",
	"name": "System log cleared",
	"eventName": "system_log_cleared",
	"description": "A file under /var/log was deleted or truncated by a program other than the log rotators, or the journal was vacuumed. Intruders wipe logs to cover their tracks.",
	"tags": ["linux", "defense-evasion", "logs"],
	"properties": {
		"Severity": 3,
		"MITRE ATT&CK": "Defense Evasion: Indicator Removal: Clear Linux or Mac System Logs",
	},
}

tracee_selected_events contains {"source": "tracee", "name": "security_inode_unlink"}

tracee_selected_events contains {"source": "tracee", "name": "security_file_open"}

tracee_selected_events contains {"source": "tracee", "name": "sched_process_exec"}

rotators := {"logrotate", "systemd-journal", "journalctl", "rsyslogd", "syslog-ng", "savelog", "dpkg", "apt-get", "unattended-upgr"}

# logs that matter most get a higher severity in the finding
critical_logs := {"/var/log/auth.log", "/var/log/secure", "/var/log/wtmp", "/var/log/btmp", "/var/log/lastlog", "/var/log/audit/audit.log"}

is_log(path) if {
	startswith(path, "/var/log/")
	# rotated archives are deleted as a matter of course
	not regex.match(`\.([0-9]+|gz|xz|bz2|zst|old)$`, path)
}

action := "deleted" if {
	input.eventName == "security_inode_unlink"
	is_log(ev.arg("pathname"))
}

action := "truncated" if {
	input.eventName == "security_file_open"
	is_log(ev.arg("pathname"))
	ev.has_open_flag(ev.arg("flags"), "O_TRUNC")
}

action := "journal vacuumed" if {
	input.eventName == "sched_process_exec"
	ev.exec_name == "journalctl"
	some a in ev.argv
	regex.match(`^--vacuum-(size|time|files)(=.*)?$`, a)
}

pathname := ev.arg("pathname") if input.eventName != "sched_process_exec"

pathname := "/var/log/journal" if input.eventName == "sched_process_exec"

default trusted := false

# the rotators may delete and truncate logs; nobody vacuums the journal routinely
trusted if {
	input.eventName != "sched_process_exec"
	input.processName in rotators
}

tracee_match := {
	"action": action,
	"pathname": pathname,
	"critical": pathname in critical_logs,
	"process": input.processName,
} if {
	not trusted
}
