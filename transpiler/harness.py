"""Differential testing: rego2py's generated code against real OPA, on events.

Both sides load every module once: OPA (through ``opa_bindings``) one engine,
rego2py one compiled program (or a generated package from disk). Both run
in strict mode (a builtin error is an error): OPA's bindings always do, and
the program is compiled with ``strict=True``.

For each signature package (a package under ``tracee.`` defining
``tracee_match``) the harness compares

- ``tracee_match`` on every event;
- ``tracee_selected_events`` and ``__rego_metadoc__`` once, without input
  (as the engine reads them);

and, for any package, the rules the caller names (``rules=["p"]`` compares
``data.<pkg>.p`` on every event for each package that defines ``p``;
``"data.a.b.p"`` names one). One comparison is one rule on one event; it
passes when both sides agree exactly: both undefined, both values equal
under Rego equality (OPA's JSON answer against rego2py's value through
``to_json``; ``1 == 1.0`` but ``true != 1``), or both errors with the same
code.

v1 modules go to OPA as written, v0 modules through ``fmt`` (the rewrite of
``opa fmt --v0-v1``); with ``regopy=True`` the answers OPA gives for the
per-event rules of v0 packages are also checked against rego-cpp reading
the modules as written (a cross-check of the rewrite; counted and reported
like the others, with ``side="regopy"``; rego-cpp gives no error codes, so
any two errors agree there, and it reads v0 ``p[x] { }`` heads as v1
objects, so the constant rules are not cross-checked).

OPA is called once per event (one query gathers every compared rule); only
when that query fails with an error does the harness ask rule by rule, with
one fixed query text (OPA prepares each distinct query text once).

Public API::

    h = Harness(sources, rules=(), generated=None, regopy=False)
    report = h.run(events)            # Report: passed, failed, mismatches
    h.close()
    answer_equal(a, b) -> bool; json_equal(a, b) -> bool
    Coverage (with h.coverage = Coverage(h)): lines and branches reached
"""

from __future__ import annotations

import importlib.util
import json
import math
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from . import ast
from .errors import RegoError

__all__ = [
    "Answer", "Mismatch", "Report", "Harness", "HarnessError", "OpaMissing",
    "json_equal", "answer_equal", "load_sources", "INSTALL_HINT",
]

INSTALL_HINT = "pip install --ignore-requires-python opa-golib-python-bindings==0.4.4"
SIGNATURE_RULES = ("tracee_match",)
CONSTANT_RULES = ("tracee_selected_events", "__rego_metadoc__")
ANSWERS_PACKAGE = "rego2py_harness"


class HarnessError(Exception):
    """The harness cannot run (bad sources, OPA refusing them...)."""


class OpaMissing(HarnessError):
    def __init__(self):
        super().__init__(
            "the OPA bindings (opa_bindings) are not installed; install them with\n"
            f"    {INSTALL_HINT}"
        )


# ------------------------------------------------------------------ answers


@dataclass(frozen=True)
class Answer:
    """One side's answer: ``kind`` is "value", "undefined", "error" or "crash"
    (a Python exception that is no Rego error: a bug). ``value`` is JSON
    (OPA's form); ``code``/``message`` describe an error."""

    kind: str
    value: Any = None
    code: str | None = None
    message: str | None = None

    def __str__(self) -> str:
        if self.kind == "value":
            return json.dumps(self.value, sort_keys=True, ensure_ascii=False)
        if self.kind == "undefined":
            return "undefined"
        return f"{self.kind} {self.code}: {self.message}"


UNDEFINED = Answer("undefined")


