"""A shrunk mismatch as a case file of OPA's compliance format (see
``shared/conformance/README.md``), so that ``rego2py conformance DIR``
replays it. The expected answer is asked of OPA when the file is written."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from .. import opa_backend
from ..errors import RegoError
from .run import FILENAME


def opa_want(source: str, query: str, input_: Any) -> dict:
    """OPA's answer to ``query`` as the case fields ``want_result`` or
    ``want_error_code``."""
    try:
        with opa_backend.compile_program([(FILENAME, source)]) as prog:
            rows = prog.query(query, input=input_)
    except (RegoError, opa_backend.RegoRuntimeError) as exc:
        return {"want_error_code": getattr(exc, "code", None) or "rego_parse_error"}
    return {"want_result": rows}


def make_case(note: str, source: str, rule: str | None, input_: Any, strict: bool) -> dict:
    query = f"x = data.fz.{rule}" if rule else "x = data.fz"
    case = {"note": note, "modules": [source], "query": query}
    if input_ is not None:
        case["input"] = input_
    case.update(opa_want(source, query, input_))
    if strict:
        case["strict_error"] = True
    return case


def write_case(directory: str | Path, case: dict) -> Path:
    """Write ``{"cases": [case]}`` under a file name made from the note."""
    d = Path(directory)
    d.mkdir(parents=True, exist_ok=True)
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "-", case["note"]).strip("-")[:100]
    path = d / f"{stem}.json"
    path.write_text(json.dumps({"cases": [case]}, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path
