"""rego2py's compiler interface, implemented with real OPA (the reference).

The conformance runner and the differential tests run the same calls through
rego2py's compiler and through this module, and compare the answers::

    prog = compile_program([("test-0.rego", src)], strict=True)
    rows = prog.query("data.test.p = x", input={"a": 1}, data={...})

It drives OPA v1.20.2 through ``opa_bindings`` (the embedded Go library).

What differs from rego2py's own ``compile_program``, and why:

- Values come back as OPA's JSON: a Rego set arrives as an array (in OPA's
  sorted order), and an object key that is not a string arrives stringified
  (``{1: "a"}`` gives ``{"1": "a"}``; two keys that stringify alike collapse).
  Compare rego2py's values with these through ``runtime.to_json``, which
  makes the same conversions. Numbers are what ``json`` decodes (int or float;
  ``1e400`` decodes as ``inf``).
- The bindings always evaluate with strict builtin errors, whatever
  ``strict`` says: where OPA's default mode makes a failing builtin call
  undefined, this backend raises ``eval_builtin_error``/``eval_type_error``.
  ``strict`` is kept on the program (``prog.strict``) for the record only.
- OPA's compliance runner provides a test-only builtin, ``test.sleep(d)``
  (``d`` a Go duration such as ``"10ms"``); so does this backend. OPA's
  returns null; here it returns true (a None result reads as undefined
  through the bindings), which is the same when it stands as a statement.
- The bindings have no way to pass input as a Rego term, nor a JSON ``null``
  input, nor a value with sets: in those cases each expression of the query
  gets ``with input as <term>`` appended (see ``add_input_modifier`` and
  ``to_rego_term``; any iterable that is not a list, tuple, dict or str is
  taken as a set).

Errors are raised as rego2py raises them: ``ParseError`` for
``rego_parse_error``, ``CompileError`` (with OPA's ``.code``) for the other
``rego_*`` errors, ``RegoRuntimeError`` (``.code``, ``.message``) for
``eval_*`` errors. Each carries ``.location`` (OPA's ``file:line`` text, or
None) and ``.opa_text`` (the whole text OPA gave).
"""

from __future__ import annotations

import json
import math
import re
import time
from typing import Any

from .ast import Pos
from .errors import CompileError, ParseError, RegoError

try:
    from .runtime.errors import RegoRuntimeError
except ImportError:  # the runtime is not written yet: a stand-in of the same shape

    class RegoRuntimeError(Exception):  # type: ignore[no-redef]
        def __init__(self, code: str, message: str):
            super().__init__(f"{code}: {message}")
            self.code = code
            self.message = message


__all__ = [
    "ABSENT",
    "OpaProgram",
    "compile_program",
    "add_input_modifier",
    "to_rego_term",
    "parse_opa_error",
    "RegoRuntimeError",
]


class _Absent:
    """The marker of an argument not given (``input`` absent, not null)."""

    def __repr__(self) -> str:
        return "ABSENT"


ABSENT: Any = _Absent()


def compile_program(modules: list[tuple[str, str]], *, strict: bool = False) -> "OpaProgram":
    """Load ``modules`` (filename, Rego source) into OPA and compile them.

    Raises ParseError / CompileError as OPA reports them.
    """
    return OpaProgram(modules, strict=strict)


class OpaProgram:
    """A set of Rego modules loaded into OPA, queried with :meth:`query`."""

    def __init__(self, modules: list[tuple[str, str]], *, strict: bool = False):
        self.modules = list(modules)
        self.strict = strict
        self._engines: dict[str, Any] = {}
        # Compile now (with no data) so that module errors surface here, as
        # they do in rego2py's compile_program.
        engine = self._engine(None)
        _call(engine.eval_query, "true")

    def query(
        self,
        query: str,
        *,
        input: Any = ABSENT,
        input_term: str | None = None,
        data: dict | None = None,
    ) -> list[dict[str, Any]]:
        """Evaluate ``query``; one binding dict per solution, [] when undefined.

        ``input`` is a JSON-compatible value (ABSENT: no input);
        ``input_term`` is the input as Rego source text (it wins over
        ``input``); ``data`` is the base document.
        """
        engine = self._engine(data)
        if input_term is not None:
            return _call(engine.eval_query, add_input_modifier(query, input_term))
        if input is ABSENT:
            return _call(engine.eval_query, query)
        if input is None or not _is_json(input):
            # The bindings read None as "no input", and take JSON only: give
            # null, sets and non-string keys as a Rego term instead.
            return _call(engine.eval_query, add_input_modifier(query, to_rego_term(input)))
        return _call(engine.eval_query, query, input=input)

    def __enter__(self) -> "OpaProgram":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        for engine in self._engines.values():
            engine.close()
        self._engines.clear()

    def _engine(self, data: dict | None):
        """One OPA engine per distinct base document (data can only be merged
        into an engine, never replaced)."""
        key = "" if not data else json.dumps(data, sort_keys=True)
        engine = self._engines.get(key)
        if engine is None:
            from opa_bindings import OpaEngine

            engine = OpaEngine()
            _call(engine.register_function, "test.sleep", _test_sleep)
            from .custom_builtins import register_with_opa

            _call(register_with_opa, engine)  # users' own builtins: the same functions
            for filename, source in self.modules:
                _call(engine.add_policy, filename, source)
            if data:
                _call(engine.add_data, data)
            self._engines[key] = engine
        return engine


