"""What ``rego2py run`` says besides findings: usage errors, messages about
skipped lines and signature errors (limited, escaped), the
statistics and the profile (the progress bar is transpiler/progress.py); and the engine's sinks that write or collect.

With ``--error-format json`` every message is a line of JSON on stderr, a
document in OPA's shape (transpiler/diagnostics.py): ``{"errors": [...]}``
for an error, ``{"errors": [], "warnings": [...]}`` for a note that is not
one (the summary, messages suppressed, no signatures). A message about one
event line is located by the events file and its line: ``"location":
{"file", "row"}`` (no column). The statistics and the profile, asked for
by name, stay text."""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass

from ..diagnostics import INPUT_ERROR, WARNING, document
from ..engine import (
    Engine,
    Finding,
    Stats,
    bad_line_message,
    describe_error,
    line_start,
    printable,
    signature_error_message,
)

PROG = "rego2py run"

_json = [False]  # --error-format json (set by set_error_format for each run)


def set_error_format(fmt: str) -> None:
    _json[0] = fmt == "json"


def json_errors() -> bool:
    return _json[0]


@dataclass(frozen=True)
class Message:
    """One message: ``text`` as printed in text mode, ``obj`` the error
    object printed in JSON mode (``warning``: a note, not an error).
    Workers send these back to the main process (picklable)."""

    text: str
    obj: dict
    warning: bool = False


def _located(code: str, message: str, source, line) -> dict:
    obj = {"code": code, "message": printable(message)}
    if source is not None and line is not None:
        obj["location"] = {"file": printable(str(source)), "row": line}
    return obj


def bad_line(source, line, reason, raw) -> Message:
    return Message(
        bad_line_message(source, line, reason, raw),
        _located(INPUT_ERROR, f"skipped: {reason}: {line_start(raw)}", source, line),
    )


def signature_failed(sig, exc, source, line) -> Message:
    code, message = getattr(exc, "code", None), getattr(exc, "message", None)
    if not (isinstance(code, str) and isinstance(message, str)):
        code, message = "rego2py_error", f"{type(exc).__name__}: {exc}"
    return Message(
        signature_error_message(sig, exc, source, line),
        _located(code, f"signature {sig.id} failed: {message}", source, line),
    )


def not_written(sig, exc, source, line) -> Message:
    message = f"finding of {sig.id} not written: {describe_error(exc)}"
    return Message(f"{source}:{line}: {message}", _located("rego2py_error", message, source, line))


def note(message: str) -> Message:
    return Message(f"{PROG}: {message}", {"code": WARNING, "message": printable(message)}, warning=True)


def _write_json(doc: dict) -> None:
    sys.stderr.write(json.dumps(doc, ensure_ascii=False) + "\n")
    sys.stderr.flush()


def write_message(msg: Message) -> None:
    if _json[0]:
        _write_json({"errors": [], "warnings": [msg.obj]} if msg.warning else {"errors": [msg.obj]})
    else:
        sys.stderr.write(printable(msg.text) + "\n")
        sys.stderr.flush()


def report_errors(errors) -> None:
    """Errors of the Rego sources or that stop the run, in JSON mode: one
    document, on one line."""
    _write_json(document(errors))


class UsageError(Exception):
    """A problem with the command's arguments or inputs: reported, exit 2.
    ``errors``: the located errors behind it (error objects of
    transpiler/diagnostics.py, from the Rego sources), ``summary`` its last
    line, for ``--error-format json``."""

    def __init__(self, message: str, errors=(), summary: str | None = None):
        super().__init__(message)
        self.errors = list(errors)
        self.summary = summary if summary is not None else message


def _say(message: str, code: str = INPUT_ERROR) -> None:
    """A message of the run itself (an input that cannot be read...): text,
    or in JSON mode an error (``code``; WARNING: a note)."""
    if _json[0]:
        obj = {"code": code, "message": printable(message)}
        _write_json({"errors": [], "warnings": [obj]} if code == WARNING else {"errors": [obj]})
        return
    sys.stderr.write(f"{PROG}: {printable(message)}\n")
    sys.stderr.flush()


class RunState:
    """What goes wrong outside the engine's counters."""

    def __init__(self):
        self.input_errors = 0  # unreadable or corrupt input files
        self.output_errors = 0  # findings that could not be rendered
        self.timing: dict[str, list] = {}  # signature id -> [match calls, seconds] (--profile)

    def add_timing(self, timing: dict) -> None:
        for k, (n, secs) in timing.items():
            entry = self.timing.setdefault(k, [0, 0.0])
            entry[0] += n
            entry[1] += secs


