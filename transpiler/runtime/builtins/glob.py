"""glob.match and glob.quote_meta, as OPA computes them with gobwas/glob
(ported in gobwas.py, quirks included): ``*`` is a run of non-delimiters,
``**`` any run, ``?`` one non-delimiter, ``[abc]``/``[!a-z]`` one character,
``{a,b}`` alternatives, ``\\x`` the character x. The delimiters are ``.``
when the list is empty, none when it is null (as OPA gives them).
"""

from __future__ import annotations

import functools

from ..errors import BuiltinError, EvalTypeError, RegoRuntimeError, type_error
from ..values import type_name
from .gobwas import GlobError, GlobPanic, compile_glob

__all__ = ["FUNCTIONS"]


@functools.lru_cache(maxsize=1024)
def _compiled(pattern: str, delimiters: tuple):
    return compile_glob(pattern, tuple(ord(d) for d in delimiters))


# -- the builtins --------------------------------------------------------------------


def _glob_match(pattern, delimiters, match):
    fn = "glob.match"
    if pattern.__class__ is not str:
        raise type_error(fn, 1, "string", pattern)
    if delimiters is None:
        delims: tuple = ()
    elif delimiters.__class__ is list:
        out = []
        for d in delimiters:
            if d.__class__ is not str:
                raise EvalTypeError(
                    f"{fn}: operand 2 must be array of strings but got array containing {type_name(d)}"
                )
            if len(d) != 1:
                raise EvalTypeError(f"{fn}: operand 2 must be array of runes but got array containing string")
            out.append(d)
        delims = tuple(out) or (".",)
    else:
        raise type_error(fn, 2, "one of {array, null}", delimiters)
    if match.__class__ is not str:
        raise type_error(fn, 3, "string", match)
    try:
        m = _compiled(pattern, delims)
    except GlobError as exc:
        raise BuiltinError(f"{fn}: {exc}") from None
    try:
        return m.match(match.encode())
    except GlobPanic as exc:  # where Go panics: the query fails, in any mode
        raise RegoRuntimeError("eval_internal_error", f"{fn}: {exc}") from None


_SPECIAL = frozenset("*?\\[]{}")


def _quote_meta(pattern):
    if pattern.__class__ is not str:
        raise type_error("glob.quote_meta", 1, "string", pattern)
    return "".join("\\" + c if c in _SPECIAL else c for c in pattern)


FUNCTIONS = {
    "glob.match": (_glob_match, 3),
    "glob.quote_meta": (_quote_meta, 1),
}
