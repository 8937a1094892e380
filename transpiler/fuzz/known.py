"""Classes of mismatch already known, and recorded rather than failed on
(see README, "Fuzzing the compiler"). A mismatch of no known class is a
failure of the campaign.

None is excused now. The last one, ``strict-error-order`` (strict mode, a
conflict on one side and another error on the other), is modelled: OPA runs
the rest of the query with a complete rule's or function's first value
before it looks for a second one or evaluates a later definition, so an
error there wins (``_conflict_first``, tests/test_eval_order.py
CONFLICT_FIRST). Two different builtin errors are not excused either: the
order of a rule's definitions (OPA's rule index, compiler/ruleorder.py), of
operands and of the index's conditions are modelled, and OPA's compile-time
checks (compiler/opatypes.py, checks in OPA's stage order).
"""

from __future__ import annotations

from .run import Diff


def known_class(diff: Diff, source: str, input_text: str) -> str | None:
    return None
