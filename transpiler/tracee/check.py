"""Check Rego signatures against Tracee's event definitions of one version.

For each module that selects events (``tracee_selected_events``) it reports:

- a selected event the version does not have;
- an argument read (``get_tracee_argument``/``argument_or``/
  ``has_tracee_argument`` of ``tracee.helpers``, ``arg``/``arg_or`` of
  ``tracee.lib.event``, with a literal name) that an event the rule can see
  lacks;
- an argument compared (``==``, ``!=``, ``=``, ``in`` a literal set or
  array) with literals of none of the JSON kinds the argument has in that
  version, or tested (``is_number``, ``is_string``, ...) for a kind it never
  has there (schema.Schema.kinds: v0.22 as its rule engine saw it, parsed);
  a field of a socket address is always a string.

The events a rule can see are the module's selected events, narrowed by
``input.eventName == "x"`` (or ``in {...}``) in its body; an ``else`` sees
the events its earlier branches' tests leave out.
An argument read through a variable (``v := ev.arg("x")``) is followed in
the same body and the bodies nested in it; not into the functions it is
passed to. v0.22 is checked as its rule engine ran, arguments parsed: a rule
body that only handles the raw number of a parsed argument is reported. A
signature that takes both forms says so with a set of both literals
(``request in {0, "PTRACE_TRACEME"}``) or a helper function per form.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import ast
from .schema import Schema

__all__ = ["Finding", "check_module", "add_arguments", "report"]

# helper function name -> it reads the argument named by its first operand
ARG_READERS = {"get_tracee_argument", "argument_or", "has_tracee_argument", "arg", "arg_or"}
HELPER_PACKAGES = {("tracee", "helpers"), ("tracee", "lib", "event")}
_SOCKADDR_TYPES = {"struct sockaddr*", "SockAddr"}
_COMPARE = {("equal",), ("neq",)}
# type tests -> the kind they accept
_TYPE_TESTS = {("is_number",): "number", ("is_string",): "string", ("is_boolean",): "boolean",
               ("is_array",): "array", ("is_object",): "object"}


@dataclass(frozen=True)
class Finding:
    pos: ast.Pos
    message: str


def _kind_of(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    return "string"


_ARTICLE = {"number": "a number", "string": "a string", "boolean": "a boolean", "null": "null",
            "array": "an array", "object": "an object"}


class _ModuleChecker:
    def __init__(self, module: ast.Module, table: Schema):
        self.module = module
        self.table = table
        self.findings: list[Finding] = []
        self.readers = self._reader_names()
        # name -> literal of the module's constants (``port := 6443``)
        self.constants: dict[str, ast.Scalar] = {}
        for rule in module.rules:
            if (rule.kind == "complete" and not rule.body and not rule.ref.path and rule.else_ is None
                    and isinstance(rule.ref.head, ast.Var) and isinstance(rule.value, ast.Scalar)):
                self.constants[rule.ref.head.name] = rule.value

    def _reader_names(self) -> set[tuple[str, ...]]:
        """Call names that read an argument: alias.fn for imports of our helper packages,
        and the bare names inside those packages."""
        names = set()
        for imp in self.module.imports:
            path = [t.value for t in imp.path.path if isinstance(t, ast.Scalar)]
            if isinstance(imp.path.head, ast.Var) and imp.path.head.name == "data" and tuple(path) in HELPER_PACKAGES:
                alias = imp.alias or path[-1]
                names |= {(alias, fn) for fn in ARG_READERS}
            if len(path) >= 1 and tuple(path[:-1]) in HELPER_PACKAGES and path[-1] in ARG_READERS:
                names.add((imp.alias or path[-1],))
        if self.module.package in HELPER_PACKAGES:
            names |= {(fn,) for fn in ARG_READERS}
        return names

    # -- selected events

    def selected(self) -> list[tuple[str, ast.Pos]]:
        out = []
        for rule in self.module.rules:
            if not (isinstance(rule.ref.head, ast.Var) and rule.ref.head.name == "tracee_selected_events"):
                continue
            for node in ast.walk(rule):
                if isinstance(node, ast.Object):
                    for k, v in node.items:
                        if (isinstance(k, ast.Scalar) and k.value == "name" and isinstance(v, ast.Scalar)
                                and isinstance(v.value, str)):
                            out.append((v.value, v.pos))
        return out

    def run(self) -> list[Finding]:
        sel = self.selected()
        if not sel:
            return []
        known: list[str] = []
        for name, pos in sel:
            if name == "*":
                continue
            if self.table.args(name) is None:
                self.findings.append(Finding(pos, f"selects event {name!r}, which Tracee {self.table.tracee} does not have"))
            elif name not in known:
                known.append(name)
        if any(name == "*" for name, _ in sel):
            return self.findings  # any event: nothing to check arguments against
        events = frozenset(known)
        for rule in self.module.rules:
            if isinstance(rule.ref.head, ast.Var) and rule.ref.head.name == "tracee_selected_events":
                continue
            self._rule(rule, events)
        return self.findings

    def _rule(self, rule: ast.Rule, events: frozenset) -> None:
        left = events
        r = rule
        while r is not None:
            narrowed = self._narrow(r.body, left)
            parts = [p for p in (r.key, r.value, *(r.args or ()), *r.body) if p is not None]  # not r.else_
            self._check_parts(parts, narrowed)
            tested = self._tested(r.body)
            if tested is not None:
                left = left - tested
            r = r.else_

    def _tested(self, body) -> frozenset | None:
        """The event names ``input.eventName`` is tested against in a body (None: no test)."""
        for lit in body or ():
            if lit.negated:
                continue
            names = self._event_test(lit.expr)
            if names is not None:
                return names
        return None

    def _narrow(self, body, events: frozenset) -> frozenset:
        tested = self._tested(body)
        return events if tested is None else events & tested

    def _event_test(self, expr) -> frozenset | None:
        if isinstance(expr, ast.Unify):
            a, b = expr.left, expr.right
        elif isinstance(expr, ast.Call) and expr.name == ("equal",) and len(expr.args) == 2:
            a, b = expr.args
        elif isinstance(expr, ast.Membership) and expr.key is None and _is_event_name(expr.value):
            items = _literal_items(expr.collection)
            return frozenset(v for v in items if isinstance(v, str)) if items is not None else None
        else:
            return None
        if _is_event_name(b):
            a, b = b, a
        if _is_event_name(a) and isinstance(b, ast.Scalar) and isinstance(b.value, str):
            return frozenset((b.value,))
        return None

    # -- argument reads and comparisons

    def _read(self, term) -> tuple[str, tuple, ast.Pos] | None:
        """(argument, field path, position) when ``term`` is an argument read."""
        if isinstance(term, ast.Call) and term.name in self.readers and term.args:
            first = term.args[0]
            if isinstance(first, ast.Scalar) and isinstance(first.value, str):
                return first.value, (), term.pos
        return None

    def _resolve(self, term, env: dict):
        """The argument read a term stands for: a read, a variable bound to one, a field of either."""
        r = self._read(term)
        if r is not None:
            return r
        if isinstance(term, ast.Var) and term.name in env:
            return env[term.name]
        if isinstance(term, ast.Ref):
            base = self._resolve(term.head, env)
            if base is not None and all(isinstance(p, ast.Scalar) and isinstance(p.value, str) for p in term.path):
                return base[0], base[1] + tuple(p.value for p in term.path), base[2]
        return None

    def _check_parts(self, parts: list, events: frozenset) -> None:
        """Bind variables to argument reads (in any order, as Rego reorders bodies),
        then check every read and comparison of a rule's head and body."""
        nodes = [n for part in parts for n in ast.walk(part)]
        env: dict = {}
        for _ in range(3):  # a binding through a binding through a binding
            for n in nodes:
                if isinstance(n, (ast.Assign, ast.Unify)):
                    for var, val in ((n.left, n.right), (n.right, n.left)):
                        if isinstance(var, ast.Var) and var.name not in env:
                            r = self._resolve(val, env)
                            if r is not None:
                                env[var.name] = r
        for n in nodes:
            r = self._read(n)
            if r is not None:
                self._check_read(r[0], r[2], events)
            self._check_compare(n, events, env)

    def _check_read(self, arg: str, pos: ast.Pos, events: frozenset) -> None:
        lacking = sorted(e for e in events if self.table.arg_type(e, arg) is None)
        if lacking and len(lacking) == len(events):
            self.findings.append(Finding(pos, f"reads argument {arg!r}, which {_names(lacking)} "
                                              f"{'has' if len(lacking) == 1 else 'have'} not in Tracee {self.table.tracee}"))

    def _check_compare(self, n, events: frozenset, env: dict) -> None:
        pairs = []
        if isinstance(n, ast.Call) and n.name in _COMPARE and len(n.args) == 2:
            pairs = [(n.args[0], [n.args[1]]), (n.args[1], [n.args[0]])]
        elif isinstance(n, ast.Unify):
            pairs = [(n.left, [n.right]), (n.right, [n.left])]
        elif isinstance(n, ast.Membership) and n.key is None:
            items = _literal_terms(n.collection)
            if items is not None:
                pairs = [(n.value, items)]
        elif isinstance(n, ast.Call) and n.name in _TYPE_TESTS and len(n.args) == 1:
            self._check_type_test(n, _TYPE_TESTS[n.name], events, env)
            return
        for side, others in pairs:
            read = self._resolve(side, env)
            others = [self.constants.get(o.name, o) if isinstance(o, ast.Var) else o for o in others]
            if read is None or not others or not all(isinstance(o, ast.Scalar) for o in others):
                continue
            arg, path, _ = read
            lit_kinds = {_kind_of(o.value) for o in others}
            for event in sorted(events):
                kinds = self._kinds(event, arg, path)
                if kinds is None or lit_kinds & kinds:
                    continue
                what = arg + "".join(f".{p}" for p in path)
                gives = " or ".join(sorted(_ARTICLE[k] for k in kinds))
                lits = " or ".join(sorted(_ARTICLE[k] for k in lit_kinds))
                parsed = " (arguments parsed, as its rule engine does)" if self.table.engine_parses and \
                    self.table.is_parsed(event, arg) else ""
                self.findings.append(Finding(n.pos if n.pos.line else others[0].pos, f"compares {event}.{what} with {lits}; "
                                                            f"Tracee {self.table.tracee} gives {gives}{parsed}"))

    def _check_type_test(self, n, kind: str, events: frozenset, env: dict) -> None:
        """``is_number(x)`` on an argument that is never a number in this version."""
        read = self._resolve(n.args[0], env)
        if read is None:
            return
        arg, path, _ = read
        for event in sorted(events):
            kinds = self._kinds(event, arg, path)
            if kinds is None or kind in kinds:
                continue
            what = arg + "".join(f".{p}" for p in path)
            gives = " or ".join(sorted(_ARTICLE[k] for k in kinds))
            parsed = " (arguments parsed, as its rule engine does)" if self.table.engine_parses and \
                self.table.is_parsed(event, arg) else ""
            self.findings.append(Finding(n.pos, f"tests whether {event}.{what} is {_ARTICLE[kind]}; "
                                                f"Tracee {self.table.tracee} gives {gives}{parsed}"))

    def _kinds(self, event: str, arg: str, path: tuple) -> frozenset | None:
        t = self.table.arg_type(event, arg)
        if t is None:
            return None
        if not path:
            return self.table.kinds(event, arg)
        if t in _SOCKADDR_TYPES and len(path) == 1:
            return frozenset(("string",))
        return None


