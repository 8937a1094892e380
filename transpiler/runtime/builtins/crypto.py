"""Crypto digests: crypto.md5/sha1/sha256 and crypto.hmac.* (md5, sha1,
sha256, sha512, equal).

Digests are the lowercase hex of the hash of the string's UTF-8 bytes, as
OPA computes them. ``crypto.hmac.equal`` compares two MACs (any strings) in
constant time. OPA 1.20 has no ``crypto.sha512`` nor ``crypto.hmac.sha384``
(calling them is a compile error there), so they are not registered.
"""

from __future__ import annotations

import hashlib
import hmac

from .strings import check_string

__all__ = ["FUNCTIONS"]


def _utf8(s: str) -> bytes:
    try:
        return s.encode("utf-8")
    except UnicodeEncodeError:
        # A Go string holds no lone surrogate: Go's JSON decoder turns one into U+FFFD.
        return "".join("\ufffd" if "\ud800" <= c <= "\udfff" else c for c in s).encode("utf-8")


def _digest(name: str, algo: str):
    def fn(x):
        return hashlib.new(algo, _utf8(check_string(name, 1, x))).hexdigest()

    fn.__name__ = name.replace(".", "_")
    return fn


def _hmac(name: str, algo: str):
    def fn(x, key):
        msg = _utf8(check_string(name, 1, x))
        k = _utf8(check_string(name, 2, key))
        return hmac.new(k, msg, algo).hexdigest()

    fn.__name__ = name.replace(".", "_")
    return fn


def hmac_equal(mac1, mac2):
    a = _utf8(check_string("crypto.hmac.equal", 1, mac1))
    b = _utf8(check_string("crypto.hmac.equal", 2, mac2))
    return hmac.compare_digest(a, b)


FUNCTIONS = {
    "crypto.md5": (_digest("crypto.md5", "md5"), 1),
    "crypto.sha1": (_digest("crypto.sha1", "sha1"), 1),
    "crypto.sha256": (_digest("crypto.sha256", "sha256"), 1),
    "crypto.hmac.md5": (_hmac("crypto.hmac.md5", "md5"), 2),
    "crypto.hmac.sha1": (_hmac("crypto.hmac.sha1", "sha1"), 2),
    "crypto.hmac.sha256": (_hmac("crypto.hmac.sha256", "sha256"), 2),
    "crypto.hmac.sha512": (_hmac("crypto.hmac.sha512", "sha512"), 2),
    "crypto.hmac.equal": (hmac_equal, 2),
}
