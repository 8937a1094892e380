package tracee.TRC_R2P_045_test

import rego.v1

import data.tracee.TRC_R2P_045 as sig
import data.tracee.lib.fixtures as fx

test_metadata if {
	sig.__rego_metadoc__.id == "TRC-R2P-045"
	{s.name | some s in sig.tracee_selected_events} == {"security_inode_unlink", "security_file_open", "sched_process_exec"}
}

test_rm_auth_log if {
	ev := fx.unlink_event("rm", "/usr/bin/rm", "/var/log/auth.log")
	sig.tracee_match == {"action": "deleted", "pathname": "/var/log/auth.log", "critical": true, "process": "rm"} with input as ev
}

test_truncate_syslog if {
	ev := fx.open_event("bash", "/usr/bin/bash", "/var/log/syslog", fx.O_WRONLY_CREAT_TRUNC)
	sig.tracee_match == {"action": "truncated", "pathname": "/var/log/syslog", "critical": false, "process": "bash"} with input as ev
}

test_journal_vacuum if {
	ev := fx.as_user(fx.exec_event("/usr/bin/journalctl", ["journalctl", "--vacuum-time=1s"]), 0)
	sig.tracee_match.action == "journal vacuumed" with input as ev
}

test_logrotate_deletes_old if {
	ev := fx.unlink_event("logrotate", "/usr/sbin/logrotate", "/var/log/auth.log")
	not sig.tracee_match with input as ev
}

test_rotated_archive if {
	ev := fx.unlink_event("rm", "/usr/bin/rm", "/var/log/syslog.4.gz")
	not sig.tracee_match with input as ev
}

test_append_to_log if {
	ev := fx.open_event("rsyslogd", "/usr/sbin/rsyslogd", "/var/log/syslog", fx.O_WRONLY_APPEND)
	not sig.tracee_match with input as ev
}

test_journal_listing if {
	ev := fx.exec_event("/usr/bin/journalctl", ["journalctl", "-u", "ssh", "--since", "today"])
	not sig.tracee_match with input as ev
}
