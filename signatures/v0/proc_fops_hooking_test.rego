package tracee.TRC_R2P_031_test

import data.tracee.TRC_R2P_031
import data.tracee.r2p_v0_fixtures as fx

fops(list) = [{"name": "hooked_fops_pointers", "type": "[]trace.HookedSymbolData", "value": list}]

test_metadata {
	TRC_R2P_031.__rego_metadoc__.id == "TRC-R2P-031"
}

test_selected_events {
	count(TRC_R2P_031.tracee_selected_events) == 1
	TRC_R2P_031.tracee_selected_events[{"source": "tracee", "name": "hooked_proc_fops"}]
}

test_match_iterate_shared_hook {
	list := [{"SymbolName": "iterate_shared", "ModuleOwner": "reptile"}, {"SymbolName": "readdir", "ModuleOwner": ""}]
	finding := TRC_R2P_031.tracee_match with input as fx.host_event("hooked_proc_fops", fops(list))
	finding == {"hooked_fops": {"iterate_shared": "reptile", "readdir": "hidden"}}
}

test_match_owner_hidden {
	list := [{"SymbolName": "iterate_shared", "ModuleOwner": "hidden"}]
	finding := TRC_R2P_031.tracee_match with input as fx.host_event("hooked_proc_fops", fops(list))
	finding == {"hooked_fops": {"iterate_shared": "hidden"}}
}

test_no_match_empty {
	not TRC_R2P_031.tracee_match with input as fx.host_event("hooked_proc_fops", fops([]))
}

test_no_match_other_event {
	not TRC_R2P_031.tracee_match with input as fx.host_event("hooked_syscalls", [{"name": "hooked_syscalls", "type": "[]trace.HookedSymbolData", "value": [{"SymbolName": "kill", "ModuleOwner": "x"}]}])
}
