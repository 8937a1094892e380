"""Keys for the JWT builtins: PEM certificates and public keys, JWKs and JWK sets.

Built on ``cryptography`` (signatures and key material). ``verification_keys``
reads what OPA's ``getKeysFromCertOrJWK`` reads: one PEM block (a
CERTIFICATE or a PUBLIC KEY) or a JWK / JWK set; ``signing_key`` reads the
first key of a JWK (set), as ``io.jwt.encode_sign`` does. Errors are raised
as ``ValueError`` with OPA's wording; the callers prefix the builtin's name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

from .encoding import base64url_bytes
from .jsonb import _go_decode, parse_json

__all__ = ["Key", "verification_keys", "parse_jwks", "pem_blocks", "PemBlock", "jwx_type"]


@dataclass(frozen=True)
class Key:
    key: object  # a cryptography key object, or bytes for "oct"
    alg: str = ""
    kid: str = ""
    kty: str = ""


@dataclass(frozen=True)
class PemBlock:
    type: str
    headers: dict
    data: bytes
    rest: str  # what follows the block


# Go looks for "\n-----BEGIN " (or the text starting with it)
_PEM_BEGIN = re.compile(r"(?:^|(?<=\n))-----BEGIN ([^\r\n]*?)-----[ \t]*\r?\n")


def _b64std(s: str) -> bytes:
    import base64
    import binascii

    try:
        return base64.b64decode("".join(s.split()), validate=True)
    except (binascii.Error, ValueError):
        raise ValueError("bad base64") from None


def pem_decode(text: str):
    """Go's ``pem.Decode``: the first PEM block of ``text`` and the text after
    it, or (None, text) when there is none."""
    pos = 0
    while True:
        m = _PEM_BEGIN.search(text, pos)
        if m is None:
            return None, text
        typ = m.group(1)
        end_marker = f"-----END {typ}-----"
        # the end line starts a line (Go looks for "\n-----END "); the body may be empty
        nl = text.find("\n" + end_marker, m.end() - 1)
        if nl < 0:
            pos = m.end()
            continue
        end = nl + 1
        body = text[m.end() : max(end - 1, m.end())]
        headers = {}
        lines = body.split("\n")
        i = 0
        while i < len(lines) and ":" in lines[i]:
            k, _, v = lines[i].partition(":")
            headers[k.strip()] = v.strip()
            i += 1
        if headers and i < len(lines) and lines[i].strip() == "":
            i += 1
        try:
            data = _b64std("\n".join(lines[i:]))
        except ValueError:
            pos = m.end()
            continue
        after = end + len(end_marker)
        rest = text[after:]
        # the end line must be followed by a newline or the end of the text
        stripped = rest.lstrip(" \t")
        if stripped and not stripped.startswith(("\n", "\r\n")):
            pos = m.end()
            continue
        if stripped.startswith("\r\n"):
            rest = stripped[2:]
        elif stripped.startswith("\n"):
            rest = stripped[1:]
        else:
            rest = ""
        return PemBlock(typ, headers, data, rest), rest


def pem_blocks(text: str) -> list[PemBlock]:
    out = []
    while True:
        block, text = pem_decode(text)
        if block is None:
            return out
        out.append(block)


def verification_keys(text: str) -> list[Key]:
    """OPA's ``getKeysFromCertOrJWK``."""
    block, rest = pem_decode(text)
    if block is not None:
        if rest:
            raise ValueError("extra data after a PEM certificate block")
        if block.type == "CERTIFICATE":
            try:
                cert = x509.load_der_x509_certificate(block.data)
                key = cert.public_key()
            except ValueError:
                raise ValueError("failed to parse a PEM certificate: x509: malformed certificate") from None
            return [Key(key)]
        if block.type == "PUBLIC KEY":
            try:
                key = serialization.load_der_public_key(block.data)
            except (ValueError, TypeError) as exc:
                raise ValueError(f"failed to parse a PEM public key: {exc}") from None
            return [Key(key)]
        raise ValueError("failed to extract a Key from the PEM certificate")
    try:
        return parse_jwks(text)
    except ValueError as exc:
        raise ValueError(f"failed to parse a JWK key (set): jwk.ParseString: failed to parse string: {exc}") from None


