"""Classes of mismatch already known, and recorded rather than failed on
(see README, "Fuzzing the compiler"). A mismatch of no known class is a
failure of the campaign.

- ``opa-compile-checks``: OPA rejects the module at compile time (type
  checker, unused or unsafe variables, recursion) and rego2py compiles it
  or gives another code. Being worked on (issue of OPA's compile checks).
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

COMPILE_CHECKS = {"rego_type_error", "rego_compile_error", "rego_unsafe_var_error", "rego_recursion_error"}


def known_class(diff: Diff, source: str, input_text: str) -> str | None:
    if diff.mode == "compile" and diff.opa.kind == "error" and diff.opa.code in COMPILE_CHECKS \
            and diff.ours.kind != "crash":
        return "opa-compile-checks"
    if diff.mode == "strict" and diff.opa.kind == diff.ours.kind == "error":
        return "strict-error-order"
    return None
