"""How ``rego2py run`` writes a finding: JSON lines, readable text blocks or
a user's jinja2 template. Every field of the text format that comes from an
event or a signature is escaped (``engine.printable``)."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import orjson

from ..engine import Finding, printable
from ..runtime.deep import deep_call
from ..runtime.signature import Signature
from ..tracee.formats import from_main
from .report import UsageError


def make_renderer(spec: tuple):
    """A function Finding -> bytes for ("json",), ("text",), ("template", path)
    or ("template", path, text) (the template's text travels to Dask workers)."""
    kind = spec[0]
    if kind == "json":
        return JsonRenderer()
    if kind == "text":
        return render_text
    if kind == "template":
        return TemplateRenderer(*spec[1:])
    raise ValueError(f"unknown output format {kind!r}")


def _dumps(value) -> bytes:
    """Compact JSON; integers wider than 64 bits and values nested deeper
    than orjson writes (255 levels) go through the json module."""
    try:
        return orjson.dumps(value)
    except TypeError:  # wide integers, or nested beyond orjson's 255 levels
        return deep_call(_json_dumps, value)


def _json_dumps(value) -> bytes:
    import json

    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode()


def _data_json(data):
    """Finding data as OPA gives it (sets as sorted arrays, keys sorted)."""
    if data is None:
        return None
    from ..runtime.values import to_json

    try:
        return deep_call(to_json, data)
    except (TypeError, ValueError):
        return data


class JsonRenderer:
    """One JSON object per line: {"signature": metadata, "data": ...,
    "source": {"file": ..., "line": ...}, "event": ...} (``source``: where the
    event was read, left out for events that came from no file; the event is
    written as it was read)."""

    def __init__(self):
        self._meta: dict[int, tuple[Signature, bytes]] = {}

    def __call__(self, f: Finding) -> bytes:
        entry = self._meta.get(id(f.signature))
        if entry is None or entry[0] is not f.signature:
            entry = (f.signature, _dumps(_data_json(f.signature.metadata)))
            self._meta[id(f.signature)] = entry
        return b"".join(
            (
                b'{"signature":',
                entry[1],
                b',"data":',
                _dumps(_data_json(f.data)),
                b"" if f.source is None else b',"source":' + _dumps({"file": f.source, "line": f.line}),
                b',"event":',
                _dumps(f.event),
                b"}\n",
            )
        )


def format_time(ts) -> str:
    """A Tracee timestamp (nanoseconds since the epoch) in UTC, ISO 8601."""
    if ts.__class__ is not int or ts < 0:
        return "-" if ts is None else str(ts)
    secs, ns = divmod(ts, 1_000_000_000)
    try:
        day = datetime.fromtimestamp(secs, timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")
    except (OverflowError, OSError, ValueError):
        return str(ts)
    return f"{day}.{ns:09d}Z"


def _get(obj, *keys):
    for k in keys:
        if obj.__class__ is not dict:
            return None
        obj = obj.get(k)
    return obj


def render_text(f: Finding) -> bytes:
    """A readable block per finding."""
    meta = f.signature.metadata if f.signature.metadata.__class__ is dict else {}
    ev = f.event if f.event.__class__ is dict else {}
    if "eventName" not in ev and "name" in ev:  # Tracee's main-branch format: shown by its trace.Event fields
        ev = from_main(ev)
    severity = _get(meta, "properties", "Severity")
    if severity is None:
        severity = meta.get("severity", "-")
    proc = ev.get("processName") or "-"
    pid = ev.get("processId")
    host_pid = ev.get("hostProcessId")
    pids = []
    if pid is not None:
        pids.append(f"pid {pid}")
    if host_pid is not None and host_pid != pid:
        pids.append(f"host pid {host_pid}")
    if ev.get("userId") is not None:
        pids.append(f"uid {ev.get('userId')}")
    cid = _get(ev, "container", "id") or ev.get("containerId") or ""
    if cid:
        cname = _get(ev, "container", "name") or ""
        image = _get(ev, "container", "image") or ev.get("containerImage") or ""
        container = str(cid)[:12] + "".join(f" {x}" for x in (cname, image) if x)
    else:
        container = "host"
    where = f" ({f.source}:{f.line})" if f.source is not None else ""
    data = "-" if f.data is None else _dumps(_data_json(f.data)).decode()
    # every field from the event or the signature is escaped: a process or
    # container name cannot forge lines or send terminal escapes
    lines = [
        "*** Detection ***",
        f"Time:      {format_time(ev.get('timestamp'))}",
        f"Signature: {f.signature.id} ({f.signature.name})",
        f"Severity:  {severity}",
        f"Event:     {ev.get('eventName', '-')}{where}",
        f"Process:   {proc}" + (f" ({', '.join(pids)})" if pids else ""),
        f"Container: {container}",
        f"Data:      {data}",
    ]
    return ("\n".join(printable(x) for x in lines) + "\n\n").encode("utf-8", "replace")


class TemplateRenderer:
    """Renders each finding with a jinja2 template (imported only here).

    Variables: ``signature`` (the metadata), ``sig`` (the Signature),
    ``data``, ``event``, ``finding``, ``source``, ``line``; filter ``json``.
    A newline is added when the output does not end with one."""

    def __init__(self, path: str, text: str | None = None):
        try:
            import jinja2
        except ImportError:
            raise UsageError("--template needs jinja2 (pip install jinja2)") from None
        self.path = path
        p = Path(path)
        env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(p.parent)),
            autoescape=False,
            keep_trailing_newline=True,
        )
        env.filters["json"] = lambda v: _dumps(_data_json(v)).decode()
        try:
            self.template = env.get_template(p.name) if text is None else env.from_string(text)
        except jinja2.TemplateNotFound:
            raise UsageError(f"{path}: no such template file") from None
        except jinja2.TemplateSyntaxError as exc:
            raise UsageError(f"{path}:{exc.lineno}: template error: {exc.message}") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise UsageError(f"{path}: cannot read template: {exc}") from None

    def __call__(self, f: Finding) -> bytes:
        text = self.template.render(
            signature=f.signature.metadata,
            sig=f.signature,
            data=f.data,
            event=f.event,
            finding=f,
            source=f.source,
            line=f.line,
        )
        if not text.endswith("\n"):
            text += "\n"
        return text.encode("utf-8", "replace")
