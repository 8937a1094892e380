package tracee.TRC_R2P_019

import data.tracee.helpers

__rego_metadoc__ := {
	"id": "TRC-R2P-019",
	"version": "1.0.0",
	"name": "Default dynamic loader modification",
	"eventName": "default_loader_modification",
	"description": "The system's dynamic loader (ld-linux / ld-musl) was opened for writing or replaced; every dynamically linked program runs it first.",
	"tags": ["linux", "container"],
	"properties": {
		"Severity": 3,
		"MITRE ATT&CK": "Defense Evasion: Hijack Execution Flow",
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

loader_pattern := `^/(usr/)?lib(32|64|x32)?/([a-z0-9_]+-linux-[a-z0-9]+/)?ld-(linux|musl)[^/]*\.so(\.[0-9]+)*$`

# Package managers replace the loader on upgrades.
package_managers := {"dpkg", "apt", "apt-get", "rpm", "dnf", "yum", "apk", "pacman", "zypper"}

is_loader(path) {
	regex.match(loader_pattern, path)
}

tracee_match = {"pathname": path, "operation": "write"} {
	input.eventName == "security_file_open"
	path := helpers.get_tracee_argument("pathname")
	is_loader(path)
	helpers.is_file_write(helpers.get_tracee_argument("flags"))
	not package_managers[input.processName]
}

tracee_match = {"pathname": path, "operation": "rename"} {
	input.eventName == "security_inode_rename"
	path := helpers.get_tracee_argument("new_path")
	is_loader(path)
	not package_managers[input.processName]
}
