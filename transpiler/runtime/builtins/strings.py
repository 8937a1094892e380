"""String builtins: concat, contains, indexof, lower/upper, replace, split,
substring, trim*, format_int, strings.*, sprintf, and the helper of
template strings (``$"...{x}..."``).

Strings are Python ``str`` (code points); OPA works on Go UTF-8 strings but
counts code points wherever an index or a length is visible (``indexof``,
``substring``, ``strings.count``), so the two agree. Case mapping and white
space follow Go's ``unicode`` package, not Python's (see ``_lower``).

Public helpers for the rest of the runtime and the code generator:

- ``template_string(parts)``: the value of a template string. ``parts`` is a
  sequence of literal text (``str``) and interpolated values (any Rego value
  or ``UNDEF``). A ``str`` part is copied as it is (a string value prints
  without quotes), ``UNDEF`` prints ``<undefined>``, any other value prints
  as OPA prints a term (``term_string``).
- ``term_string(v)``: OPA's text of a Rego value, as ``sprintf("%v")`` of a
  composite value and template strings show it: ``[1, "a"]``,
  ``{"a": null}``, ``set()``, strings quoted like Go's ``strconv.Quote``.
- ``go_quote(s)``: Go's ``strconv.Quote``.
- ``check_string(fn, pos, v)`` and friends: operand checks with OPA's wording.
"""

from __future__ import annotations

import re
import struct
from decimal import Decimal
from fractions import Fraction

from ..errors import BuiltinError, ConflictError, EvalTypeError, RegoRuntimeError
from ..values import UNDEF, Num, Set, int_text, obj_items, sort_key, sorted_values, type_name

__all__ = [
    "FUNCTIONS",
    "template_string",
    "term_string",
    "go_quote",
    "number_text",
    "check_string",
    "check_int",
]

_INT64_MIN = -(1 << 63)
_INT64_MAX = (1 << 63) - 1

# -- operand checks -------------------------------------------------------------


def check_string(fn: str, pos: int, v) -> str:
    if v.__class__ is str:
        return v
    raise EvalTypeError(f"{fn}: operand {pos} must be string but got {type_name(v)}")


def check_number(fn: str, pos: int, v):
    c = v.__class__
    if c is int or c is float or c is Num:
        return v
    raise EvalTypeError(f"{fn}: operand {pos} must be number but got {type_name(v)}")


def go_int(v):
    """The Go ``int`` OPA reads from the number ``v``, or None.

    OPA takes an integer from the number's text: an integer literal in int64
    range, or a decimal like ``3.0``. A float from JSON or arithmetic has the
    text Python's ``repr`` gives it, so integral floats below 1e16 (written
    without an exponent) count, larger ones (``1e+16``) do not.
    """
    if v.__class__ is int:
        return v if _INT64_MIN <= v <= _INT64_MAX else None
    if v.__class__ is Num:
        return _num_go_int(v)
    if v.is_integer() and abs(v) < 1e16:
        return int(v)
    return None


_GO_INT_TEXT = re.compile(r"[+-]?[0-9]+")


def _num_go_int(v):
    """go_int of a Num: an integer text (``+1``, ``007``), or an integral
    decimal written with a point and no exponent (``5.``, ``3.0``)."""
    t = v.text
    if _GO_INT_TEXT.fullmatch(t) or ("." in t and "e" not in t and "E" not in t and "_" not in t):
        d = v.d
        if d == d.to_integral_value() and _INT64_MIN <= d <= _INT64_MAX:
            return int(d)
    return None


def check_int(fn: str, pos: int, v) -> int:
    check_number(fn, pos, v)
    i = go_int(v)
    if i is None:
        raise EvalTypeError(f"{fn}: operand {pos} must be integer number but got floating-point number")
    return i


def _check_strings(fn: str, pos: int, coll, allowed: str) -> list:
    """The strings of an array or set operand (``allowed`` names the accepted types)."""
    c = coll.__class__
    if c is list:
        for x in coll:
            if x.__class__ is not str:
                raise EvalTypeError(
                    f"{fn}: operand {pos} must be array of strings but got array containing {type_name(x)}"
                )
        return coll
    if c is Set:
        items = list(coll)
        for x in items:
            if x.__class__ is not str:
                bad = next(y for y in sorted_values(items) if y.__class__ is not str)
                raise EvalTypeError(
                    f"{fn}: operand {pos} must be set of strings but got set containing {type_name(bad)}"
                )
        return items
    raise EvalTypeError(f"{fn}: operand {pos} must be one of {allowed} but got {type_name(coll)}")


# -- Go's unicode rules ---------------------------------------------------------------

