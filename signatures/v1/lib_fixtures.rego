# Test fixtures: realistic Tracee events for the v1 signature tests.
package tracee.lib.fixtures

import rego.v1

# Tracee event ids (x86_64 syscall numbers for syscalls; Tracee's own ids for the others).
event_ids := {
	"chmod": "90",
	"fchmod": "91",
	"mkdir": "83",
	"setuid": "105",
	"setgid": "106",
	"setreuid": "113",
	"setresuid": "117",
	"chroot": "161",
	"mkdirat": "258",
	"fchmodat": "268",
	"utimensat": "280",
	"sched_process_exec": "715",
	"security_file_open": "727",
	"security_inode_unlink": "728",
	"security_socket_create": "729",
	"security_socket_connect": "731",
	"security_sb_mount": "734",
	"security_bpf": "735",
	"security_inode_rename": "742",
	"security_inode_mkdir": "749",
	"commit_creds": "743",
	"net_packet_dns_request": "2003",
}

host_base := {
	"timestamp": 1732610000123456789,
	"threadStartTime": 1732609990000000000,
	"processorId": 1,
	"processId": 4242,
	"cgroupId": 7813,
	"threadId": 4242,
	"parentProcessId": 4200,
	"hostProcessId": 4242,
	"hostThreadId": 4242,
	"hostParentProcessId": 4200,
	"userId": 1000,
	"mountNamespace": 4026531841,
	"pidNamespace": 4026531836,
	"processName": "bash",
	"executable": {"path": "/usr/bin/bash"},
	"hostName": "build-01",
	"containerId": "",
	"container": {},
	"kubernetes": {},
	"eventId": "0",
	"eventName": "",
	"matchedPolicies": ["default"],
	"argsNum": 0,
	"returnValue": 0,
	"syscall": "",
	"stackAddresses": null,
	"contextFlags": {"containerStarted": false, "isCompat": false},
	"threadEntityId": 2912345678,
	"processEntityId": 2912345678,
	"parentEntityId": 1987654321,
	"args": [],
}

container_id := "3f6c7e29a1b54d0c9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d"

container_part := {
	"hostName": "web-7d9f8c6b5-x2kqz",
	"containerId": container_id,
	"container": {"id": container_id, "name": "web", "image": "docker.io/library/nginx:1.27"},
	"kubernetes": {"podName": "web-7d9f8c6b5-x2kqz", "podNamespace": "shop", "podUID": "0f8e7d6c-5b4a-3928-1706-f5e4d3c2b1a0"},
	"mountNamespace": 4026532601,
	"pidNamespace": 4026532604,
	"processId": 37,
	"threadId": 37,
	"parentProcessId": 1,
	"userId": 0,
	"contextFlags": {"containerStarted": true, "isCompat": false},
}

# An event of `name` from process `comm` running `exe`, on the host.
event(name, comm, exe, args) := object.union(host_base, {
	"eventName": name,
	"eventId": object.get(event_ids, name, "0"),
	"processName": comm,
	"executable": {"path": exe},
	"args": args,
	"argsNum": count(args),
	"syscall": syscall_of(name),
})

# The same inside a started container.
container_event(name, comm, exe, args) := object.union(event(name, comm, exe, args), container_part)

# The same with another user id.
as_user(ev, uid) := object.union(ev, {"userId": uid})

syscall_of("sched_process_exec") := "execve"

syscall_of("security_file_open") := "openat"

syscall_of("security_inode_unlink") := "unlinkat"

syscall_of("security_inode_rename") := "renameat2"

syscall_of(name) := name if {
	not name in {"sched_process_exec", "security_file_open", "security_inode_unlink", "security_inode_rename"}
	not startswith(name, "security_")
	not startswith(name, "net_")
	name != "commit_creds"
}

syscall_of(name) := "" if startswith(name, "net_")

