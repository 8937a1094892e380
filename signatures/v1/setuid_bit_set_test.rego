package tracee.TRC_R2P_039_test

import rego.v1

import data.tracee.TRC_R2P_039 as sig
import data.tracee.lib.fixtures as fx

test_metadata if {
	sig.__rego_metadoc__.id == "TRC-R2P-039"
	{s.name | some s in sig.tracee_selected_events} == {"chmod", "fchmod", "fchmodat"}
}

test_chmod_4755_copy_of_bash if {
	ev := fx.event("chmod", "chmod", "/usr/bin/chmod", [
		{"name": "pathname", "type": "const char*", "value": "/tmp/.x/bash"},
		{"name": "mode", "type": "mode_t", "value": 2541},
	])
	sig.tracee_match == {"pathname": "/tmp/.x/bash", "bits": ["setuid"], "mode": "4755"} with input as ev
}

test_fchmodat_setuid_and_setgid if {
	ev := fx.event("fchmodat", "python3", "/usr/bin/python3", [
		{"name": "dirfd", "type": "int", "value": -100},
		{"name": "pathname", "type": "const char*", "value": "/var/tmp/sh"},
		{"name": "mode", "type": "mode_t", "value": 3565},
		{"name": "flags", "type": "int", "value": 0},
	])
	sig.tracee_match == {"pathname": "/var/tmp/sh", "bits": ["setgid", "setuid"], "mode": "6755"} with input as ev
}

test_fchmod_names_the_fd if {
	ev := fx.event("fchmod", "cp", "/usr/bin/cp", [
		{"name": "fd", "type": "int", "value": 4},
		{"name": "mode", "type": "mode_t", "value": 1517},
	])
	sig.tracee_match == {"pathname": "fd 4", "bits": ["setgid"], "mode": "2755"} with input as ev
}

test_plain_chmod_755 if {
	ev := fx.event("chmod", "chmod", "/usr/bin/chmod", [
		{"name": "pathname", "type": "const char*", "value": "/tmp/tool"},
		{"name": "mode", "type": "mode_t", "value": 493},
	])
	not sig.tracee_match with input as ev
}

test_failed_chmod if {
	ev := object.union(fx.event("chmod", "chmod", "/usr/bin/chmod", [
		{"name": "pathname", "type": "const char*", "value": "/usr/bin/bash"},
		{"name": "mode", "type": "mode_t", "value": 2541},
	]), {"returnValue": -1})
	not sig.tracee_match with input as ev
}

test_dpkg_installs_setuid_binaries if {
	ev := fx.event("fchmodat", "dpkg", "/usr/bin/dpkg", [
		{"name": "dirfd", "type": "int", "value": -100},
		{"name": "pathname", "type": "const char*", "value": "/usr/bin/passwd.dpkg-new"},
		{"name": "mode", "type": "mode_t", "value": 2541},
		{"name": "flags", "type": "int", "value": 0},
	])
	not sig.tracee_match with input as ev
}
