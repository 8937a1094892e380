"""``rego2py conformance DIR...``: run OPA's compliance cases through a backend.

A case (format: ``shared/conformance/README.md``) gives Rego modules, a query,
data and input, and the expected answer: result rows, or an error. Each case
is run through a *backend*, an object with

- ``compile_program(modules, *, strict=False)`` returning a program whose
  ``query(query, *, input=..., input_term=..., data=...)`` gives the rows;
- optionally ``to_plain(value)``: a result value in JSON form (sets as
  arrays in Rego order, as OPA reports them). Without it values are taken as
  they are.

Backends by name: ``rego2py`` (rego2py's compiler, the default), ``opa``
(real OPA, :mod:`transpiler.opa_backend`), or ``package.module[:attribute]``.

Outcome of a case: ``passed``, ``failed`` (wrong answer, timeout, crash) or
``unsupported`` (rego2py refused a construct: ``Unsupported`` raised while
compiling the modules or the query).

By default each case runs in a worker subprocess with a time limit; a case
that exceeds it, or kills the worker, fails and the run goes on.
"""

from __future__ import annotations

import argparse
import collections
import importlib
import json
import os
import re
import select
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Iterable

from .runtime.deep import deep_call

PASSED, FAILED, UNSUPPORTED = "passed", "failed", "unsupported"
DEFAULT_TIMEOUT = 5.0

# Topics about builtins outside the language core (crypto, networks, time...).
NON_LANGUAGE_TOPICS = [
    r"jwt.*",
    r"crypto.*",
    r"graphql",
    r"time",
    r"units",
    r"globs?match",
    r"globquotemeta",
    r"netcidr.*",
    r"netlookupipaddr",
    r"reachable",
    r"jsonpatch",
    r"jsonschema",
    r"urlbuiltins",
    r"uuid",
    r"rand",
    r"semver.*",
    r"providers-aws",
    r"planner-ir",
    r"regoparsemodule",
    r"regometadata.*",
    r"rendertemplate",
]
_NON_LANGUAGE = re.compile("|".join(f"(?:{p})" for p in NON_LANGUAGE_TOPICS))


def is_language_topic(topic: str) -> bool:
    return _NON_LANGUAGE.fullmatch(topic) is None


# ====================================================================== cases


@dataclass
class Case:
    """One compliance case. ``spec`` is the JSON object, numbers with a
    fraction or exponent read as Decimal (exact, for comparing)."""

    note: str
    file: str
    index: int  # position in the file's "cases" list
    topic: str
    spec: dict = field(repr=False)

    @property
    def strict(self) -> bool:
        return bool(self.spec.get("strict_error", False))

    @property
    def wants_error(self) -> bool:
        return "want_error_code" in self.spec or "want_error" in self.spec

    def want(self) -> dict:
        """The expected answer, for reports."""
        if self.wants_error:
            return {k: self.spec[k] for k in ("want_error_code", "want_error") if k in self.spec}
        return {"result": self.spec.get("want_result", [])}

    def module_files(self) -> list[tuple[str, str]]:
        # OPA's compliance runner names the modules test-0.rego, test-1.rego...;
        # expected error texts quote these names.
        return [(f"test-{i}.rego", src) for i, src in enumerate(self.spec.get("modules") or [])]


class CaseFileError(Exception):
    """A case file that cannot be read."""


def _loads_decimal(text: str):
    return json.loads(text, parse_float=Decimal)


def read_case_file(path: str | Path) -> list[dict]:
    text = Path(path).read_text(encoding="utf-8")
    try:
        doc = deep_call(_loads_decimal, text)
    except ValueError as exc:
        raise CaseFileError(f"{path}: not JSON: {exc}") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("cases"), list):
        raise CaseFileError(f'{path}: expected an object with a "cases" list')
    return doc["cases"]


# Cases whose file states a later OPA's answer: OPA 1.20.2, the reference
# (asked through the bindings), answers otherwise, and so does rego2py. Each
# is replaced by OPA 1.20.2's answer; tests/test_conformance_runner.py checks
# that the bindings still give it.
OPA_1_20_ANSWERS: dict[str, dict] = {
    # OPA 1.20 marks nodes per path: seven is not marked on the path through
    # six, so the path goes on to three (a later OPA stops it at six).
    "reachable_paths/cycle_1022_3": {
        "want_result": [
            {
                "x": [
                    ["one", "five", "seven", "eight", "three"],
                    ["one", "five", "six", "nine"],
                    ["one", "five", "six", "seven", "eight", "three"],
                    ["one", "two", "four", "three"],
                ]
            }
        ]
    },
}


def make_case(spec: dict, path: str | Path, index: int) -> Case:
    """The case ``index`` of the file ``path`` (OPA 1.20.2's answer where
    ``OPA_1_20_ANSWERS`` has one)."""
    path = Path(path)
    note = str(spec.get("note", f"{path.stem}#{index}"))
    if note in OPA_1_20_ANSWERS:
        spec = {**spec, **OPA_1_20_ANSWERS[note]}
    return Case(note, str(path), index, path.parent.name, spec)


def load_cases(dirs: Iterable[str | Path]) -> list[Case]:
    """All cases of the *.json files under ``dirs`` (files may be given too),
    in path order. A case's topic is the name of its file's folder. A case of
    ``OPA_1_20_ANSWERS`` expects OPA 1.20.2's answer instead of its file's."""
    files: list[Path] = []
    for d in dirs:
        p = Path(d)
        if p.is_file():
            files.append(p)
        elif p.is_dir():
            files.extend(sorted(q for q in p.rglob("*.json") if q.is_file()))
        else:
            raise CaseFileError(f"{d}: no such file or directory")
    cases = []
    for f in files:
        for i, spec in enumerate(read_case_file(f)):
            if not isinstance(spec, dict) or "query" not in spec:
                raise CaseFileError(f"{f}: case {i} has no query")
            cases.append(make_case(spec, f, i))
    return cases


