package tracee.TRC_R2P_064_test

import rego.v1

import data.tracee.TRC_R2P_064 as sig
import data.tracee.lib.fixtures as fx

test_metadata if {
	sig.__rego_metadoc__.id == "TRC-R2P-064"
	sig.tracee_selected_events == {{"source": "tracee", "name": "sched_process_exec"}}
}

test_xclip_clipboard_out if {
	ev := fx.exec_event("/usr/bin/xclip", ["xclip", "-selection", "CLIPBOARD", "-o"])
	sig.tracee_match == {"tool": "xclip", "selection": "clipboard"} with input as ev
}

test_xsel_default if {
	ev := fx.exec_event("/usr/bin/xsel", ["xsel"])
	sig.tracee_match == {"tool": "xsel", "selection": "primary"} with input as ev
}

test_xsel_clipboard_output if {
	ev := fx.exec_event("/usr/bin/xsel", ["xsel", "-b", "-o"])
	sig.tracee_match.selection == "clipboard" with input as ev
}

test_wl_paste if {
	ev := fx.exec_event("/usr/bin/wl-paste", ["wl-paste", "--no-newline"])
	sig.tracee_match == {"tool": "wl-paste", "selection": "clipboard"} with input as ev
}

test_xclip_copy_in if {
	ev := fx.exec_event("/usr/bin/xclip", ["xclip", "-selection", "clipboard", "-i"])
	not sig.tracee_match with input as ev
}

test_xsel_input if {
	ev := fx.exec_event("/usr/bin/xsel", ["xsel", "--clipboard", "--input"])
	not sig.tracee_match with input as ev
}

test_wl_copy if {
	ev := fx.exec_event("/usr/bin/wl-copy", ["wl-copy", "secret"])
	not sig.tracee_match with input as ev
}
