"""Tracee-shaped events for differential testing, biased by the signatures.

The literals each signature compares against are collected from the AST of
the corpus (:func:`collect_literals`): event names (selectors and
``eventName`` comparisons), argument names (the first argument of helper
calls such as ``get_tracee_argument("pathname")``), strings, the prefixes,
suffixes and infixes given to ``startswith``/``endswith``/``contains``,
regular expressions (strings matching them are sampled from the pattern),
and numbers with their neighbours. Events are built from them, mixed with
plain values, wrong types, missing fields, empty and unicode strings, large
integers and floats, so that both sides of each condition are reached.

One builder, :func:`make_event`, draws from a ``random.Random``; it serves

- :func:`generate_events` ``(sources, n, seed) -> list[dict]``:
  deterministic (the same arguments give the same events);
- :func:`events` ``(sources) -> hypothesis strategy`` (through
  ``st.randoms``, so hypothesis shrinks the choices).

``sources`` is a list of (filename, text) or of parsed ``ast.Module``.
Standard library only (hypothesis for :func:`events`).
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from typing import Any, Iterable

from . import ast
from .ast import walk as _walk

try:  # the regex parser of the standard library (Go's RE2 syntax is close)
    import re._parser as _sre_parse  # type: ignore[import-not-found]
    import re._constants as _sre_c  # type: ignore[import-not-found]
except ImportError:  # Python < 3.11
    import sre_constants as _sre_c  # type: ignore[no-redef]
    import sre_parse as _sre_parse  # type: ignore[no-redef]

__all__ = ["Literals", "Pools", "collect_literals", "collect_pools", "make_event", "mutate_event",
           "generate_events", "events", "sample_regex"]

# Tracee's usual argument names and types, the base when the corpus says little.
COMMON_ARGS = {
    "pathname": "const char*", "flags": "int", "mode": "mode_t", "argv": "const char**",
    "envp": "const char**", "dev": "dev_t", "inode": "unsigned long", "pid": "pid_t",
    "request": "long", "fd": "int", "cmdpath": "const char*", "sockfd": "int",
    "remote_addr": "struct sockaddr*", "type": "int", "domain": "int", "prot": "int",
}
EVENT_NAMES = [
    "sched_process_exec", "security_file_open", "openat", "execve", "ptrace", "connect",
    "security_socket_connect", "init_module", "mount", "security_sb_mount", "magic_write",
    "security_inode_rename", "memfd_create", "setuid", "process_vm_writev", "socket",
]
ODD_STRINGS = ["", " ", "é", "日本語", "\u0000", "a\nb", "/", ".", "..", "\\", "%s", "{}", "null"]
BIG_NUMBERS = [0, -1, 1, 2**31 - 1, 2**31, 2**32, 2**53 + 1, 2**63 - 1, 2**63, 2**64, -(2**63), 10**20,
               0.5, -0.0, 1e-9, 1.5, 3.0, 1e20, 1.7976931348623157e308]
WORDS = ["bash", "sh", "nc", "python3", "curl", "wget", "make", "gcc", "cc1", "root", "tmp", "etc",
         "usr", "bin", "lib", "proc", "self", "x", "-c", "--help", "127.0.0.1", "10.0.0.1:4444"]


@dataclass
class Literals:
    """What the corpus compares against."""

    event_names: list[str] = field(default_factory=list)
    arg_names: list[str] = field(default_factory=list)
    strings: list[str] = field(default_factory=list)
    prefixes: list[str] = field(default_factory=list)
    suffixes: list[str] = field(default_factory=list)
    infixes: list[str] = field(default_factory=list)
    patterns: list[str] = field(default_factory=list)
    numbers: list[Any] = field(default_factory=list)
    fields: list[tuple[str, ...]] = field(default_factory=list)  # input.a.b read by the rules

    def sizes(self) -> dict[str, int]:
        return {k: len(v) for k, v in vars(self).items()}


# ------------------------------------------------------------ collecting


def _str(t, consts: dict[str, str]) -> str | None:
    """The string a term stands for: a literal, or a constant rule's value."""
    if isinstance(t, ast.Scalar) and isinstance(t.value, str):
        return t.value
    if isinstance(t, ast.Var) and t.name in consts:
        return consts[t.name]
    return None


