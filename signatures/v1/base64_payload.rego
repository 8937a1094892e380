# TRC-R2P-057: a base64-encoded payload is decoded and run in one go.
package tracee.TRC_R2P_057

import rego.v1

import data.tracee.helpers
import data.tracee.lib.event as ev

__rego_metadoc__ := {
	"id": "TRC-R2P-057",
	"version": "1.0.0",
	"name": "Decoded payload execution",
	"eventName": "base64_payload_execution",
	"description": "A command decodes base64 and runs the result directly: `base64 -d | sh` in a shell command, or an interpreter one-liner that decodes with b64decode/decode_base64/base64_decode and passes the result to exec or eval. Obfuscation hides the real command from casual review.",
	"tags": ["linux", "defense-evasion", "execution"],
	"properties": {
		"Severity": 3,
		"MITRE ATT&CK": "Defense Evasion: Deobfuscate/Decode Files or Information",
	},
}

tracee_selected_events contains {"source": "tracee", "name": "sched_process_exec"}

# language -> [decoder pattern, runner pattern]
one_liners := {
	"python": [`b64decode|base64\.(b64|standard_b64|urlsafe_b64)decode|codecs\.decode\([^)]*base64`, `\b(exec|eval|compile)\s*\(`],
	"perl": [`decode_base64|unpack\s*\(\s*["']u`, `\beval\b`],
	"php": [`base64_decode`, `\b(eval|assert|system|passthru|shell_exec)\s*\(`],
	"ruby": [`Base64\.(strict_)?decode64|unpack1?\(["']m`, `\b(eval|system|exec)\b`],
}

language(name) := "python" if regex.match(`^python[0-9.]*$`, name)

language(name) := "perl" if regex.match(`^perl[0-9.]*$`, name)

language("php") := "php"

language("ruby") := "ruby"

shell_pipeline := `base64\s+(-d|--decode|-D)\b[^;&]*\|\s*(sudo\s+)?(sh|bash|dash|zsh|python[0-9.]*|perl)\b`

shell_eval := `(eval|exec|sh\s+-c|bash\s+-c)\s+["']?\$\([^)]*base64\s+(-d|--decode)`

code_of_exec := concat(" ", array.slice(ev.argv, 1, count(ev.argv)))

method := "base64 decoded into a shell" if {
	helpers.is_shell(ev.exec_name)
	regex.match(shell_pipeline, ev.cmdline)
} else := "base64 decoded and evaluated by the shell" if {
	helpers.is_shell(ev.exec_name)
	regex.match(shell_eval, ev.cmdline)
} else := sprintf("%s one-liner decodes and evaluates", [lang]) if {
	lang := language(ev.exec_name)
	patterns := one_liners[lang]
	regex.match(patterns[0], code_of_exec)
	regex.match(patterns[1], code_of_exec)
}

tracee_match := {"method": method, "program": ev.exec_name}
