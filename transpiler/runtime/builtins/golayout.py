"""Go's time layouts, as OPA's time builtins use them.

A port of Go's ``time`` package parts that OPA's answers depend on:
``nextStdChunk`` (reading a layout such as ``2006-01-02T15:04:05Z07:00``), the
calendar and ``Time.Format``; goparse.py has ``time.Parse`` and
``time.ParseDuration``. Go works on the bytes of UTF-8 strings, and so does
this module (layouts and values are encoded first), so that slicing, errors
and quoting agree with Go's byte for byte.

Times are ``(unix_ns, offset_s, zone_name)``: an instant and the zone it is
shown in. Calendar arithmetic is done on integers (no ``datetime`` range
limits), with the proleptic Gregorian calendar, as Go does.
"""

from __future__ import annotations

__all__ = ["GoTimeError", "format_time", "civil", "days_from_civil", "fields", "wall_ns", "LAYOUT_NAMES"]


class GoTimeError(Exception):
    """An error of Go's time package; ``str()`` is Go's text."""


LAYOUT_NAMES = {  # the constants OPA's time.format accepts by name
    "ANSIC": "Mon Jan _2 15:04:05 2006",
    "UnixDate": "Mon Jan _2 15:04:05 MST 2006",
    "RubyDate": "Mon Jan 02 15:04:05 -0700 2006",
    "RFC822": "02 Jan 06 15:04 MST",
    "RFC822Z": "02 Jan 06 15:04 -0700",
    "RFC850": "Monday, 02-Jan-06 15:04:05 MST",
    "RFC1123": "Mon, 02 Jan 2006 15:04:05 MST",
    "RFC1123Z": "Mon, 02 Jan 2006 15:04:05 -0700",
    "RFC3339": "2006-01-02T15:04:05Z07:00",
    "RFC3339Nano": "2006-01-02T15:04:05.999999999Z07:00",
}

LONG_DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
LONG_MONTHS = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]
_SHORT_DAYS = [d[:3] for d in LONG_DAYS]
_SHORT_MONTHS = [m[:3] for m in LONG_MONTHS]

# the chunks of a layout (Go's std* constants)
(LONG_MONTH, MONTH, NUM_MONTH, ZERO_MONTH, LONG_WEEKDAY, WEEKDAY, DAY, UNDER_DAY, ZERO_DAY,
 UNDER_YEARDAY, ZERO_YEARDAY, HOUR, HOUR12, ZERO_HOUR12, MINUTE, ZERO_MINUTE, SECOND, ZERO_SECOND,
 LONG_YEAR, YEAR, PM_UPPER, PM_LOWER, TZ, ISO_TZ, ISO_SECONDS_TZ, ISO_SHORT_TZ, ISO_COLON_TZ,
 ISO_COLON_SECONDS_TZ, NUM_TZ, NUM_SECONDS_TZ, NUM_SHORT_TZ, NUM_COLON_TZ, NUM_COLON_SECONDS_TZ,
 FRAC0, FRAC9) = range(1, 36)
_STD0X = [ZERO_MONTH, ZERO_DAY, ZERO_HOUR12, ZERO_MINUTE, ZERO_SECOND, YEAR]
_TZ_FORMS = [  # (prefix after '-' or 'Z', numeric chunk, ISO 8601 chunk), longest first as Go tries them
    (b"070000", NUM_SECONDS_TZ, ISO_SECONDS_TZ),
    (b"07:00:00", NUM_COLON_SECONDS_TZ, ISO_COLON_SECONDS_TZ),
    (b"0700", NUM_TZ, ISO_TZ),
    (b"07:00", NUM_COLON_TZ, ISO_COLON_TZ),
    (b"07", NUM_SHORT_TZ, ISO_SHORT_TZ),
]
_ISO = {ISO_TZ, ISO_SECONDS_TZ, ISO_SHORT_TZ, ISO_COLON_TZ, ISO_COLON_SECONDS_TZ}


def _digit(s: bytes, i: int) -> bool:
    return i < len(s) and 48 <= s[i] <= 57