def plain_json(value: Any) -> Any:
    """Case JSON as the backends take it (Decimal -> float)."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, list):
        return [plain_json(v) for v in value]
    if isinstance(value, dict):
        return {k: plain_json(v) for k, v in value.items()}
    return value


# ================================================================= comparing


def rego_key(value: Any) -> tuple:
    """A key that orders JSON-form values as Rego does and is equal exactly
    when they are equal under Rego semantics (1 == 1.0, true != 1).

    Rego's order of types: null < boolean < number < string < array < set
    < object.
    """
    if value is None:
        return (0,)
    if isinstance(value, bool):
        return (1, value)
    if isinstance(value, int):
        return (2, Decimal(value))
    if isinstance(value, float):
        return (2, Decimal(repr(value)) if value == value else Decimal("NaN"))
    if isinstance(value, Decimal):
        return (2, value)
    if isinstance(value, str):
        return (3, value)
    if isinstance(value, (list, tuple)):
        return (4, tuple(rego_key(v) for v in value))
    if isinstance(value, (AbstractSet, frozenset)):
        return (5, tuple(sorted(rego_key(v) for v in value)))
    if isinstance(value, dict):
        return (6, tuple(sorted((rego_key(k), rego_key(v)) for k, v in value.items())))
    raise TypeError(f"not a JSON-form Rego value: {type(value).__name__} {value!r}")


def sort_binding_arrays(row: dict) -> dict:
    """``sort_bindings``: each array bound to a variable, in Rego order (as
    OPA's runner does it: top-level arrays only)."""
    return {k: sorted(v, key=rego_key) if isinstance(v, list) else v for k, v in row.items()}


def _row_key(row: dict) -> tuple:
    return tuple(sorted((str(k), rego_key(v)) for k, v in row.items()))


def rows_match(want: list[dict], got: list[dict], sort_bindings: bool = False) -> bool:
    """Same rows, compared as a multiset (OPA's runner compares result sets
    without regard to order), each binding equal under Rego semantics."""
    if len(want) != len(got):
        return False
    if sort_bindings:
        want = [sort_binding_arrays(r) for r in want]
        got = [sort_binding_arrays(r) for r in got]
    return collections.Counter(map(_row_key, want)) == collections.Counter(map(_row_key, got))


_LOCATION_PREFIX = re.compile(r"^\S+:\d+: ")


def render_error(err: dict) -> str:
    """An error as OPA prints it: ``location: code: message``."""
    text = f"{err.get('code')}: {err.get('message')}"
    return f"{err['location']}: {text}" if err.get("location") else text


def error_matches(want_code: str | None, want_text: str | None, err: dict) -> bool:
    """The error has the expected code, and its text contains the expected
    text. Where the error carries no location, a ``file:line: `` prefix of
    the expected text is not checked."""
    if want_code is not None and err.get("code") != want_code:
        return False
    if want_text is None:
        return True
    rendered = render_error(err)
    if want_text in rendered:
        return True
    if not err.get("location"):
        return _LOCATION_PREFIX.sub("", want_text, count=1) in rendered
    return False


# ================================================================== backends


class _NamedBackend:
    def __init__(self, compile_program, to_plain=None, name=""):
        self.compile_program = compile_program
        self.to_plain = to_plain or (lambda v: v)
        self.name = name


def load_backend(spec: str):
    """``rego2py``, ``opa`` or ``package.module[:attribute]``."""
    if spec == "rego2py":
        from transpiler.compiler import compile_program

        try:
            from transpiler.runtime import to_json
        except ImportError:
            to_json = None
        _register_test_sleep()
        return _NamedBackend(compile_program, _to_plain_with(to_json), "rego2py")
    if spec == "opa":
        from transpiler import opa_backend

        return _NamedBackend(opa_backend.compile_program, None, "opa")
    modname, _, attr = spec.partition(":")
    obj = importlib.import_module(modname)
    if attr:
        obj = getattr(obj, attr)
    if isinstance(obj, type):
        obj = obj()
    return obj


def _register_test_sleep() -> None:
    """``test.sleep(duration)``: the builtin OPA's compliance runner registers
    (globally, as it does) for the cases about time.now_ns's caching."""
    import time

    from transpiler.runtime.builtins import BUILTINS, Builtin
    from transpiler.runtime.builtins.goparse import parse_duration

    def sleep(duration):
        time.sleep(max(parse_duration(duration), 0) / 1e9)
        return True

    BUILTINS.setdefault("test.sleep", Builtin("test.sleep", sleep, 1))


def _to_plain_with(to_json: Callable | None) -> Callable:
    """rego2py's values in JSON form through ``runtime.to_json``."""
    return to_json if to_json is not None else (lambda v: v)


def _rego_error_classes() -> tuple[tuple, tuple]:
    """(refusal classes, error-answer classes)."""
    from transpiler.errors import RegoError, Unsupported

    answers: list[type] = [RegoError]
    try:
        from transpiler.runtime.errors import RegoRuntimeError

        answers.append(RegoRuntimeError)
    except ImportError:
        pass
    from transpiler.opa_backend import RegoRuntimeError as OpaRuntimeError

    answers.append(OpaRuntimeError)
    return (Unsupported,), tuple(answers)


def describe_error(exc: BaseException) -> dict:
    """A Rego error (compile-time or runtime) as {code, message, location}."""
    from transpiler.errors import ParseError

    code = getattr(exc, "code", None)
    if code is None:
        code = "rego_parse_error" if isinstance(exc, ParseError) else type(exc).__name__
    message = getattr(exc, "message", None)
    if message is None:
        message = str(exc)
    location = getattr(exc, "location", None)
    if location is None:
        pos = getattr(exc, "pos", None)
        if pos is not None and getattr(pos, "line", 0):
            location = f"{pos.file}:{pos.line}"
    return {"code": code, "message": str(message), "location": location}


# =================================================================== running


@dataclass
class CaseResult:
    note: str
    file: str
    index: int
    topic: str
    outcome: str
    duration: float
    want: dict
    query: str = ""
    strict: bool = False
    got: Any = None  # {"result": rows} | {"error": {...}} | {"unsupported": text} | None
    error: str | None = None  # why it failed, when not a wrong answer (crash, timeout)
    traceback: str | None = None

    def to_dict(self) -> dict:
        return {
            "note": self.note,
            "file": self.file,
            "index": self.index,
            "topic": self.topic,
            "outcome": self.outcome,
            "duration": round(self.duration, 6),
            "query": self.query,
            "strict": self.strict,
            "want": self.want,
            "got": self.got,
            "error": self.error,
            "traceback": self.traceback,
        }

    @classmethod
    def from_dict(cls, d: dict) -> "CaseResult":
        return cls(**d)


def run_case(case: Case, backend) -> CaseResult:
    """Run one case in this process; never raises (but for KeyboardInterrupt
    and the in-process timeout)."""
    start = time.perf_counter()
    result = CaseResult(
        case.note,
        case.file,
        case.index,
        case.topic,
        FAILED,
        0.0,
        case.want(),
        case.spec["query"],
        case.strict,
    )
    try:
        deep_call(_judge, case, backend, result)  # values of any depth
    except Exception as exc:  # a crash: report it and go on
        result.outcome = FAILED
        result.error = f"crash: {type(exc).__name__}: {exc}"
        result.traceback = traceback.format_exc()
    result.duration = time.perf_counter() - start
    return result


def _judge(case: Case, backend, result: CaseResult) -> None:
    refused, answers = _rego_error_classes()
    spec = case.spec
    kwargs: dict[str, Any] = {"data": plain_json(spec.get("data") or {})}
    if "input_term" in spec:
        kwargs["input_term"] = spec["input_term"]
    elif "input" in spec:
        kwargs["input"] = plain_json(spec["input"])
    try:
        prog = backend.compile_program(case.module_files(), strict=case.strict)
        rows = prog.query(spec["query"], **kwargs)
    except refused as exc:
        result.outcome = UNSUPPORTED
        result.got = {"unsupported": str(exc)}
        return
    except answers as exc:
        err = describe_error(exc)
        result.got = {"error": err}
        if case.wants_error and error_matches(
            spec.get("want_error_code"), spec.get("want_error"), err
        ):
            result.outcome = PASSED
        return
    to_plain = getattr(backend, "to_plain", None) or (lambda v: v)
    got_rows = [{str(k): to_plain(v) for k, v in row.items()} for row in rows]
    result.got = {"result": got_rows}
    if case.wants_error:
        return
    want_rows = spec.get("want_result") or []
    if rows_match(want_rows, got_rows, bool(spec.get("sort_bindings"))):
        result.outcome = PASSED


class _Timeout(BaseException):
    """Raised by the alarm; a BaseException so that no ``except Exception``
    in the code under test swallows it."""


def run_case_with_alarm(case: Case, backend, timeout: float) -> CaseResult:
    """In-process run with a time limit (SIGALRM: main thread only, and it
    interrupts Python code only, not a call into native code)."""
    if timeout <= 0 or threading.current_thread() is not threading.main_thread():
        return run_case(case, backend)

    def on_alarm(signum, frame):
        raise _Timeout()

    old = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        return run_case(case, backend)
    except _Timeout:
        return _timeout_result(case, timeout)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def _timeout_result(case: Case, timeout: float) -> CaseResult:
    return CaseResult(
        case.note,
        case.file,
        case.index,
        case.topic,
        FAILED,
        timeout,
        case.want(),
        case.spec["query"],
        case.strict,
        error=f"timeout: no answer within {timeout:g}s",
    )


def run_cases(
    cases: list[Case],
    backend_spec: str,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    isolate: bool = True,
    progress: Callable[[int, int], None] | None = None,
) -> list[CaseResult]:
    """Run ``cases`` through the backend named ``backend_spec``: in a worker
    subprocess (``isolate``, the default) or in this process."""
    results = []
    if isolate:
        with _Worker(backend_spec) as worker:
            for i, case in enumerate(cases):
                results.append(worker.run(case, timeout))
                if progress:
                    progress(i + 1, len(cases))
    else:
        backend = load_backend(backend_spec)
        for i, case in enumerate(cases):
            results.append(run_case_with_alarm(case, backend, timeout))
            if progress:
                progress(i + 1, len(cases))
    return results


# ------------------------------------------------------------------ worker


def _json_default(value):
    if isinstance(value, Decimal):
        return float(value)  # a JSON number written with a fraction or exponent
    if isinstance(value, (AbstractSet, frozenset)):
        return sorted(value, key=rego_key)
    return repr(value)


def _dumps(obj) -> str:
    return deep_call(_dumps_plain, obj)


def _dumps_plain(obj) -> str:
    return json.dumps(obj, default=_json_default, ensure_ascii=False)


class _Worker:
    """A subprocess running cases one at a time (``worker_main``). Killed and
    restarted when a case times out or the process dies."""

    STARTUP_TIMEOUT = 120.0

    def __init__(self, backend_spec: str):
        self.backend_spec = backend_spec
        self.proc: subprocess.Popen | None = None
        self.stderr = tempfile.TemporaryFile()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()
        self.stderr.close()

    def start(self) -> None:
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)
        self.stderr.seek(0)
        self.stderr.truncate()
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-c",
                "from transpiler.conformance import worker_main; worker_main()",
                self.backend_spec,
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.stderr,
            env=env,
        )
        line = self._read_line(self.STARTUP_TIMEOUT)
        if not line or not line.startswith(b"ready"):
            tail = self._stderr_tail()
            self.stop()
            raise RuntimeError(
                f"the conformance worker for backend {self.backend_spec!r} did not start:\n{tail}"
            )

    def stop(self) -> None:
        if self.proc is not None:
            if self.proc.poll() is None:
                self.proc.kill()
            self.proc.wait()
            for f in (self.proc.stdin, self.proc.stdout):
                try:
                    f.close()
                except OSError:
                    pass
            self.proc = None

    def run(self, case: Case, timeout: float) -> CaseResult:
        if self.proc is None:
            self.start()
        assert self.proc is not None
        request = _dumps({"file": case.file, "index": case.index, "timeout": timeout}) + "\n"
        try:
            self.proc.stdin.write(request.encode())
            self.proc.stdin.flush()
        except BrokenPipeError:
            pass
        line = self._read_line(timeout + 1.0 if timeout > 0 else None)
        if line is None:  # timed out
            self.stop()
            return _timeout_result(case, timeout)
        if line == b"":  # end of file: the worker died
            try:
                status = self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                status = None
            tail = self._stderr_tail()
            self.stop()
            result = _timeout_result(case, timeout)
            result.duration = 0.0
            result.error = f"crash: the worker process died (exit status {status})"
            result.traceback = tail
            return result
        return CaseResult.from_dict(deep_call(json.loads, line))

    def _read_line(self, timeout: float | None) -> bytes | None:
        """One line from the worker; None on timeout, b"" at end of file."""
        assert self.proc is not None and self.proc.stdout is not None
        fd = self.proc.stdout
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            left = None if deadline is None else max(0.0, deadline - time.monotonic())
            ready, _, _ = select.select([fd], [], [], left)
            if not ready:
                return None
            line = fd.readline()
            if not line:
                return b""
            if line.strip():
                return line

    def _stderr_tail(self, limit: int = 4000) -> str:
        self.stderr.flush()
        self.stderr.seek(0)
        data = self.stderr.read()
        self.stderr.seek(0, os.SEEK_END)
        return data[-limit:].decode("utf-8", "replace")


