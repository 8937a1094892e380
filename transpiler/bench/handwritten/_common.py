"""What the hand-written signatures share: reading arguments and fields as
OPA does (a missing value makes the rule undefined; a builtin given the
wrong type makes its expression undefined; booleans are not numbers), the
open(2) flags of both helper libraries, and the event's origin."""

from __future__ import annotations

MISSING = object()
DIGITS = frozenset("0123456789")


def args_of(event):
    """The elements ``some a in input.args`` visits: a list's items, an
    object's values in key order; nothing for any other value."""
    args = event.get("args")
    c = args.__class__
    if c is list:
        return args
    if c is dict:
        return [args[k] for k in sorted(args)]
    return ()


def arg(event, name):
    """helpers.get_tracee_argument / lib.event.arg: the value of the first
    argument called ``name`` that has a value; MISSING when there is none."""
    for a in args_of(event):
        if a.__class__ is dict and a.get("name") == name and "value" in a:
            return a["value"]
    return MISSING


def has_arg(event, name) -> bool:
    """helpers.has_tracee_argument: an argument called ``name`` (with or
    without a value)."""
    for a in args_of(event):
        if a.__class__ is dict and a.get("name") == name:
            return True
    return False


def is_number(v) -> bool:
    c = v.__class__
    return c is int or c is float


def int_bits(v):
    """v as an integer for bits.and, or None (not an integral number)."""
    c = v.__class__
    if c is int:
        return v
    if c is float and v.is_integer():
        return int(v)
    return None


def is_file_write(flags) -> bool:
    """helpers.is_file_write (flags defined)."""
    n = int_bits(flags)
    if n is not None:
        return (n & 3) in (1, 2)
    if flags.__class__ is str:
        low = flags.lower()
        return "o_wronly" in low or "o_rdwr" in low
    return False


def is_file_read(flags) -> bool:
    """helpers.is_file_read (flags defined)."""
    n = int_bits(flags)
    if n is not None:
        return (n & 3) in (0, 2)
    if flags.__class__ is str:
        low = flags.lower()
        return "o_rdwr" in low or "o_wronly" not in low
    return False


def origin(event) -> str:
    """helpers.event_origin / lib.event.origin."""
    cf = event.get("contextFlags")
    if cf.__class__ is dict and cf.get("containerStarted") is True:
        return "container"
    c = event.get("container")
    if c.__class__ is dict and "id" in c and c["id"] != "":
        return "container-init"
    return "host"


def in_container(event) -> bool:
    """helpers.in_container / lib.event.in_container."""
    return origin(event) != "host"


def str_in(v, names) -> bool:
    """``v in names`` (or ``names[v]``) for a set of strings: only a string can be in it."""
    return v.__class__ is str and v in names
