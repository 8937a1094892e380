"""Classes of mismatch already known, and recorded rather than failed on
(see README, "Fuzzing the compiler"). A mismatch of no known class is a
failure of the campaign.

- ``opa-compile-checks``: what is left of OPA's compile checks
  (``compiler/opatypes.py`` follows OPA's type checker where it is sure):
  OPA's type checker rejects the module and rego2py compiles it (an
  argument of a function left untyped where a comprehension's head uses
  it, typed later in the same literal, is not followed); or OPA reports the
  recursion it checks first where rego2py reports a type error found while
  generating code before its recursion check.
- ``big-numbers``: the program or its input holds a number of 2**53 or more
  (arbitrary precision and number printing, being worked on).
- ``strict-error-order``: strict mode only, one side raises an error where
  the other is undefined or raises another error: which of two outcomes
  comes first (OPA's rule index on ``x in {..}``, its order of evaluation
  in ``every`` and function conflicts). Default mode agrees there.
"""

from __future__ import annotations

import re

from .run import Diff

_NUMBER = re.compile(r"(?<![\w.])-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?")


def _big(text: str) -> bool:
    return any(abs(float(m)) >= 2**53 for m in _NUMBER.findall(text))


def known_class(diff: Diff, source: str, input_text: str) -> str | None:
    if diff.mode == "compile" and diff.opa.kind == "error":
        ours = diff.ours.code if diff.ours.kind == "error" else diff.ours.kind
        if (diff.opa.code, ours) in (("rego_type_error", "value"), ("rego_recursion_error", "rego_type_error")):
            return "opa-compile-checks"
    if _big(source) or _big(input_text):
        return "big-numbers"
    kinds = {diff.opa.kind, diff.ours.kind}
    if diff.mode == "strict" and "error" in kinds and kinds <= {"error", "undefined"}:
        return "strict-error-order"
    return None
