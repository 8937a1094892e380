# TRC-R2P-056: a program is executed from a temporary directory or from memory.
package tracee.TRC_R2P_056

import rego.v1

import data.tracee.lib.event as ev

__rego_metadoc__ := {
	"id": "TRC-R2P-056",
	"version": "1.0.0",
	"name": "Execution from a temporary directory",
	"eventName": "temp_dir_execution",
	"description": "A binary was executed from /tmp, /var/tmp, /dev/shm or from an anonymous memory file. Dropped payloads are typically written to these world-writable places and started from there.",
	"tags": ["linux", "execution", "files"],
	"properties": {
		"Severity": 2,
		"MITRE ATT&CK": "Execution: User Execution: Malicious File",
	},
}

tracee_selected_events contains {"source": "tracee", "name": "sched_process_exec", "origin": "*"}

temporary_roots := ["/tmp/", "/var/tmp/", "/dev/shm/", "/run/shm/"]

# build systems and installers that legitimately run things from /tmp
expected_patterns := [
	`^/tmp/go-build[0-9]+/`,
	`^/tmp/pip-[a-z0-9_-]+/`,
	`^/tmp/\.mount_[A-Za-z0-9]+/`,
	`^/tmp/tmp[a-z0-9_]+/bin/`,
	`^/var/tmp/rpm-tmp\.[A-Za-z0-9]+$`,
]

location(path) := root if {
	some prefix in temporary_roots
	startswith(path, prefix)
	root := trim_suffix(prefix, "/")
} else := "memfd" if {
	startswith(path, "memfd:")
} else := "memfd" if {
	regex.match(`^/proc/(self|[0-9]+)/fd/[0-9]+$`, path)
}

expected(path) if {
	some pattern in expected_patterns
	regex.match(pattern, path)
}

tracee_match := {
	"pathname": path,
	"location": where,
	"in_container": ev.in_container,
	"hidden": contains(path, "/."),
} if {
	path := ev.arg("pathname")
	where := location(path)
	not expected(path)
}