def next_chunk(layout: bytes):
    """Go's nextStdChunk: (prefix, chunk, suffix); chunk 0 when none is left.
    A fractional-seconds chunk is (FRAC0 or FRAC9, digits, separator)."""
    n = len(layout)
    for i in range(n):
        c = layout[i]
        rest = layout[i:]
        if c == 0x4A:  # J
            if rest.startswith(b"Jan"):
                if rest.startswith(b"January"):
                    return layout[:i], LONG_MONTH, layout[i + 7:]
                if not (len(rest) > 3 and 0x61 <= rest[3] <= 0x7A):
                    return layout[:i], MONTH, layout[i + 3:]
        elif c == 0x4D:  # M
            if rest.startswith(b"Mon"):
                if rest.startswith(b"Monday"):
                    return layout[:i], LONG_WEEKDAY, layout[i + 6:]
                if not (len(rest) > 3 and 0x61 <= rest[3] <= 0x7A):
                    return layout[:i], WEEKDAY, layout[i + 3:]
            if rest.startswith(b"MST"):
                return layout[:i], TZ, layout[i + 3:]
        elif c == 0x30:  # 0
            if len(rest) >= 2 and 0x31 <= rest[1] <= 0x36:
                return layout[:i], _STD0X[rest[1] - 0x31], layout[i + 2:]
            if rest.startswith(b"002"):
                return layout[:i], ZERO_YEARDAY, layout[i + 3:]
        elif c == 0x31:  # 1
            if len(rest) >= 2 and rest[1] == 0x35:
                return layout[:i], HOUR, layout[i + 2:]
            return layout[:i], NUM_MONTH, layout[i + 1:]
        elif c == 0x32:  # 2
            if rest.startswith(b"2006"):
                return layout[:i], LONG_YEAR, layout[i + 4:]
            return layout[:i], DAY, layout[i + 1:]
        elif c == 0x5F:  # _
            if len(rest) >= 2 and rest[1] == 0x32:
                if rest[1:5] == b"2006":  # a literal _ then the year
                    return layout[: i + 1], LONG_YEAR, layout[i + 5:]
                return layout[:i], UNDER_DAY, layout[i + 2:]
            if rest.startswith(b"__2"):
                return layout[:i], UNDER_YEARDAY, layout[i + 3:]
        elif c == 0x33:
            return layout[:i], HOUR12, layout[i + 1:]
        elif c == 0x34:
            return layout[:i], MINUTE, layout[i + 1:]
        elif c == 0x35:
            return layout[:i], SECOND, layout[i + 1:]
        elif c == 0x50:  # PM
            if len(rest) >= 2 and rest[1] == 0x4D:
                return layout[:i], PM_UPPER, layout[i + 2:]
        elif c == 0x70:  # pm
            if len(rest) >= 2 and rest[1] == 0x6D:
                return layout[:i], PM_LOWER, layout[i + 2:]
        elif c == 0x2D or c == 0x5A:  # - or Z
            for form, num, iso in _TZ_FORMS:
                if rest[1:].startswith(form):
                    return layout[:i], (num if c == 0x2D else iso), layout[i + 1 + len(form):]
        elif c == 0x2E or c == 0x2C:  # . or ,
            if len(rest) >= 2 and rest[1] in (0x30, 0x39):
                ch = rest[1]
                j = i + 1
                while j < n and layout[j] == ch:
                    j += 1
                if not _digit(layout, j):
                    return layout[:i], (FRAC0 if ch == 0x30 else FRAC9, j - (i + 1), c), layout[j:]
    return layout, 0, b""


# -- calendar ------------------------------------------------------------------------

def days_from_civil(y: int, m: int, d: int) -> int:
    """Days since 1970-01-01 of a proleptic Gregorian date (m in 1..12)."""
    y -= m <= 2
    era = y // 400
    yoe = y - era * 400
    doy = (153 * (m + (-3 if m > 2 else 9)) + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def civil(days: int):
    """(year, month, day) of a day number since 1970-01-01."""
    z = days + 719468
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    y = yoe + era * 400
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = mp + (3 if mp < 10 else -9)
    return y + (m <= 2), m, d


def is_leap(y: int) -> bool:
    return y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)


def days_in(month: int, year: int) -> int:
    if month == 2:
        return 29 if is_leap(year) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def wall_ns(year, month, day, hour, minute, sec, nsec) -> int:
    """Go's Date normalisation, as ns since the epoch of a wall clock read as UTC."""
    year += (month - 1) // 12
    month = (month - 1) % 12 + 1
    days = days_from_civil(year, month, 1) + day - 1
    return ((days * 24 + hour) * 60 + minute) * 60 * 10**9 + sec * 10**9 + nsec