def json_equal(a, b) -> bool:
    """Rego equality on JSON values: numbers by value (int and float alike),
    booleans apart from numbers, arrays in order, objects by keys."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
            return True
        return a == b
    if isinstance(a, str) or isinstance(b, str) or a is None or b is None:
        return type(a) is type(b) and a == b
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(json_equal(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(json_equal(a[k], b[k]) for k in a)
    return False


def answer_equal(a: Answer, b: Answer) -> bool:
    if a.kind != b.kind:
        return False
    if a.kind == "value":
        return json_equal(a.value, b.value)
    if a.kind == "error":
        return a.code == b.code
    return a.kind == "undefined"


@dataclass
class Mismatch:
    package: str
    rule: str
    event: Any  # None for rules compared without input
    opa: Answer
    ours: Answer
    side: str = "rego2py"  # or "regopy" (the v0 cross-check)

    def render(self) -> str:
        ev = "(no input)" if self.event is None else json.dumps(self.event, ensure_ascii=False, sort_keys=True)
        return (
            f"MISMATCH {self.package}.{self.rule}\n"
            f"  event: {ev}\n"
            f"  opa:     {self.opa}\n"
            f"  {self.side + ':':8} {self.ours}"
        )


@dataclass
class Report:
    passed: int = 0
    failed: int = 0
    events: int = 0
    findings: int = 0  # tracee_match comparisons where both sides found something
    mismatches: list[Mismatch] = field(default_factory=list)

    def add(self, ok: bool, mismatch: Mismatch | None = None) -> None:
        if ok:
            self.passed += 1
        else:
            self.failed += 1
            self.mismatches.append(mismatch)

    def summary(self) -> str:
        return f"{self.passed} passed, {self.failed} failed"


# ------------------------------------------------------------------ sources


def load_sources(paths: Iterable[str | Path], include_tests: bool = False) -> list[tuple[str, str]]:
    """(filename, text) of the .rego files named or found under ``paths``
    (``*_test.rego`` files found in directories are left out)."""
    from .build import collect_sources, display_name

    files = collect_sources(list(paths), include_tests=include_tests)
    # the bytes as they are (no newline translation), as transpile reads them
    return [(display_name(f), f.read_bytes().decode("utf-8")) for f in files]


@dataclass(frozen=True)
class Target:
    """One compared rule: ``package`` (a tuple), ``rule`` (its name), and
    whether it is evaluated per event."""

    package: tuple[str, ...]
    rule: str
    per_event: bool

    @property
    def dotted(self) -> str:
        from .compiler.names import ref_text

        return ref_text(self.package)

    @property
    def key(self) -> str:
        return f"{self.dotted}/{self.rule}"

    def data_ref(self) -> str:
        return "data" + "".join(f"[{json.dumps(s)}]" for s in self.package) + f"[{json.dumps(self.rule)}]"


def _rule_names(m: ast.Module) -> dict[str, str]:
    """Top-level rule names of a module -> kind (functions apart)."""
    out = {}
    for r in m.rules:
        if isinstance(r.ref.head, ast.Var):
            kind = "function" if r.kind == "function" else "document"
            out.setdefault(r.ref.head.name, kind)
    return out


# ------------------------------------------------------------------ harness


class Harness:
    def __init__(
        self,
        sources: list[tuple[str, str]],
        *,
        rules: Iterable[str] = (),
        generated: str | Path | None = None,
        regopy: bool = False,
    ):
        from .parser import parse_module

        self.sources = list(sources)
        self.modules: list[ast.Module] = []
        for name, text in self.sources:
            try:
                self.modules.append(parse_module(text, name))
            except RegoError as exc:
                if exc.source is None:
                    exc.source = text
                raise
        self.targets = self._targets(list(rules))
        self.python_sources: dict | None = None
        self.refused: list[RegoError] = []
        self._ours = self._load_ours(generated)
        self._opa = self._load_opa()
        self._regopy_skip: set[tuple] = set()
        self.regopy_refused: list[str] = []
        self._regopy = self._load_regopy() if regopy else None
        self._answers_ok = True
        self.tracer = None  # a Coverage, when measuring

    # -- setup -------------------------------------------------------------

    def _targets(self, names: list[str]) -> list[Target]:
        by_pkg: dict[tuple, dict[str, str]] = {}
        for m in self.modules:
            by_pkg.setdefault(m.package, {}).update(_rule_names(m))
        targets: list[Target] = []
        seen = set()

        def add(t: Target):
            if (t.package, t.rule) not in seen:
                seen.add((t.package, t.rule))
                targets.append(t)

        for pkg in sorted(by_pkg):
            names_here = by_pkg[pkg]
            if pkg and pkg[0] == "tracee" and names_here.get("tracee_match") == "document":
                for r in SIGNATURE_RULES:
                    add(Target(pkg, r, True))
                for r in CONSTANT_RULES:
                    if r in names_here:
                        add(Target(pkg, r, False))
        for name in names:
            if name.startswith("data."):
                parts = tuple(name.split(".")[1:])
                pkg, rule = parts[:-1], parts[-1]
                if by_pkg.get(pkg, {}).get(rule) != "document":
                    raise HarnessError(f"{name}: no such rule (functions cannot be compared)")
                add(Target(pkg, rule, True))
                continue
            found = [p for p in sorted(by_pkg) if by_pkg[p].get(name) == "document"]
            if not found:
                raise HarnessError(f"{name}: no package defines a rule of that name")
            for pkg in found:
                add(Target(pkg, name, True))
        return targets

    @property
    def signatures(self) -> list[str]:
        return sorted({t.dotted for t in self.targets if t.rule == "tracee_match"})

    def _load_ours(self, generated) -> dict[str, Any]:
        """The Python module of every package, by dotted package name."""
        if generated is not None:
            return _import_generated(Path(generated))
        from .build import compile_modules

        sources = dict(self.sources)
        prog, self.python_sources, errors, refused = compile_modules(list(self.modules), sources, True)
        # the packages rego2py refuses (and those reading them) are dropped; the rest is compared
        self.refused.extend(errors)
        if prog is None:
            raise HarnessError(f"rego2py cannot compile the sources: {errors[-1].render()}")
        self.targets = [t for t in self.targets if t.package not in refused]
        return prog.load(self.python_sources)

    def opa_sources(self) -> list[tuple[str, str]]:
        """What OPA is given: v1 modules as written, v0 ones printed as v1."""
        from .fmt import format_module

        out = []
        for (name, text), m in zip(self.sources, self.modules):
            out.append((name, format_module(m, v1=True) if m.v0 else text))
        return out

    def _answers_module(self) -> str:
        lines = [f"package {ANSWERS_PACKAGE}", ""]
        for t in self.targets:
            doc = "answers" if t.per_event else "constants"
            lines.append(f"{doc}[{json.dumps(t.key)}] := x if {{ x := {t.data_ref()} }}")
        return "\n".join(lines) + "\n"

    def _load_opa(self):
        try:
            from opa_bindings import OpaEngine
        except ImportError:
            raise OpaMissing() from None
        from .opa_backend import _call

        engine = OpaEngine()
        try:
            from .custom_builtins import register_with_opa

            _call(register_with_opa, engine)  # users' own builtins: the same functions
            for name, text in self.opa_sources():
                _call(engine.add_policy, name, text)
            _call(engine.add_policy, "<rego2py harness>", self._answers_module())
        except RegoError as exc:
            engine.close()
            raise HarnessError(f"OPA rejects the sources: {exc}") from None
        return engine

    def _load_regopy(self):
        """rego-cpp with the v1 modules and each v0 module it compiles (with
        them); the packages it rejects are listed in ``regopy_refused``."""
        import regopy

        def interp_of(mods):
            with _quiet():
                return _interp_of(mods)

        def _interp_of(mods):
            interp = regopy.Interpreter()
            interp.strict_built_in_errors = True
            for name, text in mods:
                interp.add_module(name, text)
            interp.set_input_term("{}")
            ok = '"bindings"' in str(interp.query("x = 1"))
            return interp, ok

        pairs = list(zip(self.sources, self.modules))
        base = [src for src, m in pairs if not m.v0]
        kept = list(base)
        self.regopy_refused: list[str] = []
        for src, m in pairs:
            if m.v0:
                if interp_of(base + [src])[1]:
                    kept.append(src)
                else:
                    self.regopy_refused.append(src[0])
                    self._regopy_skip.add(m.package)
        return interp_of(kept)[0]

    def close(self) -> None:
        if self._opa is not None:
            self._opa.close()
            self._opa = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # -- answers -------------------------------------------------------------

    def ours(self, t: Target, event: Any, modules: dict | None = None) -> Answer:
        """rego2py's answer, from the harness's program or from ``modules``
        (another compilation of the same sources, e.g. in default mode)."""
        from .runtime.errors import RegoRuntimeError
        from .runtime.gen import Ctx
        from .runtime.values import UNDEF, to_json
        from .compiler.names import rule_func_name

        module = (self._ours if modules is None else modules).get(t.dotted)
        fn = getattr(module, rule_func_name((t.rule,)), None) if module is not None else None
        if fn is None:
            return Answer("crash", code="missing", message=f"no generated function for {t.key}")
        tracer = self.tracer
        try:
            if tracer is not None:
                tracer.start()
            try:
                v = fn(UNDEF if event is None else event, Ctx())  # one evaluation
            finally:
                if tracer is not None:
                    tracer.stop()
        except RegoRuntimeError as exc:
            return Answer("error", code=exc.code, message=exc.message)
        except RecursionError:
            return Answer("crash", code="RecursionError", message="maximum recursion depth exceeded")
        except Exception as exc:  # a bug in generated code or the runtime
            return Answer("crash", code=type(exc).__name__, message=str(exc))
        if v is UNDEF:
            return UNDEFINED
        try:
            return Answer("value", to_json(v))
        except Exception as exc:
            return Answer("crash", code=type(exc).__name__, message=f"to_json: {exc}")

    def opa_compile(self) -> None:
        """Have OPA compile the modules (it does so at the first query);
        raises its compile error (``RegoError`` with OPA's code)."""
        from .opa_backend import _call

        _call(self._opa.eval_query, "true")

    def _opa_query(self, query: str, input: Any) -> list[dict]:
        from .opa_backend import _call

        if input is None:
            return _call(self._opa.eval_query, query)
        return _call(self._opa.eval_query, query, input=input)

    def opa_one(self, t: Target, event: Any) -> Answer:
        """OPA's answer for one rule (a fixed query text per package depth)."""
        from .runtime.errors import RegoRuntimeError

        n = len(t.package)
        ref = "data" + "".join(f"[p[{i}]]" for i in range(n)) + "[r]"
        try:
            if event is None:
                rows = self._opa_query(f"x := {t.data_ref()}", None)
            else:
                q = f"p := input.pkg; r := input.rule; ev := input.event; x := {ref} with input as ev"
                rows = self._opa_query(q, {"pkg": list(t.package), "rule": t.rule, "event": event})
        except RegoRuntimeError as exc:
            return Answer("error", code=exc.code, message=exc.message)
        except RegoError as exc:
            return Answer("error", code=getattr(exc, "code", "rego_error"), message=exc.message)
        if not rows:
            return UNDEFINED
        return Answer("value", rows[0]["x"])

    def opa_all(self, event: Any) -> dict[str, Answer] | None:
        """OPA's answers for every per-event rule in one query (``event``
        None: the rules compared without input); None when that query fails
        (then ask rule by rule)."""
        from .runtime.errors import RegoRuntimeError

        doc = "answers" if event is not None else "constants"
        try:
            rows = self._opa_query(f"x := data.{ANSWERS_PACKAGE}.{doc}", event)
        except (RegoRuntimeError, RegoError):
            return None
        got = rows[0]["x"] if rows else {}
        return {t.key: Answer("value", got[t.key]) if t.key in got else UNDEFINED
                for t in self.targets if t.per_event == (event is not None)}

    def regopy_one(self, t: Target, event: Any) -> Answer:
        """rego-cpp's answer (strict builtin errors). It gives no error
        codes: its errors have code None and match any OPA error."""
        try:
            interp = self._regopy
            with _quiet():
                interp.set_input_term(json.dumps(event))
                text = str(interp.query(f"x = {t.data_ref()}")).strip()
        except Exception as exc:
            return Answer("error", code=None, message=str(exc))
        if text == "undefined":
            return UNDEFINED
        try:
            doc = json.loads(text)
        except ValueError:
            return Answer("error", code=None, message=text)
        if isinstance(doc, list):
            doc = doc[0] if doc else {}
        if isinstance(doc, dict) and "bindings" in doc and "x" in doc["bindings"]:
            return Answer("value", doc["bindings"]["x"])
        return UNDEFINED

    # -- comparing -------------------------------------------------------------

    def compare(self, t: Target, event: Any, opa: Answer, report: Report) -> None:
        ours = self.ours(t, event)
        ok = answer_equal(opa, ours)
        if ok and t.rule == "tracee_match" and opa.kind == "value" and opa.value is not False:
            report.findings += 1
        report.add(ok, None if ok else Mismatch(t.dotted, t.rule, event, opa, ours))
        if self._regopy is not None and t.per_event and self._is_v0_package(t.package) \
                and t.package not in self._regopy_skip:
            # (regopy reads v0 partial set heads p[x] { } as v1 objects:
            # only the per-event rules are compared)
            other = self.regopy_one(t, event)
            ok = answer_equal(opa, other) or (opa.kind == other.kind == "error" and other.code is None)
            report.add(ok, None if ok else Mismatch(t.dotted, t.rule, event, opa, other, side="regopy"))

    def _is_v0_package(self, pkg) -> bool:
        return any(m.v0 for m in self.modules if m.package == pkg)

    def check_constants(self, report: Report) -> None:
        answers = self.opa_all(None)
        for t in self.targets:
            if not t.per_event:
                opa = answers[t.key] if answers is not None else self.opa_one(t, None)
                self.compare(t, None, opa, report)

    def check_event(self, event: Any, report: Report) -> None:
        report.events += 1
        answers = self.opa_all(event)
        for t in self.targets:
            if not t.per_event:
                continue
            opa = answers[t.key] if answers is not None else self.opa_one(t, event)
            self.compare(t, event, opa, report)

    def run(self, events: Iterable[Any], report: Report | None = None) -> Report:
        report = report if report is not None else Report()
        self.check_constants(report)
        for event in events:
            self.check_event(event, report)
        return report


class _quiet:
    """Keep what rego-cpp prints itself (to the process's fds 1 and 2) out
    of the output."""

    def __enter__(self):
        import os

        sys.stdout.flush()
        sys.stderr.flush()
        self.saved = [os.dup(1), os.dup(2)]
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 1)
        os.dup2(null, 2)
        os.close(null)

    def __exit__(self, *exc):
        import os

        for fd, saved in zip((1, 2), self.saved):
            os.dup2(saved, fd)
            os.close(saved)


