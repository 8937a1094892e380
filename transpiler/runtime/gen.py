"""What generated code imports: the glue between emitted Python and the value model.

Every name here starts with ``_`` so it can never clash with a rule's name
in a generated module. Generated code imports only the names it uses.
"""

from __future__ import annotations

import re

from .deep import deep_call, run_deep
from .errors import BuiltinError, ConflictError, EvalTypeError, RegoRuntimeError
from .evaluation import Evaluation
from .values import UNDEF, Set, compare, eq, hkey, sort_key, unkey
from .values import Num as _Num
from .values import _EXACT, number_of_text

_U = UNDEF
_Set = Set
_eq = eq
_cmp = compare
_hkey = hkey
_unkey = unkey
_COLLECTIONS = frozenset((list, dict, Set))
_SIZED = frozenset((list, dict, Set, str))
# In OPA's default mode these make the expression undefined.
_BuiltinErrors = (BuiltinError, EvalTypeError)


class _NotSet:
    __slots__ = ()

    def __repr__(self):
        return "NOTSET"


_NOTSET = _NotSet()


# -- collections ------------------------------------------------------------


def _sorted_items(d: dict):
    try:
        items = sorted(d.items())
    except TypeError:
        items = sorted(((unkey(k), v) for k, v in d.items()), key=lambda kv: sort_key(kv[0]))
        return items
    if items and any(k.__class__ is tuple for k, _ in items):
        return sorted(((unkey(k), v) for k, v in d.items()), key=lambda kv: sort_key(kv[0]))
    return items


def _items(x):
    """(key, value) pairs of a collection in OPA's order (arrays by index,
    objects by sorted key, sets by sorted element); nothing for other values."""
    c = x.__class__
    if c is list:
        return enumerate(x)
    if c is dict:
        if len(x) < 2:
            return [(unkey(k), v) for k, v in x.items()]
        return _sorted_items(x)
    if c is Set:
        return [(v, v) for v in (x.lit or sorted(x, key=sort_key))]
    return ()


def _items_any(x):
    """(key, value) pairs in any order (for ``every``)."""
    c = x.__class__
    if c is list:
        return enumerate(x)
    if c is dict:
        return [(unkey(k), v) for k, v in x.items()]
    if c is Set:
        return [(v, v) for v in x]
    return ()


def _values(x):
    c = x.__class__
    if c is list:
        return x
    if c is dict:
        if len(x) < 2:
            return x.values()
        return [v for _, v in _sorted_items(x)]
    if c is Set:
        return x.lit or sorted(x, key=sort_key)
    return ()


def _getk(x, k):
    """``x[k]`` as Rego reads it: undefined when absent or not indexable."""
    c = x.__class__
    if c is dict:
        kc = k.__class__
        if kc is str or kc is int or (kc is float and -_EXACT < k < _EXACT) or k is None or kc is _Num:
            return x.get(k, UNDEF)
        return x.get(hkey(k), UNDEF)
    if c is list:
        kc = k.__class__
        if kc is int:
            return x[k] if 0 <= k < len(x) else UNDEF
        if kc is float and k.is_integer():
            i = int(k)
            return x[i] if 0 <= i < len(x) else UNDEF
        return UNDEF  # (OPA takes no index from a number written 1E0 or 1e3)
    if c is Set:
        return k if k in x else UNDEF
    return UNDEF


def _getd(x, k):
    """``x[k]`` where ``x`` is a base document read from OPA's store: keys are
    store paths, so a number key is its text (``data.d[1]`` reads ``"1"``)
    and an array takes a string of digits; other keys find nothing."""
    kc = k.__class__
    if kc is int:
        k = str(k)
    elif kc is float:
        k = str(int(k)) if k.is_integer() else repr(k)
    elif kc is not str:
        return UNDEF
    c = x.__class__
    if c is dict:
        return x.get(k, UNDEF)
    if c is list:
        if not _STORE_INDEX.fullmatch(k):
            return UNDEF
        i = int(k)
        return x[i] if 0 <= i < len(x) else UNDEF
    return UNDEF


