package tracee.TRC_R2P_050_test

import rego.v1

import data.tracee.TRC_R2P_050 as sig
import data.tracee.lib.fixtures as fx

test_metadata if {
	sig.__rego_metadoc__.id == "TRC-R2P-050"
	sig.tracee_selected_events == {{"source": "tracee", "name": "sched_process_exec", "origin": "container"}}
}

test_nsenter_pid1_all if {
	ev := fx.container_exec_event("/usr/bin/nsenter", ["nsenter", "-t", "1", "-m", "-u", "-i", "-n", "-p", "--", "bash"])
	sig.tracee_match == {"tool": "nsenter", "target_pid": 1, "namespaces": ["ipc", "mnt", "net", "pid", "uts"]} with input as ev
}

test_nsenter_combined_and_long if {
	ev := fx.container_exec_event("/usr/bin/nsenter", ["nsenter", "--target=1", "-mU", "--net", "sh"])
	sig.tracee_match.namespaces == ["mnt", "net", "user"] with input as ev
}

test_nsenter_ns_file if {
	ev := fx.container_exec_event("/usr/bin/nsenter", ["nsenter", "--mount=/proc/1/ns/mnt", "sh"])
	sig.tracee_match == {"tool": "nsenter", "target_pid": 1, "namespaces": ["mnt"]} with input as ev
}

test_nsenter_all if {
	ev := fx.container_exec_event("/usr/bin/nsenter", ["nsenter", "-t", "1", "-a"])
	count(sig.tracee_match.namespaces) == 8 with input as ev
}

test_unshare_map_root if {
	ev := fx.container_exec_event("/usr/bin/unshare", ["unshare", "-UrmC", "bash"])
	sig.tracee_match == {"tool": "unshare", "target_pid": 0, "namespaces": ["cgroup", "mnt", "user"]} with input as ev
}

test_nsenter_on_host_is_admin_work if {
	ev := fx.exec_event("/usr/bin/nsenter", ["nsenter", "-t", "1", "-m", "sh"])
	not sig.tracee_match with input as ev
}

test_nsenter_own_child if {
	ev := fx.container_exec_event("/usr/bin/nsenter", ["nsenter", "-t", "45", "-n", "ip", "a"])
	not sig.tracee_match with input as ev
}

test_unshare_without_root_mapping if {
	ev := fx.container_exec_event("/usr/bin/unshare", ["unshare", "--mount", "sh"])
	not sig.tracee_match with input as ev
}

test_nsenter_self_namespace_file if {
	ev := fx.container_exec_event("/usr/bin/nsenter", ["nsenter", "--net=/proc/self/ns/net", "ip", "a"])
	not sig.tracee_match with input as ev
}
