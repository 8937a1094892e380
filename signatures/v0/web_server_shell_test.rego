package tracee.TRC_R2P_022_test

import data.tracee.TRC_R2P_022
import data.tracee.r2p_v0_fixtures as fx

bprm_args(path) = [
	{"name": "pathname", "type": "const char*", "value": path},
	{"name": "dev", "type": "dev_t", "value": 264241153},
	{"name": "inode", "type": "unsigned long", "value": 1311001},
	{"name": "argv", "type": "const char*const*", "value": [path, "-c", "id"]},
	{"name": "envp", "type": "const char*const*", "value": []},
]

test_metadata {
	TRC_R2P_022.__rego_metadoc__.id == "TRC-R2P-022"
}

test_selected_events {
	count(TRC_R2P_022.tracee_selected_events) == 1
	TRC_R2P_022.tracee_selected_events[{"source": "tracee", "name": "security_bprm_check", "origin": "*"}]
}

test_match_nginx_sh {
	event := fx.as_process(fx.container_event("security_bprm_check", bprm_args("/bin/sh")), "nginx", "/usr/sbin/nginx")
	TRC_R2P_022.tracee_match == {"web_server": "nginx", "shell": "/bin/sh"} with input as event
}

test_match_php_fpm_worker_bash {
	event := fx.as_process(fx.host_event("security_bprm_check", bprm_args("/usr/bin/bash")), "php-fpm8.2", "/usr/sbin/php-fpm8.2")
	finding := TRC_R2P_022.tracee_match with input as event
	finding == {"web_server": "php-fpm", "shell": "/usr/bin/bash"}
}

test_no_match_web_server_runs_other_program {
	event := fx.as_process(fx.host_event("security_bprm_check", bprm_args("/usr/bin/logrotate")), "nginx", "/usr/sbin/nginx")
	not TRC_R2P_022.tracee_match with input as event
}

test_no_match_shell_from_shell {
	not TRC_R2P_022.tracee_match with input as fx.host_event("security_bprm_check", bprm_args("/bin/sh"))
}
