# TRC-R2P-039: a file is given the setuid or setgid bit.
package tracee.TRC_R2P_039

import rego.v1

import data.tracee.lib.event as ev

__rego_metadoc__ := {
	"id": "TRC-R2P-039",
	"version": "1.0.0",
	"name": "Setuid or setgid bit set",
	"eventName": "setuid_bit_set",
	"description": "chmod, fchmod or fchmodat succeeded with a mode that has S_ISUID or S_ISGID. A setuid copy of a shell or interpreter is a classic way back to root.",
	"tags": ["linux", "privilege-escalation", "permissions"],
	"properties": {
		"Severity": 3,
		"MITRE ATT&CK": "Privilege Escalation: Abuse Elevation Control Mechanism: Setuid and Setgid",
	},
}

tracee_selected_events contains {"source": "tracee", "name": "chmod"}

tracee_selected_events contains {"source": "tracee", "name": "fchmod"}

tracee_selected_events contains {"source": "tracee", "name": "fchmodat"}

special := {"setuid": 2048, "setgid": 1024}

special_bits(mode) := {name | some name, bit in special; bits.and(mode, bit) != 0}

# package managers install setuid programs legitimately
installers := {"dpkg", "rpm", "apk", "yum", "dnf", "unpack", "snapd", "flatpak-system-"}

target := sprintf("fd %d", [ev.arg("fd")]) if {
	input.eventName == "fchmod"
} else := ev.arg("pathname")

tracee_match := {"pathname": target, "bits": sort(set_bits), "mode": sprintf("%o", [mode])} if {
	input.returnValue == 0
	mode := ev.arg("mode")
	is_number(mode)
	set_bits := special_bits(mode)
	count(set_bits) > 0
	not input.processName in installers
}
