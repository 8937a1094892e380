package tracee.TRC_R2P_038_test

import rego.v1

import data.tracee.TRC_R2P_038 as sig
import data.tracee.lib.fixtures as fx

test_metadata if {
	sig.__rego_metadoc__.id == "TRC-R2P-038"
	count(sig.tracee_selected_events) == 4
	{"source": "tracee", "name": "security_inode_symlink"} in sig.tracee_selected_events
	every s in sig.tracee_selected_events {
		s.source == "tracee"
		not s.origin
	}
}

test_unlink_bash_history if {
	ev := fx.unlink_event("rm", "/usr/bin/rm", "/home/alice/.bash_history")
	sig.tracee_match == {"reasons": ["history file deleted"], "process": "rm"} with input as ev
}

test_truncate_zsh_history if {
	ev := fx.open_event("bash", "/usr/bin/bash", "/root/.zsh_history", fx.O_WRONLY_CREAT_TRUNC)
	sig.tracee_match.reasons == ["history file truncated"] with input as ev
}

test_symlink_to_dev_null if {
	ev := fx.event("security_inode_symlink", "ln", "/usr/bin/ln", [
		{"name": "linkpath", "type": "const char*", "value": "/root/.bash_history"},
		{"name": "target", "type": "const char*", "value": "/dev/null"},
	])
	sig.tracee_match.reasons == ["history file linked to /dev/null"] with input as ev
}

test_histfile_dev_null_and_history_c if {
	ev := fx.exec_event_env("/usr/bin/bash", ["bash", "-c", "id; history -c"], ["PATH=/usr/bin", "HISTFILE=/dev/null", "HISTSIZE=0"])
	sig.tracee_match.reasons == [
		"HISTFILE=/dev/null in the environment",
		"HISTSIZE=0 in the environment",
		"history cleared by a shell command",
	] with input as ev
}

test_append_to_history_is_normal if {
	ev := fx.open_event("bash", "/usr/bin/bash", "/home/alice/.bash_history", fx.O_WRONLY_APPEND)
	not sig.tracee_match with input as ev
}

test_normal_environment if {
	ev := fx.exec_event_env("/usr/bin/bash", ["bash", "-c", "history | tail"], ["HISTFILE=/home/alice/.bash_history", "HISTSIZE=1000", "HISTCONTROL=ignoredups"])
	not sig.tracee_match with input as ev
}

test_unlink_other_file if {
	ev := fx.unlink_event("rm", "/usr/bin/rm", "/home/alice/.bash_history.md")
	not sig.tracee_match with input as ev
}
