package tracee.TRC_R2P_060_test

import rego.v1

import data.tracee.TRC_R2P_060 as sig
import data.tracee.lib.fixtures as fx

dns_event(names) := fx.event("net_packet_dns_request", "curl", "/usr/bin/curl", [
	{"name": "metadata", "type": "trace.PktMeta", "value": {
		"src_ip": "10.0.0.5", "dst_ip": "10.0.0.2", "src_port": 53211, "dst_port": 53,
		"protocol": 17, "packet_len": 71, "iface": "any",
	}},
	{"name": "dns_questions", "type": "[]trace.DnsQueryData", "value": [q | some n in names; q := {"query": n, "query_type": "A", "query_class": "IN"}]},
])

test_metadata if {
	sig.__rego_metadoc__.id == "TRC-R2P-060"
	sig.__rego_metadoc__.properties.Severity == 1
	sig.tracee_selected_events == {{"source": "tracee", "name": "net_packet_dns_request", "origin": "*"}}
}

test_tk_domain if {
	sig.tracee_match == {"queries": {"c2.evil-update.tk": "top-level domain .tk"}, "resolver": "10.0.0.2"} with input as dns_event(["c2.evil-update.tk"])
}

test_mixed_queries_and_case if {
	sig.tracee_match.queries == {
		"Pool.Miner.XYZ.": "top-level domain .xyz",
		"abc.duckdns.org": "service duckdns.org",
	} with input as dns_event(["Pool.Miner.XYZ.", "www.debian.org", "abc.duckdns.org"])
}

test_ordinary_domains if {
	not sig.tracee_match with input as dns_event(["deb.debian.org", "github.com", "xyz.example.com"])
}

test_bare_tld_name if {
	not sig.tracee_match with input as dns_event(["tk"])
}
