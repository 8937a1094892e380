# TRC-R2P-049: SELinux, AppArmor, auditd or a runtime security agent is switched off.
package tracee.TRC_R2P_049

import rego.v1

import data.tracee.helpers
import data.tracee.lib.event as ev

__rego_metadoc__ := {
	"id": "TRC-R2P-049",
	"version": "1.0.0",
	"name": "Security tool disabled",
	"eventName": "security_tool_disabled",
	"description": "SELinux was put in permissive mode, AppArmor profiles were unloaded, audit rules were deleted or auditing turned off, or a security agent's service was stopped.",
	"tags": ["linux", "defense-evasion"],
	"properties": {
		"Severity": 3,
		"MITRE ATT&CK": "Defense Evasion: Impair Defenses: Disable or Modify Tools",
	},
}

tracee_selected_events contains {"source": "tracee", "name": "sched_process_exec"}

tracee_selected_events contains {"source": "tracee", "name": "security_file_open"}

# program -> argument lists that switch something off (all of a list must be present)
disabling_commands := {
	"setenforce": [["0"], ["Permissive"], ["permissive"]],
	"aa-teardown": [[]],
	"aa-disable": [[]],
	"auditctl": [["-e", "0"], ["-D"]],
	"apparmor_parser": [["-R"], ["--remove"]],
}

security_services := {"auditd", "apparmor", "falco", "tracee", "osqueryd", "wazuh-agent", "clamav-daemon", "falcon-sensor", "selinux-autorelabel"}

# kernel files that turn a mechanism off when written
security_files := {
	"/sys/fs/selinux/enforce": "SELinux enforcement",
	"/sys/kernel/security/apparmor/.remove": "AppArmor profile removal",
	"/proc/sys/kernel/yama/ptrace_scope": "Yama ptrace restrictions",
}

actions contains sprintf("%s %s", [program, concat(" ", needed)]) if {
	input.eventName == "sched_process_exec"
	some program, alternatives in disabling_commands
	ev.exec_name == program
	some needed in alternatives
	every word in needed {
		word in ev.argv
	}
}

actions contains sprintf("%s of %s", [verb, unit]) if {
	input.eventName == "sched_process_exec"
	ev.exec_name in {"systemctl", "service"}
	some verb in ["stop", "disable", "mask", "kill"]
	verb in ev.argv
	some a in ev.argv
	unit := trim_suffix(a, ".service")
	unit in security_services
}

actions contains sprintf("write to %s (%s)", [path, what]) if {
	input.eventName == "security_file_open"
	path := helpers.get_tracee_argument("pathname")
	what := security_files[path]
	helpers.is_file_write(helpers.get_tracee_argument("flags"))
}

tracee_match := {"actions": sort([trim_space(a) | some a in actions]), "process": input.processName} if count(actions) > 0