def worker_main() -> None:
    """The worker process: requests {file, index, timeout} on stdin, one
    CaseResult (JSON) per line on the original stdout. What the code under
    test prints goes to stderr."""
    backend_spec = sys.argv[1]
    proto = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    backend = load_backend(backend_spec)
    proto.write("ready\n")
    proto.flush()
    cache: dict[str, list[dict]] = {}
    for line in sys.stdin:
        if not line.strip():
            continue
        req = deep_call(json.loads, line)
        path = req["file"]
        if path not in cache:
            cache.clear()
            cache[path] = read_case_file(path)
        case = make_case(cache[path][req["index"]], path, req["index"])
        # The parent enforces the limit (killing this process); the alarm
        # here is a cleaner stop for runaway Python code.
        result = run_case_with_alarm(case, backend, req.get("timeout", 0))
        proto.write(_dumps(result.to_dict()) + "\n")
        proto.flush()


# =================================================================== reports


def summarize(results: list[CaseResult]) -> dict[str, dict[str, int]]:
    """{topic: {passed, failed, unsupported}}, topics sorted."""
    table: dict[str, dict[str, int]] = {}
    for r in results:
        row = table.setdefault(r.topic, {PASSED: 0, FAILED: 0, UNSUPPORTED: 0})
        row[r.outcome] += 1
    return dict(sorted(table.items()))


