"""Network builtins: net.cidr_contains, net.cidr_intersects, net.cidr_is_valid,
net.cidr_expand, net.cidr_contains_matches, as OPA 1.20 computes them with
Go's ``net`` package.

Go's model is kept byte for byte, because its quirks show in the answers:

- An IP is 4 or 16 bytes. ``net.ParseIP`` gives 16 bytes (IPv4 as
  ``::ffff:a.b.c.d``); ``net.ParseCIDR`` gives a network whose address has 4
  bytes and a 4-byte mask for a dotted IPv4 prefix, 16 and 16 for anything
  written as IPv6, IPv4-mapped ``::ffff:1.2.3.0/120`` included.
- ``IPNet.Contains`` works on the 4-byte form whenever the network address
  is IPv4-mapped (keeping the last 4 mask bytes), so ``::ffff:1.2.3.0/120``
  contains ``1.2.3.4``, and ``::/0`` contains no IPv4 address.
- ``IP.String`` prints IPv4-mapped addresses as dotted IPv4.
- Addresses follow ``netip.ParseAddr``: 4 dotted decimal fields without
  leading zeros, IPv6 with at most one ``::`` and an optional trailing
  dotted IPv4; zones (``%eth0``) are refused. Prefix lengths are decimal
  digits (leading zeros allowed), at most 32 or 128.

OPA's wording is kept too: ``invalid CIDR address: X`` for a bad network, and
for a second operand of ``net.cidr_contains`` that is neither an IP nor a CIDR,
``not a valid textual representation of an IP address or CIDR: X``. The
string checks of the second operands say "operand 1" (as OPA does).

``net.cidr_merge`` is left out on purpose: OPA 1.20 merges IPv4 with IPv6
ranges by rules that do not follow from Go's semantics alone (``0.0.0.0/8``
vanishes into ``::/8`` but ``192.0.2.0/24`` stays beside
``::ffff:192.0.0.0/104``) and panics on some IPv4-mapped inputs, so a
faithful copy is not possible without its source.
"""

from __future__ import annotations

from ..errors import BuiltinError, EvalTypeError
from ..values import Set, obj_items, sort_key, sorted_values, type_name

__all__ = ["FUNCTIONS", "parse_ip", "parse_cidr", "ip_string"]

_V4_PREFIX = b"\x00" * 10 + b"\xff\xff"
_HEX = "0123456789abcdefABCDEF"


def _string(fn: str, v, pos: int = 1) -> str:
    if v.__class__ is str:
        return v
    raise EvalTypeError(f"{fn}: operand {pos} must be string but got {type_name(v)}")


# -- parsing (netip.ParseAddr) --------------------------------------------------------------


def _parse_v4(s: str):
    parts = s.split(".")
    if len(parts) != 4:
        return None
    out = bytearray()
    for p in parts:
        if not p or len(p) > 3 or not all("0" <= c <= "9" for c in p):
            return None
        if len(p) > 1 and p[0] == "0":
            return None
        n = int(p)
        if n > 255:
            return None
        out.append(n)
    return bytes(out)


def _parse_v6(s: str):
    if "%" in s:
        return None  # a zone: ParseIP and ParseCIDR refuse it
    ip = bytearray(16)
    ellipsis = -1
    if len(s) >= 2 and s[0] == ":" and s[1] == ":":
        ellipsis = 0
        s = s[2:]
        if not s:
            return bytes(ip)
    i = 0
    while i < 16:
        off = 0
        acc = 0
        while off < len(s) and s[off] in _HEX:
            acc = (acc << 4) + int(s[off], 16)
            if off > 3 or acc > 0xFFFF:
                return None
            off += 1
        if off == 0:
            return None
        if off < len(s) and s[off] == ".":
            if ellipsis < 0 and i != 12:
                return None
            if i + 4 > 16:
                return None
            v4 = _parse_v4(s)
            if v4 is None:
                return None
            ip[i : i + 4] = v4
            s = ""
            i += 4
            break
        ip[i] = acc >> 8
        ip[i + 1] = acc & 0xFF
        i += 2
        s = s[off:]
        if not s:
            break
        if s[0] != ":" or len(s) == 1:
            return None
        s = s[1:]
        if s[0] == ":":
            if ellipsis >= 0:
                return None
            ellipsis = i
            s = s[1:]
            if not s:
                break
    if s:
        return None
    if i < 16:
        if ellipsis < 0:
            return None
        n = 16 - i
        ip[ellipsis + n : 16] = ip[ellipsis:i]
        ip[ellipsis : ellipsis + n] = bytes(n)
    elif ellipsis >= 0:
        return None
    return bytes(ip)


