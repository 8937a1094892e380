"""rand.intn(str, n): a random integer in [0, |n|), the same for the same
(str, |n|) within one evaluation, as OPA caches it per query."""

from __future__ import annotations

import random

from ..errors import EvalTypeError, type_error
from ..values import Num, is_number

__all__ = ["CONTEXT_FUNCTIONS"]

_RNG = random.SystemRandom()


def _intn(ev, key, n):
    if key.__class__ is not str:
        raise type_error("rand.intn", 1, "string", key)
    if not is_number(n):
        raise type_error("rand.intn", 2, "number", n)
    if n.__class__ is Num:  # written otherwise than Python prints it: 1e3, 2.50
        try:
            n = int(n.text)  # OPA reads the text as an integer, or it is a float
        except ValueError:
            raise EvalTypeError("rand.intn: operand 2 must be integer number but got floating-point number") from None
    if isinstance(n, float):
        if not n.is_integer():
            raise EvalTypeError("rand.intn: operand 2 must be integer number but got floating-point number")
        n = int(n)
    if n == 0:
        return 0
    n = abs(n)
    return ev.cached(("rand.intn", key, n), lambda: _RNG.randrange(n))


CONTEXT_FUNCTIONS = {"rand.intn": (_intn, 2)}
