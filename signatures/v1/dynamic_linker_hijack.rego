# TRC-R2P-054: the dynamic linker is pointed at a planted library (LD_AUDIT, LD_PRELOAD, ld.so.preload).
package tracee.TRC_R2P_054

import rego.v1

import data.tracee.helpers
import data.tracee.lib.event as ev

__rego_metadoc__ := {
	"id": "TRC-R2P-054",
	"version": "1.0.0",
	"name": "Dynamic linker hijacking",
	"eventName": "dynamic_linker_hijack",
	"description": "A program was started with LD_AUDIT set, or with LD_PRELOAD naming a library in a world-writable or hidden place, or /etc/ld.so.preload was written. Each makes every new process load the attacker's code.",
	"tags": ["linux", "defense-evasion", "persistence", "injection"],
	"properties": {
		"Severity": 3,
		"MITRE ATT&CK": "Defense Evasion: Hijack Execution Flow: Dynamic Linker Hijacking",
	},
}

tracee_selected_events contains {"source": "tracee", "name": "sched_process_exec"}

tracee_selected_events contains {"source": "tracee", "name": "security_file_open"}

writable_places := `^(/tmp|/var/tmp|/dev/shm|/run/shm|/run/user/[0-9]+)/`

package_managers := {"dpkg", "rpm", "apk", "yum", "dnf"}

# LD_PRELOAD and LD_AUDIT hold lists separated by ':' or spaces
libraries(value) := [lib | some lib in regex.split(`[: ]+`, value); lib != ""]

suspicious_library(lib) if regex.match(writable_places, lib)

suspicious_library(lib) if {
	some part in split(lib, "/")
	startswith(part, ".")
	not part in {".", ".."}
}

hijacks contains {"via": "LD_AUDIT", "library": lib} if {
	input.eventName == "sched_process_exec"
	some lib in libraries(helpers.env_value(ev.arg_or("env", []), "LD_AUDIT"))
}

hijacks contains {"via": "LD_PRELOAD", "library": lib} if {
	input.eventName == "sched_process_exec"
	some lib in libraries(helpers.env_value(ev.arg_or("env", []), "LD_PRELOAD"))
	suspicious_library(lib)
}

hijacks contains {"via": "/etc/ld.so.preload", "library": ""} if {
	input.eventName == "security_file_open"
	ev.arg("pathname") == "/etc/ld.so.preload"
	ev.opened_for_write
	not input.processName in package_managers
}

tracee_match := {"hijacks": sort(hijacks), "process": input.processName} if count(hijacks) > 0
