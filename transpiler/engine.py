"""Stream decoded Tracee events to the signatures that select them.

Library API::

    from transpiler.engine import Engine, iter_events
    engine = Engine(generated.SIGNATURES)
    for finding in engine.process(event):      # one decoded event (a dict)
        print(finding.signature.id, finding.data)
    for finding in engine.run(events):         # any iterable of dicts
        ...
    for source, line, item in iter_events("events.jsonl.gz"):
        ...                                    # item: the event, or an EventError

Dispatch follows Tracee: a signature selects events by (source, name,
origin); "*" or an absent field means any; events come from source "tracee";
the origin is "container" when ``contextFlags.containerStarted`` is true,
else "container-init" when ``container.id`` is non-empty, else "host". An
event reaches each selecting signature once, in the order of the signature
list. Events are handed to ``match`` exactly as decoded, except that an
event in Tracee's main-branch format (no ``eventName``, a ``name``) is first
given the trace.Event shape signatures are written against, once
(``as_trace_event``, mapping in transpiler/tracee/formats.py); findings
carry the event as it was read.

Per event the hot loop (``Engine.scan``) does one ``orjson.loads``, the
origin derivation and one dict lookup; an event that some signature selects
is then checked for integers wider than 64 bits (orjson turns them into
floats; such a line is decoded again by the json module, which keeps them
exact) before the match calls: one call of the generated package's entry
point for the event kind when there is one (``_Entry``: all the kind's
signatures in one function, compiler/entries.py), else one call per
signature.

Null counts as absent for the fields dispatch reads; a field of the wrong
type (``eventName`` not a string, ``args`` not an array, ``contextFlags`` or
``container`` not objects, ``containerStarted`` not a boolean,
``container.id`` not a string) makes the event malformed.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import re
import sys
import time
from typing import Callable, Iterable, Iterator

import orjson

from .runtime.gen import _CTX0, Raised, event_ctx
from .runtime.deep import deep_call
from .runtime.values import UNDEF

from .runtime.signature import Signature
from .tracee.formats import FormatError, from_main

__all__ = [
    "Engine",
    "Finding",
    "Stats",
    "Sink",
    "EventError",
    "SignatureSetError",
    "decode_line",
    "printable",
    "as_trace_event",
    "event_origin",
    "event_key",
    "iter_events",
    "open_events",
    "ORIGINS",
]

SOURCE = "tracee"
ORIGINS = ("host", "container", "container-init")
ANY = "*"
# Distinct event names remembered per origin by the dispatch cache; names
# beyond this are looked up without being cached (bounded memory on hostile input).
_CACHE_LIMIT = 4096


def _bad_value(sig, value):
    """The error of a match that is neither a finding nor none."""
    from .runtime.errors import EvalTypeError
    from .runtime.values import type_name

    return EvalTypeError(
        "eval_type_error",
        f"tracee_match of {sig.package} must be a boolean or an object, got {type_name(value)}",
    )


class EventError(ValueError):
    """A line or event that cannot be dispatched (bad JSON, not an object,
    a missing or mistyped field dispatch needs)."""


class SignatureSetError(ValueError):
    """The signatures cannot be indexed (a malformed selector)."""


# -- decoding -------------------------------------------------------------------

# Integers outside [-2**63, 2**64) become floats in orjson. Such a number is a
# run of >= 20 digits, or "-" and >= 19 digits: map digits and "-" to "0" and
# everything else to "x", then look for twenty "0".
_DIGITS = bytes(0x30 if (0x30 <= i <= 0x39 or i == 0x2D) else 0x78 for i in range(256))
_RUN = b"0" * 20


def _reject_constant(name):
    raise ValueError(f"{name} is not valid JSON")


def _json_reason(exc: ValueError) -> str:
    """``bad JSON at column N: what`` (the line number is the file's, not the decoder's)."""
    msg = getattr(exc, "msg", None)
    col = getattr(exc, "colno", None)
    if isinstance(msg, str) and isinstance(col, int):
        return f"bad JSON at column {col}: {msg}"
    return f"bad JSON: {exc}"


_FAILED = object()


def _deep_match(sig, event, on_error, st):
    """``sig.match(event)`` for an event nested beyond Python's stack (run on
    a deep stack, see runtime.deep); _FAILED once the error is reported."""
    try:
        return sig.match(event)
    except Exception as exc:
        st.errors[sig.id] = st.errors.get(sig.id, 0) + 1
        if on_error is not None:
            on_error(sig, event, exc)
        return _FAILED


def _exact_loads(line: bytes):
    """Decode with the json module (exact big integers, as orjson otherwise
    would: no NaN or Infinity), nested to any depth."""
    return deep_call(_json_loads, line)


def _json_loads(line):
    return json.loads(line, parse_constant=_reject_constant)


def _deep_event(line: bytes, exc: ValueError):
    """A line orjson refused only for its nesting (it stops at 1,024 levels,
    Go's decoder at 10,000), decoded by the json module on a deep stack;
    None when it is malformed anyway."""
    if "depth" not in str(exc) and "recursion" not in str(exc):
        return None
    from .runtime.builtins.jsonb import parse_json

    try:
        return parse_json(line.decode("utf-8"))
    except (ValueError, RecursionError):
        return None


def decode_line(line: bytes | str):
    """One JSON text decoded as orjson does, keeping integers wider than 64
    bits exact. Raises EventError."""
    if line.__class__ is str:
        line = line.encode("utf-8", "surrogatepass")
    try:
        value = orjson.loads(line)
    except ValueError as exc:
        value = _deep_event(line, exc)
        if value is None:
            raise EventError(_json_reason(exc)) from None
        return value
    if _RUN in line.translate(_DIGITS):
        try:
            value = _exact_loads(line)
        except ValueError as exc:
            raise EventError(_json_reason(exc)) from None
    return value


def as_trace_event(event: dict) -> dict:
    """The trace.Event shape of an event in Tracee's main-branch format
    (see transpiler/tracee/formats.py). Raises EventError."""
    try:
        return from_main(event)
    except FormatError as exc:
        raise EventError(f"main-branch event: {exc}") from None
    except (ValueError, TypeError, AttributeError, KeyError, OverflowError) as exc:
        raise EventError(f"main-branch event: malformed value ({type(exc).__name__}: {exc})") from None


def event_origin(event) -> str:
    """The origin of a decoded event, as Tracee derives it. Raises EventError."""
    return event_key(event)[1]


def event_key(event) -> tuple[str, str]:
    """(eventName, origin) of a decoded event. Raises EventError."""
    if event.__class__ is not dict:
        raise EventError(f"not a JSON object but {_json_type(event)}")
    name = event.get("eventName")
    if name.__class__ is not str:
        raise EventError(_field_error("eventName", name, "a string"))
    args = event.get("args")
    if args is not None and args.__class__ is not list:
        raise EventError(_field_error("args", args, "an array"))
    cf = event.get("contextFlags")
    started = None
    if cf is not None:
        if cf.__class__ is not dict:
            raise EventError(_field_error("contextFlags", cf, "an object"))
        started = cf.get("containerStarted")
    if started is True:
        return name, "container"
    if started is not None and started is not False:
        raise EventError(_field_error("contextFlags.containerStarted", started, "a boolean"))
    c = event.get("container")
    if c is None:
        return name, "host"
    if c.__class__ is not dict:
        raise EventError(_field_error("container", c, "an object"))
    cid = c.get("id")
    if cid is None or cid == "":
        return name, "host"
    if cid.__class__ is not str:
        raise EventError(_field_error("container.id", cid, "a string"))
    return name, "container-init"


def _json_type(v) -> str:
    if v is None:
        return "null"
    c = v.__class__
    if c is bool:
        return "a boolean"
    if c is int or c is float:
        return "a number"
    if c is str:
        return "a string"
    if c is list:
        return "an array"
    if c is dict:
        return "an object"
    return type(v).__name__


def _field_error(field: str, value, expected: str) -> str:
    if value is None:
        return f"no {field} field"
    return f"{field} is {_json_type(value)}, not {expected}"


# Characters an event must not get to a terminal raw: C0 and C1 controls
# and DEL (newlines that would forge lines, ESC/CSI/OSC sequences), Unicode
# line and paragraph separators, and the bidirectional controls that reorder
# what is shown.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_NAMED_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape_char(m) -> str:
    c = m.group()
    named = _NAMED_ESCAPES.get(c)
    if named is not None:
        return named
    o = ord(c)
    return f"\\x{o:02x}" if o < 0x100 else f"\\u{o:04x}"


def printable(text: str) -> str:
    """``text`` with every control character written as an escape (``\\n``,
    ``\\x1b``, ``\\u202e``): safe to print on a terminal, one line.
    Applying it twice changes nothing more."""
    return _UNPRINTABLE.sub(_escape_char, text)


def line_start(line: bytes, limit: int = 80) -> str:
    """The start of a raw line, for messages (control characters escaped)."""
    text = line[: limit + 4].decode("utf-8", "replace").rstrip("\r\n")
    text = text if len(text) <= limit else text[:limit] + "..."
    return printable(text)


def open_events(path) -> io.BufferedIOBase:
    """A binary stream of a file of JSON lines, decompressed when it starts
    with gzip's magic bytes. ``"-"`` is standard input. Raises OSError."""
    if path == "-" or path is None:
        return _maybe_gunzip(sys.stdin.buffer)
    f = open(path, "rb")
    try:
        is_gzip = f.peek(2)[:2] == b"\x1f\x8b"
    except BaseException:
        f.close()
        raise
    if not is_gzip:
        return f
    f.close()
    return gzip.open(path, "rb")  # owns (and closes) its file


def _maybe_gunzip(stream):
    peek = getattr(stream, "peek", None)
    if peek is not None:
        head = peek(2)[:2]
        if head[:1] == b"\x1f" and (len(head) < 2 or head == b"\x1f\x8b"):
            return gzip.GzipFile(fileobj=stream, mode="rb")
        return stream
    head = stream.read(2)
    if head == b"\x1f\x8b":
        stream.seek(0)
        return gzip.GzipFile(fileobj=stream, mode="rb")
    stream.seek(0)
    return stream


def iter_events(path_or_stream, name: str | None = None):
    """Yield (source_name, line_number, event or EventError) for each non-blank
    line of a file of JSON lines (a path, ``"-"`` for standard input, or a
    binary or text stream). Lines are read one at a time (streams are not
    read ahead), gzip files are decompressed."""
    close = False
    if isinstance(path_or_stream, (str, os.PathLike)):
        source = name or ("<stdin>" if path_or_stream == "-" else str(path_or_stream))
        stream = open_events(path_or_stream)
        close = path_or_stream != "-"
    else:
        stream = path_or_stream
        source = name or getattr(stream, "name", None) or "<stream>"
        if not isinstance(source, str):
            source = "<stream>"
        if not isinstance(stream, io.TextIOBase) and (
            hasattr(stream, "peek") or (hasattr(stream, "seekable") and stream.seekable())
        ):
            stream = _maybe_gunzip(stream)
    try:
        lineno = 0
        for line in stream:
            lineno += 1
            if not line.strip():
                continue
            try:
                yield source, lineno, decode_line(line)
            except EventError as exc:
                yield source, lineno, exc
    finally:
        if close:
            stream.close()


# -- findings and statistics --------------------------------------------------------


class Finding:
    """A signature's finding: ``data`` is None for a plain ``true`` match,
    else the finding's object; ``source``/``line`` locate the event when it
    came from a file."""

    __slots__ = ("signature", "data", "event", "source", "line")

    def __init__(self, signature: Signature, data, event, source=None, line=None):
        self.signature = signature
        self.data = data
        self.event = event
        self.source = source
        self.line = line

    def __repr__(self) -> str:
        return f"Finding({self.signature.id!r}, data={self.data!r})"


class Stats:
    """Counters of a run; ``merge`` adds another run's (workers)."""

    __slots__ = ("events", "skipped", "dispatched", "matches", "findings", "errors")

    def __init__(self):
        self.events = 0  # non-blank lines read
        self.skipped = 0  # malformed lines
        self.dispatched = 0  # events selected by at least one signature
        self.matches = 0  # match calls
        self.findings: dict[str, int] = {}  # signature id -> findings
        self.errors: dict[str, int] = {}  # signature id -> run-time errors

    def merge(self, other: "Stats") -> None:
        self.events += other.events
        self.skipped += other.skipped
        self.dispatched += other.dispatched
        self.matches += other.matches
        for k, n in other.findings.items():
            self.findings[k] = self.findings.get(k, 0) + n
        for k, n in other.errors.items():
            self.errors[k] = self.errors.get(k, 0) + n

    @property
    def total_findings(self) -> int:
        return sum(self.findings.values())

    @property
    def total_errors(self) -> int:
        return sum(self.errors.values())

    def __getstate__(self):
        return tuple(getattr(self, k) for k in self.__slots__)

    def __setstate__(self, state):
        for k, v in zip(self.__slots__, state):
            setattr(self, k, v)


class Sink:
    """Where ``Engine.scan`` reports; the default collects Finding objects."""

    def __init__(self):
        self.findings: list[Finding] = []
        self.problems: list[str] = []

    def finding(self, sig: Signature, data, event, source: str, line: int) -> None:
        self.findings.append(Finding(sig, data, event, source, line))

    def bad_line(self, source: str, line: int, reason: str, raw: bytes) -> None:
        self.problems.append(bad_line_message(source, line, reason, raw))

    def error(self, sig: Signature, exc: BaseException, source: str, line: int) -> None:
        self.problems.append(signature_error_message(sig, exc, source, line))


def bad_line_message(source: str, line: int, reason: str, raw: bytes) -> str:
    return printable(f"{source}:{line}: skipped: {reason}: {line_start(raw)}")


def describe_error(exc: BaseException) -> str:
    code = getattr(exc, "code", None)
    message = getattr(exc, "message", None)
    if isinstance(code, str) and isinstance(message, str):
        return f"{code}: {message}"
    return f"{type(exc).__name__}: {exc}"


def signature_error_message(sig: Signature, exc: BaseException, source, line) -> str:
    where = f"{source}:{line}: " if source is not None else ""
    return printable(f"{where}signature {sig.id} failed: {describe_error(exc)}")


# -- the engine ---------------------------------------------------------------------


class Engine:
    """Runs events through the signatures that select them.

    ``on_error(signature, event, exception)`` is called when a match function
    raises (the other signatures still run); without it errors are only
    counted in ``stats.errors``. With ``profile`` every match call is timed:
    ``take_timing()`` gives {signature id: [calls, seconds]}.

    An event kind (name, origin) whose signatures are exactly those of an
    entry point of their generated package (``ENTRIES``, one function that
    runs them all: compiler/entries.py) goes through it, with the same
    findings and errors in the same order; ``entries=False`` (and
    ``profile``) calls the signatures one by one.
    """

    def __init__(
        self,
        signatures: Iterable[Signature],
        on_error: Callable[[Signature, object, BaseException], None] | None = None,
        profile: bool = False,
        entries: bool = True,
    ):
        self.signatures: list[Signature] = list(signatures)
        self.on_error = on_error
        self.stats = Stats()
        self.profile = profile
        self.entries = entries and not profile
        self._timing: dict[str, list] = {}
        # (name, origin) -> indices of the signatures with that exact selector;
        # name and origin may be "*"
        self._index: dict[tuple[str, str], set[int]] = {}
        for i, sig in enumerate(self.signatures):
            if not isinstance(sig, Signature):
                raise SignatureSetError(
                    f"signature #{i + 1} is {type(sig).__name__}, not a Signature"
                )
            for name, origin in _selectors(sig):
                self._index.setdefault((name, origin), set()).add(i)
        # origin -> {event name -> ((signature, match function), ...)}, filled lazily
        self._cache: dict[str, dict[str, tuple]] = {o: {} for o in ORIGINS}

    def select(self, name: str, origin: str) -> tuple[Signature, ...]:
        """The signatures an event named ``name`` from ``origin`` reaches, in order."""
        sigs = self._targets(name, origin)
        if sigs.__class__ is _Entry:
            sigs = sigs.pairs
        return tuple(sig for sig, _ in sigs)

    def entry(self, name: str, origin: str):
        """The generated entry point that runs the signatures an event named
        ``name`` from ``origin`` reaches, or None where they are called one
        by one (see _Entry)."""
        sigs = self._targets(name, origin)
        return sigs.fn if sigs.__class__ is _Entry else None

    def _targets(self, name: str, origin: str) -> tuple:
        table = self._cache.get(origin)
        if table is None:
            raise ValueError(f"unknown origin {origin!r}; expected one of {', '.join(ORIGINS)}")
        sigs = table.get(name)
        if sigs is None:
            sigs = self._fill(table, name, origin)
        return sigs

    def _fill(self, table: dict, name: str, origin: str) -> tuple:
        idx = self._index
        found: set[int] = set()
        for key in ((name, origin), (name, ANY), (ANY, origin), (ANY, ANY)):
            found.update(idx.get(key, ()))
        sigs = tuple(self._target(self.signatures[i]) for i in sorted(found))
        fn = _entry_for(name, origin, sigs) if self.entries else None
        if fn is not None:
            sigs = _Entry(fn, sigs)
        if len(table) < _CACHE_LIMIT:
            table[name] = sigs
        return sigs

    def _target(self, sig: Signature) -> tuple:
        """(signature, match function) as dispatch calls it, ``fn(event, ctx)``
        with the engine's context of the event (runtime.gen.event_ctx; timed
        when profiling)."""
        if not self.profile:
            # the generated rule itself when there is one (one call fewer per match)
            rule = getattr(sig, "rule", None)
            if rule is not None:
                if _uses_function_cache(rule):
                    # OPA's cache of function values lives for one query, i.e.
                    # one signature: a value a bound-output call left there in
                    # one signature must not reach the next (runtime.gen._fcache)
                    return sig, lambda event, ctx: rule(event, ctx.pushed())
                return sig, rule
            match = sig.match
            return sig, lambda event, ctx: match(event)
        entry = self._timing.setdefault(sig.id, [0, 0.0])
        match = sig.match
        clock = time.perf_counter

        def timed(event, ctx):
            t0 = clock()
            try:
                return match(event)
            finally:
                entry[0] += 1
                entry[1] += clock() - t0

        return sig, timed

    def take_timing(self) -> dict[str, list]:
        """{signature id: [match calls, seconds]} since the last call (profile mode)."""
        out = {k: list(v) for k, v in self._timing.items() if v[0]}
        for v in self._timing.values():
            v[0] = 0
            v[1] = 0.0
        return out

    def process(self, event) -> list[Finding]:
        """The findings of one decoded event. Raises EventError when the event
        cannot be dispatched."""
        st = self.stats
        st.events += 1
        read = event  # findings carry the event as it was given
        try:
            if event.__class__ is dict and "eventName" not in event and "name" in event:
                event = as_trace_event(event)  # Tracee's main-branch format
            name, origin = event_key(event)
        except EventError:
            st.skipped += 1
            raise
        sigs = self._targets(name, origin)
        out: list[Finding] = []
        if not sigs:
            return out
        st.dispatched += 1
        st.matches += len(sigs)
        ev = _CTX0.ev
        if ev.used:  # the clock and caches of time.now_ns & co: one per event
            ev.reset()
        return self._match_all(sigs, event, read, out, event_ctx(event))

    def _match_all(self, sigs, event, read, out: list, ctx) -> list:
        """Match ``event`` in the engine's context ``ctx`` of it; findings
        carry ``read`` (the event as given)."""
        st = self.stats
        if sigs.__class__ is _Entry:
            on_error = self.on_error

            def found(sig, data):
                st.findings[sig.id] = st.findings.get(sig.id, 0) + 1
                out.append(Finding(sig, data, read))

            def failed(sig, exc):
                st.errors[sig.id] = st.errors.get(sig.id, 0) + 1
                if on_error is not None:
                    on_error(sig, event, exc)

            _entry_outcomes(sigs, sigs.fn(event, ctx), event, st, found, failed)
            return out
        for sig, match in sigs:
            try:
                r = match(event, ctx)
            except RecursionError:
                r = _deep_match(sig, event, self.on_error, st)
                if r is _FAILED:
                    continue
            except Exception as exc:
                st.errors[sig.id] = st.errors.get(sig.id, 0) + 1
                if self.on_error is not None:
                    self.on_error(sig, event, exc)
                continue
            if r is True or r.__class__ is dict:
                st.findings[sig.id] = st.findings.get(sig.id, 0) + 1
                out.append(Finding(sig, None if r is True else r, read))
            elif r is not None and r is not False and r is not UNDEF:
                st.errors[sig.id] = st.errors.get(sig.id, 0) + 1
                if self.on_error is not None:
                    self.on_error(sig, event, _bad_value(sig, r))
        return out

    def run(self, events: Iterable) -> Iterator[Finding]:
        """The findings of each event in turn (EventError on a malformed one)."""
        process = self.process
        for event in events:
            yield from process(event)

    def scan(self, lines: Iterable[bytes], source: str, lineno: int, sink, stats: Stats | None = None) -> int:
        """Decode, dispatch and match raw JSON lines; the hot loop of ``rego2py run``.

        ``lineno`` is the number of the line before the first; findings, bad
        lines and signature errors go to ``sink`` (see ``Sink``) with their
        line numbers; counters to ``stats`` (default: ``self.stats``).
        Returns the number of the last line."""
        st = self.stats if stats is None else stats
        loads = orjson.loads
        translate_table = _DIGITS
        run_marker = _RUN
        cache = self._cache
        host = cache["host"]
        cont = cache["container"]
        init = cache["container-init"]
        fill = self._fill
        ctx = event_ctx()  # this scan's context, set for each event (one thread runs a scan)
        evaluation = _CTX0.ev
        events = dispatched = matches = skipped = 0
        for line in lines:
            lineno += 1
            try:
                ev = loads(line)
            except ValueError as exc:
                if not line.strip():
                    continue
                ev = _deep_event(line, exc)
                if ev is None:
                    events += 1
                    skipped += 1
                    sink.bad_line(source, lineno, _json_reason(exc), line)
                    continue
            events += 1
            # name and origin, as event_key() derives and checks them (inlined);
            # table stays None for a malformed event
            table = None
            read = ev  # findings carry the event as it was read
            if ev.__class__ is dict:
                name = ev.get("eventName")
                if name is None and "name" in ev:  # Tracee's main-branch format
                    try:
                        if run_marker in line.translate(translate_table):
                            read = _exact_loads(line)  # wide integers exact before reading them
                        ev = as_trace_event(read)
                    except ValueError as exc:  # EventError included
                        skipped += 1
                        sink.bad_line(source, lineno, str(exc) if isinstance(exc, EventError) else _json_reason(exc), line)
                        continue
                    name = ev["eventName"]
                args = ev.get("args")
                if name.__class__ is str and (args is None or args.__class__ is list):
                    cf = ev.get("contextFlags")
                    started = cf.get("containerStarted") if cf.__class__ is dict else (
                        None if cf is None else 0
                    )
                    if started is True:
                        table = cont
                    elif started is None or started is False:
                        c = ev.get("container")
                        if c is None:
                            table = host
                        elif c.__class__ is dict:
                            cid = c.get("id")
                            if cid is None or cid == "":
                                table = host
                            elif cid.__class__ is str:
                                table = init
            if table is None:
                try:
                    event_key(ev)
                    reason = "malformed event"  # not reached: event_key raises
                except EventError as exc:
                    reason = str(exc)
                skipped += 1
                sink.bad_line(source, lineno, reason, line)
                continue
            sigs = table.get(name)
            if sigs is None:
                origin = "host" if table is host else "container" if table is cont else "container-init"
                sigs = fill(table, name, origin)
            if not sigs:
                continue
            # only now, for an event some signature will see: integers wider
            # than 64 bits (a float from orjson) decoded exactly. The fields
            # dispatch reads are the same either way.
            if ev is read and run_marker in line.translate(translate_table):
                try:
                    read = ev = _exact_loads(line)
                except ValueError as exc:
                    skipped += 1
                    sink.bad_line(source, lineno, _json_reason(exc), line)
                    continue
            dispatched += 1
            matches += len(sigs)
            ctx.inp = ev  # the values shared by this event's signatures (runtime.gen.event_ctx)
            ctx.sv = {}
            if evaluation.used:  # the clock and caches of time.now_ns & co: one per event
                evaluation.reset()
            if sigs.__class__ is _Entry:
                # the generated entry point of this event kind: every signature
                # in one call; only its outcomes that are not undefined come back
                res = sigs.fn(ev, ctx)
                if res:
                    _entry_outcomes(
                        sigs, res, ev, st,
                        lambda sig, data: (
                            st.findings.__setitem__(sig.id, st.findings.get(sig.id, 0) + 1),
                            sink.finding(sig, data, read, source, lineno),
                        ),
                        lambda sig, exc: (
                            st.errors.__setitem__(sig.id, st.errors.get(sig.id, 0) + 1),
                            sink.error(sig, exc, source, lineno),
                        ),
                    )
                continue
            for sig, match in sigs:
                try:
                    r = match(ev, ctx)
                except RecursionError:  # a deeply nested event: again on a deep stack
                    r = _deep_match(sig, ev, lambda s, e, x: sink.error(s, x, source, lineno), st)
                    if r is _FAILED:
                        continue
                except Exception as exc:
                    st.errors[sig.id] = st.errors.get(sig.id, 0) + 1
                    sink.error(sig, exc, source, lineno)
                    continue
                if r is UNDEF:  # no finding: the common case first
                    continue
                if r is True or r.__class__ is dict:
                    st.findings[sig.id] = st.findings.get(sig.id, 0) + 1
                    sink.finding(sig, None if r is True else r, read, source, lineno)
                elif r is not None and r is not False:
                    st.errors[sig.id] = st.errors.get(sig.id, 0) + 1
                    sink.error(sig, _bad_value(sig, r), source, lineno)
        st.events += events
        st.dispatched += dispatched
        st.matches += matches
        st.skipped += skipped
        return lineno


class _Entry:
    """The signatures of one event kind run through the generated package's
    entry point for it (``ENTRIES`` of the package, made by
    compiler/entries.py): ``fn(event, ctx)`` returns [(index in ``pairs``,
    value or Raised), ...] for the signatures whose outcome is not
    undefined. ``pairs`` are the (signature, match) pairs dispatch would
    call one by one."""

    __slots__ = ("fn", "pairs")

    def __init__(self, fn, pairs: tuple):
        self.fn = fn
        self.pairs = pairs

    def __len__(self) -> int:
        return len(self.pairs)


def _entry_outcomes(entry: _Entry, res, event, st, found, failed) -> None:
    """Report what an entry point returned, in the signatures' order, as
    the engine reports a match called alone: ``found(sig, data)``,
    ``failed(sig, error)`` (a RecursionError: the signature again on a
    deep stack)."""
    pairs = entry.pairs
    for i, r in res:
        sig = pairs[i][0]
        if r.__class__ is Raised:
            exc = r.error
            if not isinstance(exc, RecursionError):
                failed(sig, exc)
                continue
            # a deeply nested event: the signature again on a deep stack
            r = _deep_match(sig, event, lambda s, e, x: failed(s, x), _NoCount())
            if r is _FAILED or r is None:
                continue
        if r is True or r.__class__ is dict:
            found(sig, None if r is True else r)
        elif r is not None and r is not False and r is not UNDEF:
            failed(sig, _bad_value(sig, r))


class _NoCount:
    """Stats that _deep_match counts into when the caller counts itself."""

    __slots__ = ("errors",)

    def __init__(self):
        self.errors: dict = {}


def _entry_for(name: str, origin: str, pairs: tuple):
    """The entry point of the generated package for (name, origin) when it
    runs exactly ``pairs``: the same signatures, in the same order, each
    called through its generated rule itself; else None."""
    if not pairs:
        return None
    first = pairs[0][0]
    root = _package_of(first)
    entries = getattr(root, "ENTRIES", None)
    if entries.__class__ is not dict:
        return None
    found = entries.get((name, origin))
    if found is None:
        return None
    fn, packages = found
    if len(packages) != len(pairs):
        return None
    modules = getattr(root, "_MODULES", None) or {}
    for (sig, match), package in zip(pairs, packages):
        module = modules.get(package)
        if sig.package != package or module is None or match is not sig.rule or sig.rule is not getattr(
            module, "tracee_match", None
        ):
            return None
    return fn


def _package_of(sig: Signature):
    """The generated package (its __init__ module) the rule of ``sig`` comes from, or None."""
    name = getattr(getattr(sig, "rule", None), "__module__", None)
    if not isinstance(name, str):
        return None
    parts = name.split(".")
    for n in range(len(parts) - 1, 0, -1):
        mod = sys.modules.get(".".join(parts[:n]))
        if mod is not None and hasattr(mod, "ENTRIES") and hasattr(mod, "_MODULES"):
            return mod
    return None


_FCACHE_USERS: dict[str, bool] = {}


def _uses_function_cache(rule) -> bool:
    """Whether the generated package of ``rule`` calls functions through OPA's
    cache of function values (``_fcached``/``_fbound``, in any of its modules)."""
    root = (getattr(rule, "__module__", None) or "").split(".")[0]
    key = f"{root}@{id(sys.modules.get(root))}"  # a package loaded again is asked again
    known = _FCACHE_USERS.get(key)
    if known is None:
        known = any(
            (name == root or name.startswith(root + ".")) and mod is not None
            and ("_fcached" in vars(mod) or "_fbound" in vars(mod))
            for name, mod in list(sys.modules.items())
        ) if root else False
        _FCACHE_USERS[key] = known
    return known


def _selectors(sig: Signature):
    """(name, origin) pairs of the selectors of ``sig`` that can match Tracee events."""
    sel = sig.selected_events
    if sel.__class__ is not list and sel.__class__ is not tuple:
        raise SignatureSetError(
            f"signature {sig.id} ({sig.package}): selected_events is "
            f"{type(sel).__name__}, not a list"
        )
    out = []
    for s in sel:
        where = f"signature {sig.id} ({sig.package}): selector {_show(s)}"
        if s.__class__ is not dict:
            raise SignatureSetError(f"{where} is not an object")
        for field in ("source", "name", "origin"):
            v = s.get(field)
            if v is not None and v.__class__ is not str:
                raise SignatureSetError(f"{where}: {field} is not a string")
        name = s.get("name")
        if not name:
            raise SignatureSetError(f"{where} has no event name (use \"*\" for any)")
        origin = s.get("origin") or ANY
        if origin != ANY and origin not in ORIGINS:
            raise SignatureSetError(
                f"{where}: unknown origin {origin!r} (expected {', '.join(ORIGINS)} or \"*\")"
            )
        source = s.get("source") or ANY
        if source != ANY and source != SOURCE:
            continue  # events of another source never come here
        out.append((name, origin))
    return out


def _show(v) -> str:
    try:
        return orjson.dumps(v).decode()
    except TypeError:
        return repr(v)
