# TRC-R2P-062: sensitive directories are packed into an archive.
package tracee.TRC_R2P_062

import rego.v1

import data.tracee.lib.event as ev

__rego_metadoc__ := {
	"id": "TRC-R2P-062",
	"version": "1.0.0",
	"name": "Archive of sensitive directories",
	"eventName": "sensitive_archive_created",
	"description": "tar, zip, 7z or rar created an archive that includes home directories, /root, /etc or credential folders (.ssh, .aws, .kube, .gnupg). Data is usually gathered like this before exfiltration.",
	"tags": ["linux", "collection"],
	"properties": {
		"Severity": 2,
		"MITRE ATT&CK": "Collection: Archive Collected Data: Archive via Utility",
	},
}

tracee_selected_events contains {"source": "tracee", "name": "sched_process_exec"}

sensitive_roots := ["/home", "/root", "/etc"]

credential_dirs := {".ssh", ".aws", ".kube", ".gnupg", ".docker", ".azure", ".config/gcloud"}

# does this invocation create an archive?
creates("tar") if {
	first := ev.argv[1]
	not startswith(first, "--")
	regex.match(`^-?[a-zA-Z]*c[a-zA-Z]*$`, first)
}

creates("tar") if "--create" in ev.argv

creates("zip") := true

creates(tool) if {
	tool in {"7z", "7za", "7zr", "rar"}
	ev.argv[1] == "a"
}

sensitive(path) if {
	some root in sensitive_roots
	clean := trim_suffix(path, "/")
	root == clean
}

sensitive(path) if {
	some root in sensitive_roots
	startswith(path, concat("", [root, "/"]))
}

sensitive(path) if {
	some dir in credential_dirs
	contains(concat("", ["/", path, "/"]), concat("", ["/", dir, "/"]))
}

sources := [a | some i, a in ev.argv; i > 0; not startswith(a, "-"); sensitive(a)]

tool := ev.exec_name

tracee_match := {"tool": tool, "sources": sources} if {
	tool in {"tar", "zip", "7z", "7za", "7zr", "rar"}
	creates(tool)
	count(sources) > 0
}