def _add(xs: list, v) -> None:
    if v not in xs:
        xs.append(v)


@dataclass
class Pools:
    """The literals of the whole corpus and of each signature package apart
    (``profiles``): most events aim at one signature."""

    all: Literals
    profiles: list[Literals]


def collect_pools(modules: Iterable[ast.Module]) -> Pools:
    modules = list(modules)
    profiles = []
    by_pkg: dict[tuple, list[ast.Module]] = {}
    for m in modules:
        by_pkg.setdefault(m.package, []).append(m)
    for pkg, mods in sorted(by_pkg.items()):
        if pkg and pkg[0] == "tracee" and any(
            isinstance(r.ref.head, ast.Var) and r.ref.head.name == "tracee_match" for m in mods for r in m.rules
        ):
            profiles.append(collect_literals(mods))
    return Pools(collect_literals(modules), profiles)


def collect_literals(modules: Iterable[ast.Module]) -> Literals:
    """Gather the literals of ``modules`` (in source order, without repeats)."""
    lits = Literals()
    modules = list(modules)
    consts: dict[str, str] = {}
    for m in modules:
        for r in m.rules:
            if r.kind == "complete" and not r.ref.path and isinstance(r.value, ast.Scalar) \
                    and isinstance(r.value.value, str) and isinstance(r.ref.head, ast.Var):
                consts.setdefault(r.ref.head.name, r.value.value)
    for m in modules:
        for r in m.rules:
            for node in _walk(r):
                _collect(node, lits, consts)
    for n in list(lits.numbers):
        if isinstance(n, bool):
            continue
        for near in (n - 1, n + 1):
            _add(lits.numbers, near)
    return lits


def _collect(node, lits: Literals, consts: dict[str, str]) -> None:
    if isinstance(node, ast.Scalar):
        v = node.value
        if isinstance(v, str):
            _add(lits.strings, v)
        elif isinstance(v, (int, float)) and not isinstance(v, bool):
            _add(lits.numbers, v)
        return
    if isinstance(node, ast.Object):
        # selectors: {"source": "tracee", "name": "openat", "origin": "*"}
        keys = {k.value: v for k, v in node.items if isinstance(k, ast.Scalar)}
        if "name" in keys and ("source" in keys or "origin" in keys):
            name = _str(keys["name"], consts)
            if name and name != "*":
                _add(lits.event_names, name)
        return
    if isinstance(node, ast.Call):
        fn = node.name[-1]
        args = node.args
        if fn in ("equal", "neq") and len(args) == 2:
            for a, b in ((args[0], args[1]), (args[1], args[0])):
                if isinstance(a, ast.Ref) and a.path and isinstance(a.path[-1], ast.Scalar) \
                        and a.path[-1].value == "eventName":
                    s = _str(b, consts)
                    if s:
                        _add(lits.event_names, s)
        elif "arg" in fn and args:
            s = _str(args[0], consts)
            if s:
                _add(lits.arg_names, s)
        elif fn in ("startswith", "trim_prefix") and len(args) == 2:
            s = _str(args[1], consts)
            if s is not None:
                _add(lits.prefixes, s)
        elif fn in ("endswith", "trim_suffix") and len(args) == 2:
            s = _str(args[1], consts)
            if s is not None:
                _add(lits.suffixes, s)
        elif fn in ("contains", "indexof") and len(args) == 2:
            s = _str(args[1], consts)
            if s is not None:
                _add(lits.infixes, s)
        elif node.name[0] == "regex" or fn == "re_match":
            s = _str(args[0], consts) if args else None
            if s is not None:
                _add(lits.patterns, s)
    if isinstance(node, ast.Ref) and isinstance(node.head, ast.Var) and node.head.name == "input":
        path = []
        for p in node.path:
            if not (isinstance(p, ast.Scalar) and isinstance(p.value, str)):
                break
            path.append(p.value)
        if path:
            _add(lits.fields, tuple(path))