_STORE_INDEX = re.compile(r"[+-]?[0-9]+")


def _member(v, coll) -> bool:
    c = coll.__class__
    if c is Set:
        return v in coll
    if c is list:
        return any(eq(v, x) for x in coll)
    if c is dict:
        return any(eq(v, x) for x in coll.values())
    return False


def _index_match(v, values: list) -> bool:
    """Whether OPA's rule index lets a clause whose ref must equal one of
    ``values`` run on the value ``v`` at the ref: ``v`` is one of them, or
    (a scalar among them) an array or object holding one."""
    if any(eq(v, x) for x in values):
        return True
    c = v.__class__
    if c is list or c is dict:
        items = v if c is list else v.values()
        return any(eq(e, x) for e in items for x in values if x.__class__ is not list)
    return False


def _member3(k, v, coll) -> bool:
    x = _getk(coll, k)
    if x is UNDEF:
        return False
    if coll.__class__ is Set:
        return eq(k, v)
    return eq(x, v)


def _bigint(text: str) -> int:
    """An int of more than 4,300 digits (no Python literal can be one)."""
    return number_of_text(text)


def _mkset(items) -> Set:
    s = Set()
    for x in items:
        s.add(x)
    return s


def _mkset_lit(items) -> Set:
    """A set literal with non-ground terms, ``items`` (its terms' values) in
    OPA's term order: the first of equal elements stays, and iteration yields
    ``items`` as they are, equal ones included (as OPA does)."""
    s = _mkset(items)
    s.lit = list(items)
    return s


def _mkobj(pairs) -> dict:
    d = {}
    for k, v in pairs:
        kc = k.__class__
        d[k if kc is str or kc is int or (kc is float and -_EXACT < k < _EXACT) or k is None or kc is _Num else hkey(k)] = v
    return d


def _obj_put(d: dict, k, v) -> None:
    """Add k: v to an object comprehension's result."""
    kc = k.__class__
    key = k if kc is str or kc is int or (kc is float and -_EXACT < k < _EXACT) or k is None or kc is _Num else hkey(k)
    old = d.get(key, UNDEF)
    if old is not UNDEF and not eq(old, v):
        raise ConflictError("eval_conflict_error", "object keys must be unique")
    d[key] = v


def _insert_path(d: dict, keys, v, where: str = "") -> None:
    """Set ``d[k1][k2]...[kn] = v`` for a ref-head rule, creating objects on the
    way; two different values at one key are a conflict."""
    for k in keys[:-1]:
        kc = k.__class__
        key = k if kc is str or kc is int or (kc is float and -_EXACT < k < _EXACT) or k is None or kc is _Num else hkey(k)
        nxt = d.get(key, UNDEF)
        if nxt is UNDEF:
            nxt = d[key] = {}
        elif nxt.__class__ is not dict:
            raise ConflictError("eval_conflict_error", f"object keys must be unique{where}")
        d = nxt
    k = keys[-1]
    kc = k.__class__
    key = k if kc is str or kc is int or (kc is float and -_EXACT < k < _EXACT) or k is None or kc is _Num else hkey(k)
    old = d.get(key, UNDEF)
    if old is not UNDEF and not eq(old, v):
        raise ConflictError("eval_conflict_error", f"object keys must be unique{where}")
    d[key] = v


def _insert_set(d: dict, keys, elem) -> None:
    """Add ``elem`` to the set at ``d[k1]...[kn]`` for a ref-head set rule."""
    for i, k in enumerate(keys):
        kc = k.__class__
        key = k if kc is str or kc is int or (kc is float and -_EXACT < k < _EXACT) or k is None or kc is _Num else hkey(k)
        nxt = d.get(key, UNDEF)
        if nxt is UNDEF:
            nxt = d[key] = Set() if i == len(keys) - 1 else {}
        elif (nxt.__class__ is not Set) if i == len(keys) - 1 else (nxt.__class__ is not dict):
            raise ConflictError("eval_conflict_error", "object keys must be unique")
        d = nxt
    d.add(elem)


