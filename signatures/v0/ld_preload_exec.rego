package tracee.TRC_R2P_005

import data.tracee.helpers

__rego_metadoc__ := {
	"id": "TRC-R2P-005",
	"version": "1.0.0",
	"name": "Library injection through the loader's environment",
	"eventName": "ld_preload_exec",
	"description": "A program was executed with LD_PRELOAD or LD_AUDIT set, so the dynamic loader injects the named libraries into it.",
	"tags": ["linux", "container"],
	"properties": {
		"Severity": 2,
		"MITRE ATT&CK": "Persistence: Hijack Execution Flow",
	},
}

tracee_selected_events[eventSelector] {
	eventSelector := {
		"source": "tracee",
		"name": "sched_process_exec",
		"origin": "*",
	}
}

injecting_variables := {"LD_PRELOAD", "LD_AUDIT"}

# name -> value of every injecting variable set to something non-empty
injections[name] = value {
	env := helpers.get_tracee_argument("env")
	name := injecting_variables[_]
	value := helpers.env_value(env, name)
	trim_space(value) != ""
}

tracee_match = {"variables": injections, "pathname": helpers.get_tracee_argument("pathname")} {
	input.eventName == "sched_process_exec"
	count(injections) > 0
}