def totals(results: Iterable[CaseResult]) -> dict[str, int]:
    c = collections.Counter(r.outcome for r in results)
    return {PASSED: c[PASSED], FAILED: c[FAILED], UNSUPPORTED: c[UNSUPPORTED]}


def closing_line(results: list[CaseResult]) -> str:
    t = totals(results)
    return f"{t[PASSED]} passed, {t[FAILED]} failed, {t[UNSUPPORTED]} unsupported"


def format_table(results: list[CaseResult]) -> str:
    table = summarize(results)
    width = max([len("topic")] + [len(t) for t in table])
    lines = [f"{'topic':<{width}}  {'passed':>6}  {'failed':>6}  {'unsupported':>11}"]
    for topic, row in table.items():
        lines.append(
            f"{topic:<{width}}  {row[PASSED]:>6}  {row[FAILED]:>6}  {row[UNSUPPORTED]:>11}"
        )
    return "\n".join(lines)


def _rate(results: list[CaseResult]) -> str:
    n = len(results)
    p = sum(r.outcome == PASSED for r in results)
    return f"{p}/{n} passed ({100.0 * p / n:.1f}%)" if n else "no cases"


def format_rates(results: list[CaseResult], skipped: int = 0) -> str:
    language = [r for r in results if is_language_topic(r.topic)]
    lines = [f"language topics: {_rate(language)}"]
    if skipped:
        lines.append(f"whole suite: not measured (--language-only skipped {skipped} cases)")
    else:
        lines.append(f"whole suite: {_rate(results)}")
    return "\n".join(lines)