def parse_jwks(text: str) -> list[Key]:
    """A JWK or a JWK set (``{"keys": [...]}``) as keys, with jwx's error texts."""
    try:
        doc = parse_json(text)
    except (ValueError, RecursionError):
        msg = _go_decode(text)[1] or "invalid JSON"
        raise ValueError(
            "jwk.Parse: failed to parse sole key: jwk.ParseKey: jwk.Parse: failed to probe data: "
            f"probe: failed to unmarshal data: {msg}"
        ) from None
    if doc.__class__ is dict and "keys" in doc:
        keys = doc["keys"]
        if keys.__class__ is not list:
            raise ValueError(f"jwk.Parse: failed to unmarshal JWK set: failed to decode \"keys\": expected '[' but got {keys}")
        out = []
        for i, k in enumerate(keys):
            try:
                out.append(_jwk(k))
            except ValueError as exc:
                raise ValueError(f'jwk.Parse: failed to unmarshal JWK set: failed to decode key #{i} in "keys": {exc}') from None
        return out
    try:
        return [_jwk(doc)]
    except ValueError as exc:
        raise ValueError(f"jwk.Parse: failed to parse sole key: {exc}") from None


_GO_TYPES = {list: "array", dict: "object", str: "string", int: "number", float: "number", bool: "bool"}


def _probe_error(v) -> ValueError:
    t = _GO_TYPES.get(v.__class__, "null")
    return ValueError(
        "jwk.ParseKey: jwk.Parse: failed to probe data: probe: failed to unmarshal data: "
        f"json: cannot unmarshal {t} into Go value of type struct "
        '{ Kty string "json:\\"kty\\""; D json.RawMessage "json:\\"d,omitempty\\"" }'
    )


class _FieldError(ValueError):
    pass


def _field(d: dict, name: str, required: bool = True) -> bytes | None:
    v = d.get(name)
    if v is None:
        if required:
            raise _FieldError(f"required field {name} is missing")
        return None
    if v.__class__ is not str:
        raise _FieldError(
            f"failed to decode value for key {name}: error reading next value: "
            f"json: cannot unmarshal {_GO_TYPES.get(v.__class__, 'null')} into Go value of type string"
        )
    try:
        return base64url_bytes(v)
    except ValueError:
        raise _FieldError(f"failed to decode value for key {name}: expected base64 encoded []byte (string)") from None


def _int(d: dict, name: str, required: bool = True) -> int | None:
    b = _field(d, name, required)
    return None if b is None else int.from_bytes(b, "big")


_CURVES = {"P-256": ec.SECP256R1, "P-384": ec.SECP384R1, "P-521": ec.SECP521R1}
_CURVE_BYTES = {"P-256": 32, "P-384": 48, "P-521": 66}


class UnusableRSAPublicKey:
    """RSA public numbers that ``cryptography`` refuses as a key (jwx accepts them)."""

    def __init__(self, numbers):
        self.numbers = numbers


def jwx_type(key) -> str:
    """jwx's name of a key's type, as its error texts show it."""
    for cls, name in (
        (rsa.RSAPrivateKey, "rsaPrivateKey"),
        (rsa.RSAPublicKey, "rsaPublicKey"),
        (UnusableRSAPublicKey, "rsaPublicKey"),
        (ec.EllipticCurvePrivateKey, "ecdsaPrivateKey"),
        (ec.EllipticCurvePublicKey, "ecdsaPublicKey"),
        (ed25519.Ed25519PrivateKey, "okpPrivateKey"),
        (ed25519.Ed25519PublicKey, "okpPublicKey"),
    ):
        if isinstance(key, cls):
            return name
    return "symmetricKey"


