"""How the cost per event grows with the number of signatures.

The corpus is replicated to N signatures: the first N signatures when N is
at most the corpus, else copies of every signature in turn with their
package renamed (``tracee.X`` -> ``tracee.X_r2``, ...) and their id
suffixed (``TRC-R2P-001`` -> ``TRC-R2P-001-r2``); shared libraries are kept
once. Each set is transpiled (``build_package(..., format=False)``, timed)
into its own package and imported.

Two variants per N:
- ``same``: the copies select the same events as their originals, so the
  work per event grows with N;
- ``absent``: the signatures beyond the corpus select event names absent from
  the stream (their names prefixed with ``absent_``; same transpiled code),
  so dispatch never reaches them: the cost should stay flat.
"""

from __future__ import annotations

import importlib
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..build import build_package, collect_sources
from ..runtime.signature import Signature

_PACKAGE = re.compile(r"^package\s+(tracee\.[A-Za-z0-9_]+)\s*$", re.M)
_ID = re.compile(r'("id"\s*:\s*")([^"]+)(")')


@dataclass
class Corpus:
    signatures: list[tuple[Path, str]]  # (file, text) of the signature modules
    libraries: list[tuple[Path, str]]  # the other modules, kept once
    root: Path


def load_corpus(root: Path) -> Corpus:
    sigs, libs = [], []
    for f in collect_sources([root]):
        text = f.read_text(encoding="utf-8")
        is_sig = re.search(r"^tracee_match\b", text, re.M) and _PACKAGE.search(text)
        (sigs if is_sig else libs).append((f, text))
    return Corpus(sigs, libs, Path(root))


def replicate(corpus: Corpus, n: int, out: Path) -> list[Path]:
    """Write a corpus of ``n`` signatures (and the libraries) under ``out``."""
    files = []
    for f, text in corpus.libraries:
        files.append(_write(out / f.relative_to(corpus.root), text))
    base = corpus.signatures
    for i in range(n):
        f, text = base[i % len(base)]
        copy = i // len(base) + 1
        rel = f.relative_to(corpus.root)
        if copy > 1:
            suffix = f"_r{copy}"
            text = _PACKAGE.sub(lambda m: f"package {m.group(1)}{suffix}", text, count=1)
            text = _ID.sub(lambda m: f"{m.group(1)}{m.group(2)}-r{copy}{m.group(3)}", text, count=1)
            rel = rel.with_name(f"{rel.stem}{suffix}.rego")
        files.append(_write(out / rel, text))
    return files


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@dataclass
class BuiltSet:
    n: int
    transpile_cpu: float
    signatures: list[Signature]
    files: list[Path] = field(default_factory=list)


def build_set(corpus: Corpus, n: int, work: Path) -> BuiltSet:
    """Replicate to ``n``, transpile (timed, CPU), import."""
    name = f"r2p_bench_n{n}"
    src = work / f"src_n{n}"
    files = replicate(corpus, n, src)
    c0 = time.process_time()
    build_package(files, work / name, format=False)
    cpu = time.process_time() - c0
    if str(work) not in sys.path:
        sys.path.insert(0, str(work))
    importlib.invalidate_caches()
    for mod in [m for m in sys.modules if m == name or m.startswith(name + ".")]:
        del sys.modules[mod]
    pkg = importlib.import_module(name)
    return BuiltSet(n, cpu, list(pkg.SIGNATURES), files)


_COPY = re.compile(r"_r[0-9]+$")


def absent_variant(built: BuiltSet) -> list[Signature]:
    """The copies (packages ``..._rN``) made to select absent event names;
    the corpus's own signatures unchanged."""
    out = []
    for s in built.signatures:
        if _COPY.search(s.package):
            sel = [dict(x, name="absent_" + x.get("name", "*")) for x in s.selected_events]
            s = Signature(s.id, s.metadata, sel, s.match, s.package)
        out.append(s)
    return out


def scaling_study(corpus: Corpus, sizes: list[int], lines: list[bytes], opa_lines: list[bytes] | None,
                  work: Path, repeat: int, log=lambda m: None) -> dict:
    """Per size: transpile CPU, rego2py's engine per event (same and absent
    variants), and OPA per-signature per event for sizes up to the corpus
    when ``opa_lines`` is given."""
    from . import opa
    from .measure import measure
    from .rows import Row, engine_row, opa_per_signature_row

    base = len(corpus.signatures)
    points = []
    for n in sizes:
        built = build_set(corpus, n, work)
        rows = [Row("same", "same events", engine_row(built.signatures))]
        if n > base:
            rows.append(Row("absent", "absent events", engine_row(absent_variant(built))))
        inputs = {"full": lines, "opa": opa_lines or []}
        if opa_lines and n <= base:
            per_sig = opa.PerSignature(opa.load_engine(built.files), built.signatures)
            rows.append(Row("opa", "OPA per signature", opa_per_signature_row(per_sig), "opa", "opa"))
        results = {r.row.key: r for r in measure(rows, inputs, repeat)}
        same = results["same"]
        point = {
            "signatures": n,
            "transpile_cpu_s": built.transpile_cpu,
            "events": same.events,
            "calls_per_event": same.calls_per_event,
            "same_us": same.us_per_event,
            "same_spread_us": same.spread_us,
            "absent_us": results["absent"].us_per_event if "absent" in results else same.us_per_event,
            "absent_calls_per_event": results["absent"].calls_per_event if "absent" in results else same.calls_per_event,
            "opa_us": results["opa"].us_per_event if "opa" in results else None,
            "opa_events": results["opa"].events if "opa" in results else 0,
            "opa_calls_per_event": results["opa"].calls_per_event if "opa" in results else None,
        }
        points.append(point)
        log(f"  {n:>5} signatures: transpile {built.transpile_cpu:.2f} s CPU, "
            f"{point['same_us']:.1f} us/event (same events), {point['absent_us']:.1f} (absent)"
            + (f", OPA {point['opa_us']:.0f}" if point["opa_us"] else ""))
    return {"corpus": base, "points": points}