def _parse_addr(s: str):
    """(16 bytes, is dotted IPv4) as netip.ParseAddr reads ``s``, or None."""
    for c in s:
        if c == ".":
            v4 = _parse_v4(s)
            return None if v4 is None else (_V4_PREFIX + v4, True)
        if c == ":":
            v6 = _parse_v6(s)
            return None if v6 is None else (v6, False)
        if c == "%":
            return None
    return None


def parse_ip(s: str):
    """Go's ``net.ParseIP``: 16 bytes, or None."""
    a = _parse_addr(s)
    return None if a is None else a[0]


def _cidr_mask(ones: int, bits: int) -> bytes:
    n = ((1 << ones) - 1) << (bits - ones)
    return n.to_bytes(bits // 8, "big")


def _mask(ip: bytes, mask: bytes):
    """Go's ``IP.Mask``."""
    if len(mask) == 16 and len(ip) == 4 and mask[:12] == b"\xff" * 12:
        mask = mask[12:]
    if len(mask) == 4 and len(ip) == 16 and ip[:12] == _V4_PREFIX:
        ip = ip[12:]
    if len(ip) != len(mask):
        return None
    return bytes(a & b for a, b in zip(ip, mask))


def parse_cidr(s: str):
    """Go's ``net.ParseCIDR``: (ip of 16 bytes, (network ip, mask)), or None."""
    i = s.find("/")
    if i < 0:
        return None
    addr, bits = s[:i], s[i + 1 :]
    a = _parse_addr(addr)
    if a is None:
        return None
    ip16, is4 = a
    if not bits or not all("0" <= c <= "9" for c in bits):
        return None
    n = int(bits)
    iplen = 4 if is4 else 16
    if n > 8 * iplen:
        return None
    m = _cidr_mask(n, 8 * iplen)
    return ip16, (_mask(ip16, m), m)


def _to4(ip: bytes):
    if len(ip) == 4:
        return ip
    if len(ip) == 16 and ip[:12] == _V4_PREFIX:
        return ip[12:]
    return None


def _network_and_mask(net):
    """Go's ``networkNumberAndMask``."""
    ip, m = net
    nn = _to4(ip)
    if nn is None:
        nn = ip
        if len(nn) != 16:
            return None, None
    if len(m) == 4:
        if len(nn) != 4:
            return None, None
    elif len(m) == 16:
        if len(nn) == 4:
            m = m[12:]
    else:
        return None, None
    return nn, m


def _contains(net, ip: bytes) -> bool:
    """Go's ``IPNet.Contains``."""
    nn, m = _network_and_mask(net)
    x = _to4(ip)
    if x is not None:
        ip = x
    if nn is None or len(ip) != len(nn):
        return False
    return all(a & k == b & k for a, b, k in zip(nn, ip, m))


def _mask_size(m: bytes) -> tuple[int, int]:
    """Go's ``IPMask.Size``: (ones, bits), (0, 0) for a non-canonical mask."""
    n = int.from_bytes(m, "big")
    bits = 8 * len(m)
    ones = bits - ((~n) & ((1 << bits) - 1)).bit_length()
    if _cidr_mask(ones, bits) != m:
        return 0, 0
    return ones, bits


def _last_ip(net) -> bytes:
    ip, m = net
    ones, bits = _mask_size(m)
    if ones == bits:
        return ip
    host = (1 << (bits - ones)) - 1
    return (int.from_bytes(ip, "big") | host).to_bytes(len(ip), "big")


def ip_string(ip: bytes) -> str:
    """Go's ``IP.String`` for 4- or 16-byte addresses."""
    v4 = _to4(ip)
    if v4 is not None:
        return ".".join(str(b) for b in v4)
    groups = [(ip[i] << 8) | ip[i + 1] for i in range(0, 16, 2)]
    best, best_len = -1, 1
    i = 0
    while i < 8:
        if groups[i] == 0:
            j = i
            while j < 8 and groups[j] == 0:
                j += 1
            if j - i > best_len:
                best, best_len = i, j - i
            i = j
        else:
            i += 1
    if best < 0:
        return ":".join(f"{g:x}" for g in groups)
    head = ":".join(f"{g:x}" for g in groups[:best])
    tail = ":".join(f"{g:x}" for g in groups[best + best_len :])
    return f"{head}::{tail}"


# -- the builtins ------------------------------------------------------------------------


def _net_operand(fn: str, v):
    s = _string(fn, v)
    c = parse_cidr(s)
    if c is None:
        raise BuiltinError(f"{fn}: invalid CIDR address: {s}")
    return c[1]


def _cidr_contains(fn: str, a, b) -> bool:
    net_a = _net_operand(fn, a)
    s = _string(fn, b)
    ip = parse_ip(s)
    if ip is not None:
        return _contains(net_a, ip)
    c = parse_cidr(s)
    if c is None:
        raise BuiltinError(f"{fn}: not a valid textual representation of an IP address or CIDR: {s}")
    net_b = c[1]
    if not _contains(net_a, net_b[0]):
        return False
    return _contains(net_a, _last_ip(net_b))


def cidr_contains(cidr, cidr_or_ip):
    return _cidr_contains("net.cidr_contains", cidr, cidr_or_ip)


def cidr_intersects(cidr1, cidr2):
    fn = "net.cidr_intersects"
    a = _net_operand(fn, cidr1)
    b = _net_operand(fn, cidr2)
    return _contains(a, b[0]) or _contains(b, a[0])


def cidr_is_valid(cidr):
    return cidr.__class__ is str and parse_cidr(cidr) is not None


def _inc(ip: bytearray) -> None:
    for j in range(len(ip) - 1, -1, -1):
        ip[j] = (ip[j] + 1) & 0xFF
        if ip[j]:
            break


def cidr_expand(cidr):
    fn = "net.cidr_expand"
    s = _string(fn, cidr)
    c = parse_cidr(s)
    if c is None:
        raise BuiltinError(f"{fn}: invalid CIDR address: {s}")
    ip16, net = c
    out = Set()
    ip = bytearray(_mask(ip16, net[1]))
    seen = 0
    while _contains(net, bytes(ip)):
        out.add(ip_string(bytes(ip)))
        _inc(ip)
        seen += 1
        if seen > 1 and not any(ip) and _contains(net, bytes(ip)):
            # wrapped round the whole space (a /0): Go loops on, without end
            raise RuntimeError(f"{fn}: {s} covers the whole address space; OPA never finishes")
    return out


def _match_operand(fn: str, pos: int, v):
    """(cidr term, key) pairs of a cidr_contains_matches operand, in OPA's order."""
    c = v.__class__
    if c is str:
        return [(v, v)]
    if c is list:
        items = [(x, i) for i, x in enumerate(v)]
    elif c is Set:
        items = [(x, x) for x in sorted_values(v)]
    elif c is dict:
        items = sorted(((x, k) for k, x in obj_items(v)), key=lambda p: sort_key(p[1]))
    else:
        return []
    out = []
    for x, key in items:
        if x.__class__ is str:
            out.append((x, key))
        elif x.__class__ is list and x:
            out.append((x[0], key))
        else:
            out.append(None)  # an error, raised when iteration reaches it
    return out


def _bad_element(fn: str, pos: int) -> BuiltinError:
    return BuiltinError(f"{fn}: operand {pos}: element must be string or non-empty array")


def cidr_contains_matches(cidrs, cidrs_or_ips):
    fn = "net.cidr_contains_matches"
    result = Set()
    outer = _match_operand(fn, 1, cidrs)
    if not outer:
        return result
    inner = _match_operand(fn, 2, cidrs_or_ips)
    for a in outer:
        if a is None:
            raise _bad_element(fn, 1)
        for b in inner:
            if b is None:
                raise _bad_element(fn, 2)
            if _cidr_contains(fn, a[0], b[0]):
                result.add([a[1], b[1]])
    return result


FUNCTIONS = {
    "net.cidr_contains": (cidr_contains, 2),
    "net.cidr_intersects": (cidr_intersects, 2),
    "net.cidr_is_valid": (cidr_is_valid, 1),
    "net.cidr_expand": (cidr_expand, 1),
    "net.cidr_contains_matches": (cidr_contains_matches, 2),
}
