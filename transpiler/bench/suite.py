"""The rows of the main table, built once from the corpus and the generated code."""

from __future__ import annotations

from pathlib import Path

from . import opa, rows
from .handwritten import FIVE, HANDWRITTEN, OPEN, dispatch_table

# row key -> title, in table order
TITLES = {
    "decode": "decoding only (orjson.loads per line): the floor",
    "hand5": "hand-written Python, 5 signatures, dispatched by event name and origin",
    "rego2py5": "rego2py generated code, the same 5 signatures, engine",
    "hand_open": "hand-written Python, every signature selecting security_file_open, dispatched",
    "rego2py_open": "rego2py generated code, the same signatures, engine",
    "rego2py": "rego2py generated code, all signatures, engine (dispatch)",
    "rego2py_all": "rego2py generated code, every signature on every event (no dispatch)",
    "decode_opa": "decoding only, on OPA's sample",
    "rego2py_opa": "rego2py engine, on OPA's sample",
    "opa_fixed": "OPA bindings' fixed cost: trivial policy, 1 call per event",
    "opa_sig": "OPA, one prepared query per selecting signature (Tracee's default)",
    "opa_aio": "OPA, all-in-one policy, 1 query per event (the study's AIO)",
}


def corpus_files(root: Path) -> list[Path]:
    from ..build import collect_sources

    return collect_sources([root])


def build_rows(signatures, corpus_root: Path | None, with_opa: bool, keys=None) -> list[rows.Row]:
    """The rows (``keys`` limits them). OPA rows need the corpus sources."""
    by_id = {s.id: s for s in signatures}
    missing = [k for k in HANDWRITTEN if k not in by_id]
    if missing:
        raise ValueError(f"generated code lacks the hand-written signatures {', '.join(missing)}")
    five = [by_id[k] for k in FIVE]
    opened = [by_id[k] for k in OPEN]
    want = set(keys) if keys else set(TITLES)
    out: list[rows.Row] = []

    def add(key, fn, sample="full", kind="python"):
        if key in want:
            out.append(rows.Row(key, TITLES[key], fn, sample, kind))

    add("decode", rows.decode_only, kind="floor")
    add("hand5", rows.handwritten_row(dispatch_table(FIVE)))
    add("rego2py5", rows.engine_row(five))
    add("hand_open", rows.handwritten_row(dispatch_table(OPEN)))
    add("rego2py_open", rows.engine_row(opened))
    add("rego2py", rows.engine_row(signatures))
    add("rego2py_all", rows.every_signature_row(signatures))
    if with_opa and want & {"decode_opa", "rego2py_opa", "opa_fixed", "opa_sig", "opa_aio"}:
        add("decode_opa", rows.decode_only, "opa", "floor")
        add("rego2py_opa", rows.engine_row(signatures), "opa")
        if "opa_fixed" in want:
            add("opa_fixed", rows.opa_fixed_cost_row(opa.FixedCost()), "opa", "opa")
        if want & {"opa_sig", "opa_aio"}:
            files = corpus_files(corpus_root)
            if "opa_sig" in want:
                per_sig = opa.PerSignature(opa.load_engine(files), signatures)
                add("opa_sig", rows.opa_per_signature_row(per_sig), "opa", "opa")
            if "opa_aio" in want:
                aio = opa.AllInOne(opa.load_engine(files), signatures)
                ids = {s.package.split(".", 1)[1]: s.id for s in signatures}
                add("opa_aio", rows.opa_all_in_one_row(aio, ids), "opa", "opa")
    return out