# ------------------------------------------------------------ regexes


def sample_regex(rnd: random.Random, pattern: str, max_repeat: int = 3) -> str | None:
    """A string that (most likely) matches ``pattern``; None if the pattern
    cannot be read."""
    try:
        tree = _sre_parse.parse(pattern)
    except Exception:
        return None
    out: list[str] = []
    try:
        _emit(rnd, tree, out, max_repeat, 0)
    except _Give_up:
        return None
    return "".join(out)


class _Give_up(Exception):
    pass


_CATEGORY_CHARS = {
    "CATEGORY_DIGIT": "0123456789", "CATEGORY_NOT_DIGIT": "abcXYZ_-/.",
    "CATEGORY_SPACE": " \t", "CATEGORY_NOT_SPACE": "abz09/._-",
    "CATEGORY_WORD": "abzAZ09_", "CATEGORY_NOT_WORD": " /.-:",
}


def _emit(rnd, items, out, max_repeat, depth) -> None:
    if depth > 30:
        raise _Give_up()
    for op, av in items:
        name = str(op)
        if name == "LITERAL":
            out.append(chr(av))
        elif name == "NOT_LITERAL":
            out.append("x" if chr(av) != "x" else "y")
        elif name == "ANY":
            out.append(rnd.choice("a/._- 0"))
        elif name == "IN":
            out.append(_in_char(rnd, av))
        elif name == "BRANCH":
            _emit(rnd, rnd.choice(av[1]), out, max_repeat, depth + 1)
        elif name == "SUBPATTERN":
            _emit(rnd, av[-1], out, max_repeat, depth + 1)
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            lo, hi, sub = av
            hi = min(hi, lo + max_repeat) if hi != _sre_c.MAXREPEAT else lo + max_repeat
            for _ in range(rnd.randint(lo, max(lo, hi))):
                _emit(rnd, sub, out, max_repeat, depth + 1)
        elif name == "AT":
            continue
        elif name == "CATEGORY":
            out.append(rnd.choice(_CATEGORY_CHARS.get(str(av), "a")))
        elif name in ("ASSERT", "ASSERT_NOT", "GROUPREF", "GROUPREF_EXISTS", "ATOMIC_GROUP"):
            raise _Give_up()
        else:
            raise _Give_up()


def _in_char(rnd, av) -> str:
    negate = any(str(op) == "NEGATE" for op, _ in av)
    if negate:
        banned = set()
        for op, a in av:
            if str(op) == "LITERAL":
                banned.add(chr(a))
            elif str(op) == "RANGE":
                banned.update(chr(c) for c in range(a[0], min(a[1], a[0] + 300) + 1))
        for c in "xa0_-Q":
            if c not in banned:
                return c
        return "~"
    choices = []
    for op, a in av:
        name = str(op)
        if name == "LITERAL":
            choices.append(chr(a))
        elif name == "RANGE":
            choices.append(chr(rnd.randint(a[0], a[1])))
        elif name == "CATEGORY":
            choices.append(rnd.choice(_CATEGORY_CHARS.get(str(a), "a")))
    return rnd.choice(choices) if choices else "a"


# ------------------------------------------------------------ building


def _pick(rnd: random.Random, xs: list, fallback: list):
    return rnd.choice(xs) if xs else rnd.choice(fallback)


def _word(rnd: random.Random) -> str:
    return rnd.choice(WORDS)


