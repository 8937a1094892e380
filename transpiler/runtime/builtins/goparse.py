"""Go's ``time.Parse`` (with its error texts) and ``time.ParseDuration``, on
the bytes of UTF-8 strings as Go reads them; layouts are read with
golayout.next_chunk."""

from __future__ import annotations

from .golayout import (
    DAY,
    FRAC0,
    FRAC9,
    GoTimeError,
    HOUR,
    HOUR12,
    ISO_COLON_SECONDS_TZ,
    ISO_COLON_TZ,
    ISO_SECONDS_TZ,
    ISO_SHORT_TZ,
    LONG_DAYS,
    LONG_MONTH,
    LONG_MONTHS,
    LONG_WEEKDAY,
    LONG_YEAR,
    MINUTE,
    MONTH,
    NUM_COLON_SECONDS_TZ,
    NUM_COLON_TZ,
    NUM_MONTH,
    NUM_SECONDS_TZ,
    NUM_SHORT_TZ,
    NUM_TZ,
    PM_LOWER,
    PM_UPPER,
    SECOND,
    TZ,
    UNDER_DAY,
    UNDER_YEARDAY,
    WEEKDAY,
    YEAR,
    ZERO_DAY,
    ZERO_HOUR12,
    ZERO_MINUTE,
    ZERO_MONTH,
    ZERO_SECOND,
    ZERO_YEARDAY,
    _ISO,
    _SHORT_DAYS,
    _SHORT_MONTHS,
    _digit,
    days_in,
    is_leap,
    next_chunk,
    wall_ns,
)

__all__ = ["parse_time", "parse_duration", "go_quote"]


_LOWER_HEX = "0123456789abcdef"


def go_quote(b: bytes) -> str:
    """Go's time.quote: double quotes, \\xNN for control and non-ASCII bytes."""
    out = ['"']
    for c in b:
        if c >= 0x80 or c < 0x20:
            out.append("\\x" + _LOWER_HEX[c >> 4] + _LOWER_HEX[c & 15])
        else:
            if c in (0x22, 0x5C):
                out.append("\\")
            out.append(chr(c))
    out.append('"')
    return "".join(out)


class _Bad(Exception):
    pass


class _LeadingIntError(Exception):
    pass


def _leading_int(s: bytes):
    x = 0
    i = 0
    while i < len(s) and 48 <= s[i] <= 57:
        if x > (1 << 63) // 10:
            raise _LeadingIntError
        x = x * 10 + s[i] - 48
        if x > 1 << 63:
            raise _LeadingIntError
        i += 1
    return x, s[i:]


def _atoi(s: bytes) -> int:
    neg = False
    if s and s[0] in (0x2D, 0x2B):
        neg = s[0] == 0x2D
        s = s[1:]
    try:
        q, rem = _leading_int(s)
    except _LeadingIntError:
        raise _Bad from None
    if rem:
        raise _Bad
    return -q if neg else q


def _getnum(s: bytes, fixed: bool):
    if not _digit(s, 0):
        raise _Bad
    if not _digit(s, 1):
        if fixed:
            raise _Bad
        return s[0] - 48, s[1:]
    return (s[0] - 48) * 10 + s[1] - 48, s[2:]


def _getnum3(s: bytes, fixed: bool):
    n = i = 0
    while i < 3 and _digit(s, i):
        n = n * 10 + s[i] - 48
        i += 1
    if i == 0 or fixed and i != 3:
        raise _Bad
    return n, s[i:]


def _lookup(tab, val: bytes):
    for i, v in enumerate(tab):
        v = v.encode()
        if len(val) >= len(v) and val[: len(v)].lower() == v.lower():
            return i, val[len(v):]
    raise _Bad


def _skip(value: bytes, prefix: bytes) -> bytes:
    while prefix:
        if prefix[0] == 0x20:
            if value and value[0] != 0x20:
                raise _Bad
            prefix = prefix.lstrip(b" ")
            value = value.lstrip(b" ")
            continue
        if not value or value[0] != prefix[0]:
            raise _Bad
        prefix, value = prefix[1:], value[1:]
    return value


