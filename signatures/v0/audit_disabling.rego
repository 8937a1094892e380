package tracee.TRC_R2P_034

import data.tracee.helpers
import future.keywords.in

__rego_metadoc__ := {
	"id": "TRC-R2P-034",
	"version": "1.0.0",
	"name": "Audit system disabled",
	"eventName": "audit_disabling",
	"description": "A command disabled kernel auditing, deleted its rules or stopped the audit daemon, blinding the system's audit trail.",
	"tags": ["linux"],
	"properties": {
		"Severity": 3,
		"MITRE ATT&CK": "Defense Evasion: Impair Defenses",
	},
}

tracee_selected_events[eventSelector] {
	eventSelector := {
		"source": "tracee",
		"name": "sched_process_exec",
		"origin": "*",
	}
}

stopping_verbs := {"stop", "disable", "mask", "kill"}

argv := helpers.get_tracee_argument("argv")

program := helpers.basename(helpers.get_tracee_argument("pathname"))

# What the command line does to auditing (a command may do several things).
audit_actions["auditing disabled"] {
	program == "auditctl"
	some i
	argv[i] == "-e"
	argv[i + 1] == "0"
}

audit_actions["audit rules deleted"] {
	program == "auditctl"
	argv[_] == "-D"
}

audit_actions[action] {
	program == "systemctl"
	some verb in argv
	verb in stopping_verbs
	some unit in argv
	regex.match(`^auditd(\.service)?$`, unit)
	action := concat(" ", ["auditd", verb])
}

audit_actions["auditd stop"] {
	program == "service"
	count(argv) >= 3
	argv[1] == "auditd"
	argv[2] == "stop"
}

tracee_match = {"actions": actions, "command": concat(" ", argv)} {
	input.eventName == "sched_process_exec"
	actions := {action | audit_actions[action]}
	count(actions) > 0
}
