package tracee.TRC_R2P_009

import data.tracee.helpers

__rego_metadoc__ := {
	"id": "TRC-R2P-009",
	"version": "1.0.0",
	"name": "Dynamic code loading",
	"eventName": "dynamic_code_loading",
	"description": "Memory was made both writable and executable, or changed from writable to executable: code is being written and then run in place, as unpackers and shellcode loaders do.",
	"tags": ["linux", "container"],
	"properties": {
		"Severity": 2,
		"MITRE ATT&CK": "Defense Evasion: Obfuscated Files or Information",
	},
}

tracee_selected_events[eventSelector] {
	eventSelector := {
		"source": "tracee",
		"name": "mem_prot_alert",
		"origin": "*",
	}
}

# Tracee's mem_prot_alert codes and the messages it prints for them.
alerts := {
	1: "Mmaped region with W+E permissions!",
	2: "Protection changed to Executable!",
	3: "Protection changed from E to W+E!",
	4: "Protection changed from W to E!",
}

# The alerts that mean writable memory becomes executable.
write_then_execute := {1, 3, 4}

alert_message(alert) = alerts[alert] {
	is_number(alert)
	write_then_execute[alert]
}

alert_message(alert) = alert {
	is_string(alert)
	some code
	alerts[code] == alert
	write_then_execute[code]
}

tracee_match = {"alert": message} {
	input.eventName == "mem_prot_alert"
	message := alert_message(helpers.get_tracee_argument("alert"))
}