def _nanoseconds(value: bytes, nbytes: int):
    """(ns, range error or "")."""
    if value[0] not in (0x2E, 0x2C):
        raise _Bad
    if nbytes > 10:
        value, nbytes = value[:10], 10
    ns = _atoi(value[1:nbytes])
    if ns < 0:
        return 0, "fractional second"
    return ns * 10 ** (10 - nbytes), ""


def _signed_offset(value: bytes) -> int:
    if value[0] not in (0x2D, 0x2B):
        return 0
    try:
        x, rem = _leading_int(value[1:])
    except _LeadingIntError:
        return 0
    if value[1:] == rem or x > 12:
        return 0
    return len(value) - len(rem)


def _time_zone(value: bytes):
    """Go's parseTimeZone: (length, ok)."""
    if len(value) < 3:
        return 0, False
    if value[:4] in (b"ChST", b"MeST"):
        return 4, True
    if value[:3] == b"GMT":
        return 3 + (_signed_offset(value[3:]) if len(value) > 3 else 0), True
    if value[0] in (0x2B, 0x2D):
        n = _signed_offset(value)
        return n, n > 0
    upper = 0
    while upper < 6 and upper < len(value) and 0x41 <= value[upper] <= 0x5A:
        upper += 1
    if upper == 5 and value[4] == 0x54:
        return 5, True
    if upper == 4 and (value[3] == 0x54 or value[:4] == b"WITA"):
        return 4, True
    if upper == 3:
        return 3, True
    return 0, False


def _parse_error(layout: bytes, value: bytes, layout_elem: bytes, value_elem: bytes, message: str = ""):
    if message:
        return GoTimeError("parsing time " + go_quote(value) + message)
    return GoTimeError(
        "parsing time " + go_quote(value) + " as " + go_quote(layout) + ": cannot parse "
        + go_quote(value_elem) + " as " + go_quote(layout_elem)
    )


