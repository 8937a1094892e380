package tracee.TRC_R2P_012

import data.tracee.helpers

__rego_metadoc__ := {
	"id": "TRC-R2P-012",
	"version": "1.0.0",
	"name": "Kubernetes TLS certificate theft attempt",
	"eventName": "k8s_cert_read",
	"description": "A process other than the Kubernetes control plane read a certificate or key of /etc/kubernetes/pki.",
	"tags": ["linux", "container", "kubernetes"],
	"properties": {
		"Severity": 2,
		"MITRE ATT&CK": "Credential Access: Steal Application Access Token",
	},
}

tracee_selected_events[eventSelector] {
	eventSelector := {
		"source": "tracee",
		"name": "security_file_open",
		"origin": "*",
	}
}

pki_dir := "/etc/kubernetes/pki/"

# Control plane components that read these files for a living.
control_plane := {
	"kube-apiserver",
	"kube-controller",
	"kube-scheduler",
	"kubelet",
	"etcd",
}

legitimate_reader {
	control_plane[input.processName]
}

legitimate_reader {
	# comm is cut to 15 characters: "kube-controller" for kube-controller-manager
	startswith(input.processName, "kube-controller")
}

tracee_match = {"pathname": path} {
	input.eventName == "security_file_open"
	path := helpers.get_tracee_argument("pathname")
	startswith(path, pki_dir)
	helpers.is_file_read(helpers.get_tracee_argument("flags"))
	not legitimate_reader
}
