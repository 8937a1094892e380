"""The two JSON formats Tracee has written, and the one signatures read.

Signatures are written against ``trace.Event`` JSON (``tracee -o json`` up to
v0.24.1: ``eventName``, ``args`` [{name, type, value}], ``processName``, ...).
Tracee's main branch writes, since 2025-11-26, its protobuf ``Event`` as JSON:
``name``, an RFC 3339 ``timestamp``, ``workload`` {process, container, k8s}
and ``data`` [{name, one typed value}]. ``from_main`` gives such an event the
trace.Event shape, once, before dispatch; ``to_main`` writes a trace.Event in
the main-branch format (samples and tests).

A line is in the main-branch format when it has no ``eventName`` and has a
``name`` (``is_main``): one dict lookup for the old format.

The mapping (main-branch field -> trace.Event field):

    timestamp (RFC 3339)                 timestamp (int, ns since the epoch)
    id                                   eventId (a string)
    name                                 eventName
    policies.matched                     matchedPolicies
    workload.process.executable.path     executable.path
    workload.process.unique_id           processEntityId
    workload.process.host_pid / pid      hostProcessId / processId
    workload.process.real_user.id        userId
    workload.process.thread.start_time   threadStartTime (ns)
    workload.process.thread.name         processName
    workload.process.thread.unique_id    threadEntityId
    workload.process.thread.host_tid/tid hostThreadId / threadId
    workload.process.thread.syscall      syscall
    workload.process.thread.compat       contextFlags.isCompat
    ...thread.user_stack_trace.addresses stackAddresses (their address)
    workload.process.ancestors[0]        hostParentProcessId, parentProcessId, parentEntityId
    workload.container.id                containerId and container.id
    workload.container.name              container.name
    workload.container.image.name        container.image
    ...image.repo_digests[0]             container.imageDigest
    workload.container.started           contextFlags.containerStarted
    workload.k8s.pod.name / uid          kubernetes.podName / podUID
    workload.k8s.namespace.name          kubernetes.podNamespace
    data[i] named returnValue            returnValue (0 when absent, as trace.Event)
    data[i] (others, in order)           args[i] {name, type, value}; argsNum

An argument's ``type`` is the main-branch definition's type name (Go style,
as trace.Event carried them since v0.24), or ``"string"`` when the value is a
string where the definition has another kind (parsed arguments, as Tracee's
ParseArgs marks them); for an argument the table does not know, the name of
the typed value's Go type. Values:

    int32, u_int32, int64 / u_int64 (strings)  numbers
    str, bytes (base64), bool                  the same
    str_array, int32_array, u_int64_array      arrays (their ``value``; u_int64 items as numbers)
    pointer                                    a number
    timespec                                   a number (its ``value``)
    sockaddr                                   an object of strings (``sin_port`` "6443"),
                                               sa_family by name (AF_INET)
    credentials                                Go field names (Uid, Euid, CapEffective as a bit mask, ...)
    hooked_syscalls, hooked_seq_ops            {SymbolName, ModuleOwner} (Go field names)
    dns_questions / dns_responses              their list
    others (struct, packet_metadata, ipv4...)  as written

Fields trace.Event has and the main format does not (processorId, cgroupId,
namespaces, hostName) are left out.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone

__all__ = ["is_main", "from_main", "to_main", "FormatError", "rfc3339_ns", "ns_rfc3339"]


class FormatError(ValueError):
    """A main-branch event that cannot be read (the message says which field)."""


def is_main(event: dict) -> bool:
    """Is this decoded event in the main-branch format?"""
    return "eventName" not in event and "name" in event


# ----------------------------------------------------------------- timestamps

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


_RFC3339 = re.compile(r"(\d{4}-\d\d-\d\d[Tt ]\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?([Zz]|[+-]\d\d:\d\d)\Z")
_SECONDS: dict[tuple[str, str], int] = {}  # (date and time, zone) -> seconds since the epoch


def rfc3339_ns(text, field: str = "timestamp") -> int:
    """Nanoseconds since the epoch of an RFC 3339 time (nanosecond digits kept)."""
    if text.__class__ is int:
        return text
    if text.__class__ is not str:
        raise FormatError(f"{field} is not an RFC 3339 string")
    m = _RFC3339.match(text)
    if m is not None:  # the common form, its second cached
        base, frac, zone = m.groups()
        secs = _SECONDS.get((base, zone))
        if secs is None:
            secs = _slow_ns(f"{base}{zone}", field) // 1_000_000_000
            if len(_SECONDS) > 4096:
                _SECONDS.clear()
            _SECONDS[(base, zone)] = secs
        return secs * 1_000_000_000 + (int(frac.ljust(9, "0")) if frac else 0)
    return _slow_ns(text, field)


def _slow_ns(text: str, field: str) -> int:
    s = text.strip()
    frac = 0
    dot = s.find(".")
    if dot >= 0:
        end = dot + 1
        while end < len(s) and s[end].isdigit():
            end += 1
        digits = s[dot + 1 : end]
        if not digits or len(digits) > 9:
            raise FormatError(f"{field} {text!r} is not an RFC 3339 time")
        frac = int(digits.ljust(9, "0"))
        s = s[:dot] + s[end:]
    if s.endswith(("Z", "z")):
        s = s[:-1] + "+00:00"
    try:
        dt = datetime.fromisoformat(s)
    except ValueError:
        raise FormatError(f"{field} {text!r} is not an RFC 3339 time") from None
    if dt.tzinfo is None:
        raise FormatError(f"{field} {text!r} has no time zone")
    delta = dt - _EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000_000 + frac


def ns_rfc3339(ns: int) -> str:
    """The RFC 3339 text (UTC, nine fraction digits) of nanoseconds since the epoch."""
    secs, frac = divmod(int(ns), 1_000_000_000)
    dt = datetime.fromtimestamp(secs, tz=timezone.utc)
    return dt.strftime("%Y-%m-%dT%H:%M:%S") + f".{frac:09d}Z"


# ------------------------------------------------------------ argument values

_FAMILIES = {0: "AF_UNSPEC", 1: "AF_UNIX", 2: "AF_INET", 10: "AF_INET6", 16: "AF_NETLINK", 17: "AF_PACKET"}
_FAMILY_NUMBERS = {v: k for k, v in _FAMILIES.items()}

CAPABILITIES = (
    "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL",
    "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE",
    "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER",
    "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE", "CAP_SYS_PACCT",
    "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME",
    "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE", "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL",
    "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM",
    "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE",
)
_CAP_BIT = {name: i for i, name in enumerate(CAPABILITIES)}

# SlimCred's Go field -> the Credentials message's field
_CRED_IDS = (
    ("Uid", "real_user"), ("Gid", "real_group"), ("Suid", "saved_user"), ("Sgid", "saved_group"),
    ("Euid", "effective_user"), ("Egid", "effective_group"), ("Fsuid", "fs_user"),
    ("Fsgid", "fs_group"), ("UserNamespace", "user_namespace"),
)
_CRED_CAPS = (
    ("CapInheritable", "cap_inheritable"), ("CapPermitted", "cap_permitted"),
    ("CapEffective", "cap_effective"), ("CapBounding", "cap_bounding"), ("CapAmbient", "cap_ambient"),
)

# typed key -> Go type name when the table does not know the argument
_GO_TYPE = {
    "int32": "int32", "int64": "int64", "u_int32": "uint32", "u_int64": "uint64", "str": "string",
    "bytes": "[]byte", "bool": "bool", "str_array": "[]string", "int32_array": "[]int32",
    "u_int64_array": "[]uint64", "sockaddr": "SockAddr", "credentials": "trace.SlimCred",
    "timespec": "float64", "pointer": "trace.Pointer", "hooked_syscalls": "[]trace.HookedSymbolData",
    "hooked_seq_ops": "map[string]trace.HookedSymbolData", "dns_questions": "[]trace.DnsQueryData",
    "dns_responses": "[]trace.DnsResponseData", "packet_metadata": "trace.PacketMetadata",
    "struct": "struct",
}
VALUE_KEYS = frozenset(_GO_TYPE) | {
    "ipv4", "ipv6", "tcp", "udp", "icmp", "icmpv6", "dns", "http", "http_request", "http_response",
}


def _int(v, where: str) -> int:
    if v.__class__ is int:
        return v
    if v.__class__ is str:
        try:
            return int(v, 10)
        except ValueError:
            pass
    raise FormatError(f"{where} is not an integer")


def _unwrap(v, *keys):
    """A wrapper message's list or value ({"value": [...]})."""
    if v.__class__ is dict:
        for k in keys:
            if k in v:
                return v[k]
        if not v:
            return []
    return v


