package tracee.TRC_R2P_046_test

import rego.v1

import data.tracee.TRC_R2P_046 as sig
import data.tracee.lib.fixtures as fx

utimensat_event(comm, path, times) := fx.event("utimensat", comm, "/usr/bin/python3", [
	{"name": "dirfd", "type": "int", "value": -100},
	{"name": "pathname", "type": "const char*", "value": path},
	{"name": "times", "type": "struct timespec*", "value": times},
	{"name": "flags", "type": "int", "value": 0},
])

test_metadata if {
	sig.__rego_metadoc__.id == "TRC-R2P-046"
	sig.tracee_selected_events == {{"source": "tracee", "name": "sched_process_exec"}, {"source": "tracee", "name": "utimensat"}}
}

test_touch_reference if {
	ev := fx.exec_event("/usr/bin/touch", ["touch", "-r", "/usr/bin/ls", "/usr/bin/.sshd", "/tmp/other"])
	sig.tracee_match == {"method": "touch", "targets": ["/usr/bin/.sshd"]} with input as ev
}

test_touch_glued_date if {
	ev := fx.exec_event("/usr/bin/touch", ["touch", "-t202001010000", "/etc/cron.d/job"])
	sig.tracee_match == {"method": "touch", "targets": ["/etc/cron.d/job"]} with input as ev
}

test_utimensat_explicit_times if {
	ev := utimensat_event("python3", "/usr/lib/x86_64-linux-gnu/libpam.so.0", 1577836800.0)
	sig.tracee_match == {"method": "utimensat", "targets": ["/usr/lib/x86_64-linux-gnu/libpam.so.0"]} with input as ev
}

test_touch_now if {
	ev := fx.exec_event("/usr/bin/touch", ["touch", "/etc/motd"])
	not sig.tracee_match with input as ev
}

test_touch_date_in_home if {
	ev := fx.exec_event("/usr/bin/touch", ["touch", "-d", "yesterday", "/home/alice/notes"])
	not sig.tracee_match with input as ev
}

test_utimensat_now if {
	ev := utimensat_event("python3", "/usr/bin/tool", 0)
	not sig.tracee_match with input as ev
}

test_dpkg_keeps_times if {
	ev := utimensat_event("dpkg", "/usr/bin/tool", 1577836800.0)
	not sig.tracee_match with input as ev
}

# coreutils touch without a date: times NULL (0); busybox and others pass
# UTIME_NOW in tv_nsec, which Tracee decodes as 0 s + 1073741823 ns.
test_utimensat_utime_now if {
	not sig.tracee_match with input as utimensat_event("touch", "/usr/bin/tool", 1.073741823)
	not sig.tracee_match with input as utimensat_event("touch", "/usr/bin/tool", 1.073741822)
}

# Main-branch types: times is a float64, the returnValue a field.
test_utimensat_main_branch if {
	ev := fx.event("utimensat", "python3", "/usr/bin/python3", [
		{"name": "dirfd", "type": "int32", "value": -100},
		{"name": "pathname", "type": "string", "value": "/usr/sbin/sshd"},
		{"name": "times", "type": "float64", "value": 1262304000.5},
		{"name": "flags", "type": "int32", "value": 0},
	])
	sig.tracee_match == {"method": "utimensat", "targets": ["/usr/sbin/sshd"]} with input as ev
}