def _is_event_name(t) -> bool:
    return (isinstance(t, ast.Ref) and isinstance(t.head, ast.Var) and t.head.name == "input"
            and len(t.path) == 1 and isinstance(t.path[0], ast.Scalar) and t.path[0].value == "eventName")


def _literal_terms(t):
    if isinstance(t, (ast.SetTerm, ast.Array)) and all(isinstance(i, ast.Scalar) for i in t.items):
        return list(t.items)
    return None


def _literal_items(t):
    terms = _literal_terms(t)
    return None if terms is None else [i.value for i in terms]


def _names(events) -> str:
    return ", ".join(events)


def check_module(module: ast.Module, table: Schema) -> list[Finding]:
    """What in one module does not fit Tracee's definitions of ``table``'s version."""
    return _ModuleChecker(module, table).run()


# -- the command line (``rego2py check --tracee VERSION``) ----------------------------


def add_arguments(p) -> None:
    """``--tracee VERSION`` on a ``check`` command's parser."""
    from .schema import VERSIONS

    p.add_argument(
        "--tracee",
        metavar="VERSION",
        choices=sorted(VERSIONS),
        help="check the signatures against Tracee's event definitions of this version ("
        + ", ".join(VERSIONS) + "): selected events it lacks, arguments its events lack, "
        "comparisons with literals of a kind an argument never has; warnings, errors with --strict",
    )


def report(files, version: str, strict: bool = False, v0=None, out=None) -> tuple[int, int]:
    """Check ``files`` (paths) against ``version``, printing each finding as
    ``file:line:col: warning: ...`` (``error:`` when strict) with its source
    line. Returns (findings, files that could not be read or parsed; those
    are printed on stderr)."""
    import sys
    from pathlib import Path

    from ..build import display_name
    from ..errors import RegoError
    from ..parser import parse_module
    from .schema import schema

    out = out or sys.stdout
    table = schema(version)
    severity = "error" if strict else "warning"
    found = broken = 0
    for f in files:
        name = display_name(Path(f))
        try:
            text = Path(f).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            print(f"{name}: cannot read: {exc}", file=sys.stderr)
            broken += 1
            continue
        try:
            module = parse_module(text, name, v0=v0)
        except RegoError as exc:
            if exc.source is None:
                exc.source = text
            print(exc.render(), file=sys.stderr)
            broken += 1
            continue
        for item in check_module(module, table):
            print(RegoError(item.pos, f"{severity}: {item.message}", text).render(), file=out)
            found += 1
    if found:
        print(f"rego2py check: {found} {severity}(s) against Tracee {table.tracee} ({version})", file=sys.stderr)
    return found, broken
