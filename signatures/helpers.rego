# Shared helpers for rego2py's Tracee-style signatures.
#
# Written in Rego v1 syntax with `import rego.v1`, so that OPA v1 accepts it
# and both v0 and v1 signature modules can use it through
# `import data.tracee.helpers`.
#
# The input is a Tracee event: args is a list of {"name", "type", "value"}.
package tracee.helpers

import rego.v1

# ---------------------------------------------------------------- arguments

# The value of the event argument called `name` (the first one, if Tracee
# ever sent it twice); undefined when the event has no such argument.
get_tracee_argument(name) := values[0] if {
	values := [arg.value | some arg in input.args; arg.name == name]
	count(values) > 0
}

# true when the event carries an argument called `name`.
default has_tracee_argument(_) := false

has_tracee_argument(name) if {
	some arg in input.args
	arg.name == name
}

# The value of the argument `name`, or `fallback` when it is absent.
argument_or(name, fallback) := get_tracee_argument(name) if {
	has_tracee_argument(name)
}

argument_or(name, fallback) := fallback if {
	not has_tracee_argument(name)
}

# All arguments as an object name -> value.
arguments := {arg.name: arg.value | some arg in input.args}

# -------------------------------------------------------------------- origin

# Where the event happened, as Tracee's selectors name it.
event_origin := "container" if {
	input.contextFlags.containerStarted == true
} else := "container-init" if {
	input.container.id != ""
} else := "host"

default in_container := false

in_container if event_origin == "container"

in_container if event_origin == "container-init"

# ------------------------------------------------------------- open(2) flags

# Access mode bits of open(2).
o_accmode := 3

o_rdonly := 0

o_wronly := 1

o_rdwr := 2

# Flags come either as the raw int or, when Tracee parses arguments, as a
# string such as "O_WRONLY|O_CREAT".
default is_file_write(_) := false

is_file_write(flags) if {
	is_number(flags)
	bits.and(flags, o_accmode) in {o_wronly, o_rdwr}
}

is_file_write(flags) if {
	is_string(flags)
	some mode in ["o_wronly", "o_rdwr"]
	contains(lower(flags), mode)
}

default is_file_read(_) := false

is_file_read(flags) if {
	is_number(flags)
	bits.and(flags, o_accmode) in {o_rdonly, o_rdwr}
}

is_file_read(flags) if {
	is_string(flags)
	contains(lower(flags), "o_rdwr")
}

is_file_read(flags) if {
	is_string(flags)
	not contains(lower(flags), "o_wronly")
	not contains(lower(flags), "o_rdwr")
}

# ----------------------------------------------------------------- ELF files

# The first bytes of an ELF file: 0x7f 'E' 'L' 'F'.
elf_magic := [127, 69, 76, 70]

# Tracee sends "bytes" arguments base64-encoded (Go's []byte in JSON); the
# base64 of the four magic bytes always starts with "f0VMR".
default is_elf_file(_) := false

is_elf_file(content) if {
	is_string(content)
	startswith(content, "f0VMR")
}

is_elf_file(content) if {
	is_array(content)
	count(content) >= 4
	array.slice(content, 0, 4) == elf_magic
}

# ----------------------------------------------------------------- processes

shells := {"sh", "bash", "dash", "zsh", "ksh", "mksh", "csh", "tcsh", "fish", "ash", "busybox"}

interpreters := shells | {
	"python", "python2", "python3", "perl", "ruby",
	"php", "node", "lua", "tclsh", "wish",
}

# The last element of a path ("" for a path ending in "/").
basename(path) := name if {
	parts := split(path, "/")
	name := parts[count(parts) - 1]
}

default is_shell(_) := false

is_shell(path) if basename(path) in shells

default is_interpreter(_) := false

is_interpreter(path) if basename(path) in interpreters

is_interpreter(path) if {
	# versioned interpreters such as python3.11 or perl5.36
	regex.match(`^(python|perl|ruby|php|lua)[0-9.]+$`, basename(path))
}

# The value of `key` in an environment given as ["K=V", ...]; undefined
# when the key is not set.
env_value(env, key) := values[0] if {
	prefix := concat("", [key, "="])
	values := [substring(entry, count(prefix), -1) |
		some entry in env
		startswith(entry, prefix)
	]
	count(values) > 0
}

# ---------------------------------------------------------------------- /proc

# true for /proc/<pid>/<file> and /proc/self/<file> (also /proc/<pid>/task/<tid>/<file>).
is_proc_pid_file(path, file) if {
	# (concat, not sprintf: rego-cpp's sprintf quotes a string bound in a function)
	pattern := concat("", [`^/proc/([0-9]+|self|thread-self)(/task/[0-9]+)?/`, file, "$"])
	regex.match(pattern, path)
}

# The pid in a /proc/<pid>/... path; undefined for /proc/self and others.
proc_path_pid(path) := to_number(parts[2]) if {
	parts := split(path, "/")
	count(parts) > 2
	parts[1] == "proc"
	regex.match(`^[0-9]+$`, parts[2])
}
