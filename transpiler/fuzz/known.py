"""Classes of mismatch already known, and recorded rather than failed on
(see README, "Fuzzing the compiler"). A mismatch of no known class is a
failure of the campaign.

- ``opa-compile-checks``: OPA rejects the module at compile time (type
  checker, unused or unsafe variables, recursion) and rego2py compiles it
  or gives another code. Being worked on (issue of OPA's compile checks).
- ``strict-error-order``: strict mode only, one side raises an error where
  the other is undefined or raises another error: which of two outcomes
  comes first (OPA's rule index on ``x in {..}``, its order of evaluation
  in ``every`` and function conflicts). Default mode agrees there.
"""

from __future__ import annotations

from .run import Diff

COMPILE_CHECKS = {"rego_type_error", "rego_compile_error", "rego_unsafe_var_error", "rego_recursion_error"}


def known_class(diff: Diff, source: str, input_text: str) -> str | None:
    if diff.mode == "compile" and diff.opa.kind == "error" and diff.opa.code in COMPILE_CHECKS \
            and diff.ours.kind != "crash":
        return "opa-compile-checks"
    kinds = {diff.opa.kind, diff.ours.kind}
    if diff.mode == "strict" and "error" in kinds and kinds <= {"error", "undefined"}:
        return "strict-error-order"
    return None
