"""io.jwt.encode_sign and io.jwt.encode_sign_raw: JWS compact tokens signed with
``cryptography``, with the texts of OPA 1.20's signer (jwx v3): the "alg"
header read as jwx reads it (the first one), key type errors naming jwx's
types. RSA PKCS#1 v1.5, HMAC and EdDSA signatures are deterministic (the
same token as OPA's); ECDSA and PSS ones are random, as in OPA.
"""

from __future__ import annotations

import hmac
import json
import re

from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa, utils

from ..errors import BuiltinError
from .jsonb import marshal, parse_json
from .jwk import jwx_type, parse_jwks
from .jwt import _HASHES, _HASHLIB, _VERIFIERS, _Err
from .strings import check_string, go_quote

__all__ = ["FUNCTIONS"]


def _b64url(b: bytes) -> str:
    import base64

    return base64.urlsafe_b64encode(b).decode("ascii").rstrip("=")


# What jwx's signer requires of a key, per algorithm family:
# (Go type, what it fails to produce, whether the message says "keyconv: ").
_SIGN_KEYS = {
    "HS": ("[]byte", "[]byte", True),
    "RS": ("*rsa.PrivateKey", "rsa.PrivateKey", False),
    "PS": ("*rsa.PrivateKey", "rsa.PrivateKey", False),
    "ES": ("*ecdsa.PrivateKey", "ecdsa.PrivateKey", True),
    "Ed": ("ed25519.PrivateKey", "ed25519.PrivateKey", False),
}
_SIGN_CLASSES = {
    "HS": bytes,
    "RS": rsa.RSAPrivateKey,
    "PS": rsa.RSAPrivateKey,
    "ES": ec.EllipticCurvePrivateKey,
    "Ed": ed25519.Ed25519PrivateKey,
}


def _key_type_error(alg: str, key) -> _Err:
    want, produce, keyconv = _SIGN_KEYS[alg[:2]]
    jt = jwx_type(key)
    if jt == "okpPublicKey":
        why = f"jwk.Export: failed to assign key: argument to AssignIfCompatible() must be compatible with ed25519.PublicKey (was {want if want.startswith('*') else '*' + want})"
    else:
        why = f"jwk.Export: no suitable exporter found for key type '*jwk.{jt}'"
    return _Err(
        f"jwsbb.Sign: invalid key type *jwk.{jt}. {want} is required: "
        f"{'keyconv: ' if keyconv else ''}failed to produce {produce} from *jwk.{jt}: {why}"
    )


def _sign(alg: str, key, msg: bytes) -> bytes:
    if not isinstance(key, _SIGN_CLASSES[alg[:2]]):
        raise _key_type_error(alg, key)
    bits = alg[2:]
    if alg.startswith("HS"):
        return hmac.new(key, msg, _HASHLIB[bits]).digest()
    if alg.startswith("RS"):
        return key.sign(msg, padding.PKCS1v15(), _HASHES[bits]())
    if alg.startswith("PS"):
        return key.sign(msg, padding.PSS(padding.MGF1(_HASHES[bits]()), padding.PSS.DIGEST_LENGTH), _HASHES[bits]())
    if alg.startswith("ES"):
        r, s = utils.decode_dss_signature(key.sign(msg, ec.ECDSA(_HASHES[bits]())))
        size = (key.curve.key_size + 7) // 8
        return r.to_bytes(size, "big") + s.to_bytes(size, "big")
    return key.sign(msg)


class _Obj(list):
    """A JSON object as its pairs in order (the first "alg" is the one read)."""


_FAST_TYPES = {str: "string", int: "number", float: "number", list: "array", _Obj: "object", type(None): "null"}


_FAST_NUMBER = re.compile(r"[0-9eE+\-.]*")


def _header_alg(headers: str) -> str:
    """The "alg" of JWS headers, read as jwx reads it (the first one)."""
    pre = "missing or invalid 'alg' header: "
    text = headers.lstrip(" \t\r\n")
    m = _FAST_NUMBER.match(text)
    if m and m.end():
        # fastjson reads a run of number characters as a number (not an object)
        tail = text[m.end() :].lstrip(" \t\r\n")
        if tail:
            raise _Err(pre + f"unexpected tail: {go_quote(tail)}")
        raise _Err(pre + 'jwsbb: header "alg" not found')
    try:
        v, end = json.JSONDecoder(object_pairs_hook=_Obj).raw_decode(text)
    except (ValueError, RecursionError):
        raise _Err(pre + "cannot parse JSON") from None
    tail = text[end:].lstrip(" \t\r\n")
    if tail:
        raise _Err(pre + f"unexpected tail: {go_quote(tail)}")
    alg = next((x for k, x in v if k == "alg"), _Err) if v.__class__ is _Obj else _Err
    if alg is _Err:
        raise _Err(pre + 'jwsbb: header "alg" not found')
    if alg.__class__ is not str:
        t = ("true" if alg else "false") if alg.__class__ is bool else _FAST_TYPES[alg.__class__]
        raise _Err(pre + f"value doesn't contain string; it contains {t}")
    return alg


def _encode_sign(headers: str, payload: str, jwk: str) -> str:
    keys = parse_jwks(jwk)
    if not keys:
        raise _Err("no keys found in JWK set")
    key = keys[0]
    alg = _header_alg(headers)
    if alg not in _VERIFIERS:
        raise _Err(f"unknown JWS algorithm: {alg}")
    try:
        hdr = parse_json(headers)
    except (ValueError, RecursionError):
        hdr = {}
    typ = hdr.get("typ") if hdr.__class__ is dict else None
    if (typ is None or typ == "" or typ == "JWT") and not _json_valid(payload):
        raise _Err("type is JWT but payload is not JSON")
    h = _b64url(headers.encode("utf-8", "surrogatepass"))
    p = _b64url(payload.encode("utf-8", "surrogatepass"))
    sig = _sign(alg, key.key, f"{h}.{p}".encode())
    return f"{h}.{p}.{_b64url(sig)}"


def _json_valid(s: str) -> bool:
    try:
        parse_json(s)
    except (ValueError, RecursionError):
        return False
    return True


def jwt_encode_sign_raw(headers, payload, key):
    fn = "io.jwt.encode_sign_raw"
    k = check_string(fn, 3, key)
    h = check_string(fn, 1, headers)
    p = check_string(fn, 2, payload)
    try:
        return _encode_sign(h, p, k)
    except (_Err, ValueError) as exc:
        raise BuiltinError(f"{fn}: {exc}") from None


def jwt_encode_sign(headers, payload, key):
    fn = "io.jwt.encode_sign"
    try:
        return _encode_sign(marshal(headers), marshal(payload), marshal(key))
    except (_Err, ValueError) as exc:
        raise BuiltinError(f"{fn}: {exc}") from None


FUNCTIONS = {
    "io.jwt.encode_sign": (jwt_encode_sign, 3),
    "io.jwt.encode_sign_raw": (jwt_encode_sign_raw, 3),
}
