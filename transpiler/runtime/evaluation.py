"""What one evaluation fixes: OPA's per-query builtin context.

OPA gives every query one ``BuiltinContext``: ``time.now_ns`` reads one
clock value taken for the whole query, ``uuid.rfc4122`` and ``rand.intn``
answer the same key with the same value within the query, and ``print`` /
``trace`` write to the query's hooks. rego2py's evaluation is one call of a
rule function with a ``Ctx``: the ``Ctx`` carries an ``Evaluation`` (shared by
the contexts ``with`` derives from it), and the builtins that need it receive
it as their first argument (they are registered as ``CONTEXT_FUNCTIONS``).

A fresh ``Ctx()`` is a fresh evaluation. A signature (``make_signature``)
keeps one context and calls ``reset()`` before each event, so each event is
one evaluation, as each event is one query in Tracee.
"""

from __future__ import annotations

import sys
import time

__all__ = ["Evaluation"]


def _stderr(message: str) -> None:
    # OPA's print hook of `opa eval`/`opa run`: the message and a newline, on stderr
    sys.stderr.write(message + "\n")


class Evaluation:
    __slots__ = ("_now", "_cache", "used", "printer", "tracer")

    def __init__(self, printer=None, tracer=None):
        self._now = None
        self._cache = None
        self.used = False  # whether the clock or a cache was read (reset() has work)
        # print(msg) sink; None: stderr. trace(note) sink; None: notes are dropped
        # (OPA keeps them only when tracing is on).
        self.printer = printer
        self.tracer = tracer

    def reset(self) -> None:
        self._now = None
        self._cache = None
        self.used = False

    def now_ns(self) -> int:
        """The evaluation's clock, in ns since the epoch (read once)."""
        if self._now is None:
            self._now = time.time_ns()
            self.used = True
        return self._now

    def cached(self, key, make):
        """The value of ``make()`` cached under ``key`` for this evaluation."""
        cache = self._cache
        if cache is None:
            cache = self._cache = {}
            self.used = True
        v = cache.get(key, cache)
        if v is cache:
            v = cache[key] = make()
        return v

    def print(self, message: str) -> None:
        (self.printer or _stderr)(message)

    def trace(self, note: str) -> None:
        if self.tracer is not None:
            self.tracer(note)