def make_string(rnd: random.Random, lits: Literals) -> str:
    """A string aimed at the corpus's comparisons (or a plain/odd one)."""
    k = rnd.randrange(14)
    if k == 0:
        return _pick(rnd, lits.strings, WORDS)
    if k >= 12:  # a path whose basename is a literal (a program, a file name)
        return rnd.choice(["/usr/bin/", "/bin/", "/tmp/", "/usr/local/sbin/", "./"]) + _pick(rnd, lits.strings, WORDS)
    if k == 1:
        return _pick(rnd, lits.prefixes, ["/"]) + _tail(rnd, lits)
    if k == 2:
        return _tail(rnd, lits) + _pick(rnd, lits.suffixes, [".sh"])
    if k == 3:
        return _pick(rnd, lits.prefixes, ["/"]) + _tail(rnd, lits) + _pick(rnd, lits.suffixes, [".sh"])
    if k == 4:
        return _tail(rnd, lits) + _pick(rnd, lits.infixes, ["/"]) + _tail(rnd, lits)
    if k == 5 and lits.patterns:
        s = sample_regex(rnd, rnd.choice(lits.patterns))
        if s is not None:
            return s
    if k == 6:
        s = _pick(rnd, lits.strings, WORDS)
        return _near_miss(rnd, s)
    if k == 7:
        return rnd.choice(ODD_STRINGS)
    if k == 8:
        sep = rnd.choice(["|", " ", "/", "=", ","])
        return sep.join(make_string(rnd, lits) if rnd.random() < 0.3 else _pick(rnd, lits.strings, WORDS)
                        for _ in range(rnd.randint(1, 3)))
    if k == 9:
        return "/" + "/".join(_word(rnd) for _ in range(rnd.randint(1, 4)))
    if k == 10:
        return str(make_number(rnd, lits))
    return _pick(rnd, lits.strings, WORDS)


def _tail(rnd, lits) -> str:
    return rnd.choice(["", _word(rnd), _pick(rnd, lits.strings, WORDS).strip("/"), "a/b", "é"])


def _near_miss(rnd, s: str) -> str:
    k = rnd.randrange(5)
    if not s:
        return "x"
    if k == 0:
        return s[:-1]
    if k == 1:
        return s + "x"
    if k == 2:
        return s.upper() if s.upper() != s else s.lower()
    if k == 3:
        return " " + s
    return "x" + s[1:]


def make_number(rnd: random.Random, lits: Literals):
    k = rnd.randrange(6)
    if k < 3 and lits.numbers:
        return rnd.choice(lits.numbers)
    if k == 3:
        return rnd.choice(BIG_NUMBERS)
    if k == 4 and lits.numbers:
        n = rnd.choice(lits.numbers)
        return float(n) if isinstance(n, int) and abs(n) < 2**53 else n
    return rnd.randint(-5, 5000)


def make_value(rnd: random.Random, lits: Literals, depth: int = 0):
    """Any JSON value, mostly strings and numbers from the corpus."""
    k = rnd.randrange(10)
    if k < 4:
        return make_string(rnd, lits)
    if k < 6:
        return make_number(rnd, lits)
    if k == 6:
        return rnd.choice([None, True, False])
    if k == 7 and depth < 2:
        return [make_value(rnd, lits, depth + 1) for _ in range(rnd.randint(0, 3))]
    if k == 8 and depth < 2:
        return {make_string(rnd, lits): make_value(rnd, lits, depth + 1) for _ in range(rnd.randint(0, 2))}
    return make_string(rnd, lits)


def _odd(rnd, lits, expected):
    """Usually a value of the expected kind, sometimes a wrong type."""
    if rnd.random() < 0.06:
        return make_value(rnd, lits)
    return expected()


_ARG_TYPE_OF = {str: "const char*", int: "int", float: "double", bool: "bool", list: "const char**",
                dict: "struct", type(None): "void*"}


