# TRC-R2P-060: DNS queries for domains under TLDs and services favoured by malware.
package tracee.TRC_R2P_060

import rego.v1

import data.tracee.helpers

__rego_metadoc__ := {
	"id": "TRC-R2P-060",
	"version": "1.0.0",
	"name": "DNS query to a suspicious domain",
	"eventName": "suspicious_dns_query",
	"description": "A DNS request asked for a name under a top-level domain that is cheap, free or anonymous and common in malware infrastructure (.tk, .top, .onion, ...), or under a dynamic DNS or tunnelling service.",
	"tags": ["linux", "network", "dns", "command-and-control"],
	"properties": {
		"Severity": 1,
		"MITRE ATT&CK": "Command and Control: Application Layer Protocol: DNS",
	},
}

tracee_selected_events contains {"source": "tracee", "name": "net_packet_dns_request", "origin": "*"}

suspicious_tlds := {"tk", "ml", "ga", "cf", "gq", "top", "xyz", "pw", "su", "onion", "bit", "zip", "mov", "icu", "cyou", "rest"}

tunnel_suffixes := {"duckdns.org", "no-ip.org", "ddns.net", "ngrok.io", "ngrok-free.app", "trycloudflare.com", "serveo.net", "dnslog.cn", "oast.fun", "interact.sh"}

# the reason a name is suspicious, if it is
verdict(name) := sprintf("top-level domain .%s", [tld]) if {
	labels := split(trim_suffix(lower(name), "."), ".")
	count(labels) > 1
	tld := labels[count(labels) - 1]
	tld in suspicious_tlds
} else := sprintf("service %s", [suffix]) if {
	some suffix in tunnel_suffixes
	endswith(trim_suffix(lower(name), "."), concat("", [".", suffix]))
}

flagged := {q.query: verdict(q.query) |
	some q in helpers.get_tracee_argument("dns_questions")
	is_string(q.query)
}

tracee_match := {
	"queries": flagged,
	"resolver": object.get(helpers.argument_or("metadata", {}), "dst_ip", ""),
} if {
	count(flagged) > 0
}
