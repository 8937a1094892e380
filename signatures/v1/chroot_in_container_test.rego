package tracee.TRC_R2P_051_test

import rego.v1

import data.tracee.TRC_R2P_051 as sig
import data.tracee.lib.fixtures as fx

test_metadata if {
	sig.__rego_metadoc__.id == "TRC-R2P-051"
	every s in sig.tracee_selected_events {
		s.origin == "container"
	}
	count(sig.tracee_selected_events) == 2
}

test_chroot_syscall_to_proc_1_root if {
	ev := fx.container_event("chroot", "python3", "/usr/bin/python3", [{"name": "path", "type": "const char*", "value": "/proc/1/root"}])
	sig.tracee_match == {"new_root": "/proc/1/root", "via": "syscall", "host_root": true} with input as ev
}

test_chroot_command_into_host_mount if {
	ev := fx.container_exec_event("/usr/sbin/chroot", ["chroot", "--userspec=0:0", "/host", "/bin/bash"])
	sig.tracee_match == {"new_root": "/host", "via": "chroot command", "host_root": true} with input as ev
}

test_chroot_into_build_root if {
	ev := fx.container_event("chroot", "debootstrap", "/usr/sbin/debootstrap", [{"name": "path", "type": "const char*", "value": "/build/root"}])
	sig.tracee_match.host_root == false with input as ev
}

test_chroot_on_host if {
	ev := fx.event("chroot", "sshd", "/usr/sbin/sshd", [{"name": "path", "type": "const char*", "value": "/run/sshd"}])
	not sig.tracee_match with input as ev
}

test_failed_chroot if {
	ev := object.union(fx.container_event("chroot", "sh", "/bin/sh", [{"name": "path", "type": "const char*", "value": "/host"}]), {"returnValue": -1})
	not sig.tracee_match with input as ev
}

test_other_program if {
	ev := fx.container_exec_event("/usr/bin/ls", ["ls", "/host"])
	not sig.tracee_match with input as ev
}