def _sockaddr_in(v, where):
    if v.__class__ is not dict:
        raise FormatError(f"{where} is not an object")
    out = {}
    for k, x in v.items():
        if k == "sa_family" and x.__class__ is int:
            x = _FAMILIES.get(x, str(x))
        out[k] = x if x.__class__ is str else str(x).lower() if x.__class__ is bool else str(x)
    return out


def _caps_mask(v) -> int:
    if v.__class__ is int:
        return v
    mask = 0
    for name in v or ():
        bit = _CAP_BIT.get(name) if name.__class__ is str else name
        if bit.__class__ is int:
            mask |= 1 << bit
    return mask


def _creds_in(v, where):
    if v.__class__ is not dict:
        raise FormatError(f"{where} is not an object")
    out = {}
    for go, pb in _CRED_IDS:
        x = v.get(pb)
        x = x.get("id", 0) if x.__class__ is dict else x
        out[go] = _int(x or 0, f"{where}.{pb}")
    sb = v.get("secure_bits")
    out["SecureBits"] = sb if sb.__class__ is int else 0
    for go, pb in _CRED_CAPS:
        out[go] = _caps_mask(v.get(pb))
    return out


def _hook_in(h):
    if h.__class__ is not dict:
        return h
    return {"SymbolName": h.get("symbol_name", ""), "ModuleOwner": h.get("module_owner", "")}