def _patch(doc, keys, value):
    """A copy of ``doc`` with ``value`` at ``keys`` (for ``with input.a.b as``)."""
    if not keys:
        return value
    k = keys[0]
    base = dict(doc) if doc.__class__ is dict else {}
    base[k] = _patch(base.get(k, UNDEF), keys[1:], value)
    return base


def _base(data, path):
    """The base document at ``path`` when it is an object, copied, else {}."""
    for k in path:
        if data.__class__ is not dict:
            return {}
        data = data.get(k, UNDEF)
    return dict(data) if data.__class__ is dict else {}


def _try(fn, *args):
    """``fn(*args)``, or undefined when it fails (OPA's default mode)."""
    try:
        return fn(*args)
    except _BuiltinErrors:
        return UNDEF


def _relation(make):
    """Values of a relation builtin (``walk``); none if it fails (default mode)."""
    try:
        return list(make())
    except _BuiltinErrors:
        return ()


def _conflict(kind: str, first=UNDEF, origin: str | None = None):
    if kind == "function":
        exc = ConflictError(
            "eval_conflict_error", "functions must not produce multiple outputs for same inputs"
        )
        # OPA runs the rest of the caller's body with the function's first
        # output before it finds the second: the call site does the same
        # (``_conflict_first``) and raises this error after
        exc.first, exc.origin = first, origin
        return exc
    exc = ConflictError("eval_conflict_error", "complete rules must not produce multiple outputs")
    # (strict mode, as a function's: a read of the rule runs the rest of the
    # body with its first value before this error)
    exc.first, exc.origin = first, origin
    return exc


_ConflictError = ConflictError


def _conflict_through(exc: ConflictError, first, origin: str) -> ConflictError:
    """The conflict of a function or rule read by function or complete rule
    ``origin``, pending after ``origin`` produced ``first`` (UNDEF: none):
    ``origin``'s caller runs with ``first`` before the error, as OPA does
    (the error is the callee's)."""
    if first is UNDEF:
        return exc
    return _pending(exc, first, origin)


def _pending(exc: RegoRuntimeError, first, origin: str) -> ConflictError:
    """The error of a later definition of function or complete rule
    ``origin`` (strict mode: a builtin error, or a conflict in its body), or
    of a callee of ``origin`` (``_conflict_through``), after ``origin`` gave
    ``first``: OPA runs the rest of the caller's body with ``first`` before
    it goes on, so the call or read site raises it as a pending conflict
    (``_conflict_first``)."""
    out = ConflictError(exc.code, exc.message)
    out.first, out.origin, out.pending = first, origin, True
    out.__cause__ = exc
    return out


def _conflict_first(exc: ConflictError, origin: str):
    """(first output, pending error) of the conflict of function or complete
    rule ``origin``; any other error goes on."""
    if getattr(exc, "origin", None) != origin or exc.first is UNDEF:
        raise exc
    return exc.first, exc


def _fcache(ctx) -> dict:
    """OPA's virtual cache of function values in ``ctx``'s evaluation: one
    per ``with`` scope (OPA pushes a new one for each ``with``, each of which
    makes a new context), kept until the evaluation is reset."""
    return ctx.ev.cached(("fcache", id(ctx)), lambda: (ctx, {}))[1]


def _fkey(key):
    return tuple([hkey(k) for k in key])


def _fcached(ctx, key, fn, input, *args):
    """``fn(input, ctx, *args)`` through OPA's cache of function values
    (``key``: the function's path and all its arguments). A call with its
    output bound (``_fbound``) leaves the value it matched there, which later
    calls with the same arguments get without evaluating the function (no
    conflict), as in OPA; the first output of a conflicting function is
    there while the caller runs on it (``_conflict_first``)."""
    cache = _fcache(ctx)
    k = _fkey(key)
    v = cache.get(k, UNDEF)
    if v is not UNDEF:
        return v
    try:
        v = fn(input, ctx, *args)
    except ConflictError as exc:
        if getattr(exc, "origin", None) == key[0] and exc.first is not UNDEF:
            cache[k] = exc.first
        raise
    if v is not UNDEF:
        cache[k] = v
    return v


