package tracee.TRC_R2P_048_test

import rego.v1

import data.tracee.TRC_R2P_048 as sig
import data.tracee.lib.fixtures as fx

test_metadata if {
	sig.__rego_metadoc__.id == "TRC-R2P-048"
	sig.tracee_selected_events == {{"source": "tracee", "name": "sched_process_exec", "origin": "*"}}
}

test_iptables_flush_and_accept if {
	ev := fx.as_user(fx.exec_event("/usr/sbin/iptables-legacy", ["iptables", "-F", "-P", "INPUT", "ACCEPT"]), 0)
	sig.tracee_match == {
		"tool": "iptables-legacy",
		"changes": ["default policy of INPUT set to ACCEPT", "rules flushed"],
	} with input as ev
}

test_nft_flush_ruleset if {
	ev := fx.exec_event("/usr/sbin/nft", ["nft", "flush", "ruleset"])
	sig.tracee_match == {"tool": "nft", "changes": ["ruleset flushed"]} with input as ev
}

test_ufw_disable if {
	ev := fx.exec_event("/usr/sbin/ufw", ["ufw", "disable"])
	sig.tracee_match.changes == ["ufw disabled"] with input as ev
}

test_systemctl_stop_and_disable if {
	ev := fx.exec_event("/usr/bin/systemctl", ["systemctl", "stop", "firewalld.service"])
	sig.tracee_match.changes == ["firewalld service stop"] with input as ev
}

test_listing_rules if {
	ev := fx.exec_event("/usr/sbin/iptables", ["iptables", "-L", "-n", "-v"])
	not sig.tracee_match with input as ev
}

test_drop_policy if {
	ev := fx.exec_event("/usr/sbin/iptables", ["iptables", "-P", "INPUT", "DROP"])
	not sig.tracee_match with input as ev
}

test_restart_other_service if {
	ev := fx.exec_event("/usr/bin/systemctl", ["systemctl", "stop", "nginx"])
	not sig.tracee_match with input as ev
}
