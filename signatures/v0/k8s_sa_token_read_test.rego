package tracee.TRC_R2P_013_test

import data.tracee.TRC_R2P_013
import data.tracee.r2p_v0_fixtures as fx

token := "/var/run/secrets/kubernetes.io/serviceaccount/token"

test_metadata {
	TRC_R2P_013.__rego_metadoc__.id == "TRC-R2P-013"
}

test_selected_events {
	count(TRC_R2P_013.tracee_selected_events) == 1
	TRC_R2P_013.tracee_selected_events[{"source": "tracee", "name": "security_file_open", "origin": "container"}]
}

test_match_shell_reads_token {
	finding := TRC_R2P_013.tracee_match with input as fx.container_event("security_file_open", fx.open_args(token, fx.O_RDONLY))
	finding == {"pathname": token, "process": "sh"}
}

test_match_projected_token {
	path := "/run/secrets/kubernetes.io/serviceaccount/..2026_11_26_10_00_00.123456789/token"
	event := fx.as_process(fx.container_event("security_file_open", fx.open_args(path, fx.O_RDONLY)), "curl", "/usr/bin/curl")
	TRC_R2P_013.tracee_match.pathname == path with input as event
}

test_no_match_kubectl {
	event := fx.as_process(fx.container_event("security_file_open", fx.open_args(token, fx.O_RDONLY)), "kubectl", "/usr/local/bin/kubectl")
	not TRC_R2P_013.tracee_match with input as event
}

test_no_match_host_or_other_file {
	not TRC_R2P_013.tracee_match with input as fx.host_event("security_file_open", fx.open_args(token, fx.O_RDONLY))
	not TRC_R2P_013.tracee_match with input as fx.container_event("security_file_open", fx.open_args("/var/run/secrets/kubernetes.io/serviceaccount/ca.crt", fx.O_RDONLY))
}
