package tracee.TRC_R2P_008_test

import data.tracee.TRC_R2P_008
import data.tracee.r2p_v0_fixtures as fx

magic_args(path, bytes) = [
	{"name": "pathname", "type": "const char*", "value": path},
	{"name": "bytes", "type": "bytes", "value": bytes},
	{"name": "dev", "type": "dev_t", "value": 264241153},
	{"name": "inode", "type": "unsigned long", "value": 2883717},
]

# base64 of the first 16 bytes of an x86_64 ELF file
elf_header := "f0VMRgIBAQAAAAAAAAAAAA=="

test_metadata {
	TRC_R2P_008.__rego_metadoc__.id == "TRC-R2P-008"
}

test_selected_events {
	count(TRC_R2P_008.tracee_selected_events) == 1
	TRC_R2P_008.tracee_selected_events[{"source": "tracee", "name": "magic_write", "origin": "*"}]
}

test_match_elf_base64 {
	finding := TRC_R2P_008.tracee_match with input as fx.container_event("magic_write", magic_args("/tmp/kdevtmpfsi", elf_header))
	finding == {"pathname": "/tmp/kdevtmpfsi"}
}

test_match_elf_byte_array {
	TRC_R2P_008.tracee_match.pathname == "/dev/shm/x" with input as fx.host_event("magic_write", magic_args("/dev/shm/x", "f0VMRgIBAQA="))
}

test_no_match_script {
	# "#!/bin/sh\n" base64-encoded
	not TRC_R2P_008.tracee_match with input as fx.host_event("magic_write", magic_args("/tmp/run.sh", "IyEvYmluL3NoCg=="))
}

test_no_match_pseudo_files {
	not TRC_R2P_008.tracee_match with input as fx.host_event("magic_write", magic_args("/proc/4242/fd/1", elf_header))
	not TRC_R2P_008.tracee_match with input as fx.host_event("magic_write", magic_args("pipe:[88211]", elf_header))
}

test_no_match_toolchain {
	ev := object.union(fx.host_event("magic_write", magic_args("/home/builder/linux/vmlinux.o", elf_header)), {"processName": "ld"})
	not TRC_R2P_008.tracee_match with input as ev
}