def _call(fn, *args, **kwargs):
    from opa_bindings import OpaError

    try:
        return fn(*args, **kwargs)
    except OpaError as exc:
        raise parse_opa_error(exc.code, exc.message) from None


_DURATION_UNITS = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0, "h": 3600.0}


def _test_sleep(duration: str) -> bool:
    """``test.sleep``, the builtin of OPA's compliance runner."""
    parts = re.findall(r"(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)", duration)
    if not parts or "".join(a + b for a, b in parts) != duration:
        raise ValueError(f"test.sleep: invalid duration {duration!r}")
    time.sleep(sum(float(n) * _DURATION_UNITS[u] for n, u in parts))
    return True


# ------------------------------------------------------------------ errors

# One error in OPA's text: "<location>: <code>: <message>", the location being
# "file:line", "line:col" or the text of a query expression.
_ERROR_START = re.compile(r"(?m)^(?:(?P<loc>.*?): )?(?P<code>(?:rego|eval)_[a-z_]+): ")
_PREAMBLE = re.compile(r"^(?:bundle activation failed: )?(?:\d+ errors? occurred:\s*)?")


def parse_opa_error(wrapper_code: str, text: str) -> Exception:
    """Turn an OpaError (its wrapper code and text) into rego2py's exception.

    The bindings wrap OPA's errors (``prepare_error``, ``eval_error``,
    ``parse_error``); the real code is in the text, one error per line.
    The first error decides the type and code.
    """
    body = _PREAMBLE.sub("", text, count=1)
    m = _ERROR_START.search(body)
    if m is None:
        exc: Exception = RegoRuntimeError(wrapper_code, text)
        exc.location = None  # type: ignore[attr-defined]
        exc.opa_text = text  # type: ignore[attr-defined]
        return exc
    nxt = _ERROR_START.search(body, m.end())
    message = body[m.end() : nxt.start() if nxt else len(body)].rstrip("\n")
    code = m.group("code")
    location = m.group("loc")
    pos = _pos_of(location)
    if code == "rego_parse_error":
        exc = ParseError(pos, message)
    elif code.startswith("rego_"):
        exc = CompileError(pos, message, code=code)
    else:
        exc = RegoRuntimeError(code, message)
    exc.location = location  # type: ignore[attr-defined]
    exc.opa_text = text  # type: ignore[attr-defined]
    return exc


def _pos_of(location: str | None) -> Pos | None:
    if not location:
        return None
    m = re.fullmatch(r"(.+?):(\d+)(?::(\d+))?", location)
    if m and not m.group(1).isdigit():
        return Pos(m.group(1), int(m.group(2)), int(m.group(3) or 0))
    m = re.fullmatch(r"(\d+):(\d+)", location)
    if m:
        return Pos("<query>", int(m.group(1)), int(m.group(2)))
    return None


# ------------------------------------------------------------------ input term


def _is_json(value: Any) -> bool:
    if value is None or isinstance(value, (bool, int, str)):
        return True
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, list):
        return all(_is_json(v) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _is_json(v) for k, v in value.items())
    return False


def to_rego_term(value: Any) -> str:
    """A Python value as Rego source: None/bool/int/float/str/list/dict, and
    any other iterable (a set type) as a Rego set."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{value!r} is not a Rego number")
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(to_rego_term(v) for v in value) + "]"
    if isinstance(value, dict):
        items = (f"{to_rego_term(k)}: {to_rego_term(v)}" for k, v in value.items())
        return "{" + ", ".join(items) + "}"
    try:
        elements = list(value)
    except TypeError:
        raise TypeError(f"cannot give {type(value).__name__} to OPA as a Rego term") from None
    return "{" + ", ".join(to_rego_term(v) for v in elements) + "}" if elements else "set()"


def add_input_modifier(query: str, term: str) -> str:
    """Append ``with input as (<term>)`` to every expression of ``query``.

    Expressions are split at top-level ``;`` and newlines (outside brackets,
    strings and comments). A bare ``some x, y`` declaration takes no ``with``
    and is left alone.
    """
    exprs = [e.strip() for e in split_query(query)]
    out = []
    for expr in exprs:
        if not expr:
            continue
        if re.fullmatch(r"some\s+[\w\s,]+", expr):
            out.append(expr)
        else:
            out.append(f"{expr} with input as ({term})")
    return "; ".join(out)


def split_query(query: str) -> list[str]:
    """Split a query body into its expressions' texts (comments dropped)."""
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    i = 0
    n = len(query)
    while i < n:
        ch = query[i]
        j = i + 1
        if ch == '"':
            while j < n and query[j] != '"':
                j += 2 if query[j] == "\\" else 1
            j += 1
        elif ch == "`":
            j = query.find("`", j)
            j = n if j < 0 else j + 1
        elif ch == "#":
            j = query.find("\n", j)
            i = n if j < 0 else j
            continue
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch in ";\n" and depth == 0:
            parts.append("".join(current))
            current = []
            i = j
            continue
        current.append(query[i:j])
        i = j
    parts.append("".join(current))
    return parts


def is_error(exc: BaseException) -> bool:
    """Whether ``exc`` is an answer (a Rego error) rather than a crash."""
    return isinstance(exc, (RegoError, RegoRuntimeError))