# ------------------------------------------------------ generated packages


_IMPORTED = 0


def _import_generated(path: Path) -> dict[str, Any]:
    """Import a package written by ``build_package`` under a fresh name and
    return its modules by dotted Rego package."""
    global _IMPORTED
    init = path / "__init__.py"
    if not init.is_file():
        raise HarnessError(f"{path}: not a generated package (no __init__.py)")
    _IMPORTED += 1
    name = f"rego2py_verify_{_IMPORTED}"
    spec = importlib.util.spec_from_file_location(name, init, submodule_search_locations=[str(path)])
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    spec.loader.exec_module(mod)
    return dict(mod._MODULES)


# ------------------------------------------------------------ coverage


@dataclass
class CoverageReport:
    """Lines (statements) and branch outcomes (each ``if`` taken and not
    taken) of the generated code reached, overall and per Rego package."""

    lines_hit: int
    lines_total: int
    branches_hit: int
    branches_total: int
    per_package: dict[str, tuple[int, int, int, int]]

    @staticmethod
    def _pct(a: int, b: int) -> str:
        return f"{100.0 * a / b:.1f}%" if b else "n/a"

    def summary(self) -> str:
        return (
            f"coverage of the generated code: lines {self.lines_hit}/{self.lines_total} "
            f"({self._pct(self.lines_hit, self.lines_total)}), branches "
            f"{self.branches_hit}/{self.branches_total} "
            f"({self._pct(self.branches_hit, self.branches_total)})"
        )


