"""signatures/v1/lib_event.rego (``tracee.lib.event``) by hand."""

from __future__ import annotations

from ._common import MISSING, arg, int_bits

_BITS = {"O_WRONLY": 1, "O_RDWR": 2, "O_CREAT": 64, "O_TRUNC": 512, "O_APPEND": 1024}


def has_open_flag(flags, name) -> bool:
    n = int_bits(flags)
    if n is not None:
        return n & _BITS[name] != 0
    if flags.__class__ is str:
        return name in flags.split("|")
    return False


def is_write_open(flags) -> bool:
    return has_open_flag(flags, "O_WRONLY") or has_open_flag(flags, "O_RDWR")


def opened_for_write(event) -> bool:
    flags = arg(event, "flags")
    return flags is not MISSING and is_write_open(flags)


def opened_for_read(event) -> bool:
    flags = arg(event, "flags")
    return flags is not MISSING and not is_write_open(flags)


def basename(path: str) -> str:
    return path.rsplit("/", 1)[-1]


def dirname(path) -> str:
    if path.__class__ is not str:
        return "."  # every body undefined: the bodiless else
    parts = path.split("/")
    if path.startswith("/") and len(parts) == 2:
        return "/"
    if len(parts) > 1:
        return "/".join(parts[:-1])
    return "."


def argv(event) -> list:
    a = arg(event, "argv")
    return a if a.__class__ is list else []


def values_of(x):
    """what ``some v in x`` visits"""
    if x.__class__ is list:
        return x
    if x.__class__ is dict:
        return [x[k] for k in sorted(x)]
    return ()


def arg_or(event, name, fallback):
    v = arg(event, name)
    return fallback if v is MISSING else v


class Conflict(Exception):
    """eval_conflict_error: an object comprehension gave a key two values."""


def env(event) -> dict:
    out: dict = {}
    for entry in values_of(arg_or(event, "env", [])):
        if entry.__class__ is not str:
            continue
        i = entry.find("=")
        if i > 0:
            name, value = entry[:i], entry[i + 1:]
            if out.get(name, value) != value:
                raise Conflict(f"env: two values for {name}")
            out[name] = value
    return out


def exec_name(event):
    """MISSING when undefined"""
    p = arg(event, "pathname")
    if p.__class__ is str and p != "":
        return basename(p)
    c = arg(event, "cmdpath")
    if c.__class__ is str:
        return basename(c)
    a = argv(event)
    if a and a[0].__class__ is str:
        return basename(a[0])
    return MISSING


