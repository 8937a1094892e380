package tracee.TRC_R2P_013

import data.tracee.helpers

__rego_metadoc__ := {
	"id": "TRC-R2P-013",
	"version": "1.0.0",
	"name": "Kubernetes service account token read",
	"eventName": "k8s_sa_token_read",
	"description": "A process in a container read the pod's service account token, which authenticates it to the Kubernetes API.",
	"tags": ["linux", "container", "kubernetes"],
	"properties": {
		"Severity": 1,
		"MITRE ATT&CK": "Credential Access: Exploitation for Credential Access",
	},
}

tracee_selected_events[eventSelector] {
	eventSelector := {
		"source": "tracee",
		"name": "security_file_open",
		"origin": "container",
	}
}

# The token, possibly through the timestamped directory kubelet projects it into.
token_pattern := `^(/var)?/run/secrets/kubernetes\.io/serviceaccount/(\.\.[0-9_.]+/)?token$`

# Programs that use the token as intended.
token_users := {"kubectl", "kube-proxy", "coredns", "flanneld", "calico-node", "cilium-agent", "aws-k8s-agent"}

tracee_match = {"pathname": path, "process": input.processName} {
	input.eventName == "security_file_open"
	helpers.in_container
	path := helpers.get_tracee_argument("pathname")
	regex.match(token_pattern, path)
	not token_users[input.processName]
}