def format_failure(r: CaseResult) -> str:
    lines = [
        f"FAILED {r.note}  ({r.file} #{r.index}, {r.duration:.3f}s)",
        f"  query: {r.query}" + ("  (strict)" if r.strict else ""),
    ]
    if r.error:
        lines.append(f"  {r.error}")
    lines.append(f"  want: {_dumps(r.want)}")
    if r.got is not None:
        lines.append(f"  got:  {_dumps(r.got)}")
    if r.traceback:
        lines.extend("  | " + ln for ln in r.traceback.rstrip().splitlines())
    return "\n".join(lines)


def write_report(
    path: str | Path, results: list[CaseResult], *, backend: str, elapsed: float
) -> None:
    report = {
        "backend": backend,
        "elapsed": round(elapsed, 3),
        "totals": totals(results),
        "topics": summarize(results),
        "cases": [r.to_dict() for r in results],
    }
    Path(path).write_text(
        json.dumps(report, default=_json_default, ensure_ascii=False, indent=1) + "\n",
        encoding="utf-8",
    )


# ======================================================================= CLI


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "dirs", nargs="+", metavar="DIR", help="folders (or files) of case JSON files"
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress")
    parser.add_argument(
        "--backend", default="rego2py", help="rego2py (default), opa, or package.module[:attribute]"
    )
    parser.add_argument("--json", metavar="FILE", help="write a report of every case to FILE")
    parser.add_argument(
        "-k",
        metavar="SUBSTRING",
        dest="keyword",
        help="run only the cases whose note contains SUBSTRING",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="print each failure's details")
    parser.add_argument(
        "--language-only",
        action="store_true",
        help="skip the topics of non-language builtins (crypto, jwt, time...)",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"time limit per case (default {DEFAULT_TIMEOUT:g}; 0: none)",
    )
    parser.add_argument(
        "--in-process",
        action="store_true",
        help="run the cases in this process (for debugging; a hang in "
        "native code is then not stopped)",
    )
    from .diagnostics import add_format_argument

    add_format_argument(parser)


def run(args: argparse.Namespace) -> int:
    from .diagnostics import Problem, report

    def fail(message: str) -> int:
        report([Problem(message)], getattr(args, "format", "text"), prog="rego2py conformance")
        return 2

    try:
        cases = load_cases(args.dirs)
    except (CaseFileError, OSError) as exc:
        return fail(str(exc))
    if args.keyword:
        cases = [c for c in cases if args.keyword in c.note]
    skipped = 0
    if args.language_only:
        kept = [c for c in cases if is_language_topic(c.topic)]
        skipped = len(cases) - len(kept)
        cases = kept
    if not cases:
        return fail("no cases to run")

    try:
        load_backend(args.backend)  # fail early and plainly when it cannot load
    except Exception as exc:
        return fail(f"cannot load backend {args.backend!r}: {type(exc).__name__}: {exc}")

    from .progress import Progress

    shown = Progress(quiet=getattr(args, "quiet", False), total=len(cases))

    def progress(done: int, total: int) -> None:
        shown.update(done, done, unit="cases")

    start = time.perf_counter()
    try:
        results = run_cases(
            cases,
            args.backend,
            timeout=args.timeout,
            isolate=not args.in_process,
            progress=progress,
        )
    except (RuntimeError, ImportError) as exc:
        shown.finish()
        return fail(str(exc))
    shown.finish()
    elapsed = time.perf_counter() - start

    if args.verbose:
        for r in results:
            if r.outcome == FAILED:
                print(format_failure(r))
                print()
    if args.json:
        write_report(args.json, results, backend=args.backend, elapsed=elapsed)
    print(format_table(results))
    print()
    print(format_rates(results, skipped))
    print(f"backend {args.backend}, {len(results)} cases in {elapsed:.1f}s")
    print(closing_line(results))
    return 1 if any(r.outcome == FAILED for r in results) else 0
