# TRC-R2P-047: a local account is created or given privileges, by tool or by editing the files.
package tracee.TRC_R2P_047

import rego.v1

import data.tracee.helpers
import data.tracee.lib.event as ev

__rego_metadoc__ := {
	"id": "TRC-R2P-047",
	"version": "1.0.0",
	"name": "Local account created or modified",
	"eventName": "local_account_created",
	"description": "useradd, adduser, usermod or groupadd was run, or the account databases (/etc/passwd, /etc/shadow, /etc/group, /etc/sudoers) were written by a program other than the account tools. The finding says whether the account gets root or an admin group.",
	"tags": ["linux", "persistence", "accounts"],
	"properties": {
		"Severity": 2,
		"MITRE ATT&CK": "Persistence: Create Account: Local Account",
	},
}

tracee_selected_events contains {"source": "tracee", "name": "sched_process_exec"}

tracee_selected_events contains {"source": "tracee", "name": "security_file_open"}

account_tools := {"useradd", "adduser", "usermod", "groupadd", "addgroup", "newusers"}

# programs that legitimately rewrite the account files
file_writers := account_tools | {"passwd", "chpasswd", "chage", "vipw", "vigr", "visudo", "userdel", "groupdel", "gpasswd", "systemd-sysuser", "dpkg", "rpm", "pwconv", "grpconv"}

account_files := {"/etc/passwd", "/etc/shadow", "/etc/group", "/etc/gshadow", "/etc/sudoers"}

admin_groups := {"root", "sudo", "wheel", "admin", "adm", "docker", "lxd", "disk", "shadow"}

# ---- by tool

default tool_run := false

tool_run if {
	input.eventName == "sched_process_exec"
	ev.exec_name in account_tools
}

groups_given contains group if {
	some i, a in ev.argv
	regex.match(`^(-[a-zA-Z]*G|--groups)$`, a)
	some group in split(ev.argv[i + 1], ",")
}

groups_given contains group if {
	some a in ev.argv
	startswith(a, "--groups=")
	some group in split(substring(a, 9, -1), ",")
}

uid_zero if {
	some i, a in ev.argv
	a in {"-u", "--uid"}
	ev.argv[i + 1] == "0"
}

uid_zero if "--uid=0" in ev.argv

default tool_privileged := false

tool_privileged if uid_zero

tool_privileged if count(groups_given & admin_groups) > 0

account := name if {
	name := ev.argv[count(ev.argv) - 1]
	count(ev.argv) > 1
	not startswith(name, "-")
} else := ""

finding.method := "account tool" if tool_run

finding.tool := ev.exec_name if tool_run

finding.account := account if tool_run

finding.privileged := tool_privileged if tool_run

finding.admin_groups := sort(groups_given & admin_groups) if tool_run

# ---- by direct write

default file_written := false

file_written if {
	input.eventName == "security_file_open"
	target_file in account_files
	helpers.is_file_write(helpers.get_tracee_argument("flags"))
	not input.processName in file_writers
}

file_written if {
	input.eventName == "security_file_open"
	startswith(target_file, "/etc/sudoers.d/")
	helpers.is_file_write(helpers.get_tracee_argument("flags"))
	not input.processName in file_writers
}

target_file := helpers.get_tracee_argument("pathname")

finding.method := "direct write" if file_written

finding.pathname := target_file if file_written

finding.privileged := startswith(target_file, "/etc/sudoers") if file_written

tracee_match := finding if finding.method
