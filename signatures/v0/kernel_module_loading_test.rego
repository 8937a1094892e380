package tracee.TRC_R2P_010_test

import data.tracee.TRC_R2P_010
import data.tracee.r2p_v0_fixtures as fx

read_file_args(path, type) = [
	{"name": "pathname", "type": "const char*", "value": path},
	{"name": "dev", "type": "dev_t", "value": 264241153},
	{"name": "inode", "type": "unsigned long", "value": 655371},
	{"name": "type", "type": fx.int_type(type), "value": type},
	{"name": "ctime", "type": "unsigned long", "value": 1732500000000000000},
]

finit_args := [
	{"name": "fd", "type": "int", "value": 3},
	{"name": "param_values", "type": "const char*", "value": ""},
	{"name": "flags", "type": "int", "value": 0},
]

test_metadata {
	TRC_R2P_010.__rego_metadoc__.id == "TRC-R2P-010"
}

test_selected_events {
	count(TRC_R2P_010.tracee_selected_events) == 3
	TRC_R2P_010.tracee_selected_events[{"source": "tracee", "name": "init_module", "origin": "*"}]
	TRC_R2P_010.tracee_selected_events[{"source": "tracee", "name": "finit_module", "origin": "*"}]
	TRC_R2P_010.tracee_selected_events[{"source": "tracee", "name": "security_kernel_read_file", "origin": "*"}]
}

test_match_finit_module {
	TRC_R2P_010.tracee_match == {"method": "finit_module"} with input as fx.host_event("finit_module", finit_args)
}

test_match_kernel_read_module {
	finding := TRC_R2P_010.tracee_match with input as fx.host_event("security_kernel_read_file", read_file_args("/tmp/rootkit.ko", 2))
	finding == {"method": "security_kernel_read_file", "pathname": "/tmp/rootkit.ko"}
}

test_match_kernel_read_module_parsed {
	finding := TRC_R2P_010.tracee_match with input as fx.host_event("security_kernel_read_file", read_file_args("/lib/modules/6.8.0/extra/x.ko", "kernel-module"))
	finding.pathname == "/lib/modules/6.8.0/extra/x.ko"
}

test_no_match_firmware_read {
	not TRC_R2P_010.tracee_match with input as fx.host_event("security_kernel_read_file", read_file_args("/lib/firmware/iwlwifi.ucode", 1))
	not TRC_R2P_010.tracee_match with input as fx.host_event("security_kernel_read_file", read_file_args("/lib/firmware/iwlwifi.ucode", "firmware"))
}

test_no_match_delete_module {
	not TRC_R2P_010.tracee_match with input as fx.host_event("delete_module", [{"name": "name", "type": "const char*", "value": "x"}])
}
