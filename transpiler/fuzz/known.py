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
- ``strict-error-order``: strict mode only, one side raises a conflict
  (``eval_conflict_error``) and the other another error: whether OPA runs
  the rest of a body with a rule's first value before it finds the
  conflict. Default mode agrees there. Two different builtin errors are no
  longer excused: the order of a rule's definitions (OPA's rule index,
  compiler/ruleorder.py), of operands and of the index's conditions are
  modelled (tests/test_eval_order.py).
"""

from __future__ import annotations

from .run import Diff


def known_class(diff: Diff, source: str, input_text: str) -> str | None:
    if diff.mode == "compile" and diff.opa.kind == "error":
        ours = diff.ours.code if diff.ours.kind == "error" else diff.ours.kind
        if (diff.opa.code, ours) in (("rego_type_error", "value"), ("rego_recursion_error", "rego_type_error")):
            return "opa-compile-checks"
    if diff.mode == "strict" and diff.opa.kind == diff.ours.kind == "error" \
            and "eval_conflict_error" in (diff.opa.code, diff.ours.code):
        return "strict-error-order"
    return None
