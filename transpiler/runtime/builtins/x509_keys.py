"""crypto.parse_private_keys, crypto.x509.parse_rsa_private_key and
crypto.x509.parse_keypair: private keys as Go marshals them (or as a JWK), and
tls.Certificate key pairs, built with ``cryptography``."""

from __future__ import annotations

import base64

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

from ..errors import BuiltinError
from .encoding import _STD_MAP, _CorruptInput, _go_b64decode
from .jwk import pem_decode
from .strings import check_string
from .x509 import _b64, _Err, _public_key, _std_b64, _unsupported, certificate

__all__ = ["FUNCTIONS"]


# -- private keys ----------------------------------------------------------------------------


def _private_key_struct(fn: str, key):
    """A private key as Go's json.Marshal shows it."""
    if isinstance(key, rsa.RSAPrivateKey):
        n = key.private_numbers()
        return {
            "N": n.public_numbers.n,
            "E": n.public_numbers.e,
            "D": n.d,
            "Primes": [n.p, n.q],
            "Precomputed": {"Dp": n.dmp1, "Dq": n.dmq1, "Qinv": n.iqmp, "CRTValues": []},
        }
    if isinstance(key, ec.EllipticCurvePrivateKey):
        n = key.private_numbers()
        return {"Curve": {}, "X": n.public_numbers.x, "Y": n.public_numbers.y, "D": n.private_value}
    if isinstance(key, ed25519.Ed25519PrivateKey):
        seed = key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption())
        pub = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        return _b64(seed + pub)
    raise _unsupported(fn, "this private key type")


def _load_private(der: bytes):
    """Go's order: PKCS#8, then PKCS#1, then SEC 1 (None if none parses)."""
    for loader in (serialization.load_der_private_key,):
        try:
            return loader(der, password=None)
        except (ValueError, TypeError, Exception):
            return None
    return None


def _b64_or_text(s: str) -> str:
    try:
        return _go_b64decode(s.encode("utf-8", "surrogatepass"), _STD_MAP).decode("latin-1")
    except _CorruptInput:
        return s


def _private_keys(fn: str, s: str) -> list:
    text = _b64_or_text(s)
    keys = []
    while text:
        block, text = pem_decode(text)
        if block is None:
            break
        if block.type not in ("RSA PRIVATE KEY", "PRIVATE KEY", "EC PRIVATE KEY"):
            continue
        key = _load_private(block.data)
        if key is None:
            raise BuiltinError(f"{fn}: x509: failed to parse private key")
        keys.append(key)
    return keys


def parse_private_keys(s):
    fn = "crypto.parse_private_keys"
    s = check_string(fn, 1, s)
    if s == "":
        return None
    return [_private_key_struct(fn, k) for k in _private_keys(fn, s)]


def _jwk_of(key) -> dict:
    def b(n: int, size: int | None = None) -> str:
        raw = n.to_bytes(size or max(1, (n.bit_length() + 7) // 8), "big")
        return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")

    if isinstance(key, rsa.RSAPrivateKey):
        n = key.private_numbers()
        return {"kty": "RSA", "n": b(n.public_numbers.n), "e": b(n.public_numbers.e), "d": b(n.d), "p": b(n.p),
                "q": b(n.q), "dp": b(n.dmp1), "dq": b(n.dmq1), "qi": b(n.iqmp)}
    if isinstance(key, ec.EllipticCurvePrivateKey):
        n = key.private_numbers()
        size = (key.curve.key_size + 7) // 8
        crv = {"secp256r1": "P-256", "secp384r1": "P-384", "secp521r1": "P-521"}.get(key.curve.name)
        if crv is None:
            return None
        return {"kty": "EC", "crv": crv, "x": b(n.public_numbers.x, size), "y": b(n.public_numbers.y, size), "d": b(n.private_value, size)}
    if isinstance(key, ed25519.Ed25519PrivateKey):
        seed = key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption())
        pub = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        enc = lambda x: base64.urlsafe_b64encode(x).decode("ascii").rstrip("=")  # noqa: E731
        return {"kty": "OKP", "crv": "Ed25519", "x": enc(pub), "d": enc(seed)}
    return None


def parse_rsa_private_key(s):
    """The first private key of PEM (or base64 PEM) data as a JWK; null when none."""
    fn = "crypto.x509.parse_rsa_private_key"
    s = check_string(fn, 1, s)
    if s == "":
        raise BuiltinError(f"{fn}: input PEM data was empty")
    keys = _private_keys(fn, s)
    return _jwk_of(keys[0]) if keys else None


# -- key pairs -------------------------------------------------------------------------------


def parse_keypair(cert, key):
    fn = "crypto.x509.parse_keypair"
    cert = check_string(fn, 1, cert)
    key = check_string(fn, 1, key)
    try:
        cdata = cert.encode("utf-8", "surrogatepass") if cert.startswith("-----BEGIN") else _std_b64(cert)
        kdata = key.encode("utf-8", "surrogatepass") if key.startswith("-----BEGIN") else _std_b64(key)
        if cdata.startswith(b"-----BEGIN"):
            ders = [b.data for b in _blocks(cdata.decode("latin-1")) if b.type == "CERTIFICATE"]
        else:
            ders = [cdata]
        if not ders:
            raise _Err("tls: failed to find any PEM data in certificate input")
        if kdata.startswith(b"-----BEGIN"):
            kblocks = [b for b in _blocks(kdata.decode("latin-1")) if b.type == "PRIVATE KEY" or b.type.endswith(" PRIVATE KEY")]
            if not kblocks:
                raise _Err('tls: failed to find "PRIVATE KEY" PEM block in key input')
            kder = kblocks[0].data
        else:
            kder = kdata
        pkey = _load_private(kder)
        if pkey is None:
            raise _Err("tls: failed to parse private key")
        leaf = certificate(fn, ders[0])
        del leaf["URIStrings"]  # OPA's addition is made for parse_certificates only
        mine = _public_key(fn, pkey.public_key())
        if mine[0] != leaf["PublicKeyAlgorithm"]:
            raise _Err("tls: private key type does not match public key type")
        if mine[1] != leaf["PublicKey"]:
            raise _Err("tls: private key does not match public key")
        return {
            "Certificate": [_b64(d) for d in ders],
            "PrivateKey": _private_key_struct(fn, pkey),
            "SupportedSignatureAlgorithms": None,
            "OCSPStaple": None,
            "SignedCertificateTimestamps": None,
            "Leaf": leaf,
        }
    except _Err as exc:
        raise BuiltinError(f"{fn}: {exc}") from None


def _blocks(text: str):
    from .jwk import pem_blocks

    return pem_blocks(text)


FUNCTIONS = {
    "crypto.x509.parse_keypair": (parse_keypair, 2),
    "crypto.x509.parse_rsa_private_key": (parse_rsa_private_key, 1),
    "crypto.parse_private_keys": (parse_private_keys, 1),
}
