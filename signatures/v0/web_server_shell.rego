package tracee.TRC_R2P_022

import data.tracee.helpers

__rego_metadoc__ := {
	"id": "TRC-R2P-022",
	"version": "1.0.0",
	"name": "Web server spawned a shell",
	"eventName": "web_server_shell",
	"description": "A web server process is executing a shell, typical of a web shell or of remote code execution in a web application.",
	"tags": ["linux", "container"],
	"properties": {
		"Severity": 2,
		"MITRE ATT&CK": "Initial Access: Exploit Public-Facing Application",
	},
}

# At security_bprm_check the process still carries the name of the program
# that called execve (the web server), and the pathname is the new program.
tracee_selected_events[eventSelector] {
	eventSelector := {
		"source": "tracee",
		"name": "security_bprm_check",
		"origin": "*",
	}
}

web_servers := {"nginx", "apache", "apache2", "httpd", "lighttpd", "caddy", "tomcat", "php-fpm", "uwsgi", "gunicorn"}

# php-fpm workers are called "php-fpm8.2" and the like; comm is cut at 15 characters.
web_server_name(comm) = server {
	web_servers[comm]
	server := comm
} else = server {
	regex.match(`^php-fpm[0-9.]*$`, comm)
	server := "php-fpm"
}

tracee_match = {"web_server": server, "shell": shell} {
	input.eventName == "security_bprm_check"
	server := web_server_name(input.processName)
	shell := helpers.get_tracee_argument("pathname")
	helpers.is_shell(shell)
}
