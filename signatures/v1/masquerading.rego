# TRC-R2P-059: a program poses as a kernel thread or a system daemon.
package tracee.TRC_R2P_059

import rego.v1

import data.tracee.lib.event as ev

__rego_metadoc__ := {
	"id": "TRC-R2P-059",
	"version": "1.0.0",
	"name": "Process masquerading",
	"eventName": "process_masquerading",
	"description": "A process looks like something it is not: argv[0] shaped like a kernel thread ([kworker/0:1]), argv[0] or the process name naming a system daemon that is not the program running, or a daemon's name on a binary outside the system directories.",
	"tags": ["linux", "defense-evasion"],
	"properties": {
		"Severity": 3,
		"MITRE ATT&CK": "Defense Evasion: Masquerading: Match Legitimate Name or Location",
	},
}

tracee_selected_events contains {"source": "tracee", "name": "sched_process_exec", "origin": "*"}

# a process renamed with prctl(PR_SET_NAME) shows up on its later events
tracee_selected_events contains {"source": "tracee", "name": "security_socket_connect", "origin": "*"}

tracee_selected_events contains {"source": "tracee", "name": "sched_process_exit", "origin": "*"}

daemon_names := {
	"sshd", "systemd", "init", "cron", "crond", "atd", "rsyslogd", "syslogd", "dbus-daemon", "agetty",
	"systemd-journal", "systemd-udevd", "systemd-logind", "kthreadd", "kworker", "ksoftirqd", "kswapd0",
	"nginx", "httpd", "apache2", "containerd", "dockerd", "kubelet", "snapd", "polkitd", "udisksd",
}

system_prefixes := ["/usr/sbin/", "/usr/bin/", "/sbin/", "/bin/", "/usr/lib/", "/lib/", "/usr/libexec/", "/usr/local/sbin/", "/usr/local/bin/", "/opt/"]

kernel_thread_shape := `^\[[a-zA-Z0-9_/:.+-]+\]$`

# the executable: its path on exec events, the event's executable otherwise
executable := ev.arg("pathname") if {
	input.eventName == "sched_process_exec"
} else := input.executable.path

real_names := {substring(n, 0, 15) | some p in [executable, ev.arg("cmdpath")]; is_string(p); n := ev.basename(p)}

daemon_like(name) if name in daemon_names

daemon_like(name) if regex.match(`^(kworker|ksoftirqd|migration|rcu_[a-z]+|kthreadd)(/.*)?$`, name)

system_location(path) if {
	some prefix in system_prefixes
	startswith(path, prefix)
}

reasons contains "argv[0] shaped like a kernel thread" if {
	input.eventName == "sched_process_exec"
	regex.match(kernel_thread_shape, ev.argv[0])
}

reasons contains sprintf("argv[0] claims to be %s", [claimed]) if {
	input.eventName == "sched_process_exec"
	claimed := ev.basename(ev.argv[0])
	daemon_like(claimed)
	not substring(claimed, 0, 15) in real_names
}

reasons contains sprintf("%s runs from %s", [name, executable]) if {
	input.eventName == "sched_process_exec"
	name := ev.exec_name
	daemon_like(name)
	not system_location(executable)
}

reasons contains sprintf("process name %s differs from the executable", [input.processName]) if {
	input.eventName != "sched_process_exec"
	executable != ""
	daemon_like(input.processName)
	not input.processName in real_names
}

tracee_match := {"reasons": sort(reasons), "executable": executable} if count(reasons) > 0