def make_arg_value(rnd, lits: Literals, name: str):
    t = COMMON_ARGS.get(name)
    if name in ("argv", "envp", "env") or t == "const char**" or rnd.random() < 0.1:
        items = [make_string(rnd, lits) for _ in range(rnd.randint(0, 4))]
        if name in ("envp", "env") and items and rnd.random() < 0.7:
            items = [f"{_pick(rnd, lits.strings, WORDS)}={s}" for s in items]
        return items
    if t in ("int", "long", "unsigned long", "pid_t", "mode_t", "dev_t") and rnd.random() < 0.7:
        return make_number(rnd, lits)
    return make_value(rnd, lits)


def make_event(rnd: random.Random, pools: "Pools | Literals") -> dict:
    """One Tracee-shaped event; with Pools, most events take the literals
    of one signature (drawn at random), the others the whole corpus's."""
    if isinstance(pools, Pools):
        lits = pools.all
        if pools.profiles and rnd.random() < 0.8:
            lits = _merge(rnd.choice(pools.profiles), pools.all, rnd)
    else:
        lits = pools
    name = _pick(rnd, lits.event_names, EVENT_NAMES) if rnd.random() < 0.85 else rnd.choice(EVENT_NAMES + [""])
    container = rnd.random() < 0.35
    cid = rnd.choice(["", "c0ffee1234567890abcdef", "0123456789ab"]) if container else ""
    pid = rnd.choice([1, 2, 42, 1234, 65535, 4194304])
    arg_pool = lits.arg_names + list(COMMON_ARGS)
    names = []
    for _ in range(rnd.randint(0, 5)):
        n = _pick(rnd, lits.arg_names, list(COMMON_ARGS)) if rnd.random() < 0.7 else rnd.choice(arg_pool)
        if n not in names or rnd.random() < 0.05:  # rarely a repeated name
            names.append(n)
    args = []
    for n in names:
        v = make_arg_value(rnd, lits, n)
        args.append({"name": n, "type": COMMON_ARGS.get(n) or _ARG_TYPE_OF.get(type(v), "int"), "value": v})
        if rnd.random() < 0.03:
            del args[-1]["value"]
    ev: dict[str, Any] = {
        "timestamp": rnd.choice([0, 1, 1700000000000000000, 2**63 - 1]),
        "processId": _odd(rnd, lits, lambda: pid),
        "threadId": pid,
        "parentProcessId": rnd.choice([0, 1, pid - 1 if pid > 1 else 1]),
        "hostProcessId": rnd.choice([pid, pid + 1000, 1]),
        "userId": _odd(rnd, lits, lambda: rnd.choice([0, 0, 1000, 65534, 1, -1])),
        "mountNamespace": rnd.choice([4026531840, 4026532000, 0]),
        "pidNamespace": rnd.choice([4026531836, 4026532001]),
        "processName": _odd(rnd, lits, lambda: make_string(rnd, lits) if rnd.random() < 0.7 else _word(rnd)),
        "hostName": rnd.choice(["host", "node-1", "", "pod-7f9c"]),
        "containerId": cid,
        "container": {"id": cid, "name": rnd.choice(["", "web", "db"]), "image": rnd.choice(["", "nginx:1.25", "alpine"])},
        "kubernetes": {"podName": rnd.choice(["", "web-0"]), "podNamespace": rnd.choice(["", "default", "kube-system"]),
                       "podUID": rnd.choice(["", "uid-1"])},
        "eventId": rnd.choice(["0", "101", "257", "700", "1000", "2010", str(rnd.randint(0, 3000))]),
        "eventName": _odd(rnd, lits, lambda: name),
        "argsNum": len(args),
        "returnValue": _odd(rnd, lits, lambda: rnd.choice([0, 0, -1, -2, -13, 3, make_number(rnd, lits)])),
        "syscall": rnd.choice([name, "", "execve", "openat"]),
        "contextFlags": {"containerStarted": _odd(rnd, lits, lambda: container and rnd.random() < 0.8),
                         "isCompat": rnd.random() < 0.1},
        "executable": {"path": _odd(rnd, lits, lambda: make_string(rnd, lits))},
        "args": _odd(rnd, lits, lambda: args),
    }
    if rnd.random() < 0.1:  # a missing field
        del ev[rnd.choice(sorted(ev))]
    if lits.fields and rnd.random() < 0.15:  # a field the rules read, missing
        _drop(ev, rnd.choice(lits.fields))
    if rnd.random() < 0.03:  # a missing nested object member
        ev.get("container", {}).pop("id", None) if isinstance(ev.get("container"), dict) else None
    return ev


