"""``print`` and ``trace``: output for the person debugging a policy.

``print(a, b, ...)``: OPA's compiler turns each argument into the set of its
values (``{x | x = a}``, see ``emit.print_operand``), so the builtin receives
sets: an empty set prints ``<undefined>``, a string prints raw, any other value
prints as a Rego term; several values give one line per combination. The line
goes to the evaluation's print hook (stderr by default). ``print`` is always
true. ``trace(note)`` is true and hands the note to the evaluation's trace hook
(``rego2py test -v`` shows it, as ``opa test -v`` shows its notes).
"""

from __future__ import annotations

from ..errors import type_error
from ..values import Set, sorted_values
from .strings import term_string

__all__ = ["CONTEXT_FUNCTIONS"]


def _text(v) -> str:
    return v if v.__class__ is str else term_string(v)


def _print(ev, *operands):
    lines = [[]]
    for xs in operands:
        if xs.__class__ is not Set:  # only from a mocked or hand-made call
            texts = [_text(xs)]
        elif not len(xs):
            texts = ["<undefined>"]
        else:
            texts = [_text(x) for x in sorted_values(xs)]
        lines = [line + [t] for line in lines for t in texts]
    for line in lines:
        ev.print(" ".join(line))
    return True


def _trace(ev, note):
    if note.__class__ is not str:
        raise type_error("trace", 1, "string", note)
    ev.trace(note)
    return True


CONTEXT_FUNCTIONS = {
    "print": (_print, -1),
    "trace": (_trace, 1),
}
