package tracee.TRC_R2P_012_test

import data.tracee.TRC_R2P_012
import data.tracee.r2p_v0_fixtures as fx

key_open := fx.open_args("/etc/kubernetes/pki/ca.key", fx.O_RDONLY)

test_metadata {
	TRC_R2P_012.__rego_metadoc__.id == "TRC-R2P-012"
	TRC_R2P_012.__rego_metadoc__.tags == ["linux", "container", "kubernetes"]
}

test_selected_events {
	count(TRC_R2P_012.tracee_selected_events) == 1
	TRC_R2P_012.tracee_selected_events[{"source": "tracee", "name": "security_file_open", "origin": "*"}]
}

test_match_cat_reads_ca_key {
	event := fx.as_process(fx.host_event("security_file_open", key_open), "cat", "/usr/bin/cat")
	TRC_R2P_012.tracee_match == {"pathname": "/etc/kubernetes/pki/ca.key"} with input as event
}

test_no_match_apiserver {
	event := fx.as_process(fx.host_event("security_file_open", key_open), "kube-apiserver", "/usr/local/bin/kube-apiserver")
	not TRC_R2P_012.tracee_match with input as event
}

test_no_match_controller_manager {
	event := fx.as_process(fx.host_event("security_file_open", key_open), "kube-controller", "/usr/local/bin/kube-controller-manager")
	not TRC_R2P_012.tracee_match with input as event
}

test_no_match_write_or_elsewhere {
	not TRC_R2P_012.tracee_match with input as fx.host_event("security_file_open", fx.open_args("/etc/kubernetes/pki/ca.key", fx.O_WRONLY))
	not TRC_R2P_012.tracee_match with input as fx.host_event("security_file_open", fx.open_args("/etc/kubernetes/admin.conf", fx.O_RDONLY))
}
