package tracee.TRC_R2P_037_test

import rego.v1

import data.tracee.TRC_R2P_037 as sig
import data.tracee.lib.fixtures as fx

test_metadata if {
	sig.__rego_metadoc__.id == "TRC-R2P-037"
	sig.tracee_selected_events == {
		{"source": "tracee", "name": "security_file_open"},
		{"source": "tracee", "name": "security_inode_rename"},
	}
}

test_append_to_authorized_keys if {
	ev := fx.open_event("bash", "/usr/bin/bash", "/root/.ssh/authorized_keys", fx.O_WRONLY_APPEND)
	sig.tracee_match == {"pathname": "/root/.ssh/authorized_keys", "method": "open for write", "process": "bash"} with input as ev
}

test_rename_onto_authorized_keys2 if {
	ev := fx.rename_event("python3", "/usr/bin/python3", "/tmp/k", "/home/bob/.ssh/authorized_keys2")
	sig.tracee_match == {"pathname": "/home/bob/.ssh/authorized_keys2", "method": "rename", "process": "python3"} with input as ev
}

test_sshd_reading_keys_is_fine if {
	ev := fx.open_event("sshd", "/usr/sbin/sshd", "/home/bob/.ssh/authorized_keys", fx.O_RDONLY)
	not sig.tracee_match with input as ev
}

test_cloud_init_is_trusted if {
	ev := fx.open_event("cloud-init", "/usr/bin/python3", "/home/ubuntu/.ssh/authorized_keys", fx.O_WRONLY_CREAT_TRUNC)
	not sig.tracee_match with input as ev
}

test_rename_away_from_authorized_keys if {
	ev := fx.rename_event("mv", "/usr/bin/mv", "/root/.ssh/authorized_keys", "/root/.ssh/authorized_keys.bak")
	not sig.tracee_match with input as ev
}
