"""Calling one builtin through real OPA and through rego2py's runtime, for the
runtime tests: arguments travel in ``input`` (so OPA checks their types at
evaluation, as it does for event data); sets and objects with any keys are
built in OPA by comprehensions."""

from __future__ import annotations

import json
import math
import re

import opa_bindings

from transpiler.runtime.errors import BuiltinError, EvalTypeError
from transpiler.runtime.values import UNDEF, Set, obj_key, to_json, unkey


class S:
    """A set argument (built in OPA by a comprehension over an input array)."""

    def __init__(self, *xs):
        self.xs = list(xs)

    def __repr__(self):
        return f"S{tuple(self.xs)!r}"


class O:
    """An object argument with any keys (built in OPA by a comprehension over pairs)."""

    def __init__(self, *pairs):
        self.pairs = [list(p) for p in pairs]

    def __repr__(self):
        return f"O{tuple(map(tuple, self.pairs))!r}"


_ERR = re.compile(r": (eval_[a-z_]+): ")


def opa_call(engine, fn, args):
    inp, exprs = {}, []
    for i, a in enumerate(args):
        if isinstance(a, S):
            inp[f"a{i}"] = a.xs
            exprs.append(f"{{v | some v in input.a{i}}}")
        elif isinstance(a, O):
            inp[f"a{i}"] = a.pairs
            exprs.append(f"{{p[0]: p[1] | some p in input.a{i}}}")
        else:
            inp[f"a{i}"] = a
            exprs.append(f"input.a{i}")
    return opa_query(engine, f"x = {fn}({', '.join(exprs)})", inp)


def opa_query(engine, query, inp=None):
    try:
        r = engine.eval_query(query, input=inp)
    except opa_bindings.OpaError as exc:
        m = _ERR.search(exc.message)
        assert m, exc.message
        return ("err", m.group(1), exc.message[m.end() :])
    return ("ok", r[0]["x"]) if r else ("undef",)


def value(a):
    if isinstance(a, S):
        return Set(a.xs)
    if isinstance(a, O):
        return {obj_key(k): v for k, v in a.pairs}
    return a


def our_call(functions, fn, args):
    try:
        r = functions[fn][0](*[value(a) for a in args])
    except (BuiltinError, EvalTypeError) as exc:
        return ("err", exc.code, exc.message)
    return ("undef",) if r is UNDEF else ("ok", to_json(r))


def rego(v) -> str:
    """A runtime value as Rego source (for queries that rebuild it in OPA)."""
    if v is None:
        return "null"
    if v is True or v is False:
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        assert math.isfinite(v)
        return repr(v)
    if isinstance(v, str):
        return json.dumps(v)
    if isinstance(v, list):
        return "[" + ", ".join(rego(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{rego(unkey(k))}: {rego(x)}" for k, x in v.items()) + "}"
    if isinstance(v, Set):
        return "{" + ", ".join(rego(x) for x in v) + "}" if len(v) else "set()"
    raise TypeError(v)