def _drop(ev: dict, path: tuple[str, ...]) -> None:
    d = ev
    for k in path[:-1]:
        d = d.get(k) if isinstance(d, dict) else None
    if isinstance(d, dict):
        d.pop(path[-1], None)


def _merge(one: Literals, every: Literals, rnd: random.Random) -> Literals:
    """A signature's literals, with the corpus's where it has none (its
    helpers live in other packages)."""
    out = Literals()
    for k in vars(out):
        mine = getattr(one, k)
        setattr(out, k, mine if mine and rnd.random() < 0.9 else getattr(every, k))
    return out


def _modules(sources) -> list[ast.Module]:
    from .parser import parse_module

    out = []
    for s in sources:
        out.append(s if isinstance(s, ast.Module) else parse_module(s[1], s[0]))
    return out


def mutate_event(rnd: random.Random, event: dict, lits: Literals) -> dict:
    """A copy of ``event`` with one to three changes: an argument's value
    (a corpus literal, a near miss, another type), an argument dropped or
    repeated, a field changed, dropped or of another type."""
    ev = json.loads(json.dumps(event))
    for _ in range(rnd.randint(1, 3)):
        args = ev.get("args")
        k = rnd.randrange(8)
        if k < 3 and isinstance(args, list) and args:
            a = rnd.choice(args)
            if isinstance(a, dict):
                v = a.get("value")
                if isinstance(v, str) and rnd.random() < 0.5:
                    a["value"] = _near_miss(rnd, v)
                elif isinstance(v, list) and v and rnd.random() < 0.5:
                    v[rnd.randrange(len(v))] = make_string(rnd, lits)
                else:
                    a["value"] = make_arg_value(rnd, lits, str(a.get("name")))
        elif k == 3 and isinstance(args, list) and args:
            i = rnd.randrange(len(args))
            if rnd.random() < 0.5:
                del args[i]
            else:
                args.append(json.loads(json.dumps(args[i])))
        elif k == 4 and lits.fields:
            _drop(ev, rnd.choice(lits.fields))
        elif k == 5:
            key = rnd.choice(sorted(ev)) if ev else "eventName"
            ev[key] = make_value(rnd, lits)
        elif k == 6:
            flags = ev.get("contextFlags")
            if isinstance(flags, dict):
                flags["containerStarted"] = not flags.get("containerStarted")
            ev["userId"] = rnd.choice([0, 1000, make_number(rnd, lits)])
        else:
            ev["processName"] = _pick(rnd, lits.strings, WORDS) if rnd.random() < 0.7 else make_string(rnd, lits)
    return ev


def generate_events(sources, n: int, seed: int = 0, base: list[dict] | None = None) -> list[dict]:
    """``n`` events for the corpus ``sources``; the same arguments give the
    same events. With ``base`` events (e.g. attack events that fire), half
    of the events are mutations of them, which reach deeper into the
    signatures than events built from nothing."""
    pools = collect_pools(_modules(sources))
    rnd = random.Random(seed)
    out = []
    for _ in range(n):
        if base and rnd.random() < 0.5:
            out.append(mutate_event(rnd, rnd.choice(base), pools.all))
        else:
            out.append(make_event(rnd, pools))
    return out


def events(sources):
    """A hypothesis strategy of events for the corpus ``sources``."""
    from hypothesis import strategies as st

    pools = collect_pools(_modules(sources))
    return st.randoms(use_true_random=False).map(lambda rnd: make_event(rnd, pools))