def fields(unix_ns: int, offset: int):
    """Broken-down wall clock: (year, month, day, hour, min, sec, nsec, weekday, yday)."""
    local = unix_ns + offset * 10**9
    secs, nsec = divmod(local, 10**9)
    days, sod = divmod(secs, 86400)
    y, m, d = civil(days)
    yday = days - days_from_civil(y, 1, 1) + 1
    weekday = (days + 4) % 7  # 1970-01-01 was a Thursday
    return y, m, d, sod // 3600, sod // 60 % 60, sod % 60, nsec, weekday, yday


# -- formatting ----------------------------------------------------------------------

def _int(x: int, width: int) -> str:
    s = str(abs(x)).rjust(width, "0")
    return "-" + s if x < 0 else s


def format_time(unix_ns: int, offset: int, zone: str, layout: str) -> str:
    """Go's ``Time.Format``."""
    y, mo, d, h, mi, s, ns, wd, yd = fields(unix_ns, offset)
    out = []
    rest = layout.encode()
    while rest:
        prefix, std, rest = next_chunk(rest)
        out.append(prefix.decode("utf-8", "surrogateescape"))
        if std == 0:
            break
        if isinstance(std, tuple):
            kind, digits, sep = std
            trim = kind == FRAC9
            if trim and (digits == 0 or ns == 0):
                continue
            frac = str(ns).rjust(9, "0")
            if digits < 9:
                frac = frac[:digits]
            if trim:
                frac = frac.rstrip("0")
                if not frac:
                    continue
            out.append(chr(sep) + frac)
            continue
        out.append(_format_chunk(std, y, mo, d, h, mi, s, wd, yd, offset, zone))
    return "".join(out).encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _format_chunk(std, y, mo, d, h, mi, s, wd, yd, offset, zone) -> str:
    if std == YEAR:
        return _int(y % 100, 2)
    if std == LONG_YEAR:
        return _int(y, 4)
    if std == MONTH:
        return _SHORT_MONTHS[mo - 1]
    if std == LONG_MONTH:
        return LONG_MONTHS[mo - 1]
    if std == NUM_MONTH:
        return str(mo)
    if std == ZERO_MONTH:
        return _int(mo, 2)
    if std == WEEKDAY:
        return _SHORT_DAYS[wd]
    if std == LONG_WEEKDAY:
        return LONG_DAYS[wd]
    if std == DAY:
        return str(d)
    if std == UNDER_DAY:
        return (" " if d < 10 else "") + str(d)
    if std == ZERO_DAY:
        return _int(d, 2)
    if std == UNDER_YEARDAY:
        return str(yd).rjust(3)
    if std == ZERO_YEARDAY:
        return _int(yd, 3)
    if std == HOUR:
        return _int(h, 2)
    if std in (HOUR12, ZERO_HOUR12):
        hr = h % 12 or 12
        return _int(hr, 2) if std == ZERO_HOUR12 else str(hr)
    if std == MINUTE:
        return str(mi)
    if std == ZERO_MINUTE:
        return _int(mi, 2)
    if std == SECOND:
        return str(s)
    if std == ZERO_SECOND:
        return _int(s, 2)
    if std in (PM_UPPER, PM_LOWER):
        t = "PM" if h >= 12 else "AM"
        return t if std == PM_UPPER else t.lower()
    if std == TZ:
        if zone:
            return zone
        z = offset // 60 if offset >= 0 else -(-offset // 60)
        sign = "-" if z < 0 else "+"
        z = abs(z)
        return sign + _int(z // 60, 2) + _int(z % 60, 2)
    # numeric zones
    if std in _ISO and offset == 0:
        return "Z"
    zone_min = int(offset / 60)
    absoff = offset
    sign = "+"
    if zone_min < 0:
        sign, zone_min, absoff = "-", -zone_min, -offset
    out = sign + _int(zone_min // 60, 2)
    colon = std in (ISO_COLON_TZ, NUM_COLON_TZ, ISO_COLON_SECONDS_TZ, NUM_COLON_SECONDS_TZ)
    if colon:
        out += ":"
    if std not in (NUM_SHORT_TZ, ISO_SHORT_TZ):
        out += _int(zone_min % 60, 2)
    if std in (ISO_SECONDS_TZ, NUM_SECONDS_TZ, NUM_COLON_SECONDS_TZ, ISO_COLON_SECONDS_TZ):
        if std in (NUM_COLON_SECONDS_TZ, ISO_COLON_SECONDS_TZ):
            out += ":"
        out += _int(absoff % 60, 2)
    return out
