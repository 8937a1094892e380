"""JSON Web Tokens: io.jwt.decode, io.jwt.verify_* and io.jwt.decode_verify, as
OPA's topdown/tokens.go (signing: ``jwt_sign``).

Signatures are checked and made with ``cryptography``. A token is three
base64url sections; OPA's texts for a bad one ("encoded JWT must have 3
sections, found 2", "JWT header had invalid encoding: ...") are kept word for
word, prefixed with the builtin's name. ``verify_*`` answer false when no key
verifies the signature; ``decode_verify`` answers ``[false, {}, {}]`` when the
signature or a constraint fails, and raises for malformed tokens and
constraints. The wall clock of ``decode_verify`` (when no ``time`` constraint
is given) is read once per call.
"""

from __future__ import annotations

import hashlib
import hmac
import time

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa, utils

from ..errors import BuiltinError, RegoRuntimeError
from ..values import Num, compare, is_number, to_json
from .encoding import base64url_bytes, go_string
from .jsonb import parse_json
from .jwk import Key, verification_keys
from .strings import check_string

__all__ = ["FUNCTIONS"]

_HASHES = {"256": hashes.SHA256, "384": hashes.SHA384, "512": hashes.SHA512}
_HASHLIB = {"256": hashlib.sha256, "384": hashlib.sha384, "512": hashlib.sha512}


class _Err(Exception):
    """An error in OPA's words, without the builtin's name."""


# -- decoding ------------------------------------------------------------------------------


def _split(fn: str, token) -> tuple[str, str, str]:
    s = check_string(fn, 1, token)
    if "." not in s:
        raise _Err("encoded JWT had no period separators")
    parts = s.split(".")
    if len(parts) != 3:
        raise _Err(f"encoded JWT must have 3 sections, found {len(parts)}")
    return parts[0], parts[1], parts[2]


def _b64(s: str) -> bytes:
    try:
        return base64url_bytes(s)
    except ValueError as exc:
        raise _Err(str(exc)) from None


def _json_object(b: bytes) -> dict:
    try:
        v = parse_json(go_string(b))
    except (ValueError, RecursionError):
        from .jsonb import unmarshal

        try:
            v = unmarshal(go_string(b))
        except BuiltinError as exc:
            raise _Err(f"invalid JSON: {exc.message.removeprefix('json.unmarshal: ')}") from None
    if v.__class__ is not dict:
        raise _Err("decoded JSON type was not an Object")
    return v


def _header(h: str) -> dict:
    try:
        raw = base64url_bytes(h)
    except ValueError as exc:
        raise _Err(f"JWT header had invalid encoding: {exc}") from None
    try:
        header = _json_object(raw)
    except _Err as exc:
        raise _Err(f"bad JWT header: {exc}") from None
    if "enc" in header:
        raise _Err("JWT is a JWE object, which is not supported")
    return header


def _payload_bytes(p: str) -> bytes:
    try:
        return base64url_bytes(p)
    except ValueError as exc:
        raise _Err(f"JWT payload had invalid encoding: {exc}") from None


def _decode(token):
    fn = "io.jwt.decode"
    while True:
        h, p, sig = _split(fn, token)
        header = _header(h)
        payload = _payload_bytes(p)
        cty = header.get("cty")
        if cty is not None and cty.__class__ is not str:
            # OPA panics here ("interface conversion: ast.Value is ..., not ast.String"):
            # an evaluation error, never an undefined expression
            raise RegoRuntimeError("eval_internal_error", "io.jwt.decode: cty header is not a string")
        if cty == "JWT":
            # a nested token: its payload (quoted by some encoders) is the next token
            token = go_string(payload).strip('"')
            continue
        claims = _json_object(payload)
        try:
            signature = base64url_bytes(sig)
        except ValueError as exc:
            raise _Err(f"JWT signature had invalid encoding: {exc}") from None
        return [header, claims, signature.hex()]


def jwt_decode(token):
    try:
        return _decode(token)
    except _Err as exc:
        raise BuiltinError(f"io.jwt.decode: {exc}") from None


# -- signature checks ----------------------------------------------------------------------
# Each takes (key, signed bytes, signature bytes) and returns True or False.


def _rsa(bits: str, pss: bool):
    def verify(key, msg: bytes, sig: bytes) -> bool:
        if not isinstance(key, rsa.RSAPublicKey):
            return False
        pad = padding.PSS(padding.MGF1(_HASHES[bits]()), padding.PSS.AUTO) if pss else padding.PKCS1v15()
        try:
            key.verify(sig, msg, pad, _HASHES[bits]())
        except (InvalidSignature, ValueError):
            return False
        return True

    return verify


