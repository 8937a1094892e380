"""Values nested 2,000 and 10,000 levels deep: every walk over values
(returning a value, equality, order, set and object keys, json.marshal and
json.unmarshal, walk, object.union, sort) gives OPA's answer instead of
hitting Python's recursion limit. OPA answers at 2,000 levels; at 10,000
rego2py must give the same answer it gives at 2,000, scaled."""

from __future__ import annotations

import pytest

from transpiler import opa_backend
from transpiler.compiler import compile_program
from transpiler.engine import Engine
from transpiler.runtime.deep import deep_call
from transpiler.runtime.values import eq, to_json

pytest.importorskip("opa_bindings")


def arrays(n, leaf=1):
    v = leaf
    for _ in range(n):
        v = [v]
    return v


def objects(n, leaf=1):
    v = leaf
    for _ in range(n):
        v = {"a": v}
    return v


# (name, rule body, expected answer as a function of the depth n)
CASES = [
    ("marshal arrays", "p := count(json.marshal(input.x))", lambda n: 2 * n + 1),
    ("marshal objects", "p := count(json.marshal(input.o))", lambda n: 6 * n + 1),
    ("return the value", "p := input.x", lambda n: arrays(n)),
    ("return an object", "p := input.o", lambda n: objects(n)),
    ("equality", "p := input.x == input.y", lambda n: True),
    ("equality of objects", "p := input.o == input.o2", lambda n: True),
    ("order", "p := input.x < input.z", lambda n: True),
    ("set of deep values", "p := count({input.x, input.y, input.z})", lambda n: 2),
    ("deep object key", "p := {input.x: 1}[input.y]", lambda n: 1),
    ("unmarshal", "p := json.unmarshal(json.marshal(input.o)) == input.o", lambda n: True),
    ("walk", "p := count([x | walk(input.o, x)])", lambda n: n + 1),
    ("object.union", "p := object.union(input.o, input.o2) == input.o", lambda n: True),
    ("sort", "p := sort([input.z, input.x])[0] == input.x", lambda n: True),
    ("is_valid", "p := json.is_valid(json.marshal(input.x))", lambda n: True),
]


def inputs(n):
    return {"x": arrays(n), "y": arrays(n), "z": arrays(n, 2), "o": objects(n), "o2": objects(n)}


def answer(backend, body, inp):
    prog = backend.compile_program([("t.rego", "package t\n\n" + body + "\n")], strict=True)
    # the OPA backend's own conversions are recursive Python: give them the deep stack too
    rows = deep_call(lambda: prog.query("x = data.t.p", input=inp))
    return [to_json(r["x"]) for r in rows]


class _Ours:
    compile_program = staticmethod(compile_program)


@pytest.mark.parametrize("name, body, want", CASES, ids=[c[0] for c in CASES])
def test_2000_levels_as_opa(name, body, want):
    inp = inputs(2000)
    ours = answer(_Ours, body, inp)
    theirs = answer(opa_backend, body, inp)
    assert deep_call(eq, ours, theirs)
    assert deep_call(eq, ours, [want(2000)])


@pytest.mark.parametrize("name, body, want", CASES, ids=[c[0] for c in CASES])
def test_10000_levels(name, body, want):
    ours = answer(_Ours, body, inputs(10000))
    assert deep_call(eq, ours, [want(10000)])


@pytest.mark.parametrize("depth", [10000, 10001])
def test_unmarshal_depth_limit_as_opa(depth):
    # Go's decoder refuses more than 10,000 levels ("exceeded max depth")
    body = "p := count(json.unmarshal(input.s))"
    inp = {"s": "[" * depth + "]" * depth}
    got = []
    for backend in (_Ours, opa_backend):
        try:
            got.append(("ok", answer(backend, body, inp)))
        except Exception as exc:  # the error each raises, compared by code and message
            got.append(("err", getattr(exc, "code", None), str(exc).split(": ", 1)[-1]))
    assert got[0] == got[1]
    assert got[0] == (("ok", [1]) if depth == 10000 else ("err", "eval_builtin_error", got[0][2]))


def test_engine_matches_a_deep_event():
    # the engine calls the rule itself (no guard): a RecursionError there is
    # retried through the signature's match, which runs on a deep stack
    from transpiler.runtime.signature import Signature
    from transpiler.runtime.values import _to_json

    def rule(event, ctx=None):
        return {"n": len(repr(_to_json(event["args"])))}

    sig = Signature("DEEP", {}, [{"name": "deep"}], lambda e: deep_call(rule, e), "tracee.DEEP", rule=rule)
    errors = []
    engine = Engine([sig], on_error=lambda s, e, x: errors.append(x))
    found = engine.process({"eventName": "deep", "args": arrays(3000)})
    assert errors == []
    assert [f.data for f in found] == [{"n": 6001}]


def test_engine_reads_a_deep_event_line():
    # orjson stops at 1,024 levels; Go's decoder (Tracee, OPA) at 10,000
    from transpiler.engine import EventError, decode_line
    from transpiler.runtime.signature import Signature

    deep = b'{"eventName": "deep", "args": ' + b"[" * 3000 + b"12345678901234567890123" + b"]" * 3000 + b"}"
    ev = decode_line(deep)
    assert deep_call(eq, ev["args"], arrays(3000, 12345678901234567890123))
    with pytest.raises(EventError):
        decode_line(b'{"eventName": "deep", "args": ' + b"[" * 10001 + b"]" * 10001 + b"}")

    def rule(event, ctx=None):
        return {"n": len(repr(event["args"]))}

    class Sink:
        def __init__(self):
            self.found, self.bad = [], []

        def finding(self, sig, data, *rest):
            self.found.append(data)

        def bad_line(self, *a):
            self.bad.append(a)

        def error(self, *a):
            self.bad.append(a)

    sig = Signature("DEEP", {}, [{"name": "deep"}], lambda e: deep_call(rule, e), "tracee.DEEP", rule=rule)
    sink = Sink()
    Engine([sig]).scan([deep], "deep.jsonl", 0, sink)
    assert sink.bad == []
    assert sink.found == [{"n": 6000 + 23}]


def test_run_writes_a_deep_finding():
    # orjson writes at most 255 levels: the finding goes out through the json module
    from transpiler.run.render import _dumps

    assert _dumps({"d": arrays(3000)}) == b'{"d":' + b"[" * 3000 + b"1" + b"]" * 3000 + b"}"
