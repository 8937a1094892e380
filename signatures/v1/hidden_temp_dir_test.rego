package tracee.TRC_R2P_058_test

import rego.v1

import data.tracee.TRC_R2P_058 as sig
import data.tracee.lib.fixtures as fx

# mkdir(1) calls mkdirat(AT_FDCWD, path, 0777)
mkdir_event(path) := fx.event("mkdirat", "mkdir", "/usr/bin/mkdir", [
	{"name": "dirfd", "type": "int", "value": -100},
	{"name": "pathname", "type": "const char*", "value": path},
	{"name": "mode", "type": "mode_t", "value": 511},
])

test_metadata if {
	sig.__rego_metadoc__.id == "TRC-R2P-058"
	sig.tracee_selected_events == {{"source": "tracee", "name": "mkdir"}, {"source": "tracee", "name": "mkdirat"}}
}

test_dot_dot_dot if {
	sig.tracee_match == {"pathname": "/tmp/...", "hidden_components": ["..."], "deceptive_name": true} with input as mkdir_event("/tmp/...")
}

test_hidden_in_dev_shm_syscall if {
	ev := fx.event("mkdir", "sh", "/bin/sh", [
		{"name": "pathname", "type": "const char*", "value": "/dev/shm/.cache/.x"},
		{"name": "mode", "type": "mode_t", "value": 448},
	])
	sig.tracee_match == {"pathname": "/dev/shm/.cache/.x", "hidden_components": [".cache", ".x"], "deceptive_name": false} with input as ev
}

test_x11_socket_dir if {
	not sig.tracee_match with input as mkdir_event("/tmp/.X11-unix")
}

test_hidden_in_home if {
	not sig.tracee_match with input as mkdir_event("/home/alice/.config")
}

test_plain_temp_dir if {
	not sig.tracee_match with input as mkdir_event("/tmp/build-123")
}

test_no_such_event if {
	# Tracee never had security_inode_mkdir
	ev := fx.event("security_inode_mkdir", "mkdir", "/usr/bin/mkdir", [{"name": "directory_path", "type": "const char*", "value": "/tmp/..."}])
	not sig.tracee_match with input as ev
}
