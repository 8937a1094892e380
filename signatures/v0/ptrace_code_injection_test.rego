package tracee.TRC_R2P_002_test

import data.tracee.TRC_R2P_002
import data.tracee.r2p_v0_fixtures as fx

ptrace_args(request, pid) = [
	{"name": "request", "type": fx.parsed_type(request, "long"), "value": request},
	{"name": "pid", "type": "pid_t", "value": pid},
	{"name": "addr", "type": "void*", "value": "0x7f1c2a4b1000"},
	{"name": "data", "type": "void*", "value": "0x9090909090909090"},
]

test_metadata {
	TRC_R2P_002.__rego_metadoc__.id == "TRC-R2P-002"
	TRC_R2P_002.__rego_metadoc__.properties["MITRE ATT&CK"] == "Defense Evasion: Process Injection"
}

test_selected_events {
	count(TRC_R2P_002.tracee_selected_events) == 1
	TRC_R2P_002.tracee_selected_events[{"source": "tracee", "name": "ptrace", "origin": "*"}]
}

test_match_poketext {
	finding := TRC_R2P_002.tracee_match with input as fx.host_event("ptrace", ptrace_args(4, 1234))
	finding == {"request": "PTRACE_POKETEXT", "pid": 1234}
}

test_match_pokedata_parsed_name {
	finding := TRC_R2P_002.tracee_match with input as fx.container_event("ptrace", ptrace_args("PTRACE_POKEDATA", 7))
	finding == {"request": "PTRACE_POKEDATA", "pid": 7}
}

test_no_match_peektext {
	not TRC_R2P_002.tracee_match with input as fx.host_event("ptrace", ptrace_args(1, 1234))
}

test_no_match_attach_name {
	not TRC_R2P_002.tracee_match with input as fx.host_event("ptrace", ptrace_args("PTRACE_ATTACH", 1234))
}
