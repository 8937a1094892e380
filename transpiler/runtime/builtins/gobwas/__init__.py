"""gobwas/glob (v0.2.3), the glob library OPA's glob.match uses: its parser,
its compiler (with the optimisations that decide which matcher runs) and its
matchers, ported as they are, quirks included: they are OPA's answers (``?``
matches the empty string, a ``[!x]`` list glued with ``*`` checks for the
delimiters as one substring, a row of fixed-length parts counts runes as
bytes...). Matchers work on UTF-8 bytes with Go's rune decoding, as Go does.

``compile_glob(pattern, separators)`` returns a matcher with ``match(bytes)``;
``GlobError`` carries gobwas's error text. A case where Go would panic (a
slice out of range) raises ``GlobPanic``.
"""

from __future__ import annotations

from .compiler import compile_glob
from .runes import GlobError, GlobPanic

__all__ = ["GlobError", "GlobPanic", "compile_glob"]
