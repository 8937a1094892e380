package tracee.TRC_R2P_067_test

import rego.v1

import data.tracee.TRC_R2P_067 as sig
import data.tracee.lib.fixtures as fx

test_metadata if {
	sig.__rego_metadoc__.id == "TRC-R2P-067"
	sig.tracee_selected_events == {{"source": "tracee", "name": "sched_process_exec", "origin": "container"}}
}

test_exec_into_other_pod if {
	ev := fx.container_exec_event("/usr/local/bin/kubectl", ["kubectl", "-n", "kube-system", "exec", "-it", "etcd-0", "--", "sh"])
	sig.tracee_match == {
		"tool": "kubectl",
		"verb": "exec",
		"risk": "high",
		"namespace": "kube-system",
		"touches_secrets": false,
		"pod": "web-7d9f8c6b5-x2kqz",
	} with input as ev
}

test_get_secrets if {
	ev := fx.container_exec_event("/tmp/kubectl", ["kubectl", "get", "secrets", "--namespace=prod", "-o", "yaml"])
	sig.tracee_match.touches_secrets with input as ev
	sig.tracee_match.namespace == "prod" with input as ev
	sig.tracee_match.risk == "medium" with input as ev
}

test_version_is_low_risk if {
	ev := fx.container_exec_event("/usr/bin/kubectl", ["kubectl", "version", "--client"])
	sig.tracee_match.risk == "low" with input as ev
}

test_kubectl_on_host if {
	ev := fx.exec_event("/usr/bin/kubectl", ["kubectl", "get", "pods"])
	not sig.tracee_match with input as ev
}

test_other_program_in_container if {
	ev := fx.container_exec_event("/usr/bin/curl", ["curl", "https://kubernetes.default.svc/api"])
	not sig.tracee_match with input as ev
}

test_repeated_namespace_takes_the_first if {
	ev := fx.container_exec_event("/usr/bin/kubectl", ["kubectl", "-n", "a", "get", "pods", "-n", "b"])
	sig.tracee_match.namespace == "a" with input as ev
}
