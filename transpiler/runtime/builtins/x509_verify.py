"""crypto.x509.parse_and_verify_certificates(_with_options): Go's
Certificate.Verify on the chain OPA makes of the input (the first certificate
the root, the last the leaf, the others intermediates)."""

from __future__ import annotations

import base64
import datetime as _dt
import ipaddress

from ..errors import BuiltinError
from ..values import Num, is_number
from .strings import check_string
from .x509 import _certs_input, _Err, _load_cert, certificate

__all__ = ["FUNCTIONS"]


# -- chain verification (Go's Certificate.Verify on a root, intermediates and a leaf) --------

_KEY_USAGES = {
    "KeyUsageAny": 0,
    "KeyUsageServerAuth": 1,
    "KeyUsageClientAuth": 2,
    "KeyUsageCodeSigning": 3,
    "KeyUsageEmailProtection": 4,
    "KeyUsageIPSECEndSystem": 5,
    "KeyUsageIPSECTunnel": 6,
    "KeyUsageIPSECUser": 7,
    "KeyUsageTimeStamping": 8,
    "KeyUsageOCSPSigning": 9,
    "KeyUsageMicrosoftServerGatedCrypto": 10,
    "KeyUsageNetscapeServerGatedCrypto": 11,
    "KeyUsageMicrosoftCommercialCodeSigning": 12,
    "KeyUsageMicrosoftKernelCodeSigning": 13,
}
_INSECURE = {1, 2, 3, 9, 7}  # MD2, MD5 and SHA-1 signatures: Go refuses them


class _Parsed:
    def __init__(self, fn: str, der: bytes):
        self.der = der
        self.obj = certificate(fn, der)
        self.cert = _load_cert(der)
        self.raw_subject = base64.b64decode(self.obj["RawSubject"])
        self.raw_issuer = base64.b64decode(self.obj["RawIssuer"])


def _signed_by(child: _Parsed, parent: _Parsed) -> bool:
    p = parent.obj
    if (p["Version"] == 3 and not p["BasicConstraintsValid"]) or (p["BasicConstraintsValid"] and not p["IsCA"]):
        return False
    if p["KeyUsage"] != 0 and not p["KeyUsage"] & 32:
        return False
    if child.obj["SignatureAlgorithm"] in _INSECURE or child.obj["SignatureAlgorithm"] == 0:
        return False
    try:
        child.cert.verify_directly_issued_by(parent.cert)
    except Exception:
        return False
    return True


def _valid_at(c: _Parsed, now: _dt.datetime) -> bool:
    return c.cert.not_valid_before_utc <= now <= c.cert.not_valid_after_utc


def _eku_ok(chain: list[_Parsed], usages: list[int]) -> bool:
    if 0 in usages:
        return True
    wanted = set(usages)
    for c in reversed(chain):
        known = c.obj["ExtKeyUsage"] or []
        if not known and not c.obj["UnknownExtKeyUsage"]:
            continue
        if 0 in known:
            continue
        wanted &= set(known)
        if not wanted:
            return False
    return bool(wanted)


def _hostname_ok(leaf: _Parsed, host: str) -> bool:
    try:
        ip = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        ip = None
    if ip is not None:
        return any(ipaddress.ip_address(a) == ip for a in leaf.obj["IPAddresses"] or [])
    host = host.lower().rstrip(".")
    for pattern in leaf.obj["DNSNames"] or []:
        pattern = pattern.lower().rstrip(".")
        if pattern == host:
            return True
        if pattern.startswith("*.") and "." in host and host.split(".", 1)[1] == pattern[2:] and host.split(".", 1)[0]:
            return True
    return False


