"""`rego2py test` on a ~1,000-file tree against OPA (the bindings), as
measured for issue 11.

    PYTHONPATH=. python scripts/test_tree_speed.py make /tmp/tree    # 7 copies of the gatekeeper library: 994 files
    /usr/bin/time -v python -m transpiler.cli test /tmp/tree         # rego2py: user+sys CPU, maximum resident set
    /usr/bin/time -v env PYTHONPATH=. python scripts/test_tree_speed.py opa /tmp/tree

Each copy renames every package (and the library's `data.lib` imports) per
folder, so the folders of all copies are distinct packages that load as one
tree. The bindings run out of memory on the whole tree at once, so OPA gets
it folder by folder, as upstream runs `opa test FOLDER/*.rego`: each folder
printed as v1 by `rego2py fmt` (the bindings take v1 only), compiled, every
test rule queried. The bindings evaluate with strict builtin errors (one test
rule per copy fails there, as under `rego2py test --strict`). Compare CPU
times (the machine is shared): OPA's Go threads count in the process's."""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "gatekeeper-library" / "src"
if not CORPUS.is_dir():
    CORPUS = Path("/work/shared/corpora/gatekeeper-library/src")
COPIES = 7


def make(out: Path) -> int:
    n = 0
    for i in range(COPIES):
        for f in sorted(CORPUS.glob("*/*/*.rego")):
            prefix = f"c{i}_{f.parent.parent.name}_{f.parent.name}".replace("-", "_")
            text = re.sub(r"^package (\w+)", lambda m: f"package {prefix}_{m.group(1)}", f.read_text(), flags=re.M)
            text = re.sub(r"\bdata\.lib\.", f"data.{prefix}_lib.", text)
            d = out / f"c{i}" / f.parent.parent.name / f.parent.name
            d.mkdir(parents=True, exist_ok=True)
            (d / f.name).write_text(text)
            n += 1
    return n


def opa(root: Path) -> str:
    from transpiler import opa_backend
    from transpiler.fmt import format_module
    from transpiler.parser import parse_module

    passed = failed = 0
    printing = 0.0
    folders = sorted({p.parent for p in root.rglob("*.rego")})
    for folder in folders:
        t0 = time.process_time()
        mods, tests = [], []
        for p in sorted(folder.glob("*.rego")):
            text = p.read_text()
            m = parse_module(text, p.name)
            pkg = "data." + ".".join(m.package)
            tests += sorted({f"{pkg}.{r.ref.head.name}" for r in m.rules if r.ref.head.name.startswith("test_")})
            mods.append((p.name, format_module(m, v1=True) if m.v0 else text))
        printing += time.process_time() - t0
        with opa_backend.compile_program(mods) as prog:
            for name in tests:
                try:
                    rows = prog.query(f"x = {name}")
                    ok = bool(rows) and rows[0]["x"] is not False
                except Exception as exc:
                    if not opa_backend.is_error(exc):
                        raise
                    ok = False
                passed += ok
                failed += not ok
    return (f"{len(folders)} folders: {passed} passed, {failed} failed; CPU {time.process_time():.1f}s "
            f"of which {printing:.1f}s printing v1 with rego2py")


if __name__ == "__main__":
    verb, path = sys.argv[1], Path(sys.argv[2])
    print(make(path) if verb == "make" else opa(path))
