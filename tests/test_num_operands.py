"""Builtins given numbers written otherwise than Python prints them (a
``Num``: ``1e3``, ``1.5893857711234e18``, JWT claims like ``1.5e+09``) answer
as OPA does (found by ``rego2py eval``'s comparison with OPA on the
conformance cases: io.jwt.decode_verify was undefined on float claims)."""

from __future__ import annotations

import pytest

from transpiler import opa_backend
from transpiler.compiler.program import compile_program

TOKEN = (
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
    "eyJpc3MiOiJ4eHgiLCJuYmYiOjEuNTg5Mzg1NzcwMTIzNGUrMDl9."
    "lvrsV1nam-BZr0SomWwsr4dBfu6BDrR2FzQ1iS_Xnrw"
)

CASES = {
    "jwt float nbf, int time": f'p := io.jwt.decode_verify("{TOKEN}", {{"secret": "secret", "time": 1589385770123400000}})',
    "jwt float nbf, Num time": f'p := io.jwt.decode_verify("{TOKEN}", {{"secret": "secret", "time": 1.5893857711234e18}})',
    "jwt before nbf": f'p := io.jwt.decode_verify("{TOKEN}", {{"secret": "secret", "time": 1.5e18}})',
    "rand.intn 1e3": 'p := rand.intn("k", 1e3)',
    "rand.intn 0": 'p := rand.intn("k", 0)',
}


def _answer(compile_program_, src):
    try:
        rows = compile_program_([("a.rego", src)], strict=True).query("x = data.t.p")
        return ("value", [r["x"] for r in rows])
    except Exception as exc:  # noqa: BLE001 - both sides' errors are compared by code
        return ("error", getattr(exc, "code", type(exc).__name__))


@pytest.mark.parametrize("name", sorted(CASES))
def test_as_opa(name):
    src = "package t\n\n" + CASES[name] + "\n"
    want = _answer(opa_backend.compile_program, src)
    got = _answer(compile_program, src)
    assert got == want
