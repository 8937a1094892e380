"""Fuzzing `rego2py run` with hostile event lines.

A clean stream (events of the bundled sample: every event that gives a
finding with the generated signatures, and others) is run once; then each
case mixes mutated lines into it (deep nesting, huge numbers, control bytes,
fields of the wrong type, invalid UTF-8, truncated and flipped lines, very
long lines), sometimes gzips it and sometimes truncates the gzip file, and
runs `rego2py run` on it. Each run must:

- read the file, or standard input (one case in five), or --workers 2;
- end without a traceback, with the exit status `rego2py run --help`
  documents (2 for a damaged file, else 1 when lines were skipped, else 0);
- write every finding of the clean stream that lies before any damage, in order;
- write JSON lines that parse; in text mode write no raw control character.

The test suite runs a short seeded run (tests/test_run_fuzz.py). A longer one:

    PYTHONPATH=$PWD .venv/bin/python tests/run_fuzz.py --cases 2000 --seed 7

prints the seed and case of the first failure and keeps its input file.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import io
import json
import os
import random
import re
import sys
import tempfile
import zlib
from pathlib import Path

import orjson

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from transpiler.cli import main as cli_main  # noqa: E402
from transpiler.engine import Engine  # noqa: E402
from transpiler.run.signatures import load_package  # noqa: E402
from transpiler.runtime.deep import deep_call  # noqa: E402

SIGNATURES = ROOT / "generated"
SAMPLE = ROOT / "samples" / "kernel-build.jsonl.gz"
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


class FuzzFailure(AssertionError):
    pass


def clean_lines(rnd: random.Random, others: int = 150) -> list[bytes]:
    """Every sample line that gives a finding, and ``others`` that do not, in order."""
    engine = Engine(load_package(SIGNATURES))
    hits, rest = [], []
    with gzip.open(SAMPLE, "rb") as f:
        for i, line in enumerate(f):
            line = line.rstrip(b"\n")
            (hits if engine.process(orjson.loads(line)) else rest).append((i, line))
    keep = sorted(hits + rnd.sample(rest, min(others, len(rest))))
    return [line for _, line in keep]


# -- mutations ------------------------------------------------------------------------


def _nested(depth: int, leaf, kind: str):
    v = leaf
    for _ in range(depth - 1):
        v = [v] if kind == "list" else {"k": v}
    return v


def _dumps_sorted(value) -> str:
    return json.dumps(value, sort_keys=True)


def _deep_text(depth: int, leaf: str) -> str:
    return "[" * depth + leaf + "]" * depth


_WRONG = [None, 0, -1, 1.5, "x", True, [], {}, [1, "a"], {"a": None}, 123456789012345678901234567890, "\u202e\x1b[2J"]
_FIELDS = ["eventName", "args", "contextFlags", "container", "processName", "processId", "timestamp", "hostName"]
_CONTROL_TEXT = ["\n*** Detection ***\nSignature: FAKE", "\x1b]0;owned\x07", "\x1b[2J", "\r", "\x00", "\x9b31m", "\u2028", "\u202e"]


def _event(rnd, good: list[bytes]) -> dict:
    return orjson.loads(rnd.choice(good))


def mutate(rnd: random.Random, good: list[bytes]) -> bytes:
    """One hostile line (without its newline)."""
    kind = rnd.randrange(14)
    if kind == 0:  # deep nesting, at and around the decoders' limits
        depth = rnd.choice([255, 256, 999, 1000, 1023, 1024, 1025, 2000])
        leaf = rnd.choice(["1", "12345678901234567890123", '"x"', "{}"])
        if rnd.random() < 0.5:
            return _deep_text(depth, leaf).encode()
        ev = _event(rnd, good)
        text = deep_call(json.dumps, ev)
        return (text[:-1] + ', "deep": ' + _deep_text(depth, leaf) + "}").encode()
    if kind == 1:  # a field of the wrong type (dispatch fields and others)
        ev = _event(rnd, good)
        ev[rnd.choice(_FIELDS)] = rnd.choice(_WRONG)
        return deep_call(json.dumps, ev).encode()
    if kind == 2:  # argument values of the wrong type, deep or huge
        ev = _event(rnd, good)
        args = ev.get("args") or [{"name": "pathname", "type": "const char*", "value": ""}]
        a = rnd.choice(args)
        if isinstance(a, dict):
            a["value"] = rnd.choice(_WRONG + [_nested(rnd.choice([300, 990]), "x", rnd.choice(["list", "dict"]))])
        ev["args"] = args
        return deep_call(json.dumps, ev).encode()
    if kind == 3:  # control characters in names (escaped in JSON: valid events)
        ev = _event(rnd, good)
        ev["processName"] = str(ev.get("processName")) + rnd.choice(_CONTROL_TEXT)
        c = ev.get("container")
        if isinstance(c, dict):
            c["name"] = rnd.choice(_CONTROL_TEXT)
            c["image"] = rnd.choice(_CONTROL_TEXT)
            c["id"] = c.get("id") or "0123456789abcdef"
        return orjson.dumps(ev)
    if kind == 4:  # raw control bytes in a line
        line = bytearray(rnd.choice(good))
        for _ in range(rnd.randint(1, 5)):
            line.insert(rnd.randrange(len(line)), rnd.choice(b"\x00\x07\x08\x0b\x0c\r\x1b\x7f"))
        return bytes(line)
    if kind == 5:  # invalid UTF-8 (and UTF-8 of surrogates)
        line = bytearray(rnd.choice(good))
        pos = rnd.randrange(len(line))
        line[pos:pos] = rnd.choice([b"\xff", b"\xc3\x28", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\x80"])
        return bytes(line)
    if kind == 6:  # escapes of lone surrogates, NaN and friends
        return rnd.choice(
            [b'{"eventName": "\\ud800", "args": []}', b'{"eventName": "execve", "args": [], "x": NaN}',
             b'{"eventName": "execve", "args": [], "x": 1e400}', b'{"eventName": "execve", "args": [], "x": -0}',
             b'{"eventName": "x\\udc00y"}', b"Infinity", b"[]", b'""', b"null", b"-"]
        )
    if kind == 7:  # a truncated line
        line = rnd.choice(good)
        return line[: rnd.randrange(len(line))]
    if kind == 8:  # flipped bytes
        line = bytearray(rnd.choice(good))
        for _ in range(rnd.randint(1, 4)):
            line[rnd.randrange(len(line))] = rnd.randrange(256)
        return bytes(line.replace(b"\n", b" "))
    if kind == 9:  # a very long line: a long string that signatures see, or garbage
        size = rnd.choice([1 << 16, 1 << 20, 3 << 20])
        if rnd.random() < 0.5:
            ev = _event(rnd, good)
            ev["processName"] = "a" * size
            for a in ev.get("args") or []:
                if isinstance(a, dict) and isinstance(a.get("value"), str):
                    a["value"] = "/" + "a" * size + "!"
            return orjson.dumps(ev)
        return b"{" + b"x" * size
    if kind == 10:  # regex-hostile strings in every argument
        ev = _event(rnd, good)
        for a in ev.get("args") or []:
            if isinstance(a, dict):
                a["value"] = "a" * rnd.choice([30, 5000]) + "!"
        return orjson.dumps(ev)
    if kind == 11:  # many keys, duplicate keys
        if rnd.random() < 0.5:
            return orjson.dumps({f"k{i}": i for i in range(20000)} | {"eventName": "execve", "args": []})
        line = rnd.choice(good)
        return line[:-1] + b', "eventName": "openat", "eventName": 5}'
    if kind == 12:  # blank-ish lines
        return rnd.choice([b"", b" ", b"\r", b"\t", b"\x0c", b"\xef\xbb\xbf{}"])
    ev = _event(rnd, good)  # big integers where numbers are expected
    for f in ("timestamp", "processId", "hostProcessId", "userId"):
        ev[f] = rnd.choice([2**64, -(2**63) - 1, 10**30, 1.5e308, -0.0])
    return json.dumps(ev).encode()


# -- one case -----------------------------------------------------------------------------


def _run(args: list[str], stdin: bytes | None = None) -> tuple[int, bytes, str]:
    """``rego2py run ARGS`` in this process: (status, stdout, stderr)."""
    out, err = io.BytesIO(), io.StringIO()
    saved_stdin = sys.stdin
    if stdin is not None:
        sys.stdin = io.TextIOWrapper(io.BufferedReader(io.BytesIO(stdin)))
    stdout = io.TextIOWrapper(out, encoding="utf-8", write_through=True)
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(stdout):
        try:
            status = cli_main(["run", *args])
        except SystemExit as exc:
            status = exc.code
        finally:
            sys.stdin = saved_stdin
        stdout.flush()
    return status, out.getvalue(), err.getvalue()


def _is_subsequence(want: list, got: list) -> bool:
    it = iter(got)
    return all(any(x == y for y in it) for x in want)


def _parse(line: bytes):
    try:
        return orjson.loads(line)
    except orjson.JSONDecodeError:
        return deep_call(json.loads, line)


def run_case(rnd: random.Random, good: list[bytes], clean: dict, workdir: Path, case: int) -> None:
    lines: list[bytes] = []
    marks: list[int] = []  # index in lines of each good line
    for g in good:
        while rnd.random() < 0.15:
            lines.append(mutate(rnd, good))
        marks.append(len(lines))
        lines.append(g)
    data = b"".join(x + (b"\r\n" if rnd.random() < 0.05 else b"\n") for x in lines)
    fmt = "text" if rnd.random() < 0.3 else "json"
    packed = rnd.random() < 0.4
    truncated = packed and rnd.random() < 0.5
    path = workdir / (f"case{case}.jsonl" + (".gz" if packed else ""))
    if packed:
        blob = gzip.compress(data, compresslevel=1)
        if truncated:
            blob = blob[: rnd.randrange(10, len(blob) - 8)]
            whole = zlib.decompressobj(31).decompress(blob)
            n_lines = whole.count(b"\n")
        path.write_bytes(blob)
    else:
        path.write_bytes(data)
    mode = rnd.random()
    extra = ["--workers", "2"] if mode < 0.1 else []
    errors_json = rnd.random() < 0.3  # --error-format json: every line of stderr a JSON document
    if errors_json:
        extra.append("--error-format=json")
    if mode > 0.8:  # standard input, read line by line
        status, out, err = _run([str(SIGNATURES), "--format", fmt, "--max-messages", "5", *extra], stdin=path.read_bytes())
    else:
        status, out, err = _run([str(SIGNATURES), str(path), "--format", fmt, "--max-messages", "5", *extra])

    def fail(why: str):
        raise FuzzFailure(f"case {case} ({path}, format {fmt}{', truncated' if truncated else ''}): {why}\n{err[-2000:]}")

    if "Traceback" in err:
        fail("traceback")
    if errors_json:
        for line in err.splitlines():
            try:
                doc = json.loads(line)
            except ValueError:
                fail(f"stderr line not JSON with --error-format json: {line[:200]!r}")
            if not (isinstance(doc, dict) and isinstance(doc.get("errors"), list) and set(doc) <= {"errors", "warnings"}):
                fail(f"stderr line not an error document: {line[:200]!r}")
    want_clean = clean[fmt]
    if truncated:
        # only good lines wholly before the damage count
        good_before = sum(1 for m in marks if m < n_lines)
        want = [x for x in want_clean if x[0] < good_before]
        if status != 2:
            fail(f"exit status {status}, want 2 for a damaged file")
        if f"cannot read after line {n_lines}:" not in err:
            fail(f"damage not reported after line {n_lines}")
    else:
        want = want_clean
        skipped = "malformed line(s) skipped" in err or "could not be written" in err
        if status != (1 if skipped else 0):
            fail(f"exit status {status} (lines skipped: {skipped})")
    if fmt == "json":
        try:
            got = [_parse(x) for x in out.splitlines()]
        except ValueError as exc:
            fail(f"output is not JSON lines: {exc}")
        got_keys = [deep_call(_dumps_sorted, (f["signature"]["id"], f["data"], f["event"])) for f in got]
        if not _is_subsequence([k for _, k in want], got_keys):
            fail("findings of the clean stream missing")
    else:
        text = out.decode("utf-8")
        if _CONTROL.search(text):
            fail("raw control character in text output")
        blocks = [b for b in text.split("*** Detection ***\n") if b]
        got_keys = [b.split("\nData:")[0] for b in blocks]
        got_keys = [k.split("\n", 1)[1] if "\n" in k else k for k in got_keys]
        if not _is_subsequence([k for _, k in want], [_strip_where(k) for k in got_keys]):
            fail("findings of the clean stream missing")
    if _CONTROL.search(err):
        fail("raw control character on stderr")
    path.unlink()


def _strip_where(block: str) -> str:
    """A text block without its line number (mutations shift lines)."""
    return re.sub(r" \([^()]*:\d+\)\n", "\n", block)


def clean_findings(good: list[bytes], workdir: Path) -> dict:
    """Per format, [(index of the good line, key of the finding)] of the clean stream."""
    path = workdir / "clean.jsonl"
    path.write_bytes(b"".join(g + b"\n" for g in good))
    engine = Engine(load_package(SIGNATURES))
    owner = []
    for i, g in enumerate(good):
        owner.extend([i] * len(engine.process(orjson.loads(g))))
    status, out, err = _run([str(SIGNATURES), str(path)])
    assert status == 0 and err == "", err
    got = [_parse(x) for x in out.splitlines()]
    assert len(got) == len(owner)
    result = {"json": [(o, deep_call(_dumps_sorted, (f["signature"]["id"], f["data"], f["event"]))) for o, f in zip(owner, got)]}
    status, out, err = _run([str(SIGNATURES), str(path), "--format", "text"])
    assert status == 0 and err == "", err
    blocks = [b for b in out.decode().split("*** Detection ***\n") if b]
    keys = [b.split("\nData:")[0] for b in blocks]
    keys = [_strip_where(k.split("\n", 1)[1]) for k in keys]
    assert len(keys) == len(owner)
    result["text"] = list(zip(owner, keys))
    path.unlink()
    return result


def fuzz(seed: int, cases: int, workdir: Path | None = None, others: int = 150) -> int:
    """Run ``cases`` cases from ``seed``; raise FuzzFailure on the first failure.
    Returns the number of findings of the clean stream."""
    rnd = random.Random(seed)
    good = clean_lines(rnd, others)
    with tempfile.TemporaryDirectory(prefix="rego2py-fuzz-") as tmp:
        work = Path(workdir or tmp)
        clean = clean_findings(good, work)
        for case in range(cases):
            run_case(rnd, good, clean, work, case)
    return len(clean["json"])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--cases", type=int, default=200)
    ap.add_argument("--keep", metavar="DIR", help="write the case files here (the failing one is kept)")
    a = ap.parse_args(argv)
    if a.keep:
        os.makedirs(a.keep, exist_ok=True)
    try:
        n = fuzz(a.seed, a.cases, Path(a.keep) if a.keep else None)
    except FuzzFailure as exc:
        print(f"seed {a.seed}: FAILED {exc}", file=sys.stderr)
        return 1
    print(f"seed {a.seed}: {a.cases} cases passed ({n} findings in the clean stream)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
