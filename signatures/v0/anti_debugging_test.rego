package tracee.TRC_R2P_001_test

import data.tracee.TRC_R2P_001
import data.tracee.r2p_v0_fixtures as fx

ptrace_args(request, pid) = [
	{"name": "request", "type": "long", "value": request},
	{"name": "pid", "type": "pid_t", "value": pid},
	{"name": "addr", "type": "void*", "value": "0x0"},
	{"name": "data", "type": "void*", "value": "0x0"},
]

test_metadata {
	TRC_R2P_001.__rego_metadoc__.id == "TRC-R2P-001"
	TRC_R2P_001.__rego_metadoc__.properties.Severity == 1
}

test_selected_events {
	count(TRC_R2P_001.tracee_selected_events) == 1
	TRC_R2P_001.tracee_selected_events[{"source": "tracee", "name": "ptrace", "origin": "*"}]
}

test_match_traceme {
	TRC_R2P_001.tracee_match with input as fx.host_event("ptrace", ptrace_args(0, 0))
}

test_match_traceme_in_container {
	TRC_R2P_001.tracee_match with input as fx.container_event("ptrace", ptrace_args(0, 0))
}

# v0.22's rule engine always parsed arguments: the request by name, pointers as "0x..."
test_match_traceme_parsed {
	TRC_R2P_001.tracee_match with input as fx.host_event("ptrace", [
		{"name": "request", "type": "string", "value": "PTRACE_TRACEME"},
		{"name": "pid", "type": "pid_t", "value": 0},
		{"name": "addr", "type": "void*", "value": "0x0"},
		{"name": "data", "type": "void*", "value": "0x0"},
	])
}

test_no_match_attach_parsed {
	not TRC_R2P_001.tracee_match with input as fx.host_event("ptrace", [
		{"name": "request", "type": "string", "value": "PTRACE_ATTACH"},
		{"name": "pid", "type": "pid_t", "value": 1234},
		{"name": "addr", "type": "void*", "value": "0x0"},
		{"name": "data", "type": "void*", "value": "0x0"},
	])
}

# Raw arguments: numbers (pointers too)
test_match_traceme_raw {
	TRC_R2P_001.tracee_match with input as fx.host_event("ptrace", [
		{"name": "request", "type": "long", "value": 0},
		{"name": "pid", "type": "pid_t", "value": 0},
		{"name": "addr", "type": "void*", "value": 0},
		{"name": "data", "type": "void*", "value": 0},
	])
}

test_no_match_attach {
	not TRC_R2P_001.tracee_match with input as fx.host_event("ptrace", ptrace_args(16, 1234))
}

test_no_match_other_event {
	not TRC_R2P_001.tracee_match with input as fx.host_event("security_file_open", fx.open_args("/etc/passwd", 0))
}
