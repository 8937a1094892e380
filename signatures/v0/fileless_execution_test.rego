package tracee.TRC_R2P_007_test

import data.tracee.TRC_R2P_007
import data.tracee.r2p_v0_fixtures as fx

test_metadata {
	TRC_R2P_007.__rego_metadoc__.id == "TRC-R2P-007"
}

test_selected_events {
	count(TRC_R2P_007.tracee_selected_events) == 1
	TRC_R2P_007.tracee_selected_events[{"source": "tracee", "name": "sched_process_exec", "origin": "*"}]
}

test_match_memfd {
	TRC_R2P_007.tracee_match == {"pathname": "memfd:payload (deleted)"} with input as fx.host_event("sched_process_exec", fx.exec_args("memfd:payload (deleted)", ["[kworker/0:1]"], []))
}

test_match_dev_shm {
	TRC_R2P_007.tracee_match.pathname == "/dev/shm/.x/miner" with input as fx.container_event("sched_process_exec", fx.exec_args("/dev/shm/.x/miner", ["miner"], []))
}

test_no_match_disk_binary {
	not TRC_R2P_007.tracee_match with input as fx.host_event("sched_process_exec", fx.exec_args("/usr/bin/memfd-tool", ["memfd-tool"], []))
}

test_no_match_shm_lookalike {
	not TRC_R2P_007.tracee_match with input as fx.host_event("sched_process_exec", fx.exec_args("/dev/shmtool", ["shmtool"], []))
}
