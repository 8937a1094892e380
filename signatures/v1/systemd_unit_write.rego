# TRC-R2P-065: a systemd unit file is created or changed.
package tracee.TRC_R2P_065

import rego.v1

import data.tracee.lib.event as ev

__rego_metadoc__ := {
	"id": "TRC-R2P-065",
	"version": "1.0.0",
	"name": "systemd unit written",
	"eventName": "systemd_unit_written",
	"description": "A systemd service, timer, socket or path unit, or a drop-in for one, was opened for writing or renamed into place outside package management. A new unit is a durable way to run code at every boot or on a schedule.",
	"tags": ["linux", "persistence", "systemd"],
	"properties": {
		"Severity": 3,
		"MITRE ATT&CK": "Persistence: Create or Modify System Process: Systemd Service",
	},
}

tracee_selected_events contains {"source": "tracee", "name": "security_file_open"}

tracee_selected_events contains {"source": "tracee", "name": "security_inode_rename"}

system_unit_dirs := ["/etc/systemd/system/", "/lib/systemd/system/", "/usr/lib/systemd/system/", "/run/systemd/system/", "/etc/systemd/user/", "/usr/lib/systemd/user/"]

unit_kinds := {"service", "timer", "socket", "path"}

package_managers := {"dpkg", "rpm", "apk", "yum", "dnf", "snapd", "systemctl", "systemd", "flatpak"}

target := ev.arg("pathname") if {
	input.eventName == "security_file_open"
	ev.opened_for_write
} else := ev.arg("new_path") if {
	input.eventName == "security_inode_rename"
}

in_unit_dir(path) := "system" if {
	some dir in system_unit_dirs
	startswith(path, dir)
} else := "user" if {
	regex.match(`^/(home/[^/]+|root)/\.config/systemd/user/`, path)
}

# foo.service, or a drop-in foo.service.d/override.conf
unit_of(path) := name if {
	name := ev.basename(path)
	parts := split(name, ".")
	parts[count(parts) - 1] in unit_kinds
} else := trim_suffix(ev.basename(ev.dirname(path)), ".d") if {
	endswith(path, ".conf")
	endswith(ev.dirname(path), ".d")
}

finding.unit := unit_of(target)

finding.kind := k if {
	parts := split(unit_of(target), ".")
	k := parts[count(parts) - 1]
}

finding.drop_in := endswith(target, ".conf") if unit_of(target)

finding.scope := in_unit_dir(target)

finding.pathname := target

tracee_match := finding if {
	in_unit_dir(target)
	unit_of(target)
	finding.kind in unit_kinds
	not input.processName in package_managers
}
