package tracee.TRC_R2P_005_test

import data.tracee.TRC_R2P_005
import data.tracee.r2p_v0_fixtures as fx

base_env := ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin", "HOME=/root", "LANG=C.UTF-8"]

test_metadata {
	TRC_R2P_005.__rego_metadoc__.id == "TRC-R2P-005"
}

test_selected_events {
	count(TRC_R2P_005.tracee_selected_events) == 1
	TRC_R2P_005.tracee_selected_events[{"source": "tracee", "name": "sched_process_exec", "origin": "*"}]
}

test_match_ld_preload {
	env := array.concat(base_env, ["LD_PRELOAD=/tmp/.x/libhide.so"])
	finding := TRC_R2P_005.tracee_match with input as fx.host_event("sched_process_exec", fx.exec_args("/usr/bin/ps", ["ps", "aux"], env))
	finding == {"variables": {"LD_PRELOAD": "/tmp/.x/libhide.so"}, "pathname": "/usr/bin/ps"}
}

test_match_both_variables {
	env := array.concat(["LD_AUDIT=/dev/shm/a.so"], array.concat(base_env, ["LD_PRELOAD=/dev/shm/p.so"]))
	finding := TRC_R2P_005.tracee_match with input as fx.container_event("sched_process_exec", fx.exec_args("/bin/ls", ["ls"], env))
	finding.variables == {"LD_AUDIT": "/dev/shm/a.so", "LD_PRELOAD": "/dev/shm/p.so"}
}

test_no_match_clean_env {
	not TRC_R2P_005.tracee_match with input as fx.host_event("sched_process_exec", fx.exec_args("/usr/bin/ps", ["ps"], base_env))
}

test_no_match_empty_or_lookalike {
	env := array.concat(base_env, ["LD_PRELOAD=", "MY_LD_PRELOAD=/tmp/x.so", "LD_LIBRARY_PATH=/opt/lib"])
	not TRC_R2P_005.tracee_match with input as fx.host_event("sched_process_exec", fx.exec_args("/usr/bin/ps", ["ps"], env))
}
