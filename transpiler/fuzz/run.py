"""One fuzz case: a generated program run through OPA and rego2py.

Strict mode is compared directly: OPA's bindings evaluate with strict
builtin errors, and rego2py's program is compiled with ``strict=True``
(through ``harness.Harness``, which batches the rules of one input into one
OPA query). Default mode is compared where it is sound to do so: when OPA's
strict answer for a rule on an input is a value or undefined, no builtin
call failed on the way, so OPA's default mode gives the same answer, and
rego2py compiled in default mode must too. Where OPA's strict answer is an
error, the default-mode answer is not known and is not compared (counted
in ``Outcome.default_skipped``).

Modules OPA rejects at compile time are compared by error code with
rego2py's compile error; a module rego2py refuses (``unsupported``) is no
mismatch, only counted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..errors import RegoError, Unsupported
from ..harness import Answer, Harness, HarnessError, answer_equal

FILENAME = "fz.rego"


@dataclass
class Diff:
    """One mismatch: ``mode`` is "strict", "default" or "compile"."""

    mode: str
    rule: str | None
    input: Any
    opa: Answer
    ours: Answer

    @property
    def key(self) -> str:
        """The class of the mismatch, as far as a program can tell it."""
        def k(a: Answer) -> str:
            return a.kind + (f" {a.code}" if a.code else "")
        return f"{self.mode}: opa {k(self.opa)} / rego2py {k(self.ours)}"

    def render(self) -> str:
        return (f"[{self.key}] rule {self.rule} input {self.input!r}\n"
                f"  opa:     {self.opa}\n  rego2py: {self.ours}")


@dataclass
class Outcome:
    status: str = "ok"  # ok | unsupported | opa-rejects (agreed) | mismatch
    diffs: list[Diff] = field(default_factory=list)
    compared: int = 0
    default_skipped: int = 0
    refusal: str | None = None


def _compile_answer(exc: BaseException | None) -> Answer:
    if exc is None:
        return Answer("value", "compiled")
    return Answer("error", code=getattr(exc, "code", None) or "rego_parse_error", message=str(exc))


def check(source: str, rules: list[str], inputs: list) -> Outcome:
    out = Outcome()
    sources = [(FILENAME, source)]
    try:
        h = Harness(sources, rules=rules)
    except HarnessError:
        return _opa_rejects(sources, out)
    except RegoError as exc:  # rego2py cannot even parse what it printed
        out.status = "mismatch"
        out.diffs.append(Diff("compile", None, None, Answer("value", "compiled"), _compile_answer(exc)))
        return out
    except Exception as exc:  # a crash of the compiler, or generated code Python rejects
        out.status = "mismatch"
        crash = Answer("crash", code=type(exc).__name__, message=str(exc))
        out.diffs.append(Diff("compile", None, None, Answer("value", "compiled"), crash))
        return out
    with h:
        try:
            h.opa_compile()
        except RegoError:
            h.close()
            return _opa_rejects(sources, out)
        if h.refused:
            exc = h.refused[0]
            if isinstance(exc, Unsupported):
                out.status, out.refusal = "unsupported", exc.what
            else:
                out.status = "mismatch"
                out.diffs.append(Diff("compile", None, None, Answer("value", "compiled"), _compile_answer(exc)))
            return out
        default = _default_modules(sources, out)
        if default is None:
            return out
        for inp in inputs:
            answers = h.opa_all(inp)
            for t in h.targets:
                opa = answers[t.key] if answers is not None else h.opa_one(t, inp)
                ours = h.ours(t, inp)
                if answers is not None and not answer_equal(opa, ours):
                    # the rules of one OPA query share its cache of function
                    # values (a call with its output bound fills it): the
                    # rule's own answer is that of a query of its own
                    opa = h.opa_one(t, inp)
                out.compared += 1
                if not answer_equal(opa, ours):
                    out.diffs.append(Diff("strict", t.rule, inp, opa, ours))
                if opa.kind == "error":
                    out.default_skipped += 1
                    continue
                ours = h.ours(t, inp, modules=default)
                out.compared += 1
                if not answer_equal(opa, ours):
                    out.diffs.append(Diff("default", t.rule, inp, opa, ours))
    if out.diffs:
        out.status = "mismatch"
    return out


def _default_modules(sources, out: Outcome):
    from ..compiler import compile_program

    try:
        return compile_program(sources, strict=False).python_modules
    except Unsupported as exc:
        out.status, out.refusal = "unsupported", exc.what
        return None
    except RegoError as exc:
        ours = _compile_answer(exc)
    except Exception as exc:
        ours = Answer("crash", code=type(exc).__name__, message=str(exc))
    out.status = "mismatch"
    out.diffs.append(Diff("compile", None, None, Answer("value", "compiled"), ours))
    return None


def _opa_rejects(sources, out: Outcome) -> Outcome:
    from .. import opa_backend
    from ..compiler import compile_program

    try:
        opa_backend.compile_program(sources).close()
        opa_exc = None
    except RegoError as exc:
        opa_exc = exc
    opa = _compile_answer(opa_exc)
    try:
        compile_program(sources, strict=True)
        ours = _compile_answer(None)
    except Unsupported as exc:
        out.status, out.refusal = "unsupported", exc.what
        return out
    except RegoError as exc:
        ours = _compile_answer(exc)
    if answer_equal(opa, ours):
        out.status = "opa-rejects"
    else:
        out.status = "mismatch"
        out.diffs.append(Diff("compile", None, None, opa, ours))
    return out
