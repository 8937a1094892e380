package tracee.TRC_R2P_062_test

import rego.v1

import data.tracee.TRC_R2P_062 as sig
import data.tracee.lib.fixtures as fx

test_metadata if {
	sig.__rego_metadoc__.id == "TRC-R2P-062"
	sig.tracee_selected_events == {{"source": "tracee", "name": "sched_process_exec"}}
}

test_tar_home_and_etc if {
	ev := fx.exec_event("/usr/bin/tar", ["tar", "czf", "/tmp/.b.tgz", "/home", "/etc/shadow", "/opt/app"])
	sig.tracee_match == {"tool": "tar", "sources": ["/home", "/etc/shadow"]} with input as ev
}

test_zip_credentials if {
	ev := fx.exec_event("/usr/bin/zip", ["zip", "-r", "/dev/shm/k.zip", ".ssh", ".aws/credentials"])
	sig.tracee_match == {"tool": "zip", "sources": [".ssh", ".aws/credentials"]} with input as ev
}

test_7z_root if {
	ev := fx.exec_event("/usr/bin/7z", ["7z", "a", "-p", "out.7z", "/root/"])
	sig.tracee_match.sources == ["/root/"] with input as ev
}

test_tar_extract_into_etc if {
	ev := fx.exec_event("/usr/bin/tar", ["tar", "-xzf", "conf.tgz", "-C", "/etc/nginx"])
	not sig.tracee_match with input as ev
}

test_tar_project if {
	ev := fx.exec_event("/usr/bin/tar", ["tar", "-czf", "src.tgz", "src/", "README.md"])
	not sig.tracee_match with input as ev
}

test_7z_list if {
	ev := fx.exec_event("/usr/bin/7z", ["7z", "l", "/home/alice/a.7z"])
	not sig.tracee_match with input as ev
}
