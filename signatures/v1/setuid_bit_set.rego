# TRC-R2P-039: a file is given the setuid or setgid bit.
package tracee.TRC_R2P_039

import rego.v1

import data.tracee.lib.event as ev

__rego_metadoc__ := {
	"id": "TRC-R2P-039",
	"version": "1.0.0",
	"name": "Setuid or setgid bit set",
	"eventName": "setuid_bit_set",
	"description": "chmod, fchmod or fchmodat succeeded with a mode that has S_ISUID or S_ISGID, or a file with one of those bits was executed from a temporary or home directory. A setuid copy of a shell or interpreter is a classic way back to root.",
	"tags": ["linux", "privilege-escalation", "permissions"],
	"properties": {
		"Severity": 3,
		"MITRE ATT&CK": "Privilege Escalation: Abuse Elevation Control Mechanism: Setuid and Setgid",
	},
}

tracee_selected_events contains {"source": "tracee", "name": "chmod"}

tracee_selected_events contains {"source": "tracee", "name": "fchmod"}

tracee_selected_events contains {"source": "tracee", "name": "fchmodat"}

tracee_selected_events contains {"source": "tracee", "name": "sched_process_exec"}

special := {"setuid": 2048, "setgid": 1024}

# A parsed mode is Tracee's text form ("S_IRWXU|S_IRGRP|..."). Tracee up to
# at least v0.22 leaves the setuid and setgid bits out of it, so under v0.22's
# rule engine (which always parses) chmod cannot show them: the exec rule
# below is what sees a planted setuid file there.
special_names := {"setuid": "S_ISUID", "setgid": "S_ISGID"}

special_bits(mode) := {name | some name, bit in special; bits.and(mode, bit) != 0} if is_number(mode)

special_bits(mode) := {name | some name, flag in special_names; flag in split(mode, "|")} if is_string(mode)

mode_text(mode) := sprintf("%o", [bits.and(mode, 4095)]) if is_number(mode)

mode_text(mode) := mode if is_string(mode)

# package managers install setuid programs legitimately
installers := {"dpkg", "rpm", "apk", "yum", "dnf", "unpack", "snapd", "flatpak-system-"}

# where nothing installed lives: a setuid program there was made so by hand
planted_dirs := ["/tmp/", "/var/tmp/", "/dev/shm/", "/run/shm/", "/home/"]

target := sprintf("fd %d", [ev.arg("fd")]) if {
	input.eventName == "fchmod"
} else := ev.arg("pathname")

tracee_match := {"pathname": target, "bits": sort(set_bits), "mode": mode_text(mode)} if {
	input.eventName in {"chmod", "fchmod", "fchmodat"}
	input.returnValue == 0
	mode := ev.arg("mode")
	set_bits := special_bits(mode)
	count(set_bits) > 0
	not input.processName in installers
}

# The inode mode of an executed file is a number in every version (not parsed).
tracee_match := {"pathname": path, "bits": sort(set_bits), "mode": mode_text(mode), "method": "exec"} if {
	input.eventName == "sched_process_exec"
	mode := ev.arg("inode_mode")
	is_number(mode)
	set_bits := special_bits(mode)
	count(set_bits) > 0
	path := ev.arg("pathname")
	some dir in planted_dirs
	startswith(path, dir)
}
