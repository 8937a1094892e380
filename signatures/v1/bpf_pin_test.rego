package tracee.TRC_R2P_069_test

import rego.v1

import data.tracee.TRC_R2P_069 as sig
import data.tracee.lib.fixtures as fx

test_metadata if {
	sig.__rego_metadoc__.id == "TRC-R2P-069"
	sig.tracee_selected_events == {{"source": "tracee", "name": "security_bpf"}, {"source": "tracee", "name": "security_inode_unlink"}}
}

test_pin_by_unknown_loader if {
	ev := fx.event("security_bpf", "loader", "/dev/shm/loader", [{"name": "cmd", "type": "int", "value": 6}])
	sig.tracee_match == {"action": "pin", "pathname": "", "process": "loader", "in_container": false} with input as ev
}

test_pin_parsed_cmd_in_container if {
	ev := fx.container_event("security_bpf", "bpftool", "/usr/sbin/bpftool", [{"name": "cmd", "type": "string", "value": "BPF_OBJ_PIN"}])
	sig.tracee_match.in_container with input as ev
}

test_remove_pinned_program if {
	ev := fx.unlink_event("rm", "/usr/bin/rm", "/sys/fs/bpf/tc/globals/cilium_policy")
	sig.tracee_match == {"action": "unpin", "pathname": "/sys/fs/bpf/tc/globals/cilium_policy", "process": "rm", "in_container": false} with input as ev
}

test_prog_load_is_not_pinning if {
	ev := fx.event("security_bpf", "loader", "/dev/shm/loader", [{"name": "cmd", "type": "int", "value": 5}])
	not sig.tracee_match with input as ev
}

test_cilium_pins_maps if {
	ev := fx.event("security_bpf", "cilium-agent", "/usr/bin/cilium-agent", [{"name": "cmd", "type": "int", "value": 6}])
	not sig.tracee_match with input as ev
}

test_unlink_elsewhere if {
	ev := fx.unlink_event("rm", "/usr/bin/rm", "/tmp/sys/fs/bpf/x")
	not sig.tracee_match with input as ev
}
