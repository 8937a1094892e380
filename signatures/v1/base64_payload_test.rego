package tracee.TRC_R2P_057_test

import rego.v1

import data.tracee.TRC_R2P_057 as sig
import data.tracee.lib.fixtures as fx

test_metadata if {
	sig.__rego_metadoc__.id == "TRC-R2P-057"
	sig.tracee_selected_events == {{"source": "tracee", "name": "sched_process_exec"}}
}

test_echo_base64_d_pipe_sh if {
	ev := fx.exec_event("/bin/bash", ["bash", "-c", "echo Y3VybCBodHRwOi8vYS5iL3ggfCBzaAo= | base64 -d | sh"])
	sig.tracee_match == {"method": "base64 decoded into a shell", "program": "bash"} with input as ev
}

test_eval_substitution if {
	ev := fx.exec_event("/bin/sh", ["sh", "-c", "eval \"$(echo aWQ= | base64 --decode)\""])
	sig.tracee_match.method == "base64 decoded and evaluated by the shell" with input as ev
}

test_python_exec_b64decode if {
	ev := fx.container_exec_event("/usr/bin/python3.11", ["python3", "-c", "import base64;exec(base64.b64decode('cHJpbnQoMSk='))"])
	sig.tracee_match == {"method": "python one-liner decodes and evaluates", "program": "python3.11"} with input as ev
}

test_perl_eval_decode if {
	ev := fx.exec_event("/usr/bin/perl", ["perl", "-MMIME::Base64", "-e", "eval(decode_base64('cHJpbnQgMQ=='))"])
	sig.tracee_match.method == "perl one-liner decodes and evaluates" with input as ev
}

test_decode_to_file if {
	ev := fx.exec_event("/bin/bash", ["bash", "-c", "base64 -d cert.b64 > cert.pem"])
	not sig.tracee_match with input as ev
}

test_python_decode_without_exec if {
	ev := fx.exec_event("/usr/bin/python3", ["python3", "-c", "import base64;print(base64.b64decode('aGk='))"])
	not sig.tracee_match with input as ev
}
