"""The rows of the table. Each row takes the raw lines, decodes each one
itself (``orjson.loads``, as the engine does) and matches; it returns what
it did (events, match calls, findings, errors) so that rows can be checked
against each other."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import orjson

from ..engine import Engine, EventError, event_key


@dataclass
class Outcome:
    events: int = 0
    calls: int = 0  # match calls, or OPA evaluations
    findings: int = 0
    errors: int = 0
    by_signature: dict[str, int] = field(default_factory=dict)


@dataclass
class Row:
    key: str
    title: str
    run: Callable[[list[bytes]], Outcome]
    sample: str = "full"  # "full" stream or the "opa" sample
    kind: str = "python"  # "python", "opa", "floor"


class _CountingSink:
    def __init__(self, out: Outcome):
        self.out = out

    def finding(self, sig, data, event, source, line):
        by = self.out.by_signature
        by[sig.id] = by.get(sig.id, 0) + 1

    def bad_line(self, source, line, reason, raw):
        pass

    def error(self, sig, exc, source, line):
        self.out.errors += 1


def decode_only(lines: list[bytes]) -> Outcome:
    loads = orjson.loads
    n = 0
    for line in lines:
        loads(line)
        n += 1
    return Outcome(events=n)


def engine_row(signatures) -> Callable[[list[bytes]], Outcome]:
    """rego2py's generated code through the engine's hot loop (decode,
    dispatch by (name, origin), match)."""

    def run(lines: list[bytes]) -> Outcome:
        engine = Engine(signatures)
        out = Outcome()
        engine.scan(lines, "<bench>", 0, _CountingSink(out))
        st = engine.stats
        out.events, out.calls = st.events, st.matches
        out.findings = sum(out.by_signature.values())
        return out

    return run


def every_signature_row(signatures) -> Callable[[list[bytes]], Outcome]:
    """Every signature's match on every event: no dispatch."""
    pairs = [(s.id, s.match) for s in signatures]

    def run(lines: list[bytes]) -> Outcome:
        loads = orjson.loads
        out = Outcome()
        by = out.by_signature
        events = errors = 0
        for line in lines:
            ev = loads(line)
            events += 1
            for sid, match in pairs:
                try:
                    r = match(ev)
                except Exception:
                    errors += 1
                    continue
                if r is not None and r is not False:
                    by[sid] = by.get(sid, 0) + 1
        out.events, out.errors = events, errors
        out.calls = events * len(pairs)
        out.findings = sum(by.values())
        return out

    return run


def handwritten_row(table: dict) -> Callable[[list[bytes]], Outcome]:
    """Hand-written matches, dispatched by event name and origin through
    ``table`` (``handwritten.dispatch_table``) compiled beforehand, as a
    careful engineer would: event name -> the matches, or, when some of them
    select only certain origins, origin -> the matches."""
    from .handwritten import compiled_dispatch
    from .handwritten._common import origin

    by_name = compiled_dispatch(table)

    def run(lines: list[bytes]) -> Outcome:
        loads = orjson.loads
        get = by_name.get
        out = Outcome()
        by = out.by_signature
        events = calls = errors = 0
        for line in lines:
            ev = loads(line)
            events += 1
            fns = get(ev.get("eventName"))
            if fns is None:
                continue
            if fns.__class__ is dict:
                fns = fns[origin(ev)]
            calls += len(fns)
            for sid, fn in fns:
                try:
                    r = fn(ev)
                except Exception:  # OPA's errors (a conflict in TRC-R2P-038's env), as the engine counts them
                    errors += 1
                    continue
                if r is not None:
                    by[sid] = by.get(sid, 0) + 1
        out.events, out.calls, out.errors = events, calls, errors
        out.findings = sum(by.values())
        return out

    return run


def opa_per_signature_row(per_sig) -> Callable[[list[bytes]], Outcome]:
    """Tracee's default engine: each selecting signature's query, per event."""
    from opa_bindings import OpaError

    def run(lines: list[bytes]) -> Outcome:
        loads = orjson.loads
        eval_query = per_sig.engine.eval_query
        targets = per_sig.targets
        out = Outcome()
        by = out.by_signature
        events = calls = errors = 0
        for line in lines:
            ev = loads(line)
            events += 1
            try:
                name, origin = event_key(ev)
            except EventError:
                continue
            for sid, q in targets(name, origin):
                calls += 1
                try:
                    rs = eval_query(q, input=ev)
                except OpaError:
                    errors += 1
                    continue
                if rs:
                    v = rs[0].get("x")
                    if v is not None and v is not False:
                        by[sid] = by.get(sid, 0) + 1
        out.events, out.calls, out.errors = events, calls, errors
        out.findings = sum(by.values())
        return out

    return run


def opa_all_in_one_row(aio, ids_by_package: dict[str, str]) -> Callable[[list[bytes]], Outcome]:
    """The study's AIO: one query per event over a policy of every signature."""
    from opa_bindings import OpaError

    query = aio.QUERY

    def run(lines: list[bytes]) -> Outcome:
        loads = orjson.loads
        eval_query = aio.engine.eval_query
        out = Outcome()
        by = out.by_signature
        events = errors = 0
        for line in lines:
            ev = loads(line)
            events += 1
            try:
                rs = eval_query(query, input=ev)
            except OpaError:
                errors += 1
                continue
            if rs:
                for pkg in rs[0].get("x") or ():
                    sid = ids_by_package.get(pkg, pkg)
                    by[sid] = by.get(sid, 0) + 1
        out.events, out.calls, out.errors = events, events, errors
        out.findings = sum(by.values())
        return out

    return run


def opa_fixed_cost_row(fixed) -> Callable[[list[bytes]], Outcome]:
    """The trivial policy queried once per event (the bindings' fixed cost)."""
    query = fixed.QUERY

    def run(lines: list[bytes]) -> Outcome:
        loads = orjson.loads
        eval_query = fixed.engine.eval_query
        events = 0
        for line in lines:
            ev = loads(line)
            events += 1
            eval_query(query, input=ev)
        return Outcome(events=events, calls=events)

    return run