def _value_in(key: str, v, where: str):
    """The trace.Event value of one typed main-branch value."""
    if key == "int32" or key == "u_int32" or key == "int64" or key == "u_int64" or key == "pointer":
        return _int(v, where)
    if key in ("str", "bytes", "bool", "struct"):
        return v
    if key == "str_array" or key == "int32_array":
        return list(_unwrap(v, "value"))
    if key == "u_int64_array":
        return [_int(x, where) for x in _unwrap(v, "value")]
    if key == "timespec":
        return _unwrap(v, "value")
    if key == "sockaddr":
        return _sockaddr_in(v, where)
    if key == "credentials":
        return _creds_in(v, where)
    if key == "hooked_syscalls":
        return [_hook_in(h) for h in _unwrap(v, "value")]
    if key == "hooked_seq_ops":
        hooks = _unwrap(v, "value")
        return {k: _hook_in(h) for k, h in hooks.items()} if hooks.__class__ is dict else hooks
    if key == "dns_questions":
        return _unwrap(v, "questions", "value")
    if key == "dns_responses":
        return _unwrap(v, "responses", "value")
    return v


_MAIN = None


def _main_schema():
    global _MAIN
    if _MAIN is None:
        from .schema import schema

        _MAIN = schema("main")
    return _MAIN


# (table, event name) -> {argument: (type, a "str" value is a parsed one)}
_DEFN: dict[tuple[int, str], dict] = {}


def _definition(table, name: str) -> dict:
    key = (id(table), name)
    d = _DEFN.get(key)
    if d is None:
        d = {a: (t, table.raw_kind(name, a, t) not in ("string", "pointer")) for a, t in table.args(name) or ()}
        if len(_DEFN) < 8192:
            _DEFN[key] = d
    return d


def from_main(event: dict, table=None) -> dict:
    """The trace.Event shape of a main-branch event. Raises FormatError."""
    table = table or _main_schema()
    name = event.get("name")
    if name.__class__ is not str:
        raise FormatError("name is not a string")
    out: dict = {}
    if "timestamp" in event:
        out["timestamp"] = rfc3339_ns(event["timestamp"])
    wl = _obj(event.get("workload"), "workload")
    proc = _obj(wl.get("process"), "workload.process")
    thread = _obj(proc.get("thread"), "workload.process.thread")
    if "start_time" in thread:
        out["threadStartTime"] = rfc3339_ns(thread["start_time"], "workload.process.thread.start_time")
    _copy(out, "processId", proc, "pid")
    _copy(out, "threadId", thread, "tid")
    ancestors = proc.get("ancestors")
    parent = ancestors[0] if ancestors.__class__ is list and ancestors and ancestors[0].__class__ is dict else {}
    _copy(out, "parentProcessId", parent, "pid")
    _copy(out, "hostProcessId", proc, "host_pid")
    _copy(out, "hostThreadId", thread, "host_tid")
    _copy(out, "hostParentProcessId", parent, "host_pid")
    user = proc.get("real_user")
    if user.__class__ is dict and "id" in user:
        out["userId"] = user["id"]
    if "name" in thread:
        out["processName"] = thread["name"]
    exe = proc.get("executable")
    if exe.__class__ is dict and "path" in exe:
        out["executable"] = {"path": exe["path"]}
    cont = _obj(wl.get("container"), "workload.container")
    cid = cont.get("id", "")
    out["containerId"] = cid
    c: dict = {}
    for key, src in (("id", "id"), ("name", "name")):
        if cont.get(src):
            c[key] = cont[src]
    image = cont.get("image")
    if image.__class__ is dict:
        if image.get("name"):
            c["image"] = image["name"]
        digests = image.get("repo_digests")
        if digests.__class__ is list and digests:
            c["imageDigest"] = digests[0]
    out["container"] = c
    k8s = _obj(wl.get("k8s"), "workload.k8s")
    pod = _obj(k8s.get("pod"), "workload.k8s.pod")
    ns = _obj(k8s.get("namespace"), "workload.k8s.namespace")
    k: dict = {}
    if pod.get("name"):
        k["podName"] = pod["name"]
    if ns.get("name"):
        k["podNamespace"] = ns["name"]
    if pod.get("uid"):
        k["podUID"] = pod["uid"]
    out["kubernetes"] = k
    if "id" in event:
        out["eventId"] = str(event["id"])
    out["eventName"] = name
    policies = event.get("policies")
    if policies.__class__ is dict and "matched" in policies:
        out["matchedPolicies"] = policies["matched"]
    args, ret = _args_in(name, event.get("data"), table)
    out["argsNum"] = len(args)
    out["returnValue"] = ret
    if "syscall" in thread:
        out["syscall"] = thread["syscall"]
    stack = thread.get("user_stack_trace")
    if stack.__class__ is dict:
        addrs = stack.get("addresses")
        if addrs.__class__ is list:
            out["stackAddresses"] = [a.get("address", 0) if a.__class__ is dict else a for a in addrs]
    started = cont.get("started", False)
    if started.__class__ is not bool:
        raise FormatError("workload.container.started is not a boolean")
    out["contextFlags"] = {"containerStarted": started, "isCompat": thread.get("compat", False) is True}
    _copy(out, "threadEntityId", thread, "unique_id")
    _copy(out, "processEntityId", proc, "unique_id")
    _copy(out, "parentEntityId", parent, "unique_id")
    out["args"] = args
    return out


