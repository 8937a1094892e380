package tracee.TRC_R2P_070_test

import rego.v1

import data.tracee.TRC_R2P_070 as sig
import data.tracee.lib.fixtures as fx

test_metadata if {
	sig.__rego_metadoc__.id == "TRC-R2P-070"
	sig.tracee_selected_events == {{"source": "tracee", "name": "security_file_open", "origin": "*"}}
}

test_core_pattern_from_container if {
	ev := fx.container_open_event("sh", "/bin/sh", "/proc/sys/kernel/core_pattern", fx.O_WRONLY_CREAT_TRUNC)
	sig.tracee_match == {
		"setting": "kernel.core_pattern",
		"purpose": "a pipe handler here runs as root in the host's context",
		"process": "sh",
		"in_container": true,
	} with input as ev
}

test_hugepages_for_miner if {
	ev := fx.open_event("xmrig", "/tmp/xmrig", "/proc/sys/vm/nr_hugepages", fx.O_WRONLY)
	sig.tracee_match.setting == "vm.nr_hugepages" with input as ev
}

test_other_vm_setting if {
	ev := fx.open_event("bash", "/usr/bin/bash", "/proc/sys/vm/overcommit_memory", fx.O_WRONLY)
	sig.tracee_match.purpose == "virtual memory tuning" with input as ev
}

test_drop_caches if {
	ev := fx.open_event("bash", "/usr/bin/bash", "/proc/sys/vm/drop_caches", fx.O_WRONLY)
	not sig.tracee_match with input as ev
}

test_reading_core_pattern if {
	ev := fx.open_event("apport", "/usr/share/apport/apport", "/proc/sys/kernel/core_pattern", fx.O_RDONLY)
	not sig.tracee_match with input as ev
}

test_boot_time_sysctl if {
	ev := fx.open_event("systemd-sysctl", "/usr/lib/systemd/systemd-sysctl", "/proc/sys/kernel/randomize_va_space", fx.O_WRONLY)
	not sig.tracee_match with input as ev
}

test_unlisted_kernel_setting if {
	ev := fx.open_event("bash", "/usr/bin/bash", "/proc/sys/net/ipv4/ip_forward", fx.O_WRONLY)
	not sig.tracee_match with input as ev
}
