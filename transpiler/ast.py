"""Rego abstract syntax tree.

Nodes are frozen dataclasses with slots. Every node carries its source
position in ``pos``, which is excluded from comparison, so two trees compare
equal by structure alone. Analyses keep their results in side tables keyed by
node identity, never on the nodes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union


@dataclass(frozen=True, slots=True)
class Pos:
    file: str
    line: int
    col: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"


NOPOS = Pos("<none>", 0, 0)


def _pos():
    return field(default=NOPOS, compare=False, repr=False)


# --------------------------------------------------------------------- terms


@dataclass(frozen=True, slots=True)
class Scalar:
    """null, true/false, a number (int or float) or a string.

    ``text`` keeps a number's source text (to keep precision such as
    ``1e400`` or ``0.1``); it is None for other scalars.
    """

    value: object
    text: str | None = None
    pos: Pos = _pos()


@dataclass(frozen=True, slots=True)
class Var:
    """A variable or a root document name (``input``, ``data``).

    The wildcard ``_`` is given a unique name ``$wildN`` by the parser, so
    each occurrence is a distinct variable.
    """

    name: str
    pos: Pos = _pos()


@dataclass(frozen=True, slots=True)
class Ref:
    """``head.a[b][_]``: ``head`` is a Var (input, data, a local, a rule name,
    an import alias) or a composite/call term; ``path`` holds the selectors,
    a dot selector ``.a`` being ``Scalar("a")``."""

    head: "Term"
    path: tuple["Term", ...]
    pos: Pos = _pos()


@dataclass(frozen=True, slots=True)
class Array:
    items: tuple["Term", ...]
    pos: Pos = _pos()


@dataclass(frozen=True, slots=True)
class Object:
    items: tuple[tuple["Term", "Term"], ...]
    pos: Pos = _pos()


@dataclass(frozen=True, slots=True)
class SetTerm:
    """A set literal; ``set()`` is ``SetTerm(())``."""

    items: tuple["Term", ...]
    pos: Pos = _pos()


@dataclass(frozen=True, slots=True)
class ArrayCompr:
    term: "Term"
    body: "Body"
    pos: Pos = _pos()


@dataclass(frozen=True, slots=True)
class SetCompr:
    term: "Term"
    body: "Body"
    pos: Pos = _pos()


@dataclass(frozen=True, slots=True)
class ObjectCompr:
    key: "Term"
    value: "Term"
    body: "Body"
    pos: Pos = _pos()


@dataclass(frozen=True, slots=True)
class Call:
    """A call ``name(args...)``. ``name`` is the dotted name as written
    (``count``, ``object.get``, ``data.lib.f``, ``lib.f``): a tuple of
    strings. Operators are calls too, by their OPA builtin names:
    ``plus minus mul div rem`` for ``+ - * / %``, ``or`` and ``and`` for
    ``|`` and ``&`` (set union and intersection), ``equal neq lt lte gt gte``
    for ``== != < <= > >=``, ``neg`` for unary minus on a non-literal."""

    name: tuple[str, ...]
    args: tuple["Term", ...]
    pos: Pos = _pos()


@dataclass(frozen=True, slots=True)
class Membership:
    """``x in xs`` (key None) or ``k, x in xs`` used as an expression: true
    or false, binding nothing (OPA's ``internal.member_2/3``)."""

    key: "Term | None"
    value: "Term"
    collection: "Term"
    pos: Pos = _pos()


@dataclass(frozen=True, slots=True)
class TemplateString:
    """``$"text {expr} text"``: parts are str (literal text) or terms."""

    parts: tuple[Union[str, "Term"], ...]
    pos: Pos = _pos()


Term = Union[
    Scalar,
    Var,
    Ref,
    Array,
    Object,
    SetTerm,
    ArrayCompr,
    SetCompr,
    ObjectCompr,
    Call,
    Membership,
    TemplateString,
]


# --------------------------------------------------------------- expressions


@dataclass(frozen=True, slots=True)
class Unify:
    """``left = right``"""

    left: Term
    right: Term
    pos: Pos = _pos()


@dataclass(frozen=True, slots=True)
class Assign:
    """``left := right`` (left is a var or a composite pattern of vars)."""

    left: Term
    right: Term
    pos: Pos = _pos()


@dataclass(frozen=True, slots=True)
class SomeDecl:
    """``some x, y``"""

    names: tuple[Var, ...]
    pos: Pos = _pos()


@dataclass(frozen=True, slots=True)
class SomeIn:
    """``some v in xs`` (key None) or ``some k, v in xs``; key and value are
    terms (usually vars, may be patterns)."""

    key: Term | None
    value: Term
    collection: Term
    pos: Pos = _pos()


@dataclass(frozen=True, slots=True)
class Every:
    """``every v in xs { body }`` or ``every k, v in xs { body }``."""

    key: Var | None
    value: Var
    domain: Term
    body: "Body"
    pos: Pos = _pos()


@dataclass(frozen=True, slots=True)
class With:
    """``with target as value``: target is a Ref rooted at input or data, or
    a Var/Ref naming a function or builtin (a mock)."""

    target: Term
    value: Term
    pos: Pos = _pos()


Expr = Union[Term, Unify, Assign, SomeDecl, SomeIn, Every]


@dataclass(frozen=True, slots=True)
class Literal:
    """One statement of a body: an expression, possibly negated with
    ``not``, with its ``with`` modifiers."""

    expr: Expr
    negated: bool = False
    withs: tuple[With, ...] = ()
    pos: Pos = _pos()


Body = tuple[Literal, ...]


# --------------------------------------------------------------------- rules


@dataclass(frozen=True, slots=True)
class Rule:
    """A rule, normalised from every syntax form.

    ``ref``: the head's ref as written: ``Ref(Var("p"), ())`` for ``p``,
    ``Ref(Var("p"), (Scalar("q"), Var("r")))`` for ``p.q[r]``.
    ``kind``: ``"complete"`` (``p := v``, ``p = v``, ``p if``, ``p.q.r := v``,
    ``p[k] := v`` in v1, ``default``), ``"set"`` (``p contains x``, v0
    ``p[x] { }``), ``"function"`` (``f(a, b) := v``).
    ``key``: for set rules the element term.
    ``value``: the value term; ``Scalar(True)`` when no value is written.
    ``args``: function arguments (terms: vars, literals, composites).
    ``assign``: True when written with ``:=``.
    ``body``: the body; an empty tuple for a rule without one.
    ``else_``: the next rule of an else chain (its ``ref``/``args``/``kind``
    repeat this rule's), or None.
    ``default``: True for ``default p := v``.
    """

    ref: Ref
    kind: str
    value: Term | None
    body: Body
    key: Term | None = None
    args: tuple[Term, ...] | None = None
    assign: bool = False
    else_: "Rule | None" = None
    default: bool = False
    pos: Pos = _pos()


@dataclass(frozen=True, slots=True)
class Import:
    """``import data.a.b as c`` / ``import input.x`` / ``import future.keywords.in``
    / ``import rego.v1``. ``path`` is the ref; ``alias`` the name given with
    ``as`` or None."""

    path: Ref
    alias: str | None = None
    pos: Pos = _pos()


@dataclass(frozen=True, slots=True)
class Module:
    """``package`` is the dotted package path without ``data``, as strings.
    ``v0``: the module was parsed with v0 syntax rules."""

    package: tuple[str, ...]
    imports: tuple[Import, ...]
    rules: tuple[Rule, ...]
    v0: bool = False
    file: str = "<none>"
    pos: Pos = _pos()


# ------------------------------------------------------------------ traversal


def children(node):
    """The AST nodes directly below ``node``, in source order: its fields
    that are nodes, and the nodes in its tuples (object items are pairs)
    at any depth; positions and scalar values (strings, numbers, a
    Scalar's value) are not nodes."""
    for name in getattr(node, "__slots__", ()):
        if name != "pos":
            yield from _nodes_in(getattr(node, name))


def _nodes_in(v):
    if isinstance(v, (tuple, list)):
        for x in v:
            yield from _nodes_in(x)
    elif v is not None and not isinstance(v, Pos) and hasattr(v, "__dataclass_fields__") and not isinstance(v, type):
        yield v


def walk(root):
    """Every AST node of ``root`` (a node, or a tuple or list of them),
    itself included, depth first, in source order: the one traversal of the
    AST (compile checks, event generation, Tracee checks all use it)."""
    stack = list(reversed(list(_nodes_in(root))))
    while stack:
        n = stack.pop()
        yield n
        stack.extend(reversed(list(children(n))))
