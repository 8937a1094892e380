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
	ev := utimensat_event("python3", "/usr/lib/x86_64-linux-gnu/libpam.so.0", 140732193165328)
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
	ev := utimensat_event("dpkg", "/usr/bin/tool", 140732193165328)
	not sig.tracee_match with input as ev
}