def _fbound(ctx, key, fn, input, *args):
    """A call ``f(args..., out)`` with its output bound: a value cached for
    the arguments, else ``fn`` (the function's variant that keeps the
    outputs equal to ``out``, its last argument: OPA unifies the output with
    each definition's value, so the others neither conflict nor stop an
    ``else`` or the default). The caller compares the value with ``out``."""
    cache = _fcache(ctx)
    k = _fkey(key)
    v = cache.get(k, UNDEF)
    if v is not UNDEF:
        return v
    v = fn(input, ctx, *args)
    if v is not UNDEF:
        cache[k] = v
    return v


def _re2(pattern: str):
    """A compiled RE2 pattern, for a regex written as a literal."""
    from .builtins.regex import compile_re2

    return compile_re2(pattern)


def _template(parts) -> str:
    from .builtins.strings import template_string

    return template_string(parts)


# -- evaluation context ---------------------------------------------------------


class _Mock:
    """A function or builtin given as the value of ``with f as g``."""

    __slots__ = ("fn", "is_rule")

    def __init__(self, fn, is_rule):  # True (a Rego function), False, or "ev" (a builtin taking the evaluation)
        self.fn = fn
        self.is_rule = is_rule


class Ctx:
    """What an evaluation sees besides ``input``: the base ``data`` document,
    the ``with`` overrides of rules and the mocked builtins. Immutable: each
    ``with`` makes a new one (the engine's context of an event aside, see
    ``event_ctx``)."""

    __slots__ = ("data", "over", "fns", "ev", "inp", "sv")

    def __init__(self, data=None, over=None, fns=None, ev=None):
        self.data = {} if data is None else data
        self.over = over or {}
        self.fns = fns or {}
        # the evaluation (clock, caches, print hook), shared with derived contexts
        self.ev = Evaluation() if ev is None else ev
        # the event whose shared values ``sv`` are (see event_ctx); none here
        self.inp = _NOTSET
        self.sv = None

    def with_data(self, path, value, touches_rules=False):
        data = _patch(self.data, path, value)
        over = self.over
        if touches_rules:
            over = dict(over)
            # a new override hides those below it
            for p in [p for p in over if p[: len(path)] == path]:
                del over[p]
            over[path] = value
        return Ctx(data, over, self.fns, self.ev)

    def with_over(self, path, value):
        over = dict(self.over)
        over[path] = value
        return Ctx(self.data, over, self.fns, self.ev)

    def pushed(self):
        """The same context with a cache of function values of its own (``with input as``)."""
        return Ctx(self.data, self.over, self.fns, self.ev)

    def with_fn(self, name, value):
        fns = dict(self.fns)
        fns[name] = value
        return Ctx(self.data, self.over, fns, self.ev)

    def override(self, path):
        """The overridden value of the document at ``path``, or _NOTSET."""
        over = self.over
        v = over.get(path, _NOTSET)
        if v is not _NOTSET:
            return v
        for n in range(len(path) - 1, 0, -1):
            v = over.get(path[:n], _NOTSET)
            if v is not _NOTSET:
                for k in path[n:]:
                    v = _getk(v, k)
                return v
        return _NOTSET

    def fn(self, name, default, input, ev=None):
        """The builtin ``name`` as mocked here, else ``default`` (given the
        evaluation first when ``ev`` is, for the builtins that take it)."""
        m = self.fns.get(name, _NOTSET)
        if m is _NOTSET:
            return default if ev is None else (lambda *args: default(ev, *args))
        return _mock_callable(m, input, self)


def _mock_callable(m, input, ctx):
    if m.__class__ is _Mock:
        if m.is_rule is True:
            fn = m.fn
            # inside a mock, the builtins are the real ones
            inner = Ctx(ctx.data, ctx.over, None, ctx.ev) if ctx.fns else ctx
            return lambda *args: fn(input, inner, *args)
        if m.is_rule == "ev":  # a builtin that takes the evaluation first
            fn, ev = m.fn, ctx.ev
            return lambda *args: fn(ev, *args)
        return m.fn
    return lambda *args: m


