package tracee.TRC_R2P_068_test

import rego.v1

import data.tracee.TRC_R2P_068 as sig
import data.tracee.lib.fixtures as fx

cred(uid, euid, caps, userns) := {
	"Uid": uid, "Gid": uid, "Suid": euid, "Sgid": uid, "Euid": euid, "Egid": uid, "Fsuid": euid, "Fsgid": uid,
	"UserNamespace": userns, "SecureBits": 0,
	"CapInheritable": 0, "CapPermitted": caps, "CapEffective": caps, "CapBounding": 2199023255551, "CapAmbient": 0,
}

creds_event(comm, old, new) := fx.event("commit_creds", comm, "/tmp/x", [
	{"name": "old_cred", "type": "slim_cred_t", "value": old},
	{"name": "new_cred", "type": "slim_cred_t", "value": new},
])

test_metadata if {
	sig.__rego_metadoc__.id == "TRC-R2P-068"
	sig.tracee_selected_events == {{"source": "tracee", "name": "commit_creds", "origin": "*"}}
}

test_exploit_gains_full_set if {
	ev := creds_event("exploit", cred(1000, 1000, 0, 4026531837), cred(1000, 0, 2199023255551, 4026531837))
	sig.tracee_match == {
		"gained": [
			"CAP_BPF", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_NET_ADMIN", "CAP_NET_RAW",
			"CAP_SETUID", "CAP_SYS_ADMIN", "CAP_SYS_MODULE", "CAP_SYS_PTRACE", "CAP_SYS_RAWIO",
		],
		"old_euid": 1000,
		"new_euid": 0,
		"process": "exploit",
	} with input as ev
}

test_file_capability_sys_ptrace if {
	# 524288 = 1 << 19 (CAP_SYS_PTRACE) added to CAP_NET_BIND_SERVICE (1 << 10)
	ev := creds_event("gdb-helper", cred(1000, 1000, 1024, 4026531837), cred(1000, 1000, 525312, 4026531837))
	sig.tracee_match.gained == ["CAP_SYS_PTRACE"] with input as ev
}

test_sudo_is_expected if {
	ev := creds_event("sudo", cred(1000, 1000, 0, 4026531837), cred(0, 0, 2199023255551, 4026531837))
	not sig.tracee_match with input as ev
}

test_new_user_namespace if {
	ev := creds_event("unshare", cred(1000, 1000, 0, 4026531837), cred(1000, 1000, 2199023255551, 4026532900))
	not sig.tracee_match with input as ev
}

test_dropping_capabilities if {
	ev := creds_event("nginx", cred(0, 0, 2199023255551, 4026531837), cred(33, 33, 0, 4026531837))
	not sig.tracee_match with input as ev
}
