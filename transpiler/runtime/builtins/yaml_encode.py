"""go-yaml v2's encoder (gopkg.in/yaml.v2 v2.4.0 encode.go and sorter.go)
for the values sigs.k8s.io/yaml's JSONToYAML hands it: the order of a map's
keys, and each scalar's text and the style the encoder asks the emitter for
(yaml_emit.py decides the style it gets)."""

from __future__ import annotations

import math
import re

from .gosort import go_sort
from .unicode15 import is_digit, is_letter
from .yaml_decode import _digits, _fmt_e, _fmt_f
from .yaml_resolve import _STR, _resolve

PLAIN, SINGLE, DOUBLE, LITERAL = "plain", "single", "double", "literal"


# ------------------------------------------------------------ sorter.go


def _wrap64(n: int) -> int:
    n &= (1 << 64) - 1
    return n - (1 << 64) if n >> 63 else n


def _key_less(a: str, b: str) -> bool:
    """keyList.Less for two string keys."""
    for i in range(min(len(a), len(b))):
        if a[i] == b[i]:
            continue
        al, bl = is_letter(a[i]), is_letter(b[i])
        if al and bl:
            return a[i] < b[i]
        if al or bl:
            return bl
        an = bn = 0
        if a[i] == "0" or b[i] == "0":
            j = i - 1
            while j >= 0 and is_digit(a[j]):
                if a[j] != "0":
                    an = bn = 1
                    break
                j -= 1
        ai = i
        while ai < len(a) and is_digit(a[ai]):
            an = _wrap64(an * 10 + ord(a[ai]) - 48)
            ai += 1
        bi = i
        while bi < len(b) and is_digit(b[bi]):
            bn = _wrap64(bn * 10 + ord(b[bi]) - 48)
            bi += 1
        if an != bn:
            return an < bn
        if ai != bi:
            return ai < bi
        return a[i] < b[i]
    return len(a) < len(b)


def sorted_keys(keys) -> list[str]:
    """The keys in the order go-yaml writes them: sort.Sort with keyList.Less
    over the map's keys. keyList.Less is not transitive (``"10" < "1a" < "2" <
    "10"``: a letter sorts after a digit, a digit run by its value), and Go's
    map gives sort.Sort its keys in a random order, so OPA's order of such
    keys varies from call to call; this is its answer when the map iterates
    in insertion order (the JSON text's, by code point), the most frequent."""
    return go_sort(sorted(keys), _key_less)


# ------------------------------------------------------------ encode.go


def _float_text(f: float) -> str:
    """strconv.FormatFloat(f, 'g', -1, 64), and go-yaml's names of the infinities."""
    if math.isnan(f):
        return ".nan"
    if math.isinf(f):
        return ".inf" if f > 0 else "-.inf"
    if f == 0:
        return "-0" if math.copysign(1, f) < 0 else "0"
    neg, d, dp = _digits(repr(f))
    exp = dp - 1
    if exp < -4 or exp >= 6:  # %e for the shortest digits below 1e-4 and from 1e21... 1e6
        return _fmt_e(neg, d, exp)
    return _fmt_f(neg, d, dp)


_BASE60_FLOAT = re.compile(r"[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?")


def _is_base60_float(s: str) -> bool:
    """isBase60Float: YAML 1.1's ``1:20``, quoted by go-yaml though it reads it as text."""
    if not s or not (s[0] in "+-" or "0" <= s[0] <= "9") or ":" not in s:
        return False
    return _BASE60_FLOAT.fullmatch(s) is not None


def scalar_of(v) -> tuple[str, str]:
    """(text, requested style) of a scalar as the encoder emits it."""
    if v is None:
        return "null", PLAIN
    if v is True:
        return "true", PLAIN
    if v is False:
        return "false", PLAIN
    if isinstance(v, str):
        can_plain = _resolve("", v)[0] == _STR and not _is_base60_float(v)
        if "\n" in v:
            return v, LITERAL
        return v, (PLAIN if can_plain else DOUBLE)
    if isinstance(v, float):
        return _float_text(v), PLAIN
    if isinstance(v, int):  # int64 or _Uint
        return str(int(v)), PLAIN
    raise TypeError(f"yaml emitter: not a Go value: {type(v).__name__}")
