package tracee.TRC_R2P_032_test

import data.tracee.TRC_R2P_032
import data.tracee.r2p_v0_fixtures as fx

ptrace_args(request, pid) = [
	{"name": "request", "type": fx.parsed_type(request, "long"), "value": request},
	{"name": "pid", "type": "pid_t", "value": pid},
	{"name": "addr", "type": "void*", "value": "0x0"},
	{"name": "data", "type": "void*", "value": "0x0"},
]

test_metadata {
	TRC_R2P_032.__rego_metadoc__.id == "TRC-R2P-032"
}

test_selected_events {
	count(TRC_R2P_032.tracee_selected_events) == 1
	TRC_R2P_032.tracee_selected_events[{"source": "tracee", "name": "ptrace", "origin": "container"}]
}

test_match_attach {
	TRC_R2P_032.tracee_match == {"request": "PTRACE_ATTACH", "pid": 1} with input as fx.container_event("ptrace", ptrace_args(16, 1))
}

test_match_seize_parsed {
	finding := TRC_R2P_032.tracee_match with input as fx.container_event("ptrace", ptrace_args("PTRACE_SEIZE", 77))
	finding == {"request": "PTRACE_SEIZE", "pid": 77}
}

test_no_match_host {
	not TRC_R2P_032.tracee_match with input as fx.host_event("ptrace", ptrace_args(16, 1))
}

test_no_match_read_requests {
	not TRC_R2P_032.tracee_match with input as fx.container_event("ptrace", ptrace_args(0, 0))
	not TRC_R2P_032.tracee_match with input as fx.container_event("ptrace", ptrace_args("PTRACE_PEEKDATA", 1))
}
