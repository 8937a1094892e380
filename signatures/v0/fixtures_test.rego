# Event builders shared by the v0 signature tests: realistic Tracee events
# on the host and in a running Kubernetes container.
package tracee.r2p_v0_fixtures

# Tracee's event ids (syscalls keep their x86_64 numbers).
event_ids = {
	"ptrace": "101",
	"setuid": "105",
	"mount": "165",
	"init_module": "175",
	"process_vm_writev": "311",
	"finit_module": "313",
	"memfd_create": "319",
	"sched_process_exec": "710",
	"security_bprm_check": "1000",
	"security_file_open": "1001",
	"security_inode_rename": "1015",
	"security_sb_mount": "1004",
	"security_socket_connect": "1007",
	"security_kernel_read_file": "1013",
	"magic_write": "2010",
	"mem_prot_alert": "2021",
	"socket_dup": "2022",
	"hooked_syscalls": "2002",
	"hooked_proc_fops": "2006",
}

event_id(name) = id {
	id := event_ids[name]
} else = "9999" {
	true
}

# A process of the host (not in a container).
host_event(name, args) = {
	"timestamp": 1732600000123456789,
	"threadStartTime": 1732599990000000000,
	"processorId": 1,
	"processId": 4242,
	"threadId": 4242,
	"parentProcessId": 4200,
	"hostProcessId": 4242,
	"hostThreadId": 4242,
	"hostParentProcessId": 4200,
	"userId": 0,
	"mountNamespace": 4026531840,
	"pidNamespace": 4026531836,
	"processName": "bash",
	"executable": {"path": "/usr/bin/bash"},
	"hostName": "worker-1",
	"containerId": "",
	"container": {},
	"kubernetes": {},
	"eventId": event_id(name),
	"eventName": name,
	"matchedPolicies": ["default"],
	"argsNum": count(args),
	"returnValue": 0,
	"syscall": name,
	"contextFlags": {"containerStarted": false, "isCompat": false},
	"args": args,
}

container_id := "7f3a9c1e5b2d4f60a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6a7b8"

# A process of a running container of a Kubernetes pod.
container_event(name, args) = {
	"timestamp": 1732600000123456789,
	"threadStartTime": 1732599990000000000,
	"processorId": 0,
	"processId": 12,
	"threadId": 12,
	"parentProcessId": 1,
	"hostProcessId": 31337,
	"hostThreadId": 31337,
	"hostParentProcessId": 31300,
	"userId": 0,
	"mountNamespace": 4026532571,
	"pidNamespace": 4026532574,
	"processName": "sh",
	"executable": {"path": "/bin/sh"},
	"hostName": "web-6d4cf56db6-x7k2p",
	"containerId": container_id,
	"container": {"id": container_id, "name": "web", "image": "docker.io/library/nginx:1.25"},
	"kubernetes": {"podName": "web-6d4cf56db6-x7k2p", "podNamespace": "default", "podUID": "5b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0"},
	"eventId": event_id(name),
	"eventName": name,
	"matchedPolicies": ["default"],
	"argsNum": count(args),
	"returnValue": 0,
	"syscall": name,
	"contextFlags": {"containerStarted": true, "isCompat": false},
	"args": args,
}

# The same event from another process name and executable.
as_process(event, comm, path) = object.union(event, {"processName": comm, "executable": {"path": path}})

# security_file_open arguments for `path` opened with `flags`.
open_args(path, flags) = [
	{"name": "pathname", "type": "const char*", "value": path},
	{"name": "flags", "type": int_type(flags), "value": flags},
	{"name": "dev", "type": "dev_t", "value": 264241153},
	{"name": "inode", "type": "unsigned long", "value": 1054966},
	{"name": "ctime", "type": "unsigned long", "value": 1732500000000000000},
	{"name": "syscall_pathname", "type": "const char*", "value": path},
]

# The type of an int argument: "string" once parsed (Tracee's ParseArgs).
int_type(v) = parsed_type(v, "int")

parsed_type(v, raw_type) = "string" {
	is_string(v)
} else = raw_type {
	true
}

O_RDONLY := 0

O_WRONLY := 1

O_RDWR := 2

# O_WRONLY|O_CREAT|O_TRUNC
O_WRITE_CREATE := 577

# sched_process_exec arguments: all of Tracee v0.22.6's definition, in its
# order (stdin_type parsed, as its rule engine gave it).
exec_args(path, argv, env) = [
	{"name": "cmdpath", "type": "const char*", "value": path},
	{"name": "pathname", "type": "const char*", "value": path},
	{"name": "dev", "type": "dev_t", "value": 264241153},
	{"name": "inode", "type": "unsigned long", "value": 1311234},
	{"name": "ctime", "type": "unsigned long", "value": 1732500000000000000},
	{"name": "inode_mode", "type": "umode_t", "value": 33261},
	{"name": "interpreter_pathname", "type": "const char*", "value": ""},
	{"name": "interpreter_dev", "type": "dev_t", "value": 0},
	{"name": "interpreter_inode", "type": "unsigned long", "value": 0},
	{"name": "interpreter_ctime", "type": "unsigned long", "value": 0},
	{"name": "argv", "type": "const char**", "value": argv},
	{"name": "interp", "type": "const char*", "value": path},
	{"name": "stdin_type", "type": "string", "value": "S_IFIFO"},
	{"name": "stdin_path", "type": "char*", "value": "pipe:[98712]"},
	{"name": "invoked_from_kernel", "type": "int", "value": 0},
	{"name": "prev_comm", "type": "const char*", "value": "bash"},
	{"name": "env", "type": "const char**", "value": env},
]

# security_inode_rename arguments.
rename_args(old, new) = [
	{"name": "old_path", "type": "const char*", "value": old},
	{"name": "new_path", "type": "const char*", "value": new},
]