def _ecdsa(bits: str):
    def verify(key, msg: bytes, sig: bytes) -> bool:
        if not isinstance(key, ec.EllipticCurvePublicKey):
            return False
        n = len(sig) // 2
        r, s = int.from_bytes(sig[:n], "big"), int.from_bytes(sig[n:], "big")
        if r == 0 or s == 0:
            return False
        try:
            key.verify(utils.encode_dss_signature(r, s), msg, ec.ECDSA(_HASHES[bits]()))
        except (InvalidSignature, ValueError):
            return False
        return True

    return verify


def _eddsa(key, msg: bytes, sig: bytes) -> bool:
    if not isinstance(key, ed25519.Ed25519PublicKey):
        return False
    try:
        key.verify(sig, msg)
    except (InvalidSignature, ValueError):
        return False
    return True


def _hmac(bits: str):
    def verify(key, msg: bytes, sig: bytes) -> bool:
        if key.__class__ is not bytes:
            return False
        return hmac.compare_digest(hmac.new(key, msg, _HASHLIB[bits]).digest(), sig)

    return verify


_VERIFIERS = {}
for _b in ("256", "384", "512"):
    _VERIFIERS["RS" + _b] = _rsa(_b, False)
    _VERIFIERS["PS" + _b] = _rsa(_b, True)
    _VERIFIERS["ES" + _b] = _ecdsa(_b)
    _VERIFIERS["HS" + _b] = _hmac(_b)
_VERIFIERS["EdDSA"] = _eddsa


def _verify_with_keys(keys: list[Key], header: dict, msg: bytes, sig: bytes, check) -> bool:
    kid = header.get("kid")
    alg = header.get("alg")
    if kid.__class__ is str and kid:
        for k in keys:
            if k.kid == kid:
                return check(k.key, msg, sig)
    for k in keys:
        if k.alg and k.alg != alg:
            continue
        if check(k.key, msg, sig):
            return True
    return False


def _verifier(name: str, alg: str):
    check = _VERIFIERS[alg]

    def fn(token, cert):
        try:
            h, p, s = _split(name, token)
            keys = verification_keys(check_string(name, 2, cert))
            try:
                sig = base64url_bytes(s)
            except ValueError as exc:
                raise _Err(str(exc)) from None
            header = _header(h)
            _token_header(header)
            return _verify_with_keys(keys, header, f"{h}.{p}".encode(), sig, check)
        except (_Err, ValueError) as exc:
            raise BuiltinError(f"{name}: {exc}") from None

    fn.__name__ = name.replace(".", "_")
    return fn


def _hs_verifier(name: str, bits: str):
    def fn(token, secret):
        try:
            h, p, s = _split(name, token)
            key = check_string(name, 2, secret).encode("utf-8", "surrogatepass")
            mac = hmac.new(key, f"{h}.{p}".encode(), _HASHLIB[bits]).digest()
            try:
                sig = base64url_bytes(s)
            except ValueError as exc:
                raise _Err(str(exc)) from None
            return hmac.compare_digest(mac, sig)
        except _Err as exc:
            raise BuiltinError(f"{name}: {exc}") from None

    fn.__name__ = name.replace(".", "_")
    return fn


# -- decode_verify --------------------------------------------------------------------------


def _token_header(header: dict) -> dict:
    """OPA's parseTokenHeader: the known fields checked, the unknown ones listed."""
    out = {"alg": "", "kid": "", "typ": "", "cty": "", "crit": None, "unknown": []}
    for k, v in header.items():
        if k in ("alg", "kid", "typ", "cty"):
            if v.__class__ is not str:
                raise _Err(f"{k}: must be a string")
            out[k] = v
        elif k == "crit":
            if v.__class__ is not list:
                raise _Err("crit: must be a list")
            crit = {x for x in v if x.__class__ is str}
            if not crit:
                raise _Err("crit: must be a nonempty list")
            out["crit"] = crit
        else:
            out["unknown"].append(k)
    return out


def _header_valid(th: dict) -> bool:
    if not th["alg"]:
        return False
    crit = th["crit"] or set()
    return not any(u in crit for u in th["unknown"])


