package tracee.TRC_R2P_040_test

import rego.v1

import data.tracee.TRC_R2P_040 as sig
import data.tracee.lib.fixtures as fx

test_metadata if {
	sig.__rego_metadoc__.id == "TRC-R2P-040"
	sig.tracee_selected_events == {
		{"source": "tracee", "name": "setuid", "origin": "*"},
		{"source": "tracee", "name": "setreuid", "origin": "*"},
		{"source": "tracee", "name": "setresuid", "origin": "*"},
	}
}

test_exploit_setresuid if {
	ev := fx.event("setresuid", "exploit", "/tmp/exploit", [
		{"name": "ruid", "type": "uid_t", "value": 0},
		{"name": "euid", "type": "uid_t", "value": 0},
		{"name": "suid", "type": "uid_t", "value": 1000},
	])
	sig.tracee_match == {
		"syscall": "setresuid",
		"root_ids": ["ruid", "euid"],
		"uid": 1000,
		"process": "exploit",
		"executable": "/tmp/exploit",
	} with input as ev
}

test_setuid_zero if {
	ev := fx.event("setuid", "pwnkit", "/home/alice/pwnkit", [{"name": "uid", "type": "uid_t", "value": 0}])
	sig.tracee_match.root_ids == ["uid"] with input as ev
}

test_sudo_is_expected if {
	ev := fx.event("setresuid", "sudo", "/usr/bin/sudo", [
		{"name": "ruid", "type": "uid_t", "value": 0},
		{"name": "euid", "type": "uid_t", "value": 0},
		{"name": "suid", "type": "uid_t", "value": 0},
	])
	not sig.tracee_match with input as ev
}

test_root_dropping_privileges if {
	ev := fx.as_user(fx.event("setuid", "nginx", "/usr/sbin/nginx", [{"name": "uid", "type": "uid_t", "value": 33}]), 0)
	not sig.tracee_match with input as ev
}

test_failed_attempt if {
	ev := object.union(fx.event("setuid", "exploit", "/tmp/exploit", [{"name": "uid", "type": "uid_t", "value": 0}]), {"returnValue": -1})
	not sig.tracee_match with input as ev
}
