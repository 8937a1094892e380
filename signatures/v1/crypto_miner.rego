# TRC-R2P-041: a cryptocurrency miner is started.
package tracee.TRC_R2P_041

import rego.v1

import data.tracee.lib.event as ev

__rego_metadoc__ := {
	"id": "TRC-R2P-041",
	"version": "1.0.0",
	"name": "Cryptocurrency miner execution",
	"eventName": "crypto_miner_execution",
	"description": "A known miner binary was executed, or a program was started with a mining pool URL (stratum) or miner-specific options. Miners steal the machine's CPU.",
	"tags": ["linux", "impact", "cryptomining"],
	"properties": {
		"Severity": 3,
		"MITRE ATT&CK": "Impact: Resource Hijacking",
	},
}

tracee_selected_events contains {"source": "tracee", "name": "sched_process_exec", "origin": "*"}

miner_names := {
	"xmrig", "xmrig-notls", "minerd", "cpuminer", "cpuminer-multi", "xmr-stak", "xmr-stak-rx",
	"ethminer", "t-rex", "nbminer", "cgminer", "bfgminer", "ccminer", "lolminer", "phoenixminer",
	"nanominer", "gminer", "srbminer-multi", "teamredminer",
}

miner_options := {"--donate-level", "--cpu-priority", "--randomx-mode", "--nicehash", "--coin", "--algo"}

pool_pattern := `(?i)stratum[0-9]?\+(tcp|ssl|tls)://`

indicators contains sprintf("miner binary %s", [name]) if {
	name := lower(ev.exec_name)
	name in miner_names
}

indicators contains "mining pool URL" if {
	some a in ev.argv
	regex.match(pool_pattern, a)
}

indicators contains sprintf("miner option %s", [opt]) if {
	some a in ev.argv
	opt := split(a, "=")[0]
	opt in miner_options
}

# a pool URL or a miner name is enough; options alone are too common
tracee_match := {"indicators": sort(indicators), "argv": ev.argv} if {
	some i in indicators
	not startswith(i, "miner option")
}
