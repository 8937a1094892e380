package tracee.TRC_EX_SHELL_test

import data.tracee.TRC_EX_SHELL
import rego.v1

exec(proc, path) := {"eventName": "sched_process_exec", "processName": proc, "args": [{"name": "pathname", "value": path}]}

test_shell_from_nginx if {
	TRC_EX_SHELL.tracee_match == {"shell": "/bin/bash", "parent": "nginx"} with input as exec("nginx", "/bin/bash")
}

test_not_a_shell if {
	not TRC_EX_SHELL.tracee_match with input as exec("nginx", "/usr/bin/python3")
}

test_not_a_web_server if {
	not TRC_EX_SHELL.tracee_match with input as exec("cron", "/bin/sh")
}

test_constant_folded if {
	tracee.is_shell("/usr/bin/zsh")
	tracee.entropy_bucket("aaaa") == 2
}
