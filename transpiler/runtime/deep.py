"""Values nested deeper than Python's stack.

The walks over values (equality, order, keys, JSON, generated rules) are
recursive: fast for the shallow values events carry, but Python's default
limit of 1,000 frames stops them at a few hundred levels of nesting, where
OPA goes on (an event can nest 2,000 levels). ``deep_call(fn, *args)`` runs
``fn`` as it is and, only when it runs out of stack, runs it again from the
start in a thread with a large stack and a high recursion limit. The walks
are pure functions of their arguments, so the second run gives the answer
the first would have given with a deep enough stack.

Standard library only: generated code imports this module.
"""

from __future__ import annotations

import sys
import threading

__all__ = ["deep_call", "MAX_DEPTH_FRAMES"]

# Frames and stack of the deep thread: enough for values nested well beyond
# 10,000 levels (a level takes a few frames); the stack is reserved, not used.
MAX_DEPTH_FRAMES = 400_000
_STACK_BYTES = 1 << 30

_local = threading.local()
_lock = threading.Lock()


def deep_call(fn, *args):
    """``fn(*args)``, run again with a deep stack when it exceeds Python's."""
    try:
        return fn(*args)
    except RecursionError:
        if getattr(_local, "deep", False):
            raise  # already on the deep stack: a real overflow
    return _on_deep_stack(fn, args)


def _on_deep_stack(fn, args):
    out: list = []

    def run():
        _local.deep = True
        try:
            out.append((True, fn(*args)))
        except BaseException as exc:  # handed back to the caller's thread
            out.append((False, exc))

    with _lock:
        old_limit = sys.getrecursionlimit()
        old_stack = threading.stack_size()
        threading.stack_size(_STACK_BYTES)
        try:
            sys.setrecursionlimit(max(old_limit, MAX_DEPTH_FRAMES))
            t = threading.Thread(target=run, name="rego2py-deep", daemon=True)
            t.start()
            t.join()
        finally:
            threading.stack_size(old_stack)
            sys.setrecursionlimit(old_limit)
    ok, value = out[0]
    if ok:
        return value
    raise value