def _obj(v, where: str) -> dict:
    if v is None:
        return {}
    if v.__class__ is not dict:
        raise FormatError(f"{where} is not an object")
    return v


def _copy(out: dict, key: str, src: dict, field: str) -> None:
    if field in src:
        out[key] = src[field]


def _args_in(name: str, data, table) -> tuple[list, int]:
    if data is None:
        return [], 0
    if data.__class__ is not list:
        raise FormatError("data is not an array")
    ret = 0
    args = []
    defn = _definition(table, name)
    for i, item in enumerate(data):
        if item.__class__ is not dict or item.get("name").__class__ is not str:
            raise FormatError(f"data[{i}] is not an object with a name")
        if len(item) != 2:
            raise FormatError(f"data[{i}] ({item['name']}) has {len(item) - 1} values, not one")
        for key in item:
            if key != "name":
                break
        value = item[key]
        if key == "str" or key == "bool" or ((key == "int32" or key == "u_int32") and value.__class__ is int):
            pass  # the common cases, as _value_in gives them
        else:
            value = _value_in(key, value, f"data[{i}].{key}")
        arg = item["name"]
        if arg == "returnValue":
            ret = value
            continue
        d = defn.get(arg)
        if d is None:
            t = _GO_TYPE.get(key, key)
        else:
            t = "string" if key == "str" and d[1] else d[0]  # a str where the definition has a number: parsed
        args.append({"name": arg, "type": t, "value": value})
    return args, ret


# ------------------------------------------------------------ the other way


def _value_out(t: str, kind: str, v):
    """(typed key, value) of a trace.Event argument value in the main format."""
    if v.__class__ is str:
        if t in ("[]byte", "bytes"):
            return "bytes", v
        return "str", v
    if v.__class__ is bool:
        return "bool", v
    if v.__class__ is float:
        return "timespec", {"value": v}
    if v.__class__ is int:
        if kind == "pointer":
            return "pointer", str(v)
        if t in ("uint64",):
            return "u_int64", str(v)
        if t == "int64":
            return "int64", str(v)
        if t in ("uint32", "uint16", "uint8"):
            return "u_int32", v
        if t == "float64":
            return "timespec", {"value": v}
        return "int32", v
    if v.__class__ is list:
        if t == "[]trace.HookedSymbolData":
            return "hooked_syscalls", {"value": [_hook_out(h) for h in v]}
        if t == "[]trace.DnsQueryData":
            return "dns_questions", {"questions": v}
        if t == "[]trace.DnsResponseData":
            return "dns_responses", {"responses": v}
        if t == "[]uint64":
            return "u_int64_array", {"value": [str(x) for x in v]}
        if t in ("[2]int", "[]int32"):
            return "int32_array", {"value": v}
        return "str_array", {"value": v}
    if v.__class__ is dict:
        if t in ("SockAddr", "struct sockaddr*"):
            return "sockaddr", _sockaddr_out(v)
        if t in ("trace.SlimCred", "slim_cred_t"):
            return "credentials", _creds_out(v)
        if t == "map[string]trace.HookedSymbolData":
            return "hooked_seq_ops", {"value": {k: _hook_out(h) for k, h in v.items()}}
        if t in ("trace.PktMeta", "trace.PacketMetadata"):
            return "packet_metadata", v
        return "struct", v
    return "struct", v


