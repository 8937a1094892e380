"""time.* builtins, as OPA's topdown/time.go computes them.

Times are ns since the epoch, within int64 (1677..2262). A time operand is
``ns``, ``[ns, tz]`` or ``[ns, tz, layout]`` (OPA's ``tzTime``): ``tz`` is an
IANA zone name (zoneinfo, with the ``tzdata`` package when the system has no
zone files), ``""``/``"UTC"`` for UTC or ``"Local"``; the layout is Go's
(``golayout.py``) or one of Go's layout names (``RFC3339``...).
``time.now_ns`` is the evaluation's clock (one value per evaluation).
"""

from __future__ import annotations

import datetime as _dt
import functools

from ..errors import BuiltinError, type_error
from ..values import Num
from .golayout import LAYOUT_NAMES, LONG_DAYS, GoTimeError, days_in, fields, format_time, wall_ns
from .goparse import parse_duration, parse_time
from .numbers import is_int_big, to_big, trunc_big
from .strings import check_int

__all__ = ["FUNCTIONS", "CONTEXT_FUNCTIONS"]

_MIN_NS, _MAX_NS = -(1 << 63), (1 << 63) - 1
_TZ_WANT = "either number (ns) or [number (ns), string (tz)]"


class _Zone:
    """A time zone: its offset and abbreviation at an instant."""

    def __init__(self, info):
        self.info = info  # a tzinfo, or None for UTC

    def at(self, unix_ns: int):
        if self.info is None:
            return 0, "UTC"
        secs = unix_ns // 10**9
        try:
            d = _dt.datetime.fromtimestamp(secs, self.info)
        except (OverflowError, OSError, ValueError):
            d = _dt.datetime.fromtimestamp(max(min(secs, 253402300799), -62135596800), self.info)
        off = d.utcoffset()
        return int(off.total_seconds()) if off is not None else 0, d.tzname() or ""


_UTC = _Zone(None)


@functools.lru_cache(maxsize=256)
def _load_zone(name: str) -> _Zone:
    """Go's time.LoadLocation (names it refuses, the texts of its errors)."""
    if name in ("", "UTC"):
        return _UTC
    if name == "Local":
        return _Zone(_dt.datetime.now().astimezone().tzinfo)
    if ".." in name or name[0] in "/\\":
        raise BuiltinError("time: invalid location name")
    import zoneinfo

    try:
        return _Zone(zoneinfo.ZoneInfo(name))
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        raise BuiltinError("unknown time zone " + name) from None


def _fn_error(fn: str, exc: Exception):
    return BuiltinError(f"{fn}: {exc}")


def _ns_of(fn: str, v) -> int:
    """The ns of a number operand, read as OPA does (its text rounded to a
    64-bit big.Float): "timestamp too big" unless that is an int64."""
    if v.__class__ is not int:
        x = to_big(v)
        if not is_int_big(x):
            raise BuiltinError(f"{fn}: timestamp too big")
        v = trunc_big(x)
    if not _MIN_NS <= v <= _MAX_NS:
        raise BuiltinError(f"{fn}: timestamp too big")
    return v


def _is_number(v) -> bool:
    c = v.__class__
    return c is int or c is float or c is Num


def _tz_time(fn: str, a):
    """OPA's tzTime: (ns, zone, layout)."""
    layout = LAYOUT_NAMES["RFC3339Nano"]
    zone = _UTC
    if a.__class__ is list:
        if not a:
            raise type_error(fn, 1, _TZ_WANT, a)
        n = a[0]
        if not _is_number(n):
            raise type_error(fn, 1, "number", n)
        if len(a) > 1:
            tz = a[1]
            if tz.__class__ is not str:
                raise type_error(fn, 1, "string", tz)
            try:
                zone = _load_zone(tz)
            except BuiltinError as exc:
                raise BuiltinError(f"{fn}: {exc.message}") from None
        if len(a) > 2:
            lay = a[2]
            if lay.__class__ is not str:
                raise type_error(fn, 1, "string", lay)
            layout = LAYOUT_NAMES.get(lay, lay) or layout  # "" is the default
    elif _is_number(a):
        n = a
    else:
        raise type_error(fn, 1, _TZ_WANT, a)
    return _ns_of(fn, n), zone, layout


def _safe_ns(fn: str, ns: int) -> int:
    if not _MIN_NS <= ns <= _MAX_NS:
        raise BuiltinError(f"{fn}: time outside of valid range")
    return ns