# unicode.IsSpace: Latin-1 spaces (\t \n \v \f \r, space, U+0085, U+00A0) and
# the White_Space characters of category Z. Python's str.strip() also
# strips U+001C..U+001F, which Go keeps.
GO_SPACE = (
    "\t\n\v\f\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
    "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)


def _simple_map(c: str, full: str, fallback_title: bool) -> str:
    """Go maps case rune by rune (Unicode's simple mappings); Python's
    str.lower/upper use the full mappings, which may give several
    characters (``ß`` -> ``SS``, ``İ`` -> ``i̇``). For those few characters
    the simple mapping is the title case when that is one character (Greek
    letters with ypogegrammeni), else the first character when it is the
    only letter (``İ`` -> ``i``), else none."""
    if len(full) == 1:
        return full
    if fallback_title:
        t = c.title()
        if len(t) == 1:
            return t
        return c
    # lower: U+0130 (İ) lowers to "i" + combining dot; its simple lowercase is "i".
    return full[0] if c == "\u0130" else c


def _lower(s: str) -> str:
    r = s.lower()
    # Equal lengths: every character mapped to one character, as Go maps it,
    # unless Python applied its final-sigma rule (Go lowers Σ to σ always).
    if len(r) == len(s) and "\u03a3" not in s:
        return r
    return "".join([_simple_map(c, c.lower(), False) for c in s])


def _upper(s: str) -> str:
    r = s.upper()
    if len(r) == len(s):
        return r
    return "".join([_simple_map(c, c.upper(), True) for c in s])


# -- printing values as OPA does --------------------------------------------------------


def go_quote(s: str, ascii_only: bool = False, quote: str = '"') -> str:
    """Go's strconv.Quote (QuoteToASCII when ``ascii_only``; QuoteRune style
    when ``quote`` is ``'``)."""
    if s.isascii() and s.isprintable() and quote not in s and "\\" not in s:
        return quote + s + quote
    out = [quote]
    for c in s:
        o = ord(c)
        if c == quote or c == "\\":
            out.append("\\" + c)
        elif (o < 0x80 or not ascii_only) and c.isprintable() and not 0xD800 <= o <= 0xDFFF:
            out.append(c)
        elif c in _GO_ESCAPES:
            out.append(_GO_ESCAPES[c])
        elif o < 0x20 or o == 0x7F:
            out.append(f"\\x{o:02x}")
        elif 0xD800 <= o <= 0xDFFF:
            out.append("\\ufffd" if ascii_only else "\ufffd")
        elif o < 0x10000:
            out.append(f"\\u{o:04x}")
        else:
            out.append(f"\\U{o:08x}")
    out.append(quote)
    return "".join(out)


_GO_ESCAPES = {"\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v"}


def number_text(v) -> str:
    """The text of a number as OPA prints it in a term. Integers print in
    full; a float prints as the JSON text it came from (Python's ``repr``,
    which is what ``json.dumps`` writes: ``1.0``, ``1e+20``, ``0.1``)."""
    c = v.__class__
    if c is int:
        return int_text(v)
    if c is Num:
        return v.text
    return repr(v)


def term_string(v) -> str:
    """OPA's text of a Rego value (``ast.Term.String``)."""
    c = v.__class__
    if c is str:
        return go_quote(v)
    if c is int or c is float or c is Num:
        return number_text(v)
    if v is None:
        return "null"
    if c is bool:
        return "true" if v else "false"
    if c is list:
        return "[" + ", ".join([term_string(x) for x in v]) + "]"
    if c is dict:
        items = sorted(obj_items(v), key=lambda kv: sort_key(kv[0]))
        return "{" + ", ".join([f"{term_string(k)}: {term_string(x)}" for k, x in items]) + "}"
    if c is Set:
        if not len(v):
            return "set()"
        return "{" + ", ".join([term_string(x) for x in sorted_values(v)]) + "}"
    raise TypeError(f"term_string: not a Rego value: {type(v).__name__}")


def template_string(parts) -> str:
    """The value of ``$"..."``: literal text and values, concatenated.

    ``parts``: ``str`` parts are copied (literal text and string values alike),
    ``UNDEF`` prints ``<undefined>``, other values print as ``term_string``.
    This is OPA's ``internal.template_string`` over an array of parts.
    """
    out = []
    for p in parts:
        if p.__class__ is str:
            out.append(p)
        elif p is UNDEF:
            out.append("<undefined>")
        else:
            out.append(term_string(p))
    return "".join(out)


def _internal_template_string(parts):
    """OPA's ``internal.template_string``: OPA compiles each ``{expr}`` of a
    template string to the set of its values, so a part is literal text, an
    empty set (undefined), a one-element set (the value), or a scalar."""
    if parts.__class__ is not list:
        raise EvalTypeError(f"internal.template_string: operand 1 must be array but got {type_name(parts)}")
    out = []
    for p in parts:
        c = p.__class__
        if c is Set:
            if len(p) > 1:
                raise ConflictError("template-strings must not produce multiple outputs")
            p = next(iter(p), UNDEF)
        elif c is list or c is dict:
            raise RegoRuntimeError("eval_internal_error", f"illegal argument type: {type_name(p)}")
        out.append(p)
    return template_string(out)


# -- the builtins -------------------------------------------------------------------------


def concat(sep, coll):
    check_string("concat", 1, sep)
    items = _check_strings("concat", 2, coll, "{set, array}")
    if coll.__class__ is Set:
        items.sort()
    return sep.join(items)


def contains(s, sub):
    check_string("contains", 1, s)
    check_string("contains", 2, sub)
    return sub in s


def startswith(s, prefix):
    check_string("startswith", 1, s)
    check_string("startswith", 2, prefix)
    return s.startswith(prefix)


def endswith(s, suffix):
    check_string("endswith", 1, s)
    check_string("endswith", 2, suffix)
    return s.endswith(suffix)


def indexof(s, sub):
    check_string("indexof", 1, s)
    check_string("indexof", 2, sub)
    if not sub:
        raise BuiltinError("indexof: empty search character")
    return s.find(sub)


def indexof_n(s, sub):
    check_string("indexof_n", 1, s)
    check_string("indexof_n", 2, sub)
    if not sub:
        raise BuiltinError("indexof_n: empty search character")
    out = []
    i = s.find(sub)
    while i >= 0:
        out.append(i)
        i = s.find(sub, i + 1)
    return out


def lower(s):
    return _lower(check_string("lower", 1, s))


def upper(s):
    return _upper(check_string("upper", 1, s))


def replace(s, old, new):
    check_string("replace", 1, s)
    check_string("replace", 2, old)
    check_string("replace", 3, new)
    if not old:
        # OPA uses Go's strings.NewReplacer, whose empty match falls between
        # any two bytes, even inside a character.
        return _replace_bytes([("", new)], s)
    return s.replace(old, new)


def split(s, sep):
    check_string("split", 1, s)
    check_string("split", 2, sep)
    if not sep:
        return list(s)
    return s.split(sep)


def substring(s, start, length):
    check_string("substring", 1, s)
    start = check_int("substring", 2, start)
    length = check_int("substring", 3, length)
    if start < 0:
        raise BuiltinError("substring: negative offset")
    if length < 0:
        return s[start:]
    return s[start : start + length]


def trim(s, cutset):
    check_string("trim", 1, s)
    check_string("trim", 2, cutset)
    return s.strip(cutset)


def trim_left(s, cutset):
    check_string("trim_left", 1, s)
    check_string("trim_left", 2, cutset)
    return s.lstrip(cutset)


def trim_right(s, cutset):
    check_string("trim_right", 1, s)
    check_string("trim_right", 2, cutset)
    return s.rstrip(cutset)


def trim_prefix(s, prefix):
    check_string("trim_prefix", 1, s)
    check_string("trim_prefix", 2, prefix)
    return s.removeprefix(prefix)


def trim_suffix(s, suffix):
    check_string("trim_suffix", 1, s)
    check_string("trim_suffix", 2, suffix)
    return s.removesuffix(suffix)


def trim_space(s):
    return check_string("trim_space", 1, s).strip(GO_SPACE)


def strings_reverse(s):
    return check_string("strings.reverse", 1, s)[::-1]


def strings_count(s, sub):
    check_string("strings.count", 1, s)
    check_string("strings.count", 2, sub)
    return s.count(sub)


def _prefix_operand(fn: str, pos: int, v) -> list:
    if v.__class__ is str:
        return [v]
    return _check_strings(fn, pos, v, "{string, set, array}")


def any_prefix_match(search, base):
    ss = _prefix_operand("strings.any_prefix_match", 1, search)
    bs = tuple(_prefix_operand("strings.any_prefix_match", 2, base))
    return any(s.startswith(bs) for s in ss)


def any_suffix_match(search, base):
    ss = _prefix_operand("strings.any_suffix_match", 1, search)
    bs = tuple(_prefix_operand("strings.any_suffix_match", 2, base))
    return any(s.endswith(bs) for s in ss)


def replace_n(patterns, s):
    """Go's strings.NewReplacer over the object's pairs in key order: at
    each position the first key (in order) that matches wins, matches do
    not overlap."""
    if patterns.__class__ is not dict:
        raise EvalTypeError(f"strings.replace_n: operand 1 must be object but got {type_name(patterns)}")
    check_string("strings.replace_n", 2, s)
    pairs = []
    for k, v in sorted(obj_items(patterns), key=lambda kv: sort_key(kv[0])):
        if k.__class__ is not str:
            raise EvalTypeError("strings.replace_n: operand 1 non-string key found in pattern object")
        if v.__class__ is not str:
            raise EvalTypeError("strings.replace_n: operand 1 non-string value found in pattern object")
        pairs.append((k, v))
    if not pairs:
        return s
    if any(not k for k, _ in pairs):
        return _replace_bytes(pairs, s)
    table = dict(pairs)
    rx = _replacer_re(tuple(k for k, _ in pairs))
    return rx.sub(lambda m: table[m.group(0)], s)


_REPLACERS: dict[tuple, re.Pattern] = {}


def _replacer_re(keys: tuple) -> re.Pattern:
    rx = _REPLACERS.get(keys)
    if rx is None:
        if len(_REPLACERS) > 256:
            _REPLACERS.clear()
        # Python tries alternatives in order, as Go's replacer tries keys by priority.
        rx = _REPLACERS[keys] = re.compile("|".join(re.escape(k) for k in keys))
    return rx


def _replace_bytes(pairs, s: str) -> str:
    """Go's generic replacer on UTF-8 bytes, for patterns with an empty key
    (which matches between any two bytes, even inside a character)."""
    b = s.encode()
    bpairs = [(k.encode(), v.encode()) for k, v in pairs]
    out = bytearray()
    i = 0
    last = 0
    prev_empty = False
    n = len(b)
    while i <= n:
        hit = None
        for k, v in bpairs:
            if not k:
                if prev_empty:
                    continue
                hit = (k, v)
                break
            if b.startswith(k, i):
                hit = (k, v)
                break
        prev_empty = hit is not None and not hit[0]
        if hit is not None:
            out += b[last:i]
            out += hit[1]
            i += len(hit[0])
            last = i
            continue
        i += 1
    out += b[last:]
    return out.decode("utf-8", "replace")


def format_int(number, base):
    check_number("format_int", 1, number)
    check_number("format_int", 2, base)
    if base.__class__ is not int or base not in (2, 8, 10, 16):
        raise EvalTypeError("format_int: operand 2 must be one of {2, 8, 10, 16}")
    n = number if number.__class__ is int else _trunc_big_float(number)
    if n < 0:
        return "-" + _digits(-n, base)
    return _digits(n, base)


def _digits(n: int, base: int) -> str:
    if base == 10:
        return int_text(n)
    if base == 16:
        return format(n, "x")
    if base == 8:
        return format(n, "o")
    return format(n, "b")


def _trunc_big_float(f: float) -> int:
    """int(big.Float(text of f)) as OPA does: the decimal text rounded to a
    64-bit mantissa (nearest, ties to even), then truncated toward zero."""
    q = Fraction(f.d if f.__class__ is Num else Decimal(repr(f)))
    if q == 0:
        return 0
    neg = q < 0
    q = abs(q)
    e = q.numerator.bit_length() - q.denominator.bit_length()
    if Fraction(2) ** e > q:
        e -= 1
    # q in [2**e, 2**(e+1)): keep 64 significant bits
    scale = Fraction(2) ** (63 - e)
    m = q * scale
    mi = m.numerator // m.denominator
    rem = m - mi
    if rem > Fraction(1, 2) or (rem == Fraction(1, 2) and mi % 2 == 1):
        mi += 1
    r = Fraction(mi) / scale
    t = r.numerator // r.denominator
    return -t if neg else t


def sprintf(fmt, values):
    check_string("sprintf", 1, fmt)
    if values.__class__ is not list:
        raise EvalTypeError(f"sprintf: operand 2 must be array but got {type_name(values)}")
    return go_sprintf(fmt, [_go_arg(v) for v in values])


def _go_arg(v):
    """The Go value OPA passes to fmt.Sprintf for a Rego value: (type, value)
    with type ``int64``, ``*big.Int``, ``float64`` or ``string``.

    Numbers go by their text: an integer (or integral decimal without
    exponent) in int64 range is an int64, other integers a big.Int, other
    decimals with a point a float64, and the rest (``1e+20``) the text
    itself. Strings are strings; every other value is its term text."""
    c = v.__class__
    if c is str:
        return ("string", v)
    if c is int:
        if _INT64_MIN <= v <= _INT64_MAX:
            return ("int64", v)
        return ("*big.Int", v)
    if c is float:
        i = go_int(v)
        if i is not None:
            return ("int64", i)
        text = repr(v)
        if "." in text:
            return ("float64", v)
        return ("string", text)
    if c is Num:
        t = v.text
        if _GO_INT_TEXT.fullmatch(t):
            i = int(t)
            return ("int64", i) if _INT64_MIN <= i <= _INT64_MAX else ("*big.Int", i)
        i = _num_go_int(v)
        if i is not None:
            return ("int64", i)
        if "." in t:
            return ("float64", float(t.replace("_", "")))
        return ("string", t)
    return ("string", term_string(v))


# -- Go's fmt.Sprintf ---------------------------------------------------------------------
#
# OPA's sprintf hands its arguments to Go's fmt.Sprintf as int64, *big.Int,
# float64 or string (see ``_go_arg``). What follows is Go's printf for those
# four types: flags, width, precision, argument indexes, and Go's error
# texts (``%!d(string=a)``, ``%!d(MISSING)``, ``%!(EXTRA int64=1)``...).

_MASK64 = (1 << 64) - 1


class _Flags:
    __slots__ = ("wid", "prec", "widp", "precp", "minus", "plus", "sharp", "space", "zero", "plusv", "sharpv")

    def clear(self):
        self.wid = self.prec = 0
        self.widp = self.precp = False
        self.minus = self.plus = self.sharp = self.space = self.zero = self.plusv = self.sharpv = False


def _too_large(x: int) -> bool:
    return x > 1000000 or x < -1000000


def _parsenum(s: str, start: int, end: int):
    """(num, isnum, newi) as Go's fmt.parsenum."""
    if start >= end:
        return 0, False, end
    num = 0
    isnum = False
    i = start
    while i < end and "0" <= s[i] <= "9":
        if _too_large(num):
            return 0, False, end
        num = num * 10 + ord(s[i]) - 48
        isnum = True
        i += 1
    return num, isnum, i


def _parse_arg_number(s: str):
    """(index, width, ok) of a ``[n]`` at the start of ``s``."""
    if len(s) < 3:
        return 0, 1, False
    for i in range(1, len(s)):
        if s[i] == "]":
            width, ok, newi = _parsenum(s, 1, i)
            if not ok or newi != i:
                return 0, i + 1, False
            return width - 1, i + 1, True
    return 0, 1, False


class _Printer:
    __slots__ = ("f", "out", "args", "argnum", "good", "reordered")

    def __init__(self, args):
        self.f = _Flags()
        self.out = []
        self.args = args
        self.argnum = 0
        self.good = True
        self.reordered = False

    def arg_number(self, fmt: str, i: int):
        """Go's pp.argNumber: (new index, new i, found)."""
        if i >= len(fmt) or fmt[i] != "[":
            return i, False
        self.reordered = True
        index, wid, ok = _parse_arg_number(fmt[i:])
        if ok and 0 <= index < len(self.args):
            self.argnum = index
            return i + wid, True
        self.good = False
        return i + wid, ok

    def int_from_arg(self):
        """Go's intFromArg: (num, isint); consumes an argument when there is one."""
        num, isint = 0, False
        if self.argnum < len(self.args):
            t, v = self.args[self.argnum]
            if t == "int64":
                num, isint = v, True
            self.argnum += 1
            if _too_large(num):
                num, isint = 0, False
        return num, isint

    def run(self, fmt: str) -> str:
        f = self.f
        out = self.out
        args = self.args
        nargs = len(args)
        end = len(fmt)
        i = 0
        while i < end:
            self.good = True
            j = fmt.find("%", i)
            if j < 0:
                out.append(fmt[i:])
                break
            if j > i:
                out.append(fmt[i:j])
            i = j + 1
            f.clear()
            simple = False
            while i < end:
                c = fmt[i]
                if c == "#":
                    f.sharp = True
                elif c == "0":
                    f.zero = True
                elif c == "+":
                    f.plus = True
                elif c == "-":
                    f.minus = True
                elif c == " ":
                    f.space = True
                else:
                    if "a" <= c <= "z" and self.argnum < nargs:
                        if c == "v":
                            f.sharpv, f.sharp = f.sharp, False
                            f.plusv, f.plus = f.plus, False
                        out.append(_print_arg(f, args[self.argnum], c))
                        self.argnum += 1
                        i += 1
                        simple = True
                    break
                i += 1
            if simple:
                continue

            i, after_index = self.arg_number(fmt, i)

            if i < end and fmt[i] == "*":
                i += 1
                f.wid, f.widp = self.int_from_arg()
                if not f.widp:
                    out.append("%!(BADWIDTH)")
                if f.wid < 0:
                    f.wid = -f.wid
                    f.minus = True
                    f.zero = False
                after_index = False
            else:
                f.wid, f.widp, i = _parsenum(fmt, i, end)
                if after_index and f.widp:
                    self.good = False

            if i + 1 < end and fmt[i] == ".":
                i += 1
                if after_index:
                    self.good = False
                i, after_index = self.arg_number(fmt, i)
                if i < end and fmt[i] == "*":
                    i += 1
                    f.prec, f.precp = self.int_from_arg()
                    if f.prec < 0:
                        f.prec = 0
                        f.precp = False
                    if not f.precp:
                        out.append("%!(BADPREC)")
                    after_index = False
                else:
                    f.prec, f.precp, i = _parsenum(fmt, i, end)
                    if not f.precp:
                        f.prec = 0
                        f.precp = True

            if not after_index:
                i, after_index = self.arg_number(fmt, i)

            if i >= end:
                out.append("%!(NOVERB)")
                break

            verb = fmt[i]
            i += 1
            if verb == "%":
                out.append("%")
            elif not self.good:
                out.append(f"%!{verb}(BADINDEX)")
            elif self.argnum >= nargs:
                out.append(f"%!{verb}(MISSING)")
            else:
                if verb == "v":
                    f.sharpv, f.sharp = f.sharp, False
                    f.plusv, f.plus = f.plus, False
                out.append(_print_arg(f, args[self.argnum], verb))
                self.argnum += 1

        if not self.reordered and self.argnum < nargs:
            f.clear()
            extra = []
            for a in args[self.argnum :]:
                extra.append(f"{a[0]}={_print_arg(f, a, 'v')}")
            out.append("%!(EXTRA " + ", ".join(extra) + ")")
        return "".join(out)


def go_sprintf(fmt: str, args: list) -> str:
    """Go's fmt.Sprintf over (type, value) arguments (see ``_go_arg``)."""
    if not args and "%" not in fmt:
        return fmt
    return _Printer(args).run(fmt)


def _print_arg(f: _Flags, arg, verb: str) -> str:
    t, v = arg
    if verb == "T":
        return _fmt_s(f, t)
    if t == "int64":
        if verb == "p":
            return _bad_verb(f, arg, verb)
        return _fmt_integer_verb(f, v, verb, arg)
    if t == "string":
        if verb in "vs" and len(verb) == 1:
            if verb == "v" and f.sharpv:
                return _fmt_q(f, v)
            return _fmt_s(f, v)
        if verb == "x" or verb == "X":
            return _fmt_sx(f, v.encode(), verb == "X")
        if verb == "q":
            return _fmt_q(f, v)
        return _bad_verb(f, arg, verb)
    if t == "float64":
        if verb == "v":
            return _fmt_float(f, v, "g", -1)
        if verb in ("b", "g", "G", "x", "X"):
            return _fmt_float(f, v, verb, -1)
        if verb in ("f", "e", "E"):
            return _fmt_float(f, v, verb, 6)
        if verb == "F":
            return _fmt_float(f, v, "f", 6)
        return _bad_verb(f, arg, verb)
    return _fmt_big_int(f, v, verb)


def _bad_verb(f: _Flags, arg, verb: str) -> str:
    t, v = arg
    if t == "*big.Int":
        return f"%!{verb}(*big.Int={_big_int_struct(v)})"
    return f"%!{verb}({t}={_print_arg(f, arg, 'v')})"


def _big_int_struct(v: int) -> str:
    """How Go's %v shows the insides of a *big.Int (sign, 64-bit words, least first)."""
    a = abs(v)
    words = []
    while a:
        words.append(str(a & _MASK64))
        a >>= 64
    return "&{" + ("true" if v < 0 else "false") + " [" + " ".join(words) + "]}"


def _padding(f: _Flags, n: int, zero: bool) -> str:
    if n <= 0:
        return ""
    return ("0" if zero and not f.minus else " ") * n


def _pad(f: _Flags, s: str, zero: bool | None = None) -> str:
    """Go's fmt.pad: width in runes, left or right; ``zero`` overrides f.zero."""
    if not f.widp or f.wid == 0:
        return s
    n = f.wid - len(s)
    if n <= 0:
        return s
    if f.minus:
        return s + " " * n
    return _padding(f, n, f.zero if zero is None else zero) + s


def _truncate(f: _Flags, s: str) -> str:
    if f.precp and f.prec < len(s):
        return s[: f.prec]
    return s


def _fmt_s(f: _Flags, s: str) -> str:
    return _pad(f, _truncate(f, s))


def _fmt_sx(f: _Flags, b: bytes, upper: bool) -> str:
    length = len(b)
    if f.precp and f.prec < length:
        length = f.prec
    width = 2 * length
    if width > 0:
        if f.space:
            if f.sharp:
                width *= 2
            width += length - 1
        elif f.sharp:
            width += 2
    else:
        return _padding(f, f.wid, f.zero) if f.widp else ""
    prefix = "0X" if upper else "0x"
    parts = []
    if f.widp and f.wid > width and not f.minus:
        parts.append(_padding(f, f.wid - width, f.zero))
    if f.sharp:
        parts.append(prefix)
    hx = b[:length].hex()
    if upper:
        hx = hx.upper()
    if f.space:
        sep = " " + prefix if f.sharp else " "
        parts.append(sep.join(hx[k : k + 2] for k in range(0, len(hx), 2)))
    else:
        parts.append(hx)
    if f.widp and f.wid > width and f.minus:
        parts.append(" " * (f.wid - width))
    return "".join(parts)


def _can_backquote(s: str) -> bool:
    for c in s:
        if c == "\ufeff" or c == "`" or c == "\x7f" or (c < " " and c != "\t") or "\ud800" <= c <= "\udfff":
            return False
    return True


def _fmt_q(f: _Flags, s: str) -> str:
    s = _truncate(f, s)
    if f.sharp and _can_backquote(s):
        return _pad(f, "`" + s + "`")
    return _pad(f, go_quote(s, ascii_only=f.plus))


def _fmt_integer_verb(f: _Flags, v: int, verb: str, arg) -> str:
    if verb == "v" or verb == "d":
        return _fmt_integer(f, v, 10, verb, False)
    if verb == "x":
        return _fmt_integer(f, v, 16, verb, False)
    if verb == "X":
        return _fmt_integer(f, v, 16, verb, True)
    if verb == "b":
        return _fmt_integer(f, v, 2, verb, False)
    if verb == "o" or verb == "O":
        return _fmt_integer(f, v, 8, verb, False)
    if verb == "c":
        return _pad(f, _rune(v & _MASK64))
    if verb == "q":
        return _pad(f, go_quote(_rune(v & _MASK64), ascii_only=f.plus, quote="'"))
    if verb == "U":
        return _fmt_unicode(f, v & _MASK64)
    return _bad_verb(f, arg, verb)


def _rune(u: int) -> str:
    if u > 0x10FFFF or 0xD800 <= u <= 0xDFFF:
        return "\ufffd"
    return chr(u)


def _fmt_integer(f: _Flags, v: int, base: int, verb: str, upper: bool) -> str:
    negative = v < 0
    u = -v if negative else v
    if f.precp:
        prec = f.prec
        if prec == 0 and u == 0:
            return _padding(f, f.wid, False)
    elif f.zero and not f.minus and f.widp:
        prec = f.wid
        if negative or f.plus or f.space:
            prec -= 1
    else:
        prec = 0
    digits = _digits(u, base)
    if upper:
        digits = digits.upper()
    if len(digits) < prec:
        digits = "0" * (prec - len(digits)) + digits
    if f.sharp:
        if base == 2:
            digits = "0b" + digits
        elif base == 8:
            if digits[0] != "0":
                digits = "0" + digits
        elif base == 16:
            digits = ("0X" if upper else "0x") + digits
    if verb == "O":
        digits = "0o" + digits
    if negative:
        digits = "-" + digits
    elif f.plus:
        digits = "+" + digits
    elif f.space:
        digits = " " + digits
    return _pad(f, digits, False)


def _fmt_unicode(f: _Flags, u: int) -> str:
    prec = 4
    if f.precp and f.prec > 4:
        prec = f.prec
    tail = ""
    if f.sharp and u <= 0x10FFFF and not 0xD800 <= u <= 0xDFFF and chr(u).isprintable():
        tail = " '" + chr(u) + "'"
    hx = format(u, "X")
    if len(hx) < prec:
        hx = "0" * (prec - len(hx)) + hx
    return _pad(f, "U+" + hx + tail, False)


def _fmt_big_int(f: _Flags, v: int, verb: str) -> str:
    """big.Int's Format method."""
    if verb in ("b",):
        base = 2
    elif verb in ("o", "O"):
        base = 8
    elif verb in ("d", "s", "v"):
        base = 10
    elif verb in ("x", "X"):
        base = 16
    elif verb == "w":
        return f"%!w(*big.Int={_big_int_struct(v)})"
    else:
        return f"%!{verb}(big.Int={v})"
    plus = f.plus or f.plusv
    sharp = f.sharp or f.sharpv
    sign = "-" if v < 0 else "+" if plus else " " if f.space else ""
    prefix = ""
    if sharp:
        prefix = {"b": "0b", "o": "0", "x": "0x", "X": "0X"}.get(verb, "")
    if verb == "O":
        prefix = "0o"
    digits = _digits(abs(v), base)
    if verb == "X":
        digits = digits.upper()
    left = zeros = right = 0
    if f.precp:
        if len(digits) < f.prec:
            zeros = f.prec - len(digits)
        elif digits == "0" and f.prec == 0:
            return ""
    length = len(sign) + len(prefix) + zeros + len(digits)
    if f.widp and length < f.wid:
        d = f.wid - length
        if f.minus:
            right = d
        elif f.zero and not f.precp:
            zeros = d
        else:
            left = d
    return " " * left + sign + prefix + "0" * zeros + digits + " " * right


# Floats: strconv.FormatFloat over the decimal digits of the value.


def _shortest_digits(v: float):
    """(digits, dp) of the shortest decimal that reads back as ``v`` (> 0):
    v = 0.digits * 10**dp."""
    _, digs, exp = Decimal(repr(v)).as_tuple()
    ds = "".join(map(str, digs))
    return ds.rstrip("0"), len(ds) + exp


def _rounded_digits(v: float, n: int):
    """(digits, dp) of ``v`` (>= 0) correctly rounded to ``n`` >= 1 significant digits,
    trailing zeros removed."""
    if v == 0:
        return "", 0
    m, _, e = format(v, f".{n - 1}e").partition("e")
    ds = m.replace(".", "").rstrip("0")
    return ds, int(e) + 1


def _fmt_e(neg: bool, ds: str, dp: int, prec: int, ech: str) -> str:
    out = ["-"] if neg else []
    out.append(ds[0] if ds else "0")
    if prec > 0:
        out.append(".")
        more = ds[1 : prec + 1]
        out.append(more + "0" * (prec - len(more)))
    exp = dp - 1 if ds else 0
    out.append(ech)
    out.append("-" if exp < 0 else "+")
    exp = abs(exp)
    out.append(f"{exp:02d}")
    return "".join(out)


def _fmt_f(neg: bool, ds: str, dp: int, prec: int) -> str:
    out = ["-"] if neg else []
    if dp > 0:
        head = ds[:dp]
        out.append(head + "0" * (dp - len(head)))
    else:
        out.append("0")
    if prec > 0:
        out.append(".")
        frac = []
        for k in range(prec):
            j = dp + k
            frac.append(ds[j] if 0 <= j < len(ds) else "0")
        out.append("".join(frac))
    return "".join(out)


def _strconv_float(v: float, fc: str, prec: int) -> str:
    """strconv.FormatFloat(v, fc, prec, 64) for finite ``v``."""
    if fc == "b":
        return _fmt_b(v)
    if fc in ("x", "X"):
        return _fmt_x(v, prec, fc)
    neg = v < 0 or (v == 0 and str(v)[0] == "-")
    a = -v if neg else v
    if fc == "f":
        if prec < 0:
            ds, dp = _shortest_digits(a) if a else ("", 0)
            return _fmt_f(neg, ds, dp, max(len(ds) - dp, 0))
        s = format(a, f".{prec}f")
        return "-" + s if neg else s
    if fc in ("e", "E"):
        if prec < 0:
            ds, dp = _shortest_digits(a) if a else ("", 0)
            return _fmt_e(neg, ds, dp, len(ds) - 1, fc)
        ds, dp = _rounded_digits(a, prec + 1)
        return _fmt_e(neg, ds, dp, prec, fc)
    # g, G
    ech = "e" if fc == "g" else "E"
    if prec < 0:
        ds, dp = _shortest_digits(a) if a else ("", 0)
        eprec = 6
        prec = len(ds)
    else:
        if prec == 0:
            prec = 1
        ds, dp = _rounded_digits(a, prec)
        eprec = prec
        if eprec > len(ds) and len(ds) >= dp:
            eprec = len(ds)
    exp = dp - 1
    if exp < -4 or exp >= eprec:
        if prec > len(ds):
            prec = len(ds)
        return _fmt_e(neg, ds, dp, prec - 1, ech)
    if prec > dp:
        prec = len(ds)
    return _fmt_f(neg, ds, dp, max(prec - dp, 0))


def _float_parts(v: float):
    """(neg, mant, exp) of a float64 as strconv sees it (mant with the implicit bit)."""
    bits = struct.unpack(">Q", struct.pack(">d", v))[0]
    neg = bool(bits >> 63)
    e = (bits >> 52) & 0x7FF
    mant = bits & ((1 << 52) - 1)
    if e == 0:
        e = 1
    else:
        mant |= 1 << 52
    return neg, mant, e - 1023


def _fmt_b(v: float) -> str:
    neg, mant, exp = _float_parts(v)
    exp -= 52
    return ("-" if neg else "") + str(mant) + "p" + ("+" if exp >= 0 else "-") + str(abs(exp))


def _fmt_x(v: float, prec: int, fc: str) -> str:
    neg, mant, exp = _float_parts(v)
    if mant == 0:
        exp = 0
    mant <<= 60 - 52
    while mant != 0 and mant & (1 << 60) == 0:
        mant <<= 1
        exp -= 1
    if 0 <= prec < 15:
        shift = prec * 4
        extra = (mant << shift) & ((1 << 60) - 1)
        mant >>= 60 - shift
        if (extra | (mant & 1)) > 1 << 59:
            mant += 1
        mant <<= 60 - shift
        if mant & (1 << 61):
            mant >>= 1
            exp += 1
    hexd = "0123456789abcdef" if fc == "x" else "0123456789ABCDEF"
    out = ["-"] if neg else []
    out.append("0" + fc + str((mant >> 60) & 1))
    mant = (mant << 4) & _MASK64
    if prec < 0 and mant != 0:
        out.append(".")
        while mant != 0:
            out.append(hexd[(mant >> 60) & 15])
            mant = (mant << 4) & _MASK64
    elif prec > 0:
        out.append(".")
        for _ in range(prec):
            out.append(hexd[(mant >> 60) & 15])
            mant = (mant << 4) & _MASK64
    out.append("p" if fc == "x" else "P")
    out.append("-" if exp < 0 else "+")
    exp = abs(exp)
    out.append(f"{exp:02d}")
    return "".join(out)


def _fmt_float(f: _Flags, v: float, verb: str, prec: int) -> str:
    if f.precp:
        prec = f.prec
    num = _strconv_float(v, verb, prec)
    if num[0] not in "+-":
        num = "+" + num
    if f.space and num[0] == "+" and not f.plus:
        num = " " + num[1:]
    if f.sharp and verb != "b":
        digits = 0
        if verb in ("v", "g", "G", "x"):
            digits = 6 if prec == -1 else prec
        tail = ""
        has_point = False
        saw_nonzero = False
        k = 1
        while k < len(num):
            c = num[k]
            if c == ".":
                has_point = True
            elif c in "pP" or (c in "eE" and verb not in ("x", "X")):
                tail = num[k:]
                num = num[:k]
                break
            else:
                if c != "0":
                    saw_nonzero = True
                if saw_nonzero:
                    digits -= 1
            k += 1
        if not has_point:
            if len(num) == 2 and num[1] == "0":
                digits -= 1
            num += "."
        if digits > 0:
            num += "0" * digits
        num += tail
    if f.plus or num[0] != "+":
        if f.zero and not f.minus and f.widp and f.wid > len(num):
            return num[0] + "0" * (f.wid - len(num)) + num[1:]
        return _pad(f, num)
    return _pad(f, num[1:])


FUNCTIONS = {
    "concat": (concat, 2),
    "contains": (contains, 2),
    "startswith": (startswith, 2),
    "endswith": (endswith, 2),
    "indexof": (indexof, 2),
    "indexof_n": (indexof_n, 2),
    "lower": (lower, 1),
    "upper": (upper, 1),
    "replace": (replace, 3),
    "split": (split, 2),
    "substring": (substring, 3),
    "trim": (trim, 2),
    "trim_left": (trim_left, 2),
    "trim_right": (trim_right, 2),
    "trim_prefix": (trim_prefix, 2),
    "trim_suffix": (trim_suffix, 2),
    "trim_space": (trim_space, 1),
    "format_int": (format_int, 2),
    "sprintf": (sprintf, 2),
    "strings.replace_n": (replace_n, 2),
    "strings.reverse": (strings_reverse, 1),
    "strings.count": (strings_count, 2),
    "strings.any_prefix_match": (any_prefix_match, 2),
    "strings.any_suffix_match": (any_suffix_match, 2),
    "internal.template_string": (_internal_template_string, 1),
}
