package tracee.TRC_R2P_059_test

import rego.v1

import data.tracee.TRC_R2P_059 as sig
import data.tracee.lib.fixtures as fx

test_metadata if {
	sig.__rego_metadoc__.id == "TRC-R2P-059"
	{s.name | some s in sig.tracee_selected_events} == {"sched_process_exec", "security_socket_connect", "sched_process_exit"}
}

test_exec_a_kworker if {
	ev := fx.exec_event("/tmp/.x/miner", ["[kworker/0:1H]", "-c", "cfg"])
	sig.tracee_match == {"reasons": ["argv[0] shaped like a kernel thread"], "executable": "/tmp/.x/miner"} with input as ev
}

test_exec_a_sshd if {
	ev := fx.exec_event("/var/tmp/bd", ["sshd"])
	sig.tracee_match.reasons == ["argv[0] claims to be sshd"] with input as ev
}

test_daemon_name_outside_system_dirs if {
	ev := fx.exec_event("/dev/shm/sshd", ["/dev/shm/sshd", "-D"])
	sig.tracee_match.reasons == ["sshd runs from /dev/shm/sshd"] with input as ev
}

test_renamed_process_connects if {
	ev := fx.event("security_socket_connect", "kworker/u8:2", "/home/bob/.local/bin/agent", [
		{"name": "sockfd", "type": "int", "value": 3},
		{"name": "remote_addr", "type": "struct sockaddr*", "value": {"sa_family": "AF_INET", "sin_addr": "203.0.113.5", "sin_port": "443"}},
	])
	sig.tracee_match == {"reasons": ["process name kworker/u8:2 differs from the executable"], "executable": "/home/bob/.local/bin/agent"} with input as ev
}

test_real_sshd if {
	ev := fx.exec_event("/usr/sbin/sshd", ["sshd: alice [priv]"])
	not sig.tracee_match with input as ev
}

test_login_shell_dash_argv0 if {
	ev := fx.exec_event("/usr/bin/bash", ["-bash"])
	not sig.tracee_match with input as ev
}

test_kernel_thread_exit_has_no_executable if {
	ev := fx.event("sched_process_exit", "kworker/0:1", "", [{"name": "exit_code", "type": "long", "value": 0}])
	not sig.tracee_match with input as ev
}
