"""`rego2py run` over parts: the partition (every line once, numbered as in
the whole file), `--workers` and `--dask local:N` writing what one process
writes, byte for byte, and a worker killed mid-run losing nothing."""

from __future__ import annotations

import gzip
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from transpiler.run.partition import count_lines, expand, plan, read_blocks, split_lines

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "kernel-build.jsonl.gz"


def _lines_of(parts):
    out = []
    for part in parts:
        for block in read_blocks(part):
            out += split_lines(block)
    return out


@settings(max_examples=200, deadline=None, database=None)
@given(
    st.lists(st.binary(max_size=12).map(lambda b: b.replace(b"\n", b"")), max_size=40),
    st.booleans(),
    st.integers(1, 64),
)
def test_parts_own_every_line_once_whatever_the_cut(tmp_path_factory, lines, final_newline, block):
    data = b"\n".join(lines) + (b"\n" if final_newline and lines else b"")
    assume(not data.startswith(b"\x1f\x8b"))  # that is a gzip file
    f = tmp_path_factory.mktemp("p") / "e.jsonl"
    f.write_bytes(data)
    parts, problems = plan([str(f)], block)
    assert not problems
    assert _lines_of(parts) == split_lines(data)
    # a part's first line is the count of the lines of the parts before it
    seen = 0
    for part in parts:
        got = sum(len(split_lines(b)) for b in read_blocks(part))
        assert count_lines(part) == got
        seen += got
    assert seen == len(split_lines(data))


def test_expand_directories_and_globs(tmp_path):
    (tmp_path / "d" / "x").mkdir(parents=True)
    for name in ("d/b.jsonl", "d/a.jsonl.gz", "d/x/c.jsonl"):
        (tmp_path / name).write_bytes(gzip.compress(b"{}\n") if name.endswith(".gz") else b"{}\n")
    d = tmp_path / "d"
    assert expand([str(d)]) == [str(d / "a.jsonl.gz"), str(d / "b.jsonl"), str(d / "x" / "c.jsonl")]
    assert expand([str(d / "*.jsonl*"), "-"]) == [str(d / "a.jsonl.gz"), str(d / "b.jsonl"), "-"]
    parts, problems = plan([str(d / "*.jsonl*")], 1 << 20)
    assert [(Path(p.source).name, p.gzip) for p in parts] == [("a.jsonl.gz", True), ("b.jsonl", False)]


def rego2py(*args, timeout=300):
    proc = subprocess.run(
        [sys.executable, "-m", "transpiler.cli", "run", *map(str, args)],
        capture_output=True,
        cwd=ROOT,
        timeout=timeout,
    )
    return proc.returncode, proc.stdout, proc.stderr.decode()


@pytest.fixture(scope="module")
def events(tmp_path_factory):
    """The bundled sample, plain, with malformed lines in it; and a gzip copy
    of its first part."""
    d = tmp_path_factory.mktemp("ev")
    lines = gzip.decompress(SAMPLE.read_bytes()).splitlines(keepends=True)
    rng = random.Random(7)
    for i in sorted(rng.sample(range(len(lines)), 20), reverse=True):
        lines.insert(i, rng.choice([b"{not json\n", b"[1, 2]\n", b'{"eventName": 3}\n', b"\n"]))
    plain = d / "events.jsonl"
    plain.write_bytes(b"".join(lines))
    packed = d / "head.jsonl.gz"
    packed.write_bytes(gzip.compress(b"".join(lines[:3000])))
    return plain, packed


_PROGRESS = re.compile(r"^rego2py: \d+s: ")  # a progress line every few seconds (timing, not output)


def _strip(err: str) -> list[str]:
    return [l for l in err.splitlines() if "elapsed" not in l and "throughput" not in l and not _PROGRESS.match(l)]


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_dask_local_and_workers_write_what_one_process_writes(events, fmt):
    plain, packed = events
    args = ["generated", plain, packed, "--format", fmt, "--stats", "--max-messages", "0"]
    one = rego2py(*args)
    assert one[0] == 1  # malformed lines were skipped
    assert one[1].count(b"TRC-R2P-") >= 180
    two = rego2py(*args, "--workers", "2", "--chunk-bytes", "3000000")
    dask = rego2py(*args, "--dask", "local:2", "--chunk-bytes", "3000000")
    for other in (two, dask):
        assert other[0] == one[0], other[2]
        assert other[1] == one[1]
        assert _strip(other[2]) == _strip(one[2])


def _worker_pids(root_pid: int) -> list[int]:
    import psutil

    try:
        kids = psutil.Process(root_pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []
    out = []
    for p in kids:
        try:
            cmd = " ".join(p.cmdline())
        except psutil.Error:
            continue
        if "spawn_main" in cmd or "forkserver" in cmd:
            out.append(p.pid)
    return out


def test_a_worker_killed_mid_run_loses_no_finding_and_repeats_none(events):
    plain, _ = events
    args = ["generated", plain, "--chunk-bytes", "1000000"]
    status, want, _ = rego2py(*args)
    proc = subprocess.Popen(
        [sys.executable, "-m", "transpiler.cli", "run", *map(str, args), "--dask", "local:2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
    )
    killed, seen = [], set()

    def killer():
        import psutil

        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            for pid in _worker_pids(proc.pid):
                seen.add(pid)
                if killed:
                    continue
                try:
                    busy = psutil.Process(pid).cpu_times().user > 1.0  # it is matching
                except psutil.Error:
                    continue
                if busy:
                    os.kill(pid, signal.SIGKILL)
                    killed.append(pid)
            time.sleep(0.05)

    t = threading.Thread(target=killer)
    t.start()
    out, err = proc.communicate(timeout=300)
    t.join()
    assert killed, "no busy worker process was found to kill"
    assert len(seen) >= 3, "the killed worker was not replaced"
    assert proc.returncode == status, err.decode()
    assert out == want  # every finding, once, in order


def test_a_damaged_gzip_fails_loudly_and_the_others_finish(tmp_path, events):
    plain, packed = events
    bad = tmp_path / "bad.jsonl.gz"
    bad.write_bytes(packed.read_bytes()[:-50])
    status, out, err = rego2py("generated", bad, packed, "--dask", "local:1")
    good = rego2py("generated", packed)[1]
    assert status == 2
    assert f"{bad}: cannot read after line" in err and "Traceback" not in err
    assert out.endswith(good)  # the good file's findings all came out after the bad one's
    assert len(out) > len(good)  # and the bad file's complete lines were matched


def test_unreachable_scheduler_is_a_clear_error():
    status, out, err = rego2py("generated", SAMPLE, "--dask", "tcp://127.0.0.1:9", timeout=120)
    assert status == 2 and out == b""
    assert "cannot reach the cluster" in err and "Traceback" not in err