def _string(fn: str, pos: int, v) -> str:
    if v.__class__ is not str:
        raise type_error(fn, pos, "string", v)
    return v


def _now_ns(ev):
    return ev.now_ns()


def _parse_ns(layout, value):
    _string("time.parse_ns", 1, layout)
    _string("time.parse_ns", 2, value)
    try:
        ns = parse_time(LAYOUT_NAMES.get(layout, layout), value)
    except GoTimeError as exc:
        raise _fn_error("time.parse_ns", exc) from None
    return _safe_ns("time.parse_ns", ns)


def _parse_rfc3339_ns(value):
    _string("time.parse_rfc3339_ns", 1, value)
    try:
        ns = parse_time(LAYOUT_NAMES["RFC3339"], value)
    except GoTimeError as exc:
        raise _fn_error("time.parse_rfc3339_ns", exc) from None
    return _safe_ns("time.parse_rfc3339_ns", ns)


def _parse_duration_ns(value):
    _string("time.parse_duration_ns", 1, value)
    try:
        return parse_duration(value)
    except GoTimeError as exc:
        raise _fn_error("time.parse_duration_ns", exc) from None


def _fields(fn, a):
    ns, zone, _ = _tz_time(fn, a)
    off, _ = zone.at(ns)
    return fields(ns, off)


def _date(a):
    y, m, d, *_ = _fields("time.date", a)
    return [y, m, d]


def _clock(a):
    f = _fields("time.clock", a)
    return [f[3], f[4], f[5]]


def _weekday(a):
    return LONG_DAYS[_fields("time.weekday", a)[7]]


def _format(a):
    ns, zone, layout = _tz_time("time.format", a)
    off, name = zone.at(ns)
    return format_time(ns, off, name, layout)


def _int_operand(fn: str, pos: int, v) -> int:
    if not _is_number(v):
        raise type_error(fn, pos, "number", v)
    return check_int(fn, pos, v)


def _local_to_utc(zone: _Zone, wall: int) -> int:
    """Go's Date: the instant of a wall clock in ``zone``."""
    off, _ = zone.at(wall)
    if off:
        utc = wall - off * 10**9
        off2, _ = zone.at(utc)
        if off2 != off:
            off = off2
        wall -= off * 10**9
    return wall


def _add_date(a, years, months, days):
    fn = "time.add_date"
    ns, zone, _ = _tz_time(fn, a)
    years = _int_operand(fn, 2, years)
    months = _int_operand(fn, 3, months)
    days = _int_operand(fn, 4, days)
    off, _ = zone.at(ns)
    y, m, d, hh, mm, ss, nsec, _, _ = fields(ns, off)
    wall = wall_ns(y + years, m + months, d + days, hh, mm, ss, nsec)
    return _safe_ns(fn, _local_to_utc(zone, wall))


def _diff(a, b):
    fn = "time.diff"
    n1, z1, _ = _tz_time(fn, a)
    n2, _, _ = _tz_time(fn, b)
    if n1 > n2:
        n1, n2 = n2, n1
    o1, _ = z1.at(n1)
    o2, _ = z1.at(n2)  # t2 in t1's zone
    y1, m1, d1, h1, mi1, s1, *_ = fields(n1, o1)
    y2, m2, d2, h2, mi2, s2, *_ = fields(n2, o2)
    year, month, day = y2 - y1, m2 - m1, d2 - d1
    hour, minute, second = h2 - h1, mi2 - mi1, s2 - s1
    if second < 0:
        second += 60
        minute -= 1
    if minute < 0:
        minute += 60
        hour -= 1
    if hour < 0:
        hour += 24
        day -= 1
    if day < 0:
        day += days_in(m1, y1)  # Go: 32 - Date(y1, M1, 32).Day()
        month -= 1
    if month < 0:
        month += 12
        year -= 1
    return [year, month, day, hour, minute, second]


FUNCTIONS = {
    "time.parse_ns": (_parse_ns, 2),
    "time.parse_rfc3339_ns": (_parse_rfc3339_ns, 1),
    "time.parse_duration_ns": (_parse_duration_ns, 1),
    "time.date": (_date, 1),
    "time.clock": (_clock, 1),
    "time.weekday": (_weekday, 1),
    "time.format": (_format, 1),
    "time.add_date": (_add_date, 4),
    "time.diff": (_diff, 2),
}

CONTEXT_FUNCTIONS = {
    "time.now_ns": (_now_ns, 0),
}

