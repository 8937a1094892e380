# TRC-R2P-069: BPF objects are pinned to, or removed from, the BPF filesystem.
package tracee.TRC_R2P_069

import rego.v1

import data.tracee.helpers

__rego_metadoc__ := {
	"id": "TRC-R2P-069",
	"version": "1.0.0",
	"name": "BPF object pinning or removal",
	"eventName": "bpf_object_pinning",
	"description": "A process that is not a known eBPF agent pinned a BPF program or map (BPF_OBJ_PIN), which keeps it alive after the process exits, or deleted a pinned object under /sys/fs/bpf, which can tear down another tool's probes. eBPF rootkits rely on both.",
	"tags": ["linux", "defense-evasion", "ebpf"],
	"properties": {
		"Severity": 3,
		"MITRE ATT&CK": "Defense Evasion: Rootkit",
	},
}

tracee_selected_events contains {"source": "tracee", "name": "security_bpf"}

tracee_selected_events contains {"source": "tracee", "name": "security_inode_unlink"}

BPF_OBJ_PIN := 6

bpf_agents := {"cilium-agent", "cilium-operator", "tracee", "tracee-ebpf", "falco", "tetragon", "bpfman", "systemd", "calico-node", "datadog-agent", "parca-agent", "pixie"}

# cmd: an int, or "BPF_OBJ_PIN" when Tracee parses arguments
is_pin(cmd) if cmd == BPF_OBJ_PIN

is_pin(cmd) if cmd == "BPF_OBJ_PIN"

action := "pin" if {
	input.eventName == "security_bpf"
	is_pin(helpers.get_tracee_argument("cmd"))
} else := "unpin" if {
	input.eventName == "security_inode_unlink"
	startswith(helpers.get_tracee_argument("pathname"), "/sys/fs/bpf/")
}

tracee_match := {
	"action": action,
	"pathname": helpers.argument_or("pathname", ""),
	"process": input.processName,
	"in_container": helpers.in_container,
} if {
	not input.processName in bpf_agents
}
