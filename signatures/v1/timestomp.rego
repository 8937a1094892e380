# TRC-R2P-046: timestamps of system files are forged.
package tracee.TRC_R2P_046

import rego.v1

import data.tracee.lib.event as ev

__rego_metadoc__ := {
	"id": "TRC-R2P-046",
	"version": "1.0.0",
	"name": "Timestomping of system files",
	"eventName": "timestomp",
	"description": "touch was run with an explicit date or reference file on system binaries, libraries or configuration, or utimensat set explicit times on such a file. Attackers backdate the files they plant to blend in.",
	"tags": ["linux", "defense-evasion", "files"],
	"properties": {
		"Severity": 2,
		"MITRE ATT&CK": "Defense Evasion: Indicator Removal: Timestomp",
	},
}

tracee_selected_events contains {"source": "tracee", "name": "sched_process_exec"}

tracee_selected_events contains {"source": "tracee", "name": "utimensat"}

protected_dirs := ["/bin/", "/sbin/", "/usr/bin/", "/usr/sbin/", "/usr/local/bin/", "/usr/local/sbin/", "/lib/", "/lib64/", "/usr/lib/", "/usr/lib64/", "/etc/", "/boot/"]

installers := {"dpkg", "rpm", "apk", "yum", "dnf", "tar", "rsync", "cp", "install", "snapd"}

protected(path) if {
	some dir in protected_dirs
	startswith(path, dir)
}

# utimensat's times is decoded by Tracee (seconds since the epoch, as a
# number), not a pointer. Plain touch asks for "now": a null pointer (0) or
# UTIME_NOW/UTIME_OMIT in tv_nsec (0.000000000 s plus about 1.07 s), so
# anything within the epoch's first seconds is not an explicit date.
explicit_times(times) if {
	is_number(times)
	times >= 2
}

date_options := {"-t", "-d", "-r", "--date", "--reference"}

# argv positions holding the value of a date option
option_values := {j | some i, a in ev.argv; a in date_options; j := i + 1}

forged_date if {
	some a in ev.argv
	a in date_options
}

forged_date if {
	some a in ev.argv
	regex.match(`^(-[tdr].+|--(date|reference)=.+)$`, a)
}

touch_targets := [a |
	some i, a in ev.argv
	i > 0
	not startswith(a, "-")
	not i in option_values
	protected(a)
]

tracee_match := {"method": "touch", "targets": touch_targets} if {
	input.eventName == "sched_process_exec"
	ev.exec_name == "touch"
	forged_date
	count(touch_targets) > 0
}

tracee_match := {"method": "utimensat", "targets": [path]} if {
	input.eventName == "utimensat"
	input.returnValue == 0
	path := ev.arg("pathname")
	protected(path)
	explicit_times(ev.arg("times"))
	not input.processName in installers
}
