"""The corpus in embedded OPA (v1.20.2 through ``opa_bindings``), as Tracee runs it.

- ``load_engine(files)``: one engine with every module, v0 ones rewritten to
  v1 by ``fmt`` (the bindings take v1 only);
- ``PerSignature``: Tracee's default engine: per event, for each signature
  that selects it, the query ``x = data.<pkg>.tracee_match`` (the bindings
  keep each distinct query prepared);
- ``AllInOne``: the study's AIO experiment: one policy that evaluates every
  signature, one query per event. Selection is done in Rego too (a table of
  each signature's (name, origin) selectors), so that its findings are the
  per-signature engine's;
- ``FixedCost``: ``package t; p := true`` queried with the event as input:
  what one call through the bindings costs whatever the policy (encoding the
  input as JSON, crossing into Go, the result back).
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["available", "opa_version", "load_engine", "PerSignature", "AllInOne", "FixedCost", "finding_of"]

OPA_VERSION = "1.20.2"  # embedded by opa-golib-python-bindings 0.4.4


def available() -> bool:
    try:
        import opa_bindings  # noqa: F401
    except ImportError:
        return False
    return True


def opa_version() -> str:
    try:
        from importlib.metadata import version

        return f"OPA {OPA_VERSION} (opa-golib-python-bindings {version('opa-golib-python-bindings')})"
    except Exception:
        return "not installed"


def v1_source(path: Path) -> str:
    """The module in v1 syntax (v0 modules through rego2py's formatter)."""
    from ..fmt import format_module
    from ..parser import parse_module

    text = path.read_text(encoding="utf-8")
    return format_module(parse_module(text, str(path)), v1=True)


def load_engine(files, extra: dict[str, str] | None = None):
    """An OpaEngine holding ``files`` (paths) and ``extra`` (name -> v1 source)."""
    from opa_bindings import OpaEngine

    engine = OpaEngine()
    for f in files:
        engine.add_policy(str(f), v1_source(Path(f)))
    for name, src in (extra or {}).items():
        engine.add_policy(name, src)
    return engine


def finding_of(value):
    """A tracee_match value as the engine counts it: None when no finding."""
    if value is None or value is False:
        return None
    return value


def _selectors(selected_events) -> list[list[str]]:
    out = []
    for s in selected_events:
        src = s.get("source") or "*"
        if src not in ("*", "tracee"):
            continue
        out.append([s.get("name") or "*", s.get("origin") or "*"])
    return out


def origin_of(event) -> str:
    from ..engine import event_origin

    return event_origin(event)


class PerSignature:
    """Tracee's default: one query per selecting signature per event."""

    def __init__(self, engine, signatures):
        self.engine = engine
        # (name, origin) -> [(id, query)] filled lazily like the engine's table
        self._sigs = [(s.id, f"x = data.{s.package}.tracee_match", _selectors(s.selected_events)) for s in signatures]
        self._table: dict[tuple[str, str], list] = {}

    def targets(self, name: str, origin: str) -> list:
        key = (name, origin)
        t = self._table.get(key)
        if t is None:
            t = [
                (sid, q)
                for sid, q, sels in self._sigs
                if any(n in ("*", name) and o in ("*", origin) for n, o in sels)
            ]
            self._table[key] = t
        return t


ALL_IN_ONE = """package r2p_bench_aio

import rego.v1

# The event's origin, as Tracee derives it.
origin := "container" if {
	input.contextFlags.containerStarted == true
} else := "container-init" if {
	input.container.id != null
	input.container.id != ""
} else := "host"

selects(sels) if {
	some sel in sels
	sel[0] in {"*", input.eventName}
	sel[1] in {"*", origin}
}

# signature package name -> its finding, for every signature that selects the event
findings[name] := m if {
	some name, sels in data.r2p_bench_selectors
	selects(sels)
	m := data.tracee[name].tracee_match
	m != false
}
"""


class AllInOne:
    """One query per event over an all-in-one policy."""

    QUERY = "x = data.r2p_bench_aio.findings"

    def __init__(self, engine, signatures):
        self.engine = engine
        table = {}
        for s in signatures:
            pkg = s.package.split(".")
            if len(pkg) != 2 or pkg[0] != "tracee":
                raise ValueError(f"all-in-one policy: package {s.package} is not tracee.<name>")
            table[pkg[1]] = _selectors(s.selected_events)
        engine.add_data(table, "r2p_bench_selectors")
        engine.add_policy("r2p_bench_aio.rego", ALL_IN_ONE)


class FixedCost:
    """The trivial policy: the bindings' cost per call."""

    QUERY = "x = data.r2p_bench_trivial.p"

    def __init__(self):
        from opa_bindings import OpaEngine

        self.engine = OpaEngine()
        self.engine.add_policy("r2p_bench_trivial.rego", "package r2p_bench_trivial\n\np := true\n")
