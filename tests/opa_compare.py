"""One Rego module asked of real OPA and of rego2py: the value, undefined, or
the error code with the line of OPA's first error (OPA's text gives the line;
the column is not in it)."""

from __future__ import annotations

from transpiler import opa_backend
from transpiler.compiler import compile_program
from transpiler.errors import RegoError
from transpiler.runtime.errors import RegoRuntimeError
from transpiler.runtime.values import eq, to_json


def module(body: str, package: str = "t") -> str:
    return f"package {package}\n\n" + body + "\n"


def answer(compile_fn, modules, query: str, input_=None, strict: bool = True, data=None):
    try:
        prog = compile_fn(modules, strict=strict)
        kw = {} if input_ is None else {"input": input_}
        if data is not None:
            kw["data"] = data
        rows = prog.query(query, **kw)
    except (RegoError, RegoRuntimeError) as exc:
        code = getattr(exc, "code", None) or type(exc).__name__
        pos = getattr(exc, "pos", None)
        line = (pos.file, pos.line) if pos is not None and code.startswith("rego_") else None
        return ("error", code, line)
    return ("rows", [{k: to_json(v) for k, v in r.items()} for r in rows])


def same(ours, theirs) -> bool:
    if ours[0] == "rows" and theirs[0] == "rows":
        if len(ours[1]) != len(theirs[1]):
            return False
        for a, b in zip(ours[1], theirs[1]):
            if a.keys() != b.keys():
                return False
            if not all(eq(a[k], b[k]) or a[k] == b[k] for k in a):
                return False
        return True
    return ours == theirs


def both(body: str, query: str = "x = data.t.p", input_=None, modules=None, data=None):
    """(OPA's answer, rego2py's answer) for ``body`` in package t."""
    mods = modules if modules is not None else [("t.rego", module(body))]
    theirs = answer(opa_backend.compile_program, mods, query, input_, data=data)
    ours = answer(compile_program, mods, query, input_, data=data)
    return theirs, ours
