"""Go's time layouts and durations, as OPA's time builtins use them.

A port of Go's ``time`` package parts that OPA's answers depend on:
``nextStdChunk`` (reading a layout such as ``2006-01-02T15:04:05Z07:00``),
``Time.Format``, ``time.Parse`` (with its error texts) and
``time.ParseDuration``. Go works on the bytes of UTF-8 strings, and so does
this module (layouts and values are encoded first), so that slicing, errors
and quoting agree with Go's byte for byte.

Times are ``(unix_ns, offset_s, zone_name)``: an instant and the zone it is
shown in. Calendar arithmetic is done on integers (no ``datetime`` range
limits), with the proleptic Gregorian calendar, as Go does.
"""

from __future__ import annotations

__all__ = [
    "GoTimeError", "format_time", "parse_time", "parse_duration", "civil", "days_from_civil",
    "LAYOUT_NAMES", "go_quote",
]


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


# -- parsing -------------------------------------------------------------------------

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
