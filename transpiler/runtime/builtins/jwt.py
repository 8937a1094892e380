"""JSON Web Tokens: io.jwt.decode, io.jwt.verify_*, io.jwt.decode_verify,
io.jwt.encode_sign and io.jwt.encode_sign_raw, as OPA's topdown/tokens.go.

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
import json
import re
import time

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa, utils

from ..errors import BuiltinError, RegoRuntimeError
from ..values import compare, to_json
from .encoding import base64url_bytes, go_string
from .jsonb import marshal, parse_json
from .jwk import Key, jwx_type, parse_jwks, verification_keys
from .strings import check_string, go_quote

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
            if v.__class__ not in (int, float):
                raise _Err("token time constraint: must be a number")
            if v < 0:
                raise _Err("token time constraint: must not be negative")
            out["time"] = float(v)
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
        if exp.__class__ not in (int, float):
            raise _Err("exp value must be a number")
        if compare(now, exp) != -1:
            return _UNVERIFIED
    if "nbf" in claims:
        nbf = claims["nbf"]
        if nbf.__class__ not in (int, float):
            raise _Err("nbf value must be a number")
        if compare(now, nbf) == -1:
            return _UNVERIFIED
    return [True, header, claims]


def jwt_decode_verify(token, constraints):
    try:
        return _decode_verify(token, constraints)
    except (_Err, ValueError) as exc:
        raise BuiltinError(f"io.jwt.decode_verify: {exc}") from None


# -- signing ---------------------------------------------------------------------------------


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
    "io.jwt.decode": (jwt_decode, 1),
    "io.jwt.decode_verify": (jwt_decode_verify, 2),
    "io.jwt.encode_sign": (jwt_encode_sign, 3),
    "io.jwt.encode_sign_raw": (jwt_encode_sign_raw, 3),
    "io.jwt.verify_eddsa": (_verifier("io.jwt.verify_eddsa", "EdDSA"), 2),
}
for _b in ("256", "384", "512"):
    for _a in ("RS", "PS", "ES"):
        _n = f"io.jwt.verify_{_a.lower()}{_b}"
        FUNCTIONS[_n] = (_verifier(_n, _a + _b), 2)
    _n = f"io.jwt.verify_hs{_b}"
    FUNCTIONS[_n] = (_hs_verifier(_n, _b), 2)

del _a, _b, _n