def _jwk(d) -> Key:
    if d.__class__ is not dict:
        raise _probe_error(d)
    kty = d.get("kty")
    if kty is not None and kty.__class__ is not str:
        raise ValueError(
            "jwk.ParseKey: jwk.Parse: failed to probe data: probe: failed to unmarshal data: "
            f"json: cannot unmarshal {_GO_TYPES.get(kty.__class__, 'null')} into Go struct field .kty of type string"
        )
    private = "d" in d
    kind = {"RSA": "rsa", "EC": "ecdsa", "OKP": "okp"}.get(kty)
    if kind is not None:
        jtype = f"{kind}{'Private' if private else 'Public'}Key"
    elif kty == "oct":
        jtype = "symmetricKey"
    else:
        raise ValueError(f"jwk.ParseKey: invalid key type from JSON ({kty or ''})")
    where = f"failed to unmarshal JSON into key (*jwk.{jtype})"
    try:
        for name in ("alg", "kid"):
            v = d.get(name, "")
            if v.__class__ is not str:
                raise _FieldError(
                    f"failed to decode value for key {name}: "
                    + ("error reading next value: " if name == "kid" else "")
                    + f"json: cannot unmarshal {_GO_TYPES.get(v.__class__, 'null')} into Go value of type string"
                )
        key = _material(kty, d, private)
    except _FieldError as exc:
        raise ValueError(f"jwk.ParseKey: {where}: {where}: {exc}") from None
    except _InvalidKey as exc:
        raise ValueError(f"jwk.ParseKey: jwk.Parse: key validation failed: key validation failed: {exc}") from None
    return Key(key, d.get("alg", ""), d.get("kid", ""), kty)


class _InvalidKey(ValueError):
    pass


def _material(kty: str, d: dict, private: bool):
    if kty == "RSA":
        e, n = _int(d, "e"), _int(d, "n")
        dd = _int(d, "d", False)
        pub = rsa.RSAPublicNumbers(e, n)
        try:
            if dd is None:
                try:
                    return pub.public_key()
                except ValueError:
                    return UnusableRSAPublicKey(pub)  # jwx takes any numbers; no signature verifies
            p, q = _int(d, "p", False), _int(d, "q", False)
            if p is None or q is None:
                p, q = rsa.rsa_recover_prime_factors(n, e, dd)
            dp = _int(d, "dp", False) or rsa.rsa_crt_dmp1(dd, p)
            dq = _int(d, "dq", False) or rsa.rsa_crt_dmq1(dd, q)
            qi = _int(d, "qi", False) or rsa.rsa_crt_iqmp(p, q)
            return rsa.RSAPrivateNumbers(p, q, dd, dp, dq, qi, pub).private_key()
        except (ValueError, TypeError) as exc:
            raise _InvalidKey(f"jwk.RSA{'Private' if private else 'Public'}Key: {exc}") from None
    if kty == "EC":
        if "crv" not in d:
            raise _FieldError("required field crv is missing")
        crv = d["crv"]
        if crv not in _CURVES:
            raise _FieldError(f'failed to decode value for key crv: unknown EllipticCurveAlgorithm: "{crv}"')
        x = _field(d, "x")
        y = _field(d, "y")
        dd = _field(d, "d", False)
        what = f"jwk.ECDSA{'Private' if private else 'Public'}Key"
        size = _CURVE_BYTES[crv]
        for name, v in (("x", x), ("y", y)):
            if len(v) != size:
                raise _InvalidKey(f'{what}: invalid "{name}" length ({len(v)}) for curve "{crv}"')
        try:
            pub = ec.EllipticCurvePublicNumbers(int.from_bytes(x, "big"), int.from_bytes(y, "big"), _CURVES[crv]())
            if dd is None:
                return pub.public_key()
            return ec.EllipticCurvePrivateNumbers(int.from_bytes(dd, "big"), pub).private_key()
        except ValueError as exc:
            raise _InvalidKey(f"{what}: {exc}") from None
    if kty == "OKP":
        if "crv" not in d:
            raise _FieldError("required field crv is missing")
        x = _field(d, "x")
        dd = _field(d, "d", False)
        what = f"jwk.OKP{'Private' if private else 'Public'}Key"
        if d["crv"] != "Ed25519":
            raise _InvalidKey(f"{what}: {str(d['crv']).lower()}: wrong public key size")
        if len(x) != 32:
            raise _InvalidKey(f"{what}: ed25519: wrong public key size")
        if dd is None:
            return ed25519.Ed25519PublicKey.from_public_bytes(x)
        if len(dd) != 32:
            raise _InvalidKey(f"{what}: ed25519: wrong private key size")
        return ed25519.Ed25519PrivateKey.from_private_bytes(dd)
    k = _field(d, "k")
    if not k:
        raise _InvalidKey('jwk.SymmetricKey: missing "k" field')
    return k
