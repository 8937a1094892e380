# TRC-R2P-055: a downloaded script is piped straight into a shell (curl | sh).
package tracee.TRC_R2P_055

import rego.v1

import data.tracee.helpers
import data.tracee.lib.event as ev

__rego_metadoc__ := {
	"id": "TRC-R2P-055",
	"version": "1.0.0",
	"name": "Download piped to a shell",
	"eventName": "download_piped_to_shell",
	"description": "A shell was asked to run a command line that fetches content with curl or wget and feeds it to a shell or interpreter without saving it (curl ... | sh, sh -c \"$(wget -O- ...)\", bash <(curl ...)). Droppers and miners install themselves this way.",
	"tags": ["linux", "execution"],
	"properties": {
		"Severity": 3,
		"MITRE ATT&CK": "Execution: Command and Scripting Interpreter: Unix Shell",
	},
}

tracee_selected_events contains {"source": "tracee", "name": "sched_process_exec", "origin": "*"}

downloaders := `(curl|wget|fetch|busybox wget|python3? -c ['"]?import urllib)`

runners := `(sudo\s+)?(sh|bash|dash|zsh|ksh|ash|python3?|perl)\b`

# (shape of the pipeline, regex whose first group names the downloader)
shapes := [
	["pipe", concat("", [`\b`, downloaders, `\b[^|;&]*\|\s*`, runners])],
	["command substitution", concat("", [`\$\(\s*`, downloaders, `\b`])],
	["process substitution", concat("", [`<\(\s*`, downloaders, `\b`])],
]

# the command string given to `sh -c`
script := ev.option_value({"-c"}) if helpers.is_shell(ev.exec_name)

found contains [shape, matches[0][1]] if {
	some pair in shapes
	shape := pair[0]
	matches := regex.find_all_string_submatch_n(pair[1], script, 1)
	count(matches) > 0
}

tracee_match := {
	"shell": ev.exec_name,
	"downloader": first[1],
	"shape": first[0],
	"command": script,
} if {
	count(found) > 0
	first := sort(found)[0]
}
