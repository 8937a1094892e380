# TRC-R2P-048: the host firewall is flushed, opened or stopped.
package tracee.TRC_R2P_048

import rego.v1

import data.tracee.lib.event as ev

__rego_metadoc__ := {
	"id": "TRC-R2P-048",
	"version": "1.0.0",
	"name": "Firewall disabled",
	"eventName": "firewall_disabled",
	"description": "iptables or nftables rules were flushed, a default policy was set to ACCEPT, ufw was disabled or a firewall service was stopped. Attackers open the host to reach their tools or to spread.",
	"tags": ["linux", "defense-evasion", "network"],
	"properties": {
		"Severity": 3,
		"MITRE ATT&CK": "Defense Evasion: Impair Defenses: Disable or Modify System Firewall",
	},
}

tracee_selected_events contains {"source": "tracee", "name": "sched_process_exec", "origin": "*"}

# which family of firewall tool a program belongs to
family("iptables") := "iptables"

family("ip6tables") := "iptables"

family(name) := "iptables" if regex.match(`^ip6?tables-(legacy|nft)$`, name)

family("nft") := "nftables"

family("ufw") := "ufw"

family("systemctl") := "service"

family("service") := "service"

family("firewall-cmd") := "firewalld"

firewall_units := {"firewalld", "ufw", "nftables", "iptables", "ip6tables", "netfilter-persistent"}

args := array.slice(ev.argv, 1, count(ev.argv))

tool := family(ev.exec_name)

changes contains "rules flushed" if {
	tool == "iptables"
	some a in args
	a in {"-F", "--flush"}
}

changes contains sprintf("default policy of %s set to ACCEPT", [chain]) if {
	tool == "iptables"
	some i, a in args
	a in {"-P", "--policy"}
	chain := args[i + 1]
	args[i + 2] == "ACCEPT"
}

changes contains "ruleset flushed" if {
	tool == "nftables"
	some i, a in args
	a == "flush"
	args[i + 1] == "ruleset"
}

changes contains "ufw disabled" if {
	tool == "ufw"
	"disable" in args
}

changes contains "ufw allows all incoming traffic" if {
	tool == "ufw"
	concat(" ", args) == "default allow incoming"
}

changes contains "firewalld zone set to trusted" if {
	tool == "firewalld"
	"--set-default-zone=trusted" in args
}

# systemctl stop ufw / service ufw stop
changes contains sprintf("%s service %s", [unit, verb]) if {
	tool == "service"
	some verb in {"stop", "disable", "mask"}
	verb in args
	some a in args
	unit := trim_suffix(a, ".service")
	unit in firewall_units
}

tracee_match := {"tool": ev.exec_name, "changes": sort(changes)} if count(changes) > 0
