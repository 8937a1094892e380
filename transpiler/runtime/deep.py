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

__all__ = ["deep_call", "run_deep", "MAX_DEPTH_FRAMES"]

# Frames and stack of the deep thread: enough for values nested well beyond
# 10,000 levels (a level takes a few frames); the stack is reserved, not used.
MAX_DEPTH_FRAMES = 400_000
_STACK_BYTES = 1 << 30

_local = threading.local()
_lock = threading.Lock()


def deep_call(fn, *args, **kwargs):
    """``fn(*args)``, run again with a deep stack when it exceeds Python's."""
    try:
        return fn(*args, **kwargs)
    except RecursionError:
        if getattr(_local, "deep", False):
            raise  # already on the deep stack: a real overflow
    return _on_deep_stack(fn, args, kwargs)


def run_deep(fn, *args, **kwargs):
    """``fn(*args)`` on the deep stack from the start (the transpiler's
    recursive stages on a whole file: running them twice would cost twice);
    its exception is re-raised here. RecursionError only when even that
    stack is exhausted."""
    if getattr(_local, "deep", False):
        return fn(*args, **kwargs)
    return _on_deep_stack(fn, args, kwargs)


def _on_deep_stack(fn, args, kwargs=None):
    out: list = []
    kwargs = kwargs or {}

    def run():
        _local.deep = True
        try:
            out.append((True, fn(*args, **kwargs)))
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
