package tracee.TRC_R2P_021_test

import data.tracee.TRC_R2P_021
import data.tracee.r2p_v0_fixtures as fx

test_metadata {
	TRC_R2P_021.__rego_metadoc__.id == "TRC-R2P-021"
}

test_selected_events {
	count(TRC_R2P_021.tracee_selected_events) == 1
	TRC_R2P_021.tracee_selected_events[{"source": "tracee", "name": "sched_process_exec", "origin": "*"}]
}

test_match_hidden_file {
	finding := TRC_R2P_021.tracee_match with input as fx.host_event("sched_process_exec", fx.exec_args("/tmp/.xmr", ["./.xmr", "-o", "pool:3333"], []))
	finding == {"pathname": "/tmp/.xmr", "hidden": {".xmr"}}
}

test_match_hidden_directory {
	finding := TRC_R2P_021.tracee_match with input as fx.container_event("sched_process_exec", fx.exec_args("/var/tmp/.ICE-unix/.x/run", ["run"], []))
	finding.hidden == {".ICE-unix", ".x"}
}

test_no_match_normal_path {
	not TRC_R2P_021.tracee_match with input as fx.host_event("sched_process_exec", fx.exec_args("/usr/bin/ls", ["ls", "-la", ".hidden"], []))
}

test_no_match_dot_components {
	not TRC_R2P_021.tracee_match with input as fx.host_event("sched_process_exec", fx.exec_args("/opt/app/../bin/./tool", ["tool"], []))
}
