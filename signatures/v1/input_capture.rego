# TRC-R2P-063: raw keyboard and mouse devices are read (keylogging).
package tracee.TRC_R2P_063

import rego.v1

import data.tracee.helpers

__rego_metadoc__ := {
	"id": "TRC-R2P-063",
	"version": "1.0.0",
	"name": "Input device read",
	"eventName": "input_device_read",
	"description": "A process other than the display server, the compositor and the system's input services opened a raw input device (/dev/input/event*, /dev/input/by-id/*-kbd). Keyloggers read keystrokes there, below any application.",
	"tags": ["linux", "collection", "keylogging"],
	"properties": {
		"Severity": 3,
		"MITRE ATT&CK": "Collection: Input Capture: Keylogging",
	},
}

tracee_selected_events contains {"source": "tracee", "name": "security_file_open"}

input_services := {
	"Xorg", "Xwayland", "gnome-shell", "kwin_wayland", "sway", "weston", "mutter", "systemd-logind",
	"systemd-udevd", "(udev-worker)", "upowerd", "acpid", "thermald", "gpm", "gsd-power", "libinput",
}

device := path if {
	path := helpers.get_tracee_argument("pathname")
	startswith(path, "/dev/input/")
	not path in {"/dev/input/", "/dev/input/by-id", "/dev/input/by-path"}
}

# what kind of device, from its name
kind(path) := "keyboard" if {
	regex.match(`(?i)kbd|keyboard`, path)
} else := "mouse" if {
	regex.match(`(?i)mouse|mice|ptr`, path)
} else := "event device" if {
	regex.match(`^/dev/input/event[0-9]+$`, path)
} else := "input device"

tracee_match := {"device": device, "kind": kind(device), "process": input.processName} if {
	not input.processName in input_services
	helpers.is_file_read(helpers.get_tracee_argument("flags"))
}
