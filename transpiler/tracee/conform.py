"""Make a trace.Event what a named Tracee version writes: every argument of
the event's definition, in definition order, absent ones zero-filled, that
version's type names, and values all raw or all parsed (see schema.py).

Used by the workload generator (samples true to a version) and the tests
(signatures fed the shapes Tracee really sends, whatever their tests assumed).
"""

from __future__ import annotations

import base64

from .schema import Schema
from .values import parse, unparse

__all__ = ["conform", "ConformError"]

_SOCKADDR = {"struct sockaddr*", "SockAddr"}
# Go structs without JSON tags: every field is always written
_HOOK_FIELDS = {"SymbolName": "", "ModuleOwner": ""}
_CRED_FIELDS = dict.fromkeys((
    "Uid", "Gid", "Suid", "Sgid", "Euid", "Egid", "Fsuid", "Fsgid", "UserNamespace", "SecureBits",
    "CapInheritable", "CapPermitted", "CapEffective", "CapBounding", "CapAmbient"), 0)
_BYTES = {"bytes", "[]byte"}


GO_ZERO_TIME = "0001-01-01T00:00:00Z"  # Go's zero time.Time in JSON


def go_time_json(ns: int) -> str:
    """Nanoseconds since the epoch as Go's time.Time marshals them in UTC
    (RFC 3339 with the fraction's trailing zeros dropped)."""
    import datetime

    secs, frac = divmod(ns, 1_000_000_000)
    stamp = datetime.datetime(1970, 1, 1) + datetime.timedelta(seconds=secs)
    text = stamp.strftime("%Y-%m-%dT%H:%M:%S")
    if frac:
        text += "." + f"{frac:09d}".rstrip("0")
    return text + "Z"


class ConformError(ValueError):
    """An event or value this version cannot carry."""


def _raw(event: str, arg: str, type_: str, kind: str, value):
    """The raw form of a value given in either form."""
    if kind in ("number", "pointer"):
        if isinstance(value, bool):
            return int(value)
        if isinstance(value, (int, float)):
            return value
        if isinstance(value, str):
            raw = unparse(event, arg, value)
            if raw is None:
                raise ConformError(f"{event}.{arg}: cannot read {value!r} back as a number")
            return raw
        if value is None:
            return 0
    elif kind == "boolean":
        if isinstance(value, bool):
            return value
        if isinstance(value, int):
            return value != 0
    elif kind == "string":
        if isinstance(value, str):
            return value
        if type_ in _BYTES and isinstance(value, list) and all(isinstance(b, int) and 0 <= b < 256 for b in value):
            return base64.b64encode(bytes(value)).decode()  # Go's []byte in JSON
        if type_ == "time.Time" and isinstance(value, int) and not isinstance(value, bool):
            return go_time_json(value)  # nanoseconds since the epoch, as Go's time.Time writes them
        if value is None:
            return GO_ZERO_TIME if type_ == "time.Time" else ""
    elif kind == "array":
        if isinstance(value, list):
            if type_ == "[]trace.HookedSymbolData":
                return [{**_HOOK_FIELDS, **h} if isinstance(h, dict) else h for h in value]
            return value
        if value is None:
            return []
    elif kind == "object":
        if isinstance(value, dict):
            if type_ in _SOCKADDR:  # a map of strings in every version
                return {k: v if isinstance(v, str) else str(v).lower() if isinstance(v, bool) else str(v)
                        for k, v in value.items()}
            if type_ in ("slim_cred_t", "trace.SlimCred"):
                return {**_CRED_FIELDS, **value}
            if type_ == "map[string]trace.HookedSymbolData":
                return {k: {**_HOOK_FIELDS, **h} if isinstance(h, dict) else h for k, h in value.items()}
            return value
        if value is None:
            return {}
    raise ConformError(f"{event}.{arg}: {value!r} is not a {kind} ({type_})")


def conform(event: dict, table: Schema, parsed: bool) -> dict:
    """A copy of ``event`` with the arguments ``table``'s version writes.
    Arguments the definition lacks are dropped. Raises ConformError."""
    name = event.get("eventName")
    defn = table.args(name) if isinstance(name, str) else None
    if defn is None:
        raise ConformError(f"Tracee {table.tracee} has no event {name!r}")
    given = {}
    for a in event.get("args") or ():
        if isinstance(a, dict) and isinstance(a.get("name"), str):
            given.setdefault(a["name"], a.get("value"))
    args = []
    for arg, t in defn:
        kind = table.raw_kind(name, arg, t)
        value = _raw(name, arg, t, kind, given[arg]) if arg in given else table.zero(name, arg, False)
        type_ = t
        if parsed and table.is_parsed(name, arg):
            if kind == "pointer":
                value = f"0x{int(value):x}"
            else:
                text = parse(name, arg, value)
                if text is None:
                    raise ConformError(f"{name}.{arg}: no parsed form known for {value!r}")
                value, type_ = text, "string"
        args.append({"name": arg, "type": type_, "value": value})
    out = dict(event)
    out["args"] = args
    out["argsNum"] = len(args)
    if "returnValue" not in out:
        out["returnValue"] = 0
    return out
