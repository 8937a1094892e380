# TRC-R2P-064: the clipboard is read from the command line.
package tracee.TRC_R2P_064

import rego.v1

import data.tracee.lib.event as ev

__rego_metadoc__ := {
	"id": "TRC-R2P-064",
	"version": "1.0.0",
	"name": "Clipboard read by a command-line tool",
	"eventName": "clipboard_read",
	"description": "xclip, xsel or wl-paste was run to print the clipboard or the primary selection. Scripts that harvest copied passwords and keys do exactly this.",
	"tags": ["linux", "collection"],
	"properties": {
		"Severity": 1,
		"MITRE ATT&CK": "Collection: Clipboard Data",
	},
}

tracee_selected_events contains {"source": "tracee", "name": "sched_process_exec"}

args := array.slice(ev.argv, 1, count(ev.argv))

# does this invocation print the selection?
reads("xclip") if {
	some a in args
	a in {"-o", "-out"}
}

reads("xsel") if {
	some a in args
	a in {"-o", "--output"}
}

reads("xsel") if {
	# xsel without an input option prints the selection
	count({a | some a in args} & {"-i", "--input", "-a", "--append", "-f", "--follow", "-c", "--clear", "-d", "--delete", "-k", "--keep", "-x", "--exchange"}) == 0
}

reads("wl-paste") := true

# which selection is read (X has several; the default differs per tool)
selection("xclip") := lower(name) if {
	name := ev.option_value({"-selection", "-sel"})
} else := "primary"

selection("xsel") := "clipboard" if {
	some a in args
	a in {"-b", "--clipboard"}
} else := "secondary" if {
	some a in args
	a in {"-s", "--secondary"}
} else := "primary"

selection("wl-paste") := "primary" if {
	some a in args
	a in {"-p", "--primary"}
} else := "clipboard"

tracee_match := {"tool": tool, "selection": selection(tool)} if {
	tool := ev.exec_name
	reads(tool)
}