_PORT_FIELDS = ("sin_port", "sin6_port", "sin6_flowinfo", "sin6_scopeid")


def _sockaddr_out(v: dict) -> dict:
    out = {}
    for k, x in v.items():
        if k in _PORT_FIELDS and x.__class__ is str and x.isdigit():
            x = int(x)
        out[k] = x
    return out


def _creds_out(v: dict) -> dict:
    out = {}
    for go, pb in _CRED_IDS:
        if go in v:
            out[pb] = {"id": v[go]}
    if "SecureBits" in v:
        out["secure_bits"] = v["SecureBits"]
    for go, pb in _CRED_CAPS:
        mask = v.get(go, 0)
        if mask.__class__ is int:
            out[pb] = [CAPABILITIES[i] for i in range(len(CAPABILITIES)) if mask >> i & 1]
    return out


def _hook_out(h):
    if h.__class__ is not dict:
        return h
    return {"symbol_name": h.get("SymbolName", ""), "module_owner": h.get("ModuleOwner", "")}


def to_main(event: dict, table=None) -> dict:
    """A trace.Event written in the main-branch format (inverse of from_main
    for the fields the main format has)."""
    table = table or _main_schema()
    name = event["eventName"]
    thread: dict = {}
    if "threadStartTime" in event:
        thread["start_time"] = ns_rfc3339(event["threadStartTime"])
    for key, field in (("name", "processName"), ("unique_id", "threadEntityId"),
                       ("host_tid", "hostThreadId"), ("tid", "threadId"), ("syscall", "syscall")):
        if field in event:
            thread[key] = event[field]
    cf = event.get("contextFlags") or {}
    thread["compat"] = bool(cf.get("isCompat", False))
    if event.get("stackAddresses"):
        thread["user_stack_trace"] = {"addresses": [{"address": a} for a in event["stackAddresses"]]}
    proc: dict = {}
    exe = event.get("executable")
    if isinstance(exe, dict) and "path" in exe:
        proc["executable"] = {"path": exe["path"]}
    for key, field in (("unique_id", "processEntityId"), ("host_pid", "hostProcessId"), ("pid", "processId")):
        if field in event:
            proc[key] = event[field]
    if "userId" in event:
        proc["real_user"] = {"id": event["userId"]}
    proc["thread"] = thread
    parent = {}
    for key, field in (("unique_id", "parentEntityId"), ("host_pid", "hostParentProcessId"), ("pid", "parentProcessId")):
        if field in event:
            parent[key] = event[field]
    if parent:
        proc["ancestors"] = [parent]
    workload: dict = {"process": proc}
    c = event.get("container") or {}
    if c.get("id"):
        cont: dict = {"id": c["id"]}
        if c.get("name"):
            cont["name"] = c["name"]
        image = {}
        if c.get("image"):
            image["name"] = c["image"]
        if c.get("imageDigest"):
            image["repo_digests"] = [c["imageDigest"]]
        if image:
            cont["image"] = image
        cont["started"] = bool(cf.get("containerStarted", False))
        workload["container"] = cont
    k = event.get("kubernetes") or {}
    k8s = {}
    if k.get("podName") or k.get("podUID"):
        pod = {}
        if k.get("podName"):
            pod["name"] = k["podName"]
        if k.get("podUID"):
            pod["uid"] = k["podUID"]
        k8s["pod"] = pod
    if k.get("podNamespace"):
        k8s["namespace"] = {"name": k["podNamespace"]}
    if k8s:
        workload["k8s"] = k8s
    out: dict = {}
    if "timestamp" in event:
        out["timestamp"] = ns_rfc3339(event["timestamp"])
    if "eventId" in event:
        out["id"] = int(event["eventId"])
    out["name"] = name
    if "matchedPolicies" in event:
        out["policies"] = {"matched": event["matchedPolicies"]}
    out["workload"] = workload
    data = []
    defn = dict(table.args(name) or ())
    for a in event.get("args") or ():
        arg = a["name"]
        t = defn.get(arg, a.get("type", ""))
        key, value = _value_out(t, table.raw_kind(name, arg, t), a.get("value"))
        data.append({"name": arg, key: value})
    if name in table.has_return:
        data.append({"name": "returnValue", "int64": str(event.get("returnValue", 0))})
    out["data"] = data
    return out
