"""Classes of mismatch already known, and recorded rather than failed on
(see README, "Fuzzing the compiler"). A mismatch of no known class is a
failure of the campaign.

- ``strict-error-order``: strict mode only, one side raises a conflict
  (``eval_conflict_error``) and the other another error: whether OPA runs
  the rest of a body with a rule's first value before it finds the
  conflict. Default mode agrees there. Two different builtin errors are no
  longer excused: the order of a rule's definitions (OPA's rule index,
  compiler/ruleorder.py), of operands and of the index's conditions are
  modelled (tests/test_eval_order.py). OPA's compile-time checks are no
  longer excused either (compiler/opatypes.py, checks in OPA's stage order).
"""

from __future__ import annotations

from .run import Diff


def known_class(diff: Diff, source: str, input_text: str) -> str | None:
    if diff.mode == "strict" and diff.opa.kind == diff.ours.kind == "error" \
            and "eval_conflict_error" in (diff.opa.code, diff.ours.code):
        return "strict-error-order"
    return None
