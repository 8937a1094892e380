"""Transpile-time errors, located in the Rego source.

Printed as ``file:line:col: message`` followed by the source line and a caret.
"""

from __future__ import annotations

from .ast import Pos


LINE_SHOWN = 160  # characters of the source line shown under an error


class RegoError(Exception):
    """An error in the user's Rego, at a source position."""

    kind = "error"

    def __init__(self, pos: Pos | None, message: str, source: str | None = None):
        super().__init__(message)
        self.pos = pos
        self.message = message
        self.source = source  # the whole text of pos.file, when known

    def render(self) -> str:
        """For a terminal: names from the source are shown with their control
        characters escaped (a name cannot break the line or drive the terminal)."""
        message = printable(self.message)
        if self.pos is None:
            return f"{self.kind}: {message}" if self.kind != "error" else message
        head = f"{printable(str(self.pos))}: {message}"
        line = _source_line(self.source, self.pos.line)
        if line is None:
            return head
        col = max(self.pos.col, 1)
        if len(line) > LINE_SHOWN:  # a window of a long line, around the column
            start = max(0, min(col - 1 - LINE_SHOWN // 2, len(line) - LINE_SHOWN))
            line = ("..." if start else "") + line[start : start + LINE_SHOWN] + (
                "..." if start + LINE_SHOWN < len(line) else ""
            )
            col = col - start + (3 if start else 0)
        caret = " " * (col - 1) + "^"
        return f"{head}\n    {printable(line)}\n    {caret}"

    def __str__(self) -> str:
        return f"{self.pos}: {self.message}" if self.pos else self.message


class ParseError(RegoError):
    """Malformed Rego."""


class CompileError(RegoError):
    """Well-formed Rego that OPA's compiler would reject (unsafe variable,
    recursion, type error known at compile time...). ``code`` follows OPA's
    error codes (``rego_unsafe_var_error``, ``rego_recursion_error``,
    ``rego_type_error``, ``rego_compile_error``)."""

    def __init__(self, pos, message, source=None, code="rego_compile_error"):
        super().__init__(pos, message, source)
        self.code = code


class TypeCheckError(CompileError):
    """A rego_type_error of OPA's type checker stage (CheckTypes), which OPA
    runs after its recursion check: found while generating code, it waits
    for the recursion check of the whole program (``Program.generate``)."""

    def __init__(self, pos, message, source=None):
        super().__init__(pos, message, source, "rego_type_error")


class UndefinedFunctionError(CompileError):
    """A call of no function, or with the wrong number of arguments: OPA's
    CheckUndefinedFuncs stage, which runs before its safety checks
    (``Program.check_calls``)."""

    def __init__(self, pos, message, source=None):
        super().__init__(pos, message, source, "rego_type_error")


class Unsupported(RegoError):
    """A construct rego2py does not translate. Message: ``unsupported: <what>``."""

    def __init__(self, pos, what, source=None):
        super().__init__(pos, f"unsupported: {what}", source)
        self.what = what


class InternalError(RegoError):
    """A fault of rego2py itself met while compiling a rule: its package is
    refused, located at the rule, and the fault named, rather than a
    traceback or a module that may answer wrongly. Not ``Unsupported``: the
    fuzzer counts it as a crash."""


class Refused(RegoError):
    """A package that reads the rules of a refused package is refused too:
    ``depends on data.lib.xs, refused: lib.rego:7:17: unsupported: ...``."""

    def __init__(self, pos, path: str, cause: RegoError, source=None):
        why = f"{cause.pos}: {cause.message}" if cause.pos is not None else cause.message
        super().__init__(pos, f"depends on {path}, refused: {why}", source)
        self.cause = cause


def printable(text: str) -> str:
    """``text`` with every character that is not printable escaped (``\\n``, ``\\x1b``...)."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def _source_line(source: str | None, line: int) -> str | None:
    if not source or line < 1:
        return None
    # (found without splitting the whole source: it may be megabytes)
    start = 0
    for _ in range(line - 1):
        start = source.find("\n", start) + 1
        if start == 0:
            return None
    end = source.find("\n", start)
    text = source[start:] if end < 0 else source[start:end]
    return text.rstrip("\r").replace("\t", " ")
