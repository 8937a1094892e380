"""Running the recursive stages (parser, compiler, formatters) on deep input.

Rego nests freely (``[[[...]]]``, long ``a + b + ...`` chains, ``every``
inside ``every``); the stages walk it recursively. ``run_deep`` runs a
function in a thread with a large stack and a raised recursion limit, so deep
programs compile; what is deeper still raises RecursionError, which the
caller turns into a located error for its file.
"""

from __future__ import annotations

import sys
import threading

STACK_BYTES = 512 * 1024 * 1024  # virtual: only the pages used are committed
RECURSION_LIMIT = 60_000


def run_deep(fn, *args, **kwargs):
    """``fn(*args, **kwargs)`` with a large stack; its exception is re-raised."""
    if getattr(_state, "inside", False):
        return fn(*args, **kwargs)
    result: list = []
    error: list = []

    def target():
        _state.inside = True
        try:
            result.append(fn(*args, **kwargs))
        except BaseException as exc:  # re-raised in the caller's thread
            error.append(exc)

    with _LOCK:
        old_stack = threading.stack_size()
        old_limit = sys.getrecursionlimit()
        sys.setrecursionlimit(max(old_limit, RECURSION_LIMIT))
        threading.stack_size(STACK_BYTES)
        try:
            worker = threading.Thread(target=target, name="rego2py-deep", daemon=True)
            worker.start()
        finally:
            threading.stack_size(old_stack)
    try:
        worker.join()
    finally:
        with _LOCK:
            sys.setrecursionlimit(old_limit)
    if error:
        raise error[0]
    return result[0]


_LOCK = threading.Lock()
_state = threading.local()