def _verify(fn: str, ders: list[bytes], now: _dt.datetime, host: str, usages: list[int]):
    """The chain leaf..root Go's Verify finds, or None."""
    if len(ders) < 2:
        return None
    certs = [_Parsed(fn, d) for d in ders]
    root, inters, leaf = certs[0], certs[1:-1], certs[-1]
    if leaf.obj["UnhandledCriticalExtensions"]:
        return None
    if not _valid_at(leaf, now):
        return None
    if host and not _hostname_ok(leaf, host):
        return None

    def build(chain: list[_Parsed]):
        cur = chain[-1]
        for cand, is_root in [(root, True)] + [(i, False) for i in inters]:
            if cand.raw_subject != cur.raw_issuer or any(cand.der == c.der for c in chain):
                continue
            if not _signed_by(cur, cand) or not _valid_at(cand, now):
                continue
            o = cand.obj
            if not is_root and not (o["BasicConstraintsValid"] and o["IsCA"]):
                continue
            if o["BasicConstraintsValid"] and o["MaxPathLen"] >= 0 and len(chain) - 1 > o["MaxPathLen"]:
                continue
            nxt = chain + [cand]
            if is_root:
                if _eku_ok(nxt, usages):
                    return nxt
                continue
            found = build(nxt)
            if found is not None:
                return found
        return None

    if leaf.der == root.der:
        return [leaf]
    return build([leaf])


def _verified(fn: str, s: str, now, host: str, usages: list[int], uri_strings: bool = True):
    try:
        ders = _certs_input(s)
        chain = _verify(fn, ders, now, host, usages)
    except _Err:
        chain = None
    if chain is None:
        return [False, []]
    if not uri_strings:  # OPA adds URIStrings only without options
        for c in chain:
            del c.obj["URIStrings"]
    return [True, [c.obj for c in chain]]


def parse_and_verify_certificates(s):
    fn = "crypto.x509.parse_and_verify_certificates"
    s = check_string(fn, 1, s)
    return _verified(fn, s, _dt.datetime.now(_dt.timezone.utc), "", [1])


def parse_and_verify_certificates_with_options(s, opts):
    fn = "crypto.x509.parse_and_verify_certificates_with_options"
    s = check_string(fn, 1, s)
    if opts.__class__ is not dict:
        from ..errors import type_error

        raise type_error(fn, 2, "object", opts)
    now, host, usages = _dt.datetime.now(_dt.timezone.utc), "", [1]
    for k, v in opts.items():
        if k == "DNSName":
            if v.__class__ is not str:
                raise BuiltinError(f"{fn}: 'DNSName' should be a string")
            host = v
        elif k == "CurrentTime":
            if not is_number(v):
                raise BuiltinError(f"{fn}: 'CurrentTime' should be a number")
            ns = int(v.d) if v.__class__ is Num else int(v)
            now = _dt.datetime(1970, 1, 1, tzinfo=_dt.timezone.utc) + _dt.timedelta(microseconds=ns // 1000)
        elif k == "MaxConstraintComparisons":
            if not is_number(v):
                raise BuiltinError(f"{fn}: 'MaxConstraintComparisons' should be a number")
        elif k == "KeyUsages":
            from ..values import Set

            if v.__class__ is list:
                names = v
            elif v.__class__ is Set:
                names = sorted(x for x in v if isinstance(x, str)) + [x for x in v if not isinstance(x, str)]
            else:
                raise BuiltinError(f"{fn}: 'KeyUsages' should be an Array or Set")
            bad = [x for x in names if not (isinstance(x, str) and x in _KEY_USAGES)]
            if bad:
                raise BuiltinError(f"{fn}: invalid entries for 'KeyUsages' found: [{' '.join(map(str, bad))}]")
            usages = [_KEY_USAGES[x] for x in names] or [1]
        else:
            raise BuiltinError(f"{fn}: invalid key option")
    return _verified(fn, s, now, host, usages, uri_strings=False)


FUNCTIONS = {
    "crypto.x509.parse_and_verify_certificates": (parse_and_verify_certificates, 1),
    "crypto.x509.parse_and_verify_certificates_with_options": (parse_and_verify_certificates_with_options, 2),
}
