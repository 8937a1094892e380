package tracee.TRC_R2P_009_test

import data.tracee.TRC_R2P_009
import data.tracee.r2p_v0_fixtures as fx

alert_args(alert) = [
	{"name": "alert", "type": alert_type(alert), "value": alert},
	{"name": "addr", "type": "void*", "value": "0x7f5e3c000000"},
	{"name": "len", "type": "size_t", "value": 4096},
	{"name": "prot", "type": "string", "value": "PROT_READ|PROT_WRITE|PROT_EXEC"},
	{"name": "prev_prot", "type": "string", "value": "PROT_READ|PROT_WRITE"},
	{"name": "pathname", "type": "const char*", "value": ""},
	{"name": "dev", "type": "dev_t", "value": 0},
	{"name": "inode", "type": "unsigned long", "value": 0},
	{"name": "ctime", "type": "u64", "value": 0},
]

# parsed (v0.22's rule engine): the alert's message, type "string"
alert_type(alert) = "string" {
	is_string(alert)
} else = "u32" {
	true
}

test_metadata {
	TRC_R2P_009.__rego_metadoc__.id == "TRC-R2P-009"
}

test_selected_events {
	count(TRC_R2P_009.tracee_selected_events) == 1
	TRC_R2P_009.tracee_selected_events[{"source": "tracee", "name": "mem_prot_alert", "origin": "*"}]
}

test_match_wx_mmap {
	TRC_R2P_009.tracee_match == {"alert": "Mmaped region with W+E permissions!"} with input as fx.host_event("mem_prot_alert", alert_args(1))
}

test_match_parsed_message {
	finding := TRC_R2P_009.tracee_match with input as fx.container_event("mem_prot_alert", alert_args("Protection changed from W to E!"))
	finding.alert == "Protection changed from W to E!"
}

test_no_match_plain_executable {
	not TRC_R2P_009.tracee_match with input as fx.host_event("mem_prot_alert", alert_args(2))
	not TRC_R2P_009.tracee_match with input as fx.host_event("mem_prot_alert", alert_args("Protection changed to Executable!"))
}

test_no_match_unknown_code {
	not TRC_R2P_009.tracee_match with input as fx.host_event("mem_prot_alert", alert_args(9))
}
