"""Tracee's event definitions, per version: which events exist, their
arguments in definition order, and the JSON values each argument can take.

The tables (``tables/*.json``) are Tracee's own definitions, gathered from
its Go sources (see ``/work/shared/tracee`` in the project's history):

- ``0.22``: Tracee v0.22.6, the last release line that ran Rego signatures
  (C-style type names: ``const char*``, ``int``, ``umode_t``, ...).
- ``main``: Tracee's main branch at commit 7c9ec97 (Go-style type names:
  ``string``, ``int32``, ``[]string``, ...).
- ``0.24``: the main-branch table. Tracee v0.24.0 introduced the Go-style
  names and types that main still uses (``invoked_from_kernel`` a bool,
  ``returnValue`` among syscall fields); we have no table of v0.24 itself, so
  an event added to main after v0.24 is taken to exist in 0.24 too.

Argument values as JSON, in trace.Event form (``args[i].value``):

- raw: strings for string types, arrays for lists, objects for structures
  (socket addresses are objects of strings: ``sin_port`` is ``"6443"``),
  numbers for every integer type and for pointers;
- parsed (Tracee's ParseArgs, which v0.22's rule engine always runs): the
  arguments of ``PARSED`` become strings (``ptrace.request`` is
  ``"PTRACE_TRACEME"``, open ``flags`` ``"O_WRONLY|O_CREAT"``, ``mode`` a text
  form without the setuid/setgid/sticky bits) with type ``"string"``, and
  every pointer becomes ``"0x..."`` (its type unchanged).

Checking (``kinds``) takes v0.22 as the rule engine saw it (parsed), and 0.24
and main as either (their output can be parsed or not).
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

__all__ = ["Schema", "VERSIONS", "schema", "PARSED", "json_kind"]

_TABLES = Path(__file__).resolve().parent / "tables"

# version name -> (table file, the version whose rule engine always parses)
VERSIONS = {
    "0.22": ("v0.22.6.json", True),
    "0.24": ("main-7c9ec97.json", False),
    "main": ("main-7c9ec97.json", False),
}

# Arguments Tracee's ParseArgs turns into strings (pkg/events/parse_args.go),
# by event. Pointers are parsed too (see above) and are not listed.
PARSED: dict[str, tuple[str, ...]] = {
    "mem_prot_alert": ("alert", "prot", "prev_prot"),
    "cap_capable": ("cap",),
    "security_mmap_file": ("prot",),
    "do_mmap": ("prot",),
    "mmap": ("prot",),
    "mprotect": ("prot",),
    "pkey_mprotect": ("prot",),
    "security_file_mprotect": ("prot", "prev_prot"),
    "ptrace": ("request",),
    "arch_prctl": ("option",),
    "prctl": ("option",),
    "socketcall": ("call",),
    "socket": ("domain", "type"),
    "security_socket_create": ("family", "type"),
    "access": ("mode",),
    "faccessat": ("mode",),
    "execveat": ("flags",),
    "open": ("flags",),
    "openat": ("flags",),
    "security_file_open": ("flags",),
    "mknod": ("mode",),
    "mknodat": ("mode",),
    "chmod": ("mode",),
    "fchmod": ("mode",),
    "fchmodat": ("mode",),
    "security_inode_mknod": ("mode",),
    "clone": ("flags",),
    "bpf": ("cmd",),
    "security_bpf": ("cmd",),
    "security_kernel_read_file": ("type",),
    "security_kernel_post_read_file": ("type",),
    "sched_process_exec": ("stdin_type",),
    "dirty_pipe_splice": ("in_file_type",),
    "security_socket_setsockopt": ("level", "optname"),
    "setsockopt": ("level", "optname"),
    "getsockopt": ("level", "optname"),
    "bpf_attach": ("prog_type", "prog_helpers", "attach_type"),
    "security_bpf_prog": ("type", "helpers"),
    "security_path_notify": ("mask", "obj_type"),
}

# Arguments whose C type reads as a pointer but whose value Tracee decodes.
_DECODED = {("utimensat", "times"), ("utimes", "times"), ("futimesat", "times")}

_STRINGS = {"string", "const char*", "const char *", "char*", "bytes", "[]byte", "time.Time"}
_ARRAYS_EXACT = {
    "const char**", "const char **", "const char*const*", "unsigned long[]", "int[2]", "[2]int",
}
_OBJECTS_EXACT = {"struct sockaddr*", "SockAddr", "slim_cred_t", "trace.SlimCred"}
_POINTER_NAMES = {
    "trace.Pointer", "sighandler_t", "cap_user_header_t", "cap_user_data_t",
    "const cap_user_data_t",
}


def json_kind(type_name: str) -> str:
    """The JSON kind of a raw argument of this type: "string", "number",
    "boolean", "array", "object" or "pointer" (a number, "0x..." when parsed)."""
    t = type_name
    if t in _STRINGS:
        return "string"
    if t == "bool":
        return "boolean"
    if t in _ARRAYS_EXACT or t.startswith("[]") or t.endswith("[]"):
        return "array"
    if t in _OBJECTS_EXACT or t.startswith("map[") or t.startswith("trace."):
        return "pointer" if t == "trace.Pointer" else "object"
    if t in _POINTER_NAMES or "*" in t:
        return "pointer"
    return "number"


_ZERO = {"string": "", "boolean": False, "array": [], "object": {}, "number": 0, "pointer": 0}


class Schema:
    """One version's event table."""

    def __init__(self, version: str, tracee: str, events: dict, engine_parses: bool):
        self.version = version
        self.tracee = tracee  # e.g. "v0.22.6"
        # returnValue is a field of the event (trace.Event's returnValue), not an argument
        self.events: dict[str, tuple[tuple[str, str], ...]] = {
            name: tuple((a, t) for a, t in args if a != "returnValue") for name, args in events.items()
        }
        self.has_return = {name for name, args in events.items() if any(a == "returnValue" for a, _ in args)}
        self.engine_parses = engine_parses

    def __repr__(self) -> str:
        return f"Schema({self.version!r}, {self.tracee})"

    def args(self, event: str) -> tuple[tuple[str, str], ...] | None:
        """(name, type) of each argument in definition order; None: no such event."""
        return self.events.get(event)

    def arg_type(self, event: str, arg: str) -> str | None:
        for a, t in self.events.get(event, ()):
            if a == arg:
                return t
        return None

    def raw_kind(self, event: str, arg: str, type_name: str) -> str:
        if (event, arg) in _DECODED:
            return "number"
        return json_kind(type_name)

    def is_parsed(self, event: str, arg: str) -> bool:
        """Does ParseArgs turn this argument into a string (pointers included)?"""
        t = self.arg_type(event, arg)
        if t is None:
            return False
        return arg in PARSED.get(event, ()) or self.raw_kind(event, arg, t) == "pointer"

    def kinds(self, event: str, arg: str) -> frozenset[str]:
        """The JSON kinds ("string", "number", "boolean", "array", "object")
        the argument's value can have in this version, as signatures see it."""
        t = self.arg_type(event, arg)
        if t is None:
            return frozenset()
        raw = self.raw_kind(event, arg, t)
        raw = "number" if raw == "pointer" else raw
        if not self.is_parsed(event, arg):
            return frozenset((raw,))
        if self.engine_parses:
            return frozenset(("string",))
        return frozenset((raw, "string"))

    def zero(self, event: str, arg: str, parsed: bool):
        """The value Tracee gives an argument it did not fill."""
        t = self.arg_type(event, arg)
        kind = self.raw_kind(event, arg, t or "")
        if parsed and self.is_parsed(event, arg):
            return "0x0" if kind == "pointer" else ""
        if t == "time.Time":
            return "0001-01-01T00:00:00Z"  # Go's zero time.Time
        v = _ZERO[kind]
        return v.copy() if isinstance(v, (list, dict)) else v

    def validate(self, event: dict, parsed: bool | None = None) -> list[str]:
        """What in a trace.Event-shaped event this version never writes: an
        unknown event, arguments missing, extra or out of order, a type name
        or a value of the wrong kind. ``parsed`` True/False requires parsed or
        raw values throughout; None accepts either per argument."""
        name = event.get("eventName")
        defn = self.events.get(name) if isinstance(name, str) else None
        if defn is None:
            return [f"no event {name!r} in Tracee {self.tracee}"]
        args = event.get("args")
        if not isinstance(args, list):
            return [f"{name}: args is not an array"]
        got = [a.get("name") if isinstance(a, dict) else None for a in args]
        want = [a for a, _ in defn]
        if got != want:
            return [f"{name}: arguments {got}, Tracee {self.tracee} writes {want}"]
        problems = []
        for a, (arg, t) in zip(args, defn):
            value = a.get("value")
            is_parsed_form = self.is_parsed(name, arg) and isinstance(value, str) and (
                self.raw_kind(name, arg, t) != "string"
            )
            if parsed is True and self.is_parsed(name, arg) and not is_parsed_form:
                problems.append(f"{name}.{arg}: raw value {value!r} in a parsed stream")
            if parsed is False and is_parsed_form:
                problems.append(f"{name}.{arg}: parsed value {value!r} in a raw stream")
            want_type = "string" if is_parsed_form and self.raw_kind(name, arg, t) != "pointer" else t
            if a.get("type") != want_type:
                problems.append(f"{name}.{arg}: type {a.get('type')!r}, Tracee {self.tracee} writes {want_type!r}")
            kind = "string" if is_parsed_form else self.raw_kind(name, arg, t)
            if not _is_kind(value, kind):
                problems.append(f"{name}.{arg}: value {value!r} is not a {kind}")
            elif kind == "object" and t in ("struct sockaddr*", "SockAddr"):
                bad = [k for k, v in value.items() if not isinstance(v, str)]
                if bad:
                    problems.append(f"{name}.{arg}: socket address fields {bad} are not strings")
        return problems


def _is_kind(value, kind: str) -> bool:
    if kind == "string":
        return isinstance(value, str)
    if kind == "boolean":
        return isinstance(value, bool)
    if kind in ("number", "pointer"):
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if kind == "array":
        return isinstance(value, list)
    return isinstance(value, dict)


@lru_cache(maxsize=None)
def schema(version: str) -> Schema:
    """The table of a version ("0.22", "0.24", "main"). Raises KeyError."""
    if version not in VERSIONS:
        raise KeyError(f"unknown Tracee version {version!r} (known: {', '.join(VERSIONS)})")
    file, parses = VERSIONS[version]
    data = json.loads((_TABLES / file).read_text(encoding="utf-8"))
    label = data["tracee"] if version != "0.24" else f"0.24 (as main {data['tracee'].split()[-1]})"
    return Schema(version, label, data["events"], parses)
