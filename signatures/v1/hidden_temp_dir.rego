# TRC-R2P-058: a hidden directory is created in a temporary directory.
package tracee.TRC_R2P_058

import rego.v1

import data.tracee.lib.event as ev

__rego_metadoc__ := {
	"id": "TRC-R2P-058",
	"version": "1.0.0",
	"name": "Hidden directory in a temporary directory",
	"eventName": "hidden_temp_directory",
	"description": "A directory whose name starts with a dot was created under /tmp, /var/tmp or /dev/shm. Malware stages its files there; names made only of dots and spaces are meant to fool `ls`.",
	"tags": ["linux", "defense-evasion", "files"],
	"properties": {
		"Severity": 2,
		"MITRE ATT&CK": "Defense Evasion: Hide Artifacts: Hidden Files and Directories",
	},
}

tracee_selected_events contains {"source": "tracee", "name": "mkdir"}

tracee_selected_events contains {"source": "tracee", "name": "mkdirat"}

# the path argument of each event (Tracee has no security_inode_mkdir event)
path_arg := {"mkdir": "pathname", "mkdirat": "pathname"}

temporary_dirs := {"tmp", "var/tmp", "dev/shm"}

# the X window system and friends keep these in /tmp
well_known := {".X11-unix", ".ICE-unix", ".font-unix", ".XIM-unix", ".Test-unix", ".java_pid", ".com.google.Chrome"}

path := ev.arg(path_arg[input.eventName])

components := [c | some c in split(path, "/"); c != ""]

in_temporary_dir if {
	some root in temporary_dirs
	startswith(path, concat("", ["/", root, "/"]))
}

hidden := [c |
	some c in components
	startswith(c, ".")
	not c in {".", ".."}
	not c in well_known
]

tracee_match := {
	"pathname": path,
	"hidden_components": hidden,
	"deceptive_name": count([c | some c in hidden; regex.match(`^[. ]+$`, c)]) > 0,
} if {
	in_temporary_dir
	count(hidden) > 0
}