class Reporter:
    """Writes skipped-line and signature-error messages on stderr, at most
    ``limit`` of them (0: no limit)."""

    def __init__(self, limit: int):
        self.limit = limit
        self.count = 0
        self.progress = None

    def message(self, msg: Message) -> None:
        self.count += 1
        if self.limit and self.count > self.limit:
            if self.count == self.limit + 1:
                self._write(note("more problems; further messages suppressed (--max-messages)"))
            return
        self._write(msg)

    def _write(self, msg: Message) -> None:
        if self.progress is not None:
            self.progress.clear()
        write_message(msg)

    def summary(self, stats: Stats, state: RunState) -> None:
        parts = []
        if stats.skipped:
            parts.append(f"{stats.skipped} malformed line(s) skipped")
        if stats.total_errors:
            parts.append(f"{stats.total_errors} signature error(s)")
        if state.output_errors:
            parts.append(f"{state.output_errors} finding(s) could not be written")
        if parts:
            self._write(note(", ".join(parts)))


class WriteSink:
    """The engine's sink for one process: findings to stdout as found."""

    def __init__(self, render, out, report: Reporter):
        self.render = render
        self.out = out
        self.report = report
        self.flush_each = False
        self.output_errors = 0

    def finding(self, sig, data, event, source, line):
        try:
            text = self.render(Finding(sig, data, event, source, line))
        except Exception as exc:
            self.output_errors += 1
            self.report.message(not_written(sig, exc, source, line))
            return
        self.out.write(text)
        if self.flush_each:
            self.out.flush()

    def bad_line(self, source, line, reason, raw):
        self.report.message(bad_line(source, line, reason, raw))

    def error(self, sig, exc, source, line):
        self.report.message(signature_failed(sig, exc, source, line))


class CollectSink:
    """The engine's sink in a worker: rendered findings and messages, in order."""

    def __init__(self, render):
        self.render = render
        self.items: list[tuple[bool, object]] = []  # (is_finding, bytes | Message)
        self.output_errors = 0

    def finding(self, sig, data, event, source, line):
        try:
            self.items.append((True, self.render(Finding(sig, data, event, source, line))))
        except Exception as exc:
            self.output_errors += 1
            self.items.append((False, not_written(sig, exc, source, line)))

    def bad_line(self, source, line, reason, raw):
        self.items.append((False, bad_line(source, line, reason, raw)))

    def error(self, sig, exc, source, line):
        self.items.append((False, signature_failed(sig, exc, source, line)))


def print_stats(stats: Stats, state: RunState, elapsed: float, engine: Engine) -> None:
    w = sys.stderr.write
    rate = stats.events / elapsed if elapsed > 0 else 0.0
    w(f"{PROG}: statistics\n")
    rows = [
        ("events read", stats.events),
        ("skipped (malformed)", stats.skipped),
        ("dispatched", stats.dispatched),
        ("match calls", stats.matches),
        ("findings", stats.total_findings),
    ]
    for label, n in rows:
        w(f"  {label:<22}{n:>12}\n")
    ids = [s.id for s in engine.signatures]
    for sid in dict.fromkeys(ids):
        if stats.findings.get(sid):
            w(f"    {sid:<20}{stats.findings[sid]:>12}\n")
    w(f"  {'signature errors':<22}{stats.total_errors:>12}\n")
    for sid, n in stats.errors.items():
        w(f"    {sid:<20}{n:>12}\n")
    if state.output_errors:
        w(f"  {'findings not written':<22}{state.output_errors:>12}\n")
    if state.input_errors:
        w(f"  {'unreadable inputs':<22}{state.input_errors:>12}\n")
    w(f"  {'elapsed':<22}{elapsed:>10.3f} s\n")
    w(f"  {'throughput':<22}{rate:>12,.0f} events/s\n")
    sys.stderr.flush()


def print_profile(timing: dict, stats: Stats, top: int = 20) -> None:
    """The signatures that cost most match time."""
    w = sys.stderr.write
    total = sum(secs for _, secs in timing.values()) or 1e-12
    w(f"{PROG}: match time by signature (top {top})\n")
    w(f"  {'signature':<24}{'calls':>10}{'ms':>10}{'us/call':>10}{'share':>8}\n")
    for sid, (n, secs) in sorted(timing.items(), key=lambda kv: -kv[1][1])[:top]:
        w(f"  {sid:<24}{n:>10}{secs * 1e3:>10.1f}{secs / n * 1e6:>10.2f}{secs / total:>8.1%}\n")
    w(f"  {'total':<24}{sum(n for n, _ in timing.values()):>10}{total * 1e3:>10.1f}\n")
    sys.stderr.flush()


def _silence_stdout() -> None:
    """After EPIPE: point stdout at /dev/null so the interpreter's final flush is quiet."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass
