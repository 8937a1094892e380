"""How every command reports its errors: as text on stderr (``file:line:col:
message``, the source line and a caret), or, with ``--format json``, as one
document in OPA's shape::

    {"errors": [{"code": "rego_parse_error", "message": "...",
                 "location": {"file": "p.rego", "row": 3, "col": 5}}]}

``location`` is left out when the error has no position (an unreadable file,
a bad option). Codes are OPA's where OPA has the error (``rego_parse_error``,
``rego_compile_error``, ``rego_unsafe_var_error``, ``rego_type_error``,
``rego_recursion_error``, ``eval_*`` at evaluation), else rego2py's own:
``rego2py_unsupported`` (a construct rego2py refuses, or a package reading
the rules of a refused one), ``rego2py_input_error`` (a file, document or
option that cannot be used, an event line that cannot be read),
``rego2py_tracee_check`` (a ``check --tracee`` finding), ``rego2py_error``
(anything else). Things a command reports without failing go in a
``warnings`` list beside ``errors``, objects of the same shape (``check
--tracee`` findings without ``--strict``, packages ``verify`` leaves out,
transpile's packages that look like signatures and are not;
``rego2py_warning``: a warning without a code of its own).

The document goes to standard output, unless the command has written its
results there (``test -f json``'s array, ``fmt``'s text, ``verify``'s
mismatches, ``workload``'s events): then to standard error, so standard
output stays one document.
``run`` (``--error-format json``) writes on standard error, one document
per line (transpiler/run/report.py): its standard output is the findings.
"""

from __future__ import annotations

import json
import sys

from .errors import CompileError, ParseError, Refused, RegoError, Unsupported, printable

FORMATS = ("text", "json")

INPUT_ERROR = "rego2py_input_error"
WARNING = "rego2py_warning"  # a note that is not an error (in "warnings")


class Problem(Exception):
    """An error without a source position (unreadable file, bad option)."""

    def __init__(self, message: str, code: str = INPUT_ERROR):
        super().__init__(message)
        self.message = message
        self.code = code


def error_code(err) -> str:
    if isinstance(err, ParseError):
        return "rego_parse_error"
    if isinstance(err, CompileError):
        return err.code
    if isinstance(err, RegoError):
        if isinstance(err, (Unsupported, Refused)):
            return "rego2py_unsupported"
        return getattr(err, "code", None) or "rego2py_error"
    code = getattr(err, "code", None)
    return code if isinstance(code, str) else "rego2py_error"


def error_object(err) -> dict:
    """One error as OPA writes it in JSON: code, message, location (an
    error object already, as cached with transpiled signatures, is kept)."""
    if isinstance(err, dict):
        return err
    message = getattr(err, "message", None)
    out = {"code": error_code(err), "message": message if isinstance(message, str) else str(err)}
    pos = getattr(err, "pos", None)
    if pos is not None:
        out["location"] = {"file": pos.file, "row": pos.line, "col": pos.col}
    return out


def document(errors, warnings=()) -> dict:
    """OPA's error document; ``warnings`` (things a command reports without
    failing: ``check --tracee`` findings, signatures left out of ``verify``)
    go in a ``warnings`` list of the same objects, beside ``errors``."""
    doc = {"errors": [error_object(e) for e in errors]}
    if warnings:
        doc["warnings"] = [warning_object(w) for w in warnings]
    return doc


def warning_object(w) -> dict:
    """A warning as an error object; one without a code of its own (a
    RegoError whose text says ``warning: ...``) gets ``rego2py_warning``."""
    obj = error_object(w)
    if obj["code"] == "rego2py_error":
        obj = {**obj, "code": WARNING}
        if obj["message"].startswith("warning: "):
            obj["message"] = obj["message"][len("warning: "):]
    return obj


def render_text(err, prog: str | None = None) -> str:
    """One error for a terminal (control characters escaped)."""
    if isinstance(err, RegoError):
        return err.render()
    head = f"{prog}: " if prog else ""
    code = error_code(err)
    if not code.startswith("rego2py_"):  # an evaluation error: OPA's code says which
        head += f"{code}: "
    message = getattr(err, "message", None)
    return head + printable(message if isinstance(message, str) else str(err))


def report(errors, fmt: str = "text", *, prog: str | None = None, stdout_used: bool = False,
           warnings=()) -> None:
    """Print ``errors`` (and ``warnings``): each as text on stderr, or
    (``fmt == "json"``) all as one document, on stdout unless
    ``stdout_used``. Nothing is printed when there are none."""
    errors, warnings = list(errors), list(warnings)
    if not errors and not warnings:
        return
    if fmt == "json":
        stream = sys.stderr if stdout_used else sys.stdout
        stream.write(json.dumps(document(errors, warnings), indent=2, ensure_ascii=False) + "\n")
        stream.flush()
        return
    for err in errors + warnings:
        print(render_text(err, prog), file=sys.stderr)


def add_format_argument(p, *flags: str, help_: str | None = None) -> None:
    """``--format text|json`` (or the option named by ``flags``) choosing how
    errors are printed; its value is ``args.format`` (``args.error_format``)."""
    flags = flags or ("--format",)
    p.add_argument(
        *flags,
        dest=flags[0].lstrip("-").replace("-", "_"),
        choices=FORMATS,
        default="text",
        help=help_ or "errors as text on stderr (default) or as one JSON document {\"errors\": [...]} (OPA's shape)",
    )
