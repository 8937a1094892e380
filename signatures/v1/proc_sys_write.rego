# TRC-R2P-070: security-relevant kernel settings under /proc/sys are written.
package tracee.TRC_R2P_070

import rego.v1

import data.tracee.lib.event as ev

__rego_metadoc__ := {
	"id": "TRC-R2P-070",
	"version": "1.0.0",
	"name": "Sensitive kernel setting changed",
	"eventName": "sensitive_sysctl_write",
	"description": "A process wrote a /proc/sys setting that attackers change: core_pattern and modprobe (code run by the kernel as root, a container escape route), binfmt_misc handlers, ASLR, pointer and ptrace restrictions, mmap_min_addr, or huge pages for miners.",
	"tags": ["linux", "defense-evasion", "kernel"],
	"properties": {
		"Severity": 3,
		"MITRE ATT&CK": "Defense Evasion: Impair Defenses: Disable or Modify Tools",
	},
}

tracee_selected_events contains {"source": "tracee", "name": "security_file_open", "origin": "*"}

# setting -> why it matters
settings := {
	"kernel/core_pattern": "a pipe handler here runs as root in the host's context",
	"kernel/modprobe": "the kernel runs this program as root to load modules",
	"kernel/randomize_va_space": "address space layout randomisation",
	"kernel/kptr_restrict": "kernel pointer hiding",
	"kernel/dmesg_restrict": "kernel log access",
	"kernel/yama/ptrace_scope": "ptrace restrictions",
	"kernel/unprivileged_bpf_disabled": "unprivileged eBPF",
	"kernel/perf_event_paranoid": "perf event restrictions",
	"kernel/kexec_load_disabled": "kexec lockdown",
	"vm/mmap_min_addr": "NULL dereference protection",
	"vm/nr_hugepages": "huge pages, wanted by RandomX miners",
	"fs/binfmt_misc/register": "binfmt_misc handlers run for matching executables",
	"fs/suid_dumpable": "core dumps of setuid programs",
}

# boot-time and tuning daemons
tuners := {"systemd-sysctl", "tuned", "sysctl-init", "kubelet"}

setting := trim_prefix(ev.arg("pathname"), "/proc/sys/")

purpose := why if {
	why := settings[setting]
} else := "virtual memory tuning" if {
	startswith(setting, "vm/")
	not setting in {"vm/drop_caches", "vm/compact_memory"}
}

tracee_match := {
	"setting": replace(setting, "/", "."),
	"purpose": purpose,
	"process": input.processName,
	"in_container": ev.in_container,
} if {
	startswith(ev.arg("pathname"), "/proc/sys/")
	ev.opened_for_write
	not input.processName in tuners
}
