package tracee.TRC_R2P_030_test

import data.tracee.TRC_R2P_030
import data.tracee.r2p_v0_fixtures as fx

hooked(list) = [{"name": "hooked_syscalls", "type": "[]trace.HookedSymbolData", "value": list}]

test_metadata {
	TRC_R2P_030.__rego_metadoc__.id == "TRC-R2P-030"
	TRC_R2P_030.__rego_metadoc__.properties.Severity == 4
}

test_selected_events {
	count(TRC_R2P_030.tracee_selected_events) == 1
	TRC_R2P_030.tracee_selected_events[{"source": "tracee", "name": "hooked_syscalls"}]
}

test_match_diamorphine {
	list := [
		{"SymbolName": "kill", "ModuleOwner": "diamorphine"},
		{"SymbolName": "getdents64", "ModuleOwner": "diamorphine"},
		{"SymbolName": "getdents", "ModuleOwner": "diamorphine"},
	]
	finding := TRC_R2P_030.tracee_match with input as fx.host_event("hooked_syscalls", hooked(list))
	finding == {"syscalls": ["getdents", "getdents64", "kill"], "owners": {"diamorphine"}}
}

test_match_hidden_module {
	finding := TRC_R2P_030.tracee_match with input as fx.host_event("hooked_syscalls", hooked([{"SymbolName": "openat", "ModuleOwner": "hidden"}]))
	finding.owners == {"hidden"}
}

test_no_match_no_hooks {
	not TRC_R2P_030.tracee_match with input as fx.host_event("hooked_syscalls", hooked([]))
	not TRC_R2P_030.tracee_match with input as fx.host_event("hooked_syscalls", [])
}

test_no_match_malformed_hook {
	list := [{"SymbolName": "kill", "ModuleOwner": "x"}, {"SymbolName": 62}]
	not TRC_R2P_030.tracee_match with input as fx.host_event("hooked_syscalls", hooked(list))
}
