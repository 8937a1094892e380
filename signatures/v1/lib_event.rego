# Reading Tracee events: arguments, origin, paths and open flags.
# Shared by the v1 signatures TRC-R2P-035..070.
package tracee.lib.event

import rego.v1

# The value of the argument called `name` (undefined when the event lacks it;
# the first one should an event ever carry the name twice).
arg(name) := values[0] if {
	values := [a.value | some a in input.args; a.name == name]
	count(values) > 0
}

# The value of the argument called `name`, or `fallback` when it is absent.
arg_or(name, fallback) := value if {
	value := arg(name)
} else := fallback

# Where the event happened, as Tracee's selectors name it.
origin := "container" if {
	input.contextFlags.containerStarted == true
} else := "container-init" if {
	input.container.id != ""
} else := "host"

default in_container := false

in_container if origin in {"container", "container-init"}

# The last component of a path ("" for a path ending in "/").
basename(path) := name if {
	parts := split(path, "/")
	name := parts[count(parts) - 1]
}

# The directory part of a path, without a trailing "/" ("/" for top-level entries,
# "." for a bare name).
dirname(path) := "/" if {
	startswith(path, "/")
	count(split(path, "/")) == 2
} else := dir if {
	parts := split(path, "/")
	count(parts) > 1
	dir := concat("/", array.slice(parts, 0, count(parts) - 1))
} else := "."

# The argv of sched_process_exec (an empty array when it is missing or not an array).
argv := a if {
	a := arg("argv")
	is_array(a)
} else := []

# The environment of sched_process_exec as an object of NAME -> value.
env := {name: value |
	some entry in arg_or("env", [])
	is_string(entry)
	i := indexof(entry, "=")
	i > 0
	name := substring(entry, 0, i)
	value := substring(entry, i + 1, -1)
}

# The word after the first of `options` in argv, as in `-i eth0` (undefined when
# no option is there or it is the last word). The first occurrence wins, so a
# repeated option never makes two values.
option_value(options) := argv[i + 1] if {
	i := min({j | some j, a in argv; a in options})
}

# The command line joined with spaces, handy for pattern matching.
cmdline := concat(" ", [s | some s in argv; is_string(s)])

# The executed program's basename for sched_process_exec: pathname, else cmdpath, else argv[0].
exec_name := basename(arg("pathname")) if {
	is_string(arg("pathname"))
	arg("pathname") != ""
} else := basename(arg("cmdpath")) if {
	is_string(arg("cmdpath"))
} else := basename(argv[0]) if {
	is_string(argv[0])
}

# Open flags: Tracee gives an int, or a string like "O_WRONLY|O_CREAT" when it parses arguments.
open_flag_bits := {
	"O_WRONLY": 1,
	"O_RDWR": 2,
	"O_CREAT": 64,
	"O_TRUNC": 512,
	"O_APPEND": 1024,
}

has_open_flag(flags, name) if {
	is_number(flags)
	bits.and(flags, open_flag_bits[name]) != 0
}

has_open_flag(flags, name) if {
	is_string(flags)
	name in split(flags, "|")
}

# True when the flags open the file for writing.
is_write_open(flags) if has_open_flag(flags, "O_WRONLY")

is_write_open(flags) if has_open_flag(flags, "O_RDWR")

# True when the open of the current security_file_open event writes.
opened_for_write if is_write_open(arg("flags"))

# True when the open of the current security_file_open event only reads.
opened_for_read if {
	flags := arg("flags")
	not is_write_open(flags)
}

# Runs as root (uid 0)?
is_root if input.userId == 0
