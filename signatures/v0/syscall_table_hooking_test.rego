package tracee.TRC_R2P_030_test

import data.tracee.TRC_R2P_030
import data.tracee.r2p_v0_fixtures as fx

# hooked_syscall as Tracee v0.19+ sends it: one event per hook, four strings
# (the same in v0.22, v0.24 and main, parsed or not).
hooked(syscall, address, function, owner) = [
	{"name": "syscall", "type": "const char*", "value": syscall},
	{"name": "address", "type": "const char*", "value": address},
	{"name": "function", "type": "const char*", "value": function},
	{"name": "owner", "type": "const char*", "value": owner},
]

test_metadata {
	TRC_R2P_030.__rego_metadoc__.id == "TRC-R2P-030"
	TRC_R2P_030.__rego_metadoc__.properties.Severity == 4
}

test_selected_events {
	count(TRC_R2P_030.tracee_selected_events) == 1
	TRC_R2P_030.tracee_selected_events[{"source": "tracee", "name": "hooked_syscall"}]
}

test_match_diamorphine {
	finding := TRC_R2P_030.tracee_match with input as fx.host_event("hooked_syscall", hooked("kill", "ffffffffc0a1b2c0", "hacked_kill", "diamorphine"))
	finding == {"syscall": "kill", "owner": "diamorphine", "function": "hacked_kill", "address": "ffffffffc0a1b2c0"}
}

test_match_hidden_module {
	finding := TRC_R2P_030.tracee_match with input as fx.host_event("hooked_syscall", hooked("getdents64", "ffffffffc0a1c000", "", "hidden"))
	finding.owner == "hidden"
}

test_no_match_old_event {
	# hooked_syscalls ended with v0.18: not selected, and not matched
	list := [{"SymbolName": "kill", "ModuleOwner": "diamorphine"}]
	not TRC_R2P_030.tracee_match with input as fx.host_event("hooked_syscalls", [{"name": "hooked_syscalls", "type": "[]trace.HookedSymbolData", "value": list}])
}

test_no_match_empty_or_malformed {
	not TRC_R2P_030.tracee_match with input as fx.host_event("hooked_syscall", hooked("", "", "", ""))
	not TRC_R2P_030.tracee_match with input as fx.host_event("hooked_syscall", [])
	not TRC_R2P_030.tracee_match with input as fx.host_event("hooked_syscall", [{"name": "syscall", "type": "const char*", "value": 62}])
}
