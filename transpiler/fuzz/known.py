"""Classes of mismatch already known, and recorded rather than failed on
(see README, "Fuzzing the compiler"). A mismatch of no known class is a
failure of the campaign.

- ``strict-error-order``: strict mode only, both sides raise an error but
  not the same one: which of two failing builtins OPA reaches first (the
  order in which it tries the definitions and ``else`` clauses of a
  function, seen once per ~700 programs). Default mode agrees there. An
  error where the other side is undefined is no longer excused: the rule
  index on ``ref in {..}``, nested calls before refs, function conflicts
  through functions are modelled (tests/test_eval_order.py).
"""

from __future__ import annotations

from .run import Diff


def known_class(diff: Diff, source: str, input_text: str) -> str | None:
    if diff.mode == "strict" and diff.opa.kind == diff.ours.kind == "error":
        return "strict-error-order"
    return None
