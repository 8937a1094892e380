package tracee.TRC_R2P_014_test

import data.tracee.TRC_R2P_014
import data.tracee.r2p_v0_fixtures as fx

pod_env := ["KUBERNETES_SERVICE_HOST=10.96.0.1", "KUBERNETES_SERVICE_PORT=443", "HOSTNAME=web-6d4cf56db6-x7k2p", "PATH=/usr/bin:/bin"]

connect_args(ip, port) = [
	{"name": "sockfd", "type": "int", "value": 5},
	{"name": "type", "type": "int", "value": 1},
	{"name": "remote_addr", "type": "struct sockaddr*", "value": {"sa_family": "AF_INET", "sin_addr": ip, "sin_port": port}},
]

test_metadata {
	TRC_R2P_014.__rego_metadoc__.id == "TRC-R2P-014"
}

test_selected_events {
	count(TRC_R2P_014.tracee_selected_events) == 2
	TRC_R2P_014.tracee_selected_events[{"source": "tracee", "name": "sched_process_exec", "origin": "container"}]
	TRC_R2P_014.tracee_selected_events[{"source": "tracee", "name": "security_socket_connect", "origin": "container"}]
}

test_match_curl_to_service_host {
	argv := ["curl", "-sk", "-H", "Authorization: Bearer x", "https://10.96.0.1/api/v1/secrets"]
	finding := TRC_R2P_014.tracee_match with input as fx.container_event("sched_process_exec", fx.exec_args("/usr/bin/curl", argv, pod_env))
	finding == {"api_servers": {"10.96.0.1"}, "argv": argv}
}

test_match_service_dns_name {
	argv := ["wget", "-qO-", "https://kubernetes.default.svc/api"]
	finding := TRC_R2P_014.tracee_match with input as fx.container_event("sched_process_exec", fx.exec_args("/usr/bin/wget", argv, []))
	finding.api_servers == {"kubernetes.default.svc", "kubernetes.default"}
}

test_match_connect_api_port {
	TRC_R2P_014.tracee_match == {"api_servers": {"172.18.0.2:6443"}} with input as fx.container_event("security_socket_connect", connect_args("172.18.0.2", "6443"))
}

test_no_match_unrelated_command {
	not TRC_R2P_014.tracee_match with input as fx.container_event("sched_process_exec", fx.exec_args("/usr/bin/curl", ["curl", "https://example.com"], pod_env))
}

test_no_match_on_host {
	argv := ["curl", "https://kubernetes.default.svc/api"]
	not TRC_R2P_014.tracee_match with input as fx.host_event("sched_process_exec", fx.exec_args("/usr/bin/curl", argv, pod_env))
	not TRC_R2P_014.tracee_match with input as fx.host_event("security_socket_connect", connect_args("172.18.0.2", "6443"))
}

test_no_match_other_port {
	not TRC_R2P_014.tracee_match with input as fx.container_event("security_socket_connect", connect_args("10.96.0.10", "53"))
}
