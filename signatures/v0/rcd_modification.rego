package tracee.TRC_R2P_026

import data.tracee.helpers

__rego_metadoc__ := {
	"id": "TRC-R2P-026",
	"version": "1.0.0",
	"name": "Init script modification",
	"eventName": "rcd_modification",
	"description": "An init script (rc.local, /etc/init.d, /etc/rc?.d) was written or replaced, or update-rc.d was run, making a program start at every boot.",
	"tags": ["linux", "container"],
	"properties": {
		"Severity": 2,
		"MITRE ATT&CK": "Persistence: Boot or Logon Initialization Scripts",
	},
}

tracee_selected_events[eventSelector] {
	eventSelector := {
		"source": "tracee",
		"name": "security_file_open",
		"origin": "*",
	}
}

tracee_selected_events[eventSelector] {
	eventSelector := {
		"source": "tracee",
		"name": "security_inode_rename",
		"origin": "*",
	}
}

tracee_selected_events[eventSelector] {
	eventSelector := {
		"source": "tracee",
		"name": "sched_process_exec",
		"origin": "*",
	}
}

init_script_patterns := [
	`^/etc/rc\.local$`,
	`^/etc/rc\.d/rc\.local$`,
	`^/etc/init\.d/[^/]+$`,
	`^/etc/rc\.d/init\.d/[^/]+$`,
	`^/etc/rc[0-6S]\.d/[^/]+$`,
]

init_script(path) {
	regex.match(init_script_patterns[_], path)
}

tracee_match = {"pathname": path, "operation": "write"} {
	input.eventName == "security_file_open"
	path := helpers.get_tracee_argument("pathname")
	init_script(path)
	helpers.is_file_write(helpers.get_tracee_argument("flags"))
}

tracee_match = {"pathname": path, "operation": "rename"} {
	input.eventName == "security_inode_rename"
	path := helpers.get_tracee_argument("new_path")
	init_script(path)
}

tracee_match = {"pathname": path, "operation": "update-rc.d", "argv": argv} {
	input.eventName == "sched_process_exec"
	path := helpers.get_tracee_argument("pathname")
	helpers.basename(path) == "update-rc.d"
	argv := helpers.argument_or("argv", [])
}
