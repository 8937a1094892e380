package tracee.TRC_R2P_027

import data.tracee.helpers
import future.keywords.in

__rego_metadoc__ := {
	"id": "TRC-R2P-027",
	"version": "1.0.0",
	"name": "Scheduled task modification",
	"eventName": "cron_modification",
	"description": "A cron table or a file of the cron directories was written or replaced, scheduling a program to run repeatedly.",
	"tags": ["linux", "container"],
	"properties": {
		"Severity": 2,
		"MITRE ATT&CK": "Persistence: Scheduled Task/Job",
	},
}

tracee_selected_events[eventSelector] {
	some name in ["security_file_open", "security_inode_rename"]
	eventSelector := {
		"source": "tracee",
		"name": name,
		"origin": "*",
	}
}

cron_files := {"/etc/crontab", "/etc/anacrontab"}

cron_directories := [
	"/etc/cron.d/",
	"/etc/cron.hourly/",
	"/etc/cron.daily/",
	"/etc/cron.weekly/",
	"/etc/cron.monthly/",
	"/var/spool/cron/",
]

cron_file(path) {
	path in cron_files
}

cron_file(path) {
	some dir in cron_directories
	startswith(path, dir)
}

# crontab(1) itself writes the user tables: that is the intended way.
cron_tools := {"crontab", "anacron"}

# The file concerned by the event, if it is being written.
written_path = path {
	input.eventName == "security_file_open"
	helpers.is_file_write(helpers.get_tracee_argument("flags"))
	path := helpers.get_tracee_argument("pathname")
} else = path {
	input.eventName == "security_inode_rename"
	path := helpers.get_tracee_argument("new_path")
}

tracee_match = {"pathname": written_path} {
	cron_file(written_path)
	not input.processName in cron_tools
}
