package tracee.TRC_R2P_066_test

import rego.v1

import data.tracee.TRC_R2P_066 as sig
import data.tracee.lib.fixtures as fx

test_metadata if {
	sig.__rego_metadoc__.id == "TRC-R2P-066"
	sig.tracee_selected_events == {{"source": "tracee", "name": "security_file_open"}, {"source": "tracee", "name": "security_inode_rename"}}
}

test_append_to_bashrc if {
	ev := fx.open_event("bash", "/usr/bin/bash", "/home/alice/.bashrc", fx.O_WRONLY_APPEND)
	sig.tracee_match == {"pathname": "/home/alice/.bashrc", "scope": "user", "process": "bash"} with input as ev
}

test_sed_in_place_on_profile_d if {
	ev := fx.rename_event("sed", "/usr/bin/sed", "/etc/profile.d/sedX1b2c3", "/etc/profile.d/proxy.sh")
	sig.tracee_match == {"pathname": "/etc/profile.d/proxy.sh", "scope": "system", "process": "sed"} with input as ev
}

test_root_zshrc_parsed_flags if {
	ev := fx.open_event("python3", "/usr/bin/python3", "/root/.zshrc", "O_WRONLY|O_TRUNC")
	sig.tracee_match.scope == "user" with input as ev
}

test_reading_bashrc if {
	ev := fx.open_event("bash", "/usr/bin/bash", "/home/alice/.bashrc", fx.O_RDONLY)
	not sig.tracee_match with input as ev
}

test_skeleton_copied_by_useradd if {
	ev := fx.open_event("useradd", "/usr/sbin/useradd", "/home/carol/.bashrc", fx.O_WRONLY_CREAT_TRUNC)
	not sig.tracee_match with input as ev
}

test_nested_dotfile if {
	ev := fx.open_event("bash", "/usr/bin/bash", "/home/alice/project/.profile", fx.O_WRONLY_CREAT_TRUNC)
	not sig.tracee_match with input as ev
}