def parse_time(layout_s: str, value_s: str) -> int:
    """Go's ``time.Parse`` (local zone UTC): ns since the epoch (unbounded int)."""
    alayout = layout = layout_s.encode()
    avalue = value = value_s.encode()
    am = pm = False
    year, month, day, yday = 0, -1, -1, -1
    hour = minute = sec = nsec = 0
    utc = False
    zone_offset = None
    while True:
        prefix, std, suffix = next_chunk(layout)
        stdstr = layout[len(prefix): len(layout) - len(suffix)]
        try:
            value = _skip(value, prefix)
        except _Bad:
            raise _parse_error(alayout, avalue, prefix, value) from None
        if std == 0:
            if value:
                raise _parse_error(alayout, avalue, b"", value, ": extra text: " + go_quote(value))
            break
        layout = suffix
        hold = value
        range_err = ""
        try:
            kind = std[0] if isinstance(std, tuple) else std
            if kind == YEAR:
                if len(value) < 2:
                    raise _Bad
                p, value = value[:2], value[2:]
                year = _atoi(p)
                year += 1900 if year >= 69 else 2000
            elif kind == LONG_YEAR:
                if len(value) < 4 or not _digit(value, 0):
                    raise _Bad
                p, value = value[:4], value[4:]
                year = _atoi(p)
            elif kind in (MONTH, LONG_MONTH):
                month, value = _lookup(_SHORT_MONTHS if kind == MONTH else LONG_MONTHS, value)
                month += 1
            elif kind in (NUM_MONTH, ZERO_MONTH):
                month, value = _getnum(value, kind == ZERO_MONTH)
                if month <= 0 or month > 12:
                    range_err = "month"
            elif kind in (WEEKDAY, LONG_WEEKDAY):
                _, value = _lookup(_SHORT_DAYS if kind == WEEKDAY else LONG_DAYS, value)
            elif kind in (DAY, UNDER_DAY, ZERO_DAY):
                if kind == UNDER_DAY and value[:1] == b" ":
                    value = value[1:]
                day, value = _getnum(value, kind == ZERO_DAY)
            elif kind in (UNDER_YEARDAY, ZERO_YEARDAY):
                for _ in range(2):
                    if kind == UNDER_YEARDAY and value[:1] == b" ":
                        value = value[1:]
                yday, value = _getnum3(value, kind == ZERO_YEARDAY)
            elif kind == HOUR:
                hour, value = _getnum(value, False)
                if hour >= 24:
                    range_err = "hour"
            elif kind in (HOUR12, ZERO_HOUR12):
                hour, value = _getnum(value, kind == ZERO_HOUR12)
                if hour > 12:
                    range_err = "hour"
            elif kind in (MINUTE, ZERO_MINUTE):
                minute, value = _getnum(value, kind == ZERO_MINUTE)
                if minute >= 60:
                    range_err = "minute"
            elif kind in (SECOND, ZERO_SECOND):
                sec, value = _getnum(value, kind == ZERO_SECOND)
                if sec >= 60:
                    range_err = "second"
                elif len(value) >= 2 and value[0] in (0x2E, 0x2C) and _digit(value, 1):
                    _, nxt, _ = next_chunk(layout)
                    if not (isinstance(nxt, tuple)):
                        n = 2
                        while n < len(value) and _digit(value, n):
                            n += 1
                        nsec, range_err = _nanoseconds(value, n)
                        value = value[n:]
            elif kind in (PM_UPPER, PM_LOWER):
                if len(value) < 2:
                    raise _Bad
                p, value = value[:2], value[2:]
                if p == (b"PM" if kind == PM_UPPER else b"pm"):
                    pm = True
                elif p == (b"AM" if kind == PM_UPPER else b"am"):
                    am = True
                else:
                    raise _Bad
            elif kind in _ISO and value[:1] == b"Z":
                value = value[1:]
                utc = True
            elif kind in _ISO or kind in (NUM_TZ, NUM_SHORT_TZ, NUM_COLON_TZ, NUM_SECONDS_TZ, NUM_COLON_SECONDS_TZ):
                if kind in (ISO_COLON_TZ, NUM_COLON_TZ):
                    if len(value) < 6 or value[3] != 0x3A:
                        raise _Bad
                    sign, hh, mm, ss, value = value[:1], value[1:3], value[4:6], b"00", value[6:]
                elif kind in (NUM_SHORT_TZ, ISO_SHORT_TZ):
                    if len(value) < 3:
                        raise _Bad
                    sign, hh, mm, ss, value = value[:1], value[1:3], b"00", b"00", value[3:]
                elif kind in (ISO_COLON_SECONDS_TZ, NUM_COLON_SECONDS_TZ):
                    if len(value) < 9 or value[3] != 0x3A or value[6] != 0x3A:
                        raise _Bad
                    sign, hh, mm, ss, value = value[:1], value[1:3], value[4:6], value[7:9], value[9:]
                elif kind in (ISO_SECONDS_TZ, NUM_SECONDS_TZ):
                    if len(value) < 7:
                        raise _Bad
                    sign, hh, mm, ss, value = value[:1], value[1:3], value[3:5], value[5:7], value[7:]
                else:
                    if len(value) < 5:
                        raise _Bad
                    sign, hh, mm, ss, value = value[:1], value[1:3], value[3:5], b"00", value[5:]
                hr, _ = _getnum(hh, True)
                mn, _ = _getnum(mm, True)
                sc, _ = _getnum(ss, True)
                if hr > 24:
                    range_err = "time zone offset hour"
                if mn > 60:
                    range_err = "time zone offset minute"
                if sc > 60:
                    range_err = "time zone offset second"
                zone_offset = (hr * 60 + mn) * 60 + sc
                if sign == b"-":
                    zone_offset = -zone_offset
                elif sign != b"+":
                    raise _Bad
            elif kind == TZ:
                if value[:3] == b"UTC":
                    utc = True
                    value = value[3:]
                else:
                    n, ok = _time_zone(value)
                    if not ok:
                        raise _Bad
                    value = value[n:]
            elif kind == FRAC0:
                ndigit = 1 + std[1]
                if len(value) < ndigit:
                    raise _Bad
                nsec, range_err = _nanoseconds(value, ndigit)
                value = value[ndigit:]
            elif kind == FRAC9:
                if len(value) >= 2 and value[0] in (0x2E, 0x2C) and 48 <= value[1] <= 57:
                    i = 0
                    while i + 1 < len(value) and 48 <= value[i + 1] <= 57:
                        i += 1
                    nsec, range_err = _nanoseconds(value, 1 + i)
                    value = value[1 + i:]
        except _Bad:
            if range_err:
                raise _parse_error(alayout, avalue, stdstr, value, f": {range_err} out of range") from None
            raise _parse_error(alayout, avalue, stdstr, hold) from None
        if range_err:
            raise _parse_error(alayout, avalue, stdstr, value, f": {range_err} out of range")
    if pm and hour < 12:
        hour += 12
    elif am and hour == 12:
        hour = 0
    if yday >= 0:
        m = d = 0
        if is_leap(year):
            if yday == 31 + 29:
                m, d = 2, 29
            elif yday > 31 + 29:
                yday -= 1
        if yday < 1 or yday > 365:
            raise _parse_error(alayout, avalue, b"", value, ": day-of-year out of range")
        if m == 0:
            before = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365]
            m = (yday - 1) // 31 + 1
            if before[m] < yday:
                m += 1
            d = yday - before[m - 1]
        if month >= 0 and month != m:
            raise _parse_error(alayout, avalue, b"", value, ": day-of-year does not match month")
        month = m
        if day >= 0 and day != d:
            raise _parse_error(alayout, avalue, b"", value, ": day-of-year does not match day")
        day = d
    else:
        if month < 0:
            month = 1
        if day < 0:
            day = 1
    if day < 1 or day > days_in(month, year):
        raise _parse_error(alayout, avalue, b"", value, ": day out of range")
    t = wall_ns(year, month, day, hour, minute, sec, nsec)
    if utc:
        return t
    if zone_offset is not None:
        return t - zone_offset * 10**9
    # a zone abbreviation the local zone (UTC) does not know gets a made-up zone
    # whose offset changes how the time is shown, not the instant
    return t


