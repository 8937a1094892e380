"""net.cidr_merge, as OPA's topdown/cidr.go merges networks: elements are
IPs (with Go's classful DefaultMask, kept unmasked when not merged) or CIDRs;
ranges are sorted by their last address (bytes compared as Go's
bytes.Compare does, so 4-byte IPv4 and 16-byte IPv6 forms compare as bytes),
then each is merged into the one before it when they touch or overlap; a
merged range is written as the fewest CIDRs that cover it."""

from __future__ import annotations

from ..errors import BuiltinError
from ..values import Set
from .net import _mask, _network_and_mask, _mask_size, ip_string, parse_cidr, parse_ip

__all__ = ["FUNCTIONS"]

_FN = "net.cidr_merge"


def _default_mask(ip: bytes):
    """Go's IP.DefaultMask: the classful mask of an IPv4 address, else None."""
    v4 = ip[12:] if len(ip) == 16 and ip[:12] == b"\0" * 10 + b"\xff\xff" else ip if len(ip) == 4 else None
    if v4 is None:
        return None
    return b"\xff\0\0\0" if v4[0] < 0x80 else b"\xff\xff\0\0" if v4[0] < 0xC0 else b"\xff\xff\xff\0"


def _network(x):
    if x.__class__ is not str:
        raise BuiltinError(f"{_FN}: element must be string")
    ip = parse_ip(x)
    if ip is not None:
        m = _default_mask(ip)
        if m is None:
            raise BuiltinError(f"{_FN}: IPv6 invalid: needs prefix length")
        return ip, m
    c = parse_cidr(x)
    if c is None:
        raise BuiltinError(f"{_FN}: invalid CIDR address: {x}")
    return c[1]


def _net_string(net) -> str:
    """Go's IPNet.String."""
    nn, m = _network_and_mask(net)
    if nn is None or m is None:
        return "<nil>"
    ones, bits = _mask_size(m)
    if (ones, bits) == (0, 0) and any(m):
        return ip_string(nn) + "/" + m.hex()
    return f"{ip_string(nn)}/{ones}"


def _range(net):
    ip, m = net
    first = _mask(ip, m) if m is not None else None
    if first is None:
        return None
    last = bytes(a | (~k & 0xFF) for a, k in zip(first, m)) + first[len(m):]
    return [first, last, net]


def _previous(ip: bytes) -> bytes:
    if not any(ip):  # the zero address is its own predecessor
        return ip
    b = bytearray(ip)
    for i in range(len(b) - 1, -1, -1):
        b[i] = (b[i] - 1) & 0xFF
        if b[i] != 255:
            break
    return bytes(b)


def _cover(first: bytes, last: bytes):
    """The fewest CIDRs from first to last (of the same length)."""
    bits = 8 * len(first)
    lo, hi = int.from_bytes(first, "big"), int.from_bytes(last, "big")
    out = []
    while lo <= hi:
        size = (lo & -lo).bit_length() - 1 if lo else bits
        while size > 0 and lo + (1 << size) - 1 > hi:
            size -= 1
        out.append(f"{ip_string(lo.to_bytes(len(first), 'big'))}/{bits - size}")
        lo += 1 << size
    return out


def _cidr_merge(x):
    if x.__class__ is list:
        items = x
    elif x.__class__ is Set:
        items = list(x)
    else:
        raise BuiltinError(f"{_FN}: operand must be an array")
    ranges = []
    for item in items:
        ranges.append(_range(_network(item)))
    ranges.sort(key=lambda r: r[1])
    i = len(ranges) - 1
    while i > 0:
        cur, prev = ranges[i], ranges[i - 1]
        if _previous(cur[0]) <= prev[1]:
            first = cur[0] if cur[0] < prev[0] else prev[0]
            ranges[i - 1] = [first, cur[1], None]
            del ranges[i]
        i -= 1
    out = Set()
    for first, last, net in ranges:
        if net is not None:
            out.add(_net_string(net))
        else:
            n = max(len(first), len(last))  # (an IPv4 range merged into an IPv6 one)
            for c in _cover(first.rjust(n, b"\0"), last.rjust(n, b"\0")):
                out.add(c)
    return out


FUNCTIONS = {"net.cidr_merge": (_cidr_merge, 1)}
