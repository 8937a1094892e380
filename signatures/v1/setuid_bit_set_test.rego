package tracee.TRC_R2P_039_test

import rego.v1

import data.tracee.TRC_R2P_039 as sig
import data.tracee.lib.fixtures as fx

test_metadata if {
	sig.__rego_metadoc__.id == "TRC-R2P-039"
	{s.name | some s in sig.tracee_selected_events} == {"chmod", "fchmod", "fchmodat", "sched_process_exec"}
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

# What v0.22's rule engine gave: the mode parsed, without the setuid bit (Tracee's text form).
test_parsed_mode_has_no_setuid_bit if {
	ev := fx.event("chmod", "chmod", "/usr/bin/chmod", [
		{"name": "pathname", "type": "const char*", "value": "/tmp/.x/bash"},
		{"name": "mode", "type": "string", "value": "S_IRWXU|S_IRGRP|S_IXGRP|S_IROTH|S_IXOTH"},
	])
	not sig.tracee_match with input as ev
}

test_parsed_mode_naming_the_bit if {
	ev := fx.event("chmod", "chmod", "/usr/bin/chmod", [
		{"name": "pathname", "type": "const char*", "value": "/tmp/.x/bash"},
		{"name": "mode", "type": "string", "value": "S_ISUID|S_IRWXU|S_IRGRP|S_IXGRP|S_IROTH|S_IXOTH"},
	])
	sig.tracee_match == {"pathname": "/tmp/.x/bash", "bits": ["setuid"], "mode": "S_ISUID|S_IRWXU|S_IRGRP|S_IXGRP|S_IROTH|S_IXOTH"} with input as ev
}

# Main-branch types (uint16 mode, returnValue a field): the same finding.
test_main_branch_chmod if {
	ev := fx.event("chmod", "chmod", "/usr/bin/chmod", [
		{"name": "pathname", "type": "string", "value": "/tmp/.x/bash"},
		{"name": "mode", "type": "uint16", "value": 2541},
	])
	sig.tracee_match == {"pathname": "/tmp/.x/bash", "bits": ["setuid"], "mode": "4755"} with input as ev
}

with_value(arg, name, value) := object.union(arg, {"value": value}) if arg.name == name

with_value(arg, name, _) := arg if arg.name != name

setuid_exec_args(path, mode) := [with_value(a, "inode_mode", mode) | some a in fx.exec_args(path, [path], [])]

test_exec_of_planted_setuid_file if {
	# inode_mode 0104755: a regular file, setuid, rwxr-xr-x
	ev := object.union(fx.exec_event("/tmp/.x/bash", ["/tmp/.x/bash", "-p"]), {"args": setuid_exec_args("/tmp/.x/bash", 35309)})
	sig.tracee_match == {"pathname": "/tmp/.x/bash", "bits": ["setuid"], "mode": "4755", "method": "exec"} with input as ev
}

test_exec_of_installed_setuid_program if {
	ev := object.union(fx.exec_event("/usr/bin/passwd", ["passwd"]), {"args": setuid_exec_args("/usr/bin/passwd", 35309)})
	not sig.tracee_match with input as ev
}

test_exec_of_plain_file_in_tmp if {
	not sig.tracee_match with input as fx.exec_event("/tmp/tool", ["/tmp/tool"])
}
