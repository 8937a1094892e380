"""crypto.x509.* and crypto.parse_private_keys of the runtime, checked against real OPA.

Certificates, requests and keys made for the run (RSA, EC and Ed25519 keys;
names, alternative names of each kind, key usages, extended key usages known
and unknown, basic constraints, key identifiers, access information, CRL
points, policies), given as PEM, base64 PEM and base64 DER; each parsed
object is compared whole with OPA's (Go's structs marshalled).
"""

from __future__ import annotations

import base64
import datetime
import ipaddress

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from transpiler.runtime.builtins import BUILTINS

opa_bindings = pytest.importorskip("opa_bindings")

from opa_calls import opa_call, our_call  # noqa: E402

FUNCTIONS = {n: (b.fn, b.arity) for n, b in BUILTINS.items() if n.startswith("crypto.")}
PEM = serialization.Encoding.PEM
DER = serialization.Encoding.DER
NOENC = serialization.NoEncryption()


@pytest.fixture(scope="module")
def opa():
    return opa_bindings.OpaEngine()


def check(opa, fn, args, text=True):
    want = opa_call(opa, fn, args)
    got = our_call(FUNCTIONS, fn, args)
    if not text and want[0] == "err":  # Go's ASN.1 error texts are not reproduced
        got, want = got[:2], want[:2]
    assert got == want, f"{fn}{tuple(a[:60] if isinstance(a, str) else a for a in args)!r}"


def _name(cn, extra=()):
    return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "GB"), *extra, x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def _cert(key, issuer_key, subject, issuer, exts, hash_=hashes.SHA256()):
    b = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(key.public_key())
        .serial_number(0x1234567890ABCDEF1234)
        .not_valid_before(datetime.datetime(2024, 1, 2, 3, 4, 5))
        .not_valid_after(datetime.datetime(2124, 1, 2, 3, 4, 5))
    )
    for e, crit in exts:
        b = b.add_extension(e, critical=crit)
    return b.sign(issuer_key, None if isinstance(issuer_key, ed25519.Ed25519PrivateKey) else hash_)


@pytest.fixture(scope="module")
def material():
    rsa_key = rsa.generate_private_key(65537, 2048)
    ec_key = ec.generate_private_key(ec.SECP384R1())
    ed_key = ed25519.Ed25519PrivateKey.generate()
    ca = _cert(
        rsa_key, rsa_key, _name("Root", [x509.NameAttribute(NameOID.ORGANIZATION_NAME, "O1"), x509.NameAttribute(NameOID.ORGANIZATION_NAME, "O2")]),
        _name("Root"),
        [
            (x509.BasicConstraints(ca=True, path_length=0), True),
            (x509.KeyUsage(False, False, False, False, False, True, True, False, False), True),
            (x509.SubjectKeyIdentifier.from_public_key(rsa_key.public_key()), False),
        ],
    )
    leaf_exts = [
        (x509.BasicConstraints(ca=False, path_length=None), False),
        (x509.KeyUsage(True, True, True, False, True, False, False, True, False), True),
        (x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH, ExtendedKeyUsageOID.CLIENT_AUTH, x509.ObjectIdentifier("1.2.3.4")]), False),
        (
            x509.SubjectAlternativeName(
                [
                    x509.DNSName("a.example"),
                    x509.DNSName("b.example"),
                    x509.RFC822Name("x@example.com"),
                    x509.IPAddress(ipaddress.ip_address("10.1.2.3")),
                    x509.IPAddress(ipaddress.ip_address("2001:db8::1")),
                    x509.UniformResourceIdentifier("spiffe://example.com/ns/a?q=1#f"),
                ]
            ),
            False,
        ),
        (x509.AuthorityKeyIdentifier.from_issuer_public_key(rsa_key.public_key()), False),
        (
            x509.AuthorityInformationAccess(
                [
                    x509.AccessDescription(x509.oid.AuthorityInformationAccessOID.OCSP, x509.UniformResourceIdentifier("http://ocsp.example")),
                    x509.AccessDescription(x509.oid.AuthorityInformationAccessOID.CA_ISSUERS, x509.UniformResourceIdentifier("http://ca.example/ca.crt")),
                ]
            ),
            False,
        ),
        (x509.CRLDistributionPoints([x509.DistributionPoint([x509.UniformResourceIdentifier("http://crl.example/1.crl")], None, None, None)]), False),
        (x509.CertificatePolicies([x509.PolicyInformation(x509.ObjectIdentifier("2.23.140.1.2.1"), None)]), False),
        (x509.UnrecognizedExtension(x509.ObjectIdentifier("1.2.3.4.5"), b"\x05\x00"), True),
    ]
    leaf_ec = _cert(ec_key, rsa_key, _name("leaf-ec", [x509.NameAttribute(NameOID.SERIAL_NUMBER, "42")]), ca.subject, leaf_exts)
    leaf_ed = _cert(ed_key, ec_key, _name("leaf-ed"), leaf_ec.subject, [], hashes.SHA384())
    csr = (
        x509.CertificateSigningRequestBuilder()
        .subject_name(_name("req", [x509.NameAttribute(NameOID.LOCALITY_NAME, "L")]))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("r.example"), x509.UniformResourceIdentifier("spiffe://r/x")]), critical=False)
        .sign(ec_key, hashes.SHA256())
    )
    plain_csr = x509.CertificateSigningRequestBuilder().subject_name(_name("plain")).sign(rsa_key, hashes.SHA512())
    return {"keys": (rsa_key, ec_key, ed_key), "certs": (ca, leaf_ec, leaf_ed), "csrs": (csr, plain_csr)}