syscall_of(name) := "" if {
	startswith(name, "security_")
	not name in {"security_file_open", "security_inode_unlink", "security_inode_rename"}
}

syscall_of("commit_creds") := "setuid"

# sched_process_exec of `path` with `argv` (and an optional env).
exec_event(path, argv) := event("sched_process_exec", comm_of(path), path, exec_args(path, argv, []))

exec_event_env(path, argv, env) := event("sched_process_exec", comm_of(path), path, exec_args(path, argv, env))

container_exec_event(path, argv) := container_event("sched_process_exec", comm_of(path), path, exec_args(path, argv, []))

# The comm Linux gives a new program: its file name, at most 15 bytes.
comm_of(path) := substring(name, 0, 15) if {
	parts := split(path, "/")
	name := parts[count(parts) - 1]
}

exec_args(path, argv, env) := [
	{"name": "cmdpath", "type": "const char*", "value": path},
	{"name": "pathname", "type": "const char*", "value": path},
	{"name": "dev", "type": "dev_t", "value": 264241153},
	{"name": "inode", "type": "unsigned long", "value": 1835163},
	{"name": "ctime", "type": "unsigned long", "value": 1731000000000000000},
	{"name": "inode_mode", "type": "umode_t", "value": 33261},
	{"name": "interpreter_pathname", "type": "const char*", "value": "/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2"},
	{"name": "interpreter_dev", "type": "dev_t", "value": 264241153},
	{"name": "interpreter_inode", "type": "unsigned long", "value": 1837001},
	{"name": "interpreter_ctime", "type": "unsigned long", "value": 1731000000000000000},
	{"name": "argv", "type": "const char**", "value": argv},
	{"name": "interp", "type": "const char*", "value": path},
	{"name": "stdin_type", "type": "string", "value": "S_IFCHR"},
	{"name": "stdin_path", "type": "char*", "value": "/dev/pts/0"},
	{"name": "invoked_from_kernel", "type": "int", "value": 0},
	{"name": "prev_comm", "type": "const char*", "value": "bash"},
	{"name": "env", "type": "const char**", "value": env},
]

# security_file_open of `pathname` with `flags`, by `comm` running `exe`.
open_event(comm, exe, pathname, flags) := event("security_file_open", comm, exe, open_args(pathname, flags))

container_open_event(comm, exe, pathname, flags) := container_event("security_file_open", comm, exe, open_args(pathname, flags))

open_args(pathname, flags) := [
	{"name": "pathname", "type": "const char*", "value": pathname},
	{"name": "flags", "type": int_type(flags), "value": flags},
	{"name": "dev", "type": "dev_t", "value": 264241153},
	{"name": "inode", "type": "unsigned long", "value": 2097411},
	{"name": "ctime", "type": "unsigned long", "value": 1731000000000000000},
	{"name": "syscall_pathname", "type": "const char*", "value": pathname},
]

# security_inode_unlink of `pathname`.
unlink_event(comm, exe, pathname) := event("security_inode_unlink", comm, exe, [
	{"name": "pathname", "type": "const char*", "value": pathname},
	{"name": "inode", "type": "unsigned long", "value": 2097412},
	{"name": "dev", "type": "dev_t", "value": 264241153},
	{"name": "ctime", "type": "u64", "value": 1731000000000000000},
])

# security_inode_rename of `old` to `new`.
rename_event(comm, exe, old, new) := event("security_inode_rename", comm, exe, [
	{"name": "old_path", "type": "const char*", "value": old},
	{"name": "new_path", "type": "const char*", "value": new},
])

# The type of an int argument: "string" once parsed (Tracee's ParseArgs).
int_type(v) := "string" if is_string(v)

int_type(v) := "int" if not is_string(v)

# O_* values for tests.
O_RDONLY := 0

O_WRONLY := 1

O_RDWR := 2

O_WRONLY_CREAT_TRUNC := 577

O_WRONLY_APPEND := 1025