class Coverage:
    """Which lines and ``if`` outcomes of generated modules run, measured
    with ``sys.settrace`` while the harness calls our side (nothing else is
    traced). ``files``: {code filename: (package, Python source)}."""

    def __init__(self, files: dict[str, tuple[str, str]]):
        import ast as pyast

        self.files = files
        self.counts: dict[tuple[str, int], int] = {}
        self.lines: dict[str, set[int]] = {}
        self.ifs: dict[str, list[tuple[int, int, int | None]]] = {}
        for fname, (_, src) in files.items():
            tree = pyast.parse(src)
            lines: set[int] = set()
            ifs = []
            for fn in tree.body:
                # _link binds modules; _package/_doc__* assemble whole
                # documents (read only when a package is read whole)
                if not isinstance(fn, pyast.FunctionDef) or fn.name in ("_link", "_package") \
                        or fn.name.startswith("_doc__"):
                    continue
                for node in pyast.walk(fn):
                    if isinstance(node, pyast.stmt) and not isinstance(node, pyast.FunctionDef):
                        if isinstance(node, pyast.Expr) and isinstance(node.value, pyast.Constant):
                            continue  # docstrings
                        lines.add(node.lineno)
                    if isinstance(node, pyast.If):
                        orelse = node.orelse[0].lineno if node.orelse else None
                        ifs.append((node.lineno, node.body[0].lineno, orelse))
            self.lines[fname] = lines
            self.ifs[fname] = ifs
        self._counts = self.counts

    def _global(self, frame, event, arg):
        if frame.f_code.co_filename in self.files:
            return self._local
        return None

    def _local(self, frame, event, arg):
        if event == "line":
            key = (frame.f_code.co_filename, frame.f_lineno)
            c = self._counts
            c[key] = c.get(key, 0) + 1
        return self._local

    def start(self) -> None:
        sys.settrace(self._global)

    def stop(self) -> None:
        sys.settrace(None)

    def report(self) -> CoverageReport:
        c = self.counts
        per: dict[str, list[int]] = {}
        for fname, lines in self.lines.items():
            pkg = self.files[fname][0]
            hit = sum(1 for l in lines if c.get((fname, l)))
            b_hit = b_total = 0
            for test, body, orelse in self.ifs[fname]:
                n_test, n_body = c.get((fname, test), 0), c.get((fname, body), 0)
                n_else = c.get((fname, orelse), 0) if orelse is not None else n_test - n_body
                b_total += 2
                b_hit += (n_body > 0) + (n_else > 0)
            acc = per.setdefault(pkg, [0, 0, 0, 0])
            for i, v in enumerate((hit, len(lines), b_hit, b_total)):
                acc[i] += v
        tot = [sum(v[i] for v in per.values()) for i in range(4)]
        return CoverageReport(*tot, {k: tuple(v) for k, v in sorted(per.items())})


def measure_coverage(harness: "Harness") -> Coverage:
    """Start measuring the coverage of ``harness``'s generated code (the
    next calls to its ``run`` count)."""
    files = {}
    for dotted, module in harness._ours.items():
        src = None
        fname = getattr(module, "__file__", None)
        if fname:
            src = Path(fname).read_text()
        elif harness.python_sources is not None:
            from .compiler.names import ref_text

            src = next((s for k, s in harness.python_sources.items() if ref_text(k) == dotted), None)
            fname = f"<rego2py {dotted}>"
        if src is not None and dotted != "":
            files[fname] = (dotted, src)
    cov = Coverage(files)
    harness.tracer = cov
    return cov