# -- durations -----------------------------------------------------------------------

_UNITS = {
    b"ns": 1, b"us": 1000, "µs".encode(): 1000, "μs".encode(): 1000, b"ms": 10**6,
    b"s": 10**9, b"m": 60 * 10**9, b"h": 3600 * 10**9,
}


def parse_duration(text: str) -> int:
    """Go's ``time.ParseDuration``, in ns."""
    orig = s = text.encode()
    invalid = GoTimeError("time: invalid duration " + go_quote(orig))
    neg = False
    if s and s[0] in (0x2D, 0x2B):
        neg = s[0] == 0x2D
        s = s[1:]
    if s == b"0":
        return 0
    if not s:
        raise invalid
    d = 0
    while s:
        if not (s[0] == 0x2E or 48 <= s[0] <= 57):
            raise invalid
        pl = len(s)
        try:
            v, s = _leading_int(s)
        except _LeadingIntError:
            raise invalid from None
        pre = pl != len(s)
        post = False
        f, scale = 0, 1.0
        if s and s[0] == 0x2E:
            s = s[1:]
            pl = len(s)
            overflow = False
            i = 0
            while i < len(s) and 48 <= s[i] <= 57:
                if not overflow:
                    if f > ((1 << 63) - 1) // 10:
                        overflow = True
                    else:
                        y = f * 10 + s[i] - 48
                        if y > 1 << 63:
                            overflow = True
                        else:
                            f = y
                            scale *= 10
                i += 1
            s = s[i:]
            post = pl != len(s)
        if not pre and not post:
            raise invalid
        i = 0
        while i < len(s) and not (s[i] == 0x2E or 48 <= s[i] <= 57):
            i += 1
        if i == 0:
            raise GoTimeError("time: missing unit in duration " + go_quote(orig))
        u, s = s[:i], s[i:]
        unit = _UNITS.get(u)
        if unit is None:
            raise GoTimeError("time: unknown unit " + go_quote(u) + " in duration " + go_quote(orig))
        if v > (1 << 63) // unit:
            raise invalid
        v *= unit
        if f > 0:
            v += int(float(f) * (float(unit) / scale))
            if v > 1 << 63:
                raise invalid
        d += v
        if d > 1 << 63:
            raise invalid
    if neg:
        return -d
    if d > (1 << 63) - 1:
        raise invalid
    return d
