# TRC-R2P-067: kubectl (or oc) is used from inside a container.
package tracee.TRC_R2P_067

import rego.v1

import data.tracee.lib.event as ev

__rego_metadoc__ := {
	"id": "TRC-R2P-067",
	"version": "1.0.0",
	"name": "Kubernetes client inside a container",
	"eventName": "kubectl_in_container",
	"description": "kubectl or oc was run in a container. Workloads rarely talk to the API server this way; an intruder with a service account token uses it to exec into other pods, read secrets or start new workloads.",
	"tags": ["kubernetes", "containers", "execution"],
	"properties": {
		"Severity": 3,
		"MITRE ATT&CK": "Execution: Container Administration Command",
	},
}

tracee_selected_events contains {"source": "tracee", "name": "sched_process_exec", "origin": "container"}

clients := {"kubectl", "oc"}

# options that take a separate value
valued_options := {"-n", "--namespace", "--context", "--kubeconfig", "-o", "--output", "-c", "--container", "-l", "--selector", "-s", "--server", "--token", "--as", "--cluster", "--user", "-f", "--filename"}

option_value_positions := {j | some i, a in ev.argv; a in valued_options; j := i + 1}

operands := [a | some i, a in ev.argv; i > 0; not startswith(a, "-"); not i in option_value_positions]

# the most worrying verbs get named
verb_risk := {
	"exec": "high",
	"cp": "high",
	"attach": "high",
	"debug": "high",
	"port-forward": "high",
	"run": "high",
	"create": "high",
	"apply": "high",
	"auth": "medium",
	"get": "medium",
	"describe": "medium",
}

namespace := value if {
	value := ev.option_value({"-n", "--namespace"})
} else := substring(a, 12, -1) if {
	some a in ev.argv
	startswith(a, "--namespace=")
} else := "(current)"

verb := operands[0] if {
	count(operands) > 0
} else := ""

tracee_match := {
	"tool": ev.exec_name,
	"verb": verb,
	"risk": object.get(verb_risk, verb, "low"),
	"namespace": namespace,
	"touches_secrets": count({"secret", "secrets"} & {o | some o in operands}) > 0,
	"pod": input.kubernetes.podName,
} if {
	ev.in_container
	ev.exec_name in clients
}