def _constraints(c: dict) -> dict:
    out = {"keys": None, "secret": "", "alg": "", "iss": "", "aud": "", "time": None}
    for k, v in c.items():
        if k == "cert":
            if v.__class__ is not str:
                raise _Err("cert constraint: must be a string")
            out["keys"] = verification_keys(v)
        elif k in ("secret", "alg", "iss", "aud"):
            if v.__class__ is not str:
                raise _Err(f"{k} constraint: must be a string")
            out[k] = v
        elif k == "time":
            if not is_number(v) or v.__class__ is bool:
                raise _Err("token time constraint: must be a number")
            t = float(v.d) if v.__class__ is Num else float(v)
            if t < 0:
                raise _Err("token time constraint: must not be negative")
            out["time"] = t
        else:
            raise _Err(f"unknown token validation constraint: {k if k.__class__ is str else to_json(k)}")
    n = (out["keys"] is not None) + (out["secret"] != "")
    if n > 1:
        raise _Err("duplicate key constraints")
    if n < 1:
        raise _Err("no key constraint")
    if out["time"] is None:
        out["time"] = float(time.time_ns())
    return out


def _public_half(key):
    if isinstance(key, (rsa.RSAPrivateKey, ec.EllipticCurvePrivateKey, ed25519.Ed25519PrivateKey)):
        return key.public_key()
    return key


def _valid_audience(aud, want: str) -> bool:
    if aud.__class__ is str:
        return aud == want
    if aud.__class__ is list:
        return any(x.__class__ is str and x == want for x in aud)
    return False


_UNVERIFIED = [False, {}, {}]


def _decode_verify(token, constraints):
    fn = "io.jwt.decode_verify"
    if constraints.__class__ is not dict:
        from ..errors import type_error

        raise type_error(fn, 2, "object", constraints)
    c = _constraints(constraints)
    while True:
        h, p, s = _split(fn, token)
        header = _header(h)
        th = _token_header(header)
        if not _header_valid(th):
            return _UNVERIFIED
        if c["alg"] and c["alg"] != th["alg"]:
            return _UNVERIFIED
        sig = _b64(s)
        check = _VERIFIERS.get(th["alg"])
        if check is None:
            return _UNVERIFIED
        msg = f"{h}.{p}".encode()
        if c["keys"] is not None:
            # decode_verify checks with the public half of a private JWK (verify_* do not)
            keys = [Key(_public_half(k.key), k.alg, k.kid, k.kty) for k in c["keys"]]
            ok = _verify_with_keys(keys, {"kid": th["kid"], "alg": th["alg"]}, msg, sig, check)
        else:
            ok = check(c["secret"].encode("utf-8", "surrogatepass"), msg, sig)
        if not ok:
            return _UNVERIFIED
        payload = _payload_bytes(p)
        if th["cty"].upper() == "JWT":
            token = go_string(payload)
            continue
        break
    claims = _json_object(payload)
    if c["iss"]:
        iss = claims.get("iss")
        if iss is not None and iss.__class__ is not str:
            # OPA panics here (interface conversion): an error, never an answer
            raise RegoRuntimeError("eval_internal_error", "io.jwt.decode_verify: iss claim is not a string")
        if iss != c["iss"]:
            return _UNVERIFIED
    if "aud" in claims:
        if not _valid_audience(claims["aud"], c["aud"]):
            return _UNVERIFIED
    elif c["aud"]:
        return _UNVERIFIED
    now = c["time"] / 1e9
    if "exp" in claims:
        exp = claims["exp"]
        if not is_number(exp):  # a Num: written otherwise than Python prints it (1.5e+09)
            raise _Err("exp value must be a number")
        if compare(now, exp) != -1:
            return _UNVERIFIED
    if "nbf" in claims:
        nbf = claims["nbf"]
        if not is_number(nbf):
            raise _Err("nbf value must be a number")
        if compare(now, nbf) == -1:
            return _UNVERIFIED
    return [True, header, claims]


def jwt_decode_verify(token, constraints):
    try:
        return _decode_verify(token, constraints)
    except (_Err, ValueError) as exc:
        raise BuiltinError(f"io.jwt.decode_verify: {exc}") from None


FUNCTIONS = {
    "io.jwt.decode": (jwt_decode, 1),
    "io.jwt.decode_verify": (jwt_decode_verify, 2),
    "io.jwt.verify_eddsa": (_verifier("io.jwt.verify_eddsa", "EdDSA"), 2),
}
for _b in ("256", "384", "512"):
    for _a in ("RS", "PS", "ES"):
        _n = f"io.jwt.verify_{_a.lower()}{_b}"
        FUNCTIONS[_n] = (_verifier(_n, _a + _b), 2)
    _n = f"io.jwt.verify_hs{_b}"
    FUNCTIONS[_n] = (_hs_verifier(_n, _b), 2)

del _a, _b, _n
