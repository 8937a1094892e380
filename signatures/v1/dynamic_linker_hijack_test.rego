package tracee.TRC_R2P_054_test

import rego.v1

import data.tracee.TRC_R2P_054 as sig
import data.tracee.lib.fixtures as fx

test_metadata if {
	sig.__rego_metadoc__.id == "TRC-R2P-054"
	sig.tracee_selected_events == {{"source": "tracee", "name": "sched_process_exec"}, {"source": "tracee", "name": "security_file_open"}}
}

test_ld_audit if {
	ev := fx.exec_event_env("/usr/bin/ssh", ["ssh", "host"], ["LD_AUDIT=/usr/lib/libaudit-hook.so", "HOME=/root"])
	sig.tracee_match == {"hijacks": [{"via": "LD_AUDIT", "library": "/usr/lib/libaudit-hook.so"}], "process": "ssh"} with input as ev
}

test_ld_preload_from_shm_and_hidden if {
	ev := fx.exec_event_env("/usr/sbin/sshd", ["sshd", "-D"], ["LD_PRELOAD=/dev/shm/x.so:/usr/lib/.cache/y.so /usr/lib/libjemalloc.so.2"])
	sig.tracee_match.hijacks == [
		{"via": "LD_PRELOAD", "library": "/dev/shm/x.so"},
		{"via": "LD_PRELOAD", "library": "/usr/lib/.cache/y.so"},
	] with input as ev
}

test_write_ld_so_preload if {
	ev := fx.open_event("bash", "/usr/bin/bash", "/etc/ld.so.preload", fx.O_WRONLY_CREAT_TRUNC)
	sig.tracee_match.hijacks == [{"via": "/etc/ld.so.preload", "library": ""}] with input as ev
}

test_ordinary_preload if {
	ev := fx.exec_event_env("/usr/bin/redis-server", ["redis-server"], ["LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libjemalloc.so.2"])
	not sig.tracee_match with input as ev
}

test_reading_ld_so_preload if {
	ev := fx.open_event("ls", "/usr/bin/ls", "/etc/ld.so.preload", fx.O_RDONLY)
	not sig.tracee_match with input as ev
}

test_no_env_captured if {
	ev := fx.exec_event("/usr/bin/ssh", ["ssh", "host"])
	not sig.tracee_match with input as ev
}