def _apply_mock(m, input, ctx, args, path=None):
    """Call the mock of the function at ``path``; inside the mock, that
    function is the real one again."""
    if path is not None and m.__class__ is _Mock and m.is_rule is True:
        over = {p: v for p, v in ctx.over.items() if p != path}
        ctx = Ctx(ctx.data, over, ctx.fns, ctx.ev)
    return _mock_callable(m, input, ctx)(*args)


_Ctx = Ctx
EMPTY_CTX = Ctx()
_CTX0 = EMPTY_CTX  # the default context of generated rule functions


# -- signatures -------------------------------------------------------------------


def make_signatures(modules, packages):
    """(signatures, errors by package) of the generated package: a signature
    whose metadata or selected events fail to evaluate is left out and its
    error kept, so it does not take the others down with it."""
    sigs, broken = [], {}
    for package in packages:
        try:
            sigs.append(make_signature(modules[package], package))
        except RegoRuntimeError as exc:
            broken[package] = exc
    return sigs, broken


def make_signature(module, package: str):
    """A Tracee signature from the generated module of its package."""
    from .errors import EvalTypeError
    from .signature import Signature
    from .values import to_json, type_name

    def rule_value(name, default):
        fn = getattr(module, name, None)
        if fn is None:
            return default
        v = fn(UNDEF, EMPTY_CTX)
        return default if v is UNDEF else v

    meta = rule_value("__rego_metadoc__", {})
    selected = rule_value("tracee_selected_events", Set())
    selected = to_json(selected) if selected.__class__ is Set else []
    rule = module.tracee_match
    ctx = Ctx()  # each event is one evaluation (one query in Tracee)
    ev = ctx.ev

    def match(event):
        if ev.used:
            ev.reset()
        # one evaluation of one event: the values shared per event (see
        # event_ctx) are shared by the rules of this signature (this context
        # is match's own: the next match sets them again)
        ctx.inp = event
        ctx.sv = {}
        try:  # (deep_call inlined: one call fewer per match)
            v = rule(event, ctx)
        except RecursionError:  # a deeply nested event: again on a deep stack
            v = run_deep(rule, event, ctx)
        if v is True:
            return True
        if v.__class__ is dict:
            return v
        if v is False or v is UNDEF:
            return None
        raise EvalTypeError(
            "eval_type_error",
            f"tracee_match of {package} must be a boolean or an object, got {type_name(v)}",
        )

    sig_id = meta.get("id", package) if meta.__class__ is dict else package
    return Signature(
        id=sig_id, metadata=meta, selected_events=selected, match=match, package=package, rule=rule
    )


# -- values shared by the signatures that see one event ------------------------------


def event_ctx(event=_NOTSET) -> Ctx:
    """The engine's context for ``event``: the empty context's data and
    evaluation, and the values computed once per event and shared by the
    signatures (a helper called with constant arguments,
    ``get_tracee_argument("pathname")``, gives every signature that evaluates
    it the same value). Generated functions read ``sv`` when they run on
    ``inp`` itself in this context; under ``with`` (another input, or a
    derived context) nothing is shared. The engine sets ``inp`` and a new
    ``sv`` for each event (``start``)."""
    c = Ctx(_CTX0.data, None, None, _CTX0.ev)
    c.inp = event
    c.sv = {}
    return c


class Raised:
    """What a signature raised in a generated entry point (the generated
    package's ``_entries``: one function per event kind runs the signatures
    that select it, each in its own ``try``)."""

    __slots__ = ("error",)

    def __init__(self, error: BaseException):
        self.error = error


_Raised = Raised


def _memo(key, fn, input, ctx):
    """``fn(input, ctx)``, computed once per event and key (see event_ctx).
    An error is not kept: it is raised again in each signature that asks."""
    if ctx.inp is input:
        values = ctx.sv
        if key in values:
            return values[key]
        v = values[key] = fn(input, ctx)
        return v
    return fn(input, ctx)