def _forms(pem: bytes, der: bytes) -> list[str]:
    return [pem.decode(), base64.b64encode(pem).decode(), base64.b64encode(der).decode()]


def test_certificates(opa, material):
    certs = material["certs"]
    for c in certs:
        for s in _forms(c.public_bytes(PEM), c.public_bytes(DER)):
            check(opa, "crypto.x509.parse_certificates", [s])
    chain = b"".join(c.public_bytes(PEM) for c in certs)
    check(opa, "crypto.x509.parse_certificates", [chain.decode()])
    check(opa, "crypto.x509.parse_certificates", [base64.b64encode(b"".join(c.public_bytes(DER) for c in certs)).decode()])


def test_requests(opa, material):
    for r in material["csrs"]:
        for s in _forms(r.public_bytes(PEM), r.public_bytes(DER)):
            check(opa, "crypto.x509.parse_certificate_request", [s])


def test_private_keys(opa, material):
    for k in material["keys"]:
        for fmt in (serialization.PrivateFormat.PKCS8, serialization.PrivateFormat.TraditionalOpenSSL):
            try:
                pem = k.private_bytes(PEM, fmt, NOENC)
            except ValueError:
                continue  # no traditional form of Ed25519 keys
            for s in (pem.decode(), base64.b64encode(pem).decode()):
                check(opa, "crypto.parse_private_keys", [s])
                check(opa, "crypto.x509.parse_rsa_private_key", [s])
    allpem = b"".join(k.private_bytes(PEM, serialization.PrivateFormat.PKCS8, NOENC) for k in material["keys"])
    check(opa, "crypto.parse_private_keys", [allpem.decode()])


def test_keypairs(opa, material):
    (rsa_key, ec_key, ed_key), (ca, leaf_ec, leaf_ed) = material["keys"], material["certs"]
    for cert, key in ((ca, rsa_key), (leaf_ec, ec_key), (leaf_ed, ed_key), (ca, ec_key)):
        c, k = cert.public_bytes(PEM), key.private_bytes(PEM, serialization.PrivateFormat.PKCS8, NOENC)
        check(opa, "crypto.x509.parse_keypair", [c.decode(), k.decode()])
        check(opa, "crypto.x509.parse_keypair", [base64.b64encode(c).decode(), base64.b64encode(k).decode()])


@pytest.mark.parametrize(
    "fn,arg",
    [
        (fn, arg)
        for fn in ("crypto.x509.parse_certificates", "crypto.x509.parse_certificate_request", "crypto.parse_private_keys", "crypto.x509.parse_rsa_private_key")
        for arg in ("", "nope", "YmFkc3RyaW5n", "-----BEGIN FOO-----\nAAAA\n-----END FOO-----\n", 1, "AAAA")
    ],
)
def test_bad_inputs(opa, fn, arg):
    check(opa, fn, [arg], text=fn != "crypto.x509.parse_certificate_request")
