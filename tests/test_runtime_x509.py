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


# -- chain verification --------------------------------------------------------------------


def _chain_cert(key, issuer_key, cn, issuer_cn, ca=None, pathlen=None, eku=None, san=(), extra=(), hash_=hashes.SHA256(), days=(0, 36500)):
    exts = []
    if ca is not None:
        exts.append((x509.BasicConstraints(ca=ca, path_length=pathlen), True))
    if eku is not None:
        exts.append((x509.ExtendedKeyUsage(eku), False))
    if san:
        exts.append((x509.SubjectAlternativeName([x509.DNSName(d) for d in san]), False))
    exts += list(extra)
    b = (
        x509.CertificateBuilder()
        .subject_name(_name(cn))
        .issuer_name(_name(issuer_cn))
        .public_key(key.public_key())
        .serial_number(7)
        .not_valid_before(datetime.datetime(2024, 1, 1) + datetime.timedelta(days=days[0]))
        .not_valid_after(datetime.datetime(2024, 1, 1) + datetime.timedelta(days=days[1]))
    )
    for e, crit in exts:
        b = b.add_extension(e, critical=crit)
    return b.sign(issuer_key, hash_).public_bytes(PEM).decode()


@pytest.fixture(scope="module")
def chains():
    k = [ec.generate_private_key(ec.SECP256R1()) for _ in range(3)]
    root = _chain_cert(k[0], k[0], "root", "root", ca=True)
    root0 = _chain_cert(k[0], k[0], "root", "root", ca=True, pathlen=0)
    inter = _chain_cert(k[1], k[0], "inter", "root", ca=True)
    inter_not_ca = _chain_cert(k[1], k[0], "inter", "root", ca=False)
    inter_no_bc = _chain_cert(k[1], k[0], "inter", "root")
    S = x509.oid.ExtendedKeyUsageOID
    leaf = _chain_cert(k[2], k[1], "leaf", "inter", eku=[S.SERVER_AUTH], san=["a.example", "*.w.example"])
    leaf_client = _chain_cert(k[2], k[1], "leaf", "inter", eku=[S.CLIENT_AUTH])
    leaf_none = _chain_cert(k[2], k[1], "leaf", "inter")
    leaf_short = _chain_cert(k[2], k[1], "leaf", "inter", days=(10, 20))
    leaf_crit = _chain_cert(k[2], k[1], "leaf", "inter", extra=[(x509.UnrecognizedExtension(x509.ObjectIdentifier("1.2.3.4"), b"\x05\x00"), True)])
    leaf_direct = _chain_cert(k[2], k[0], "leaf", "root")
    return {
        "valid": root + inter + leaf,
        "two": root + leaf_direct,
        "pathlen": root0 + inter + leaf,
        "not_ca": root + inter_not_ca + leaf,
        "no_bc": root + inter_no_bc + leaf,
        "client": root + inter + leaf_client,
        "no_eku": root + inter + leaf_none,
        "short": root + inter + leaf_short,
        "crit": root + inter + leaf_crit,
        "reversed": leaf + inter + root,
        "single": root,
        "self": root + root,
    }


NS_DAY = 86400 * 10**9
JAN_2024 = 1704067200 * 10**9


@pytest.mark.parametrize(
    "opts",
    [
        {"CurrentTime": JAN_2024 + 15 * NS_DAY},
        {"CurrentTime": JAN_2024 + 15 * NS_DAY, "KeyUsages": ["KeyUsageClientAuth"]},
        {"CurrentTime": JAN_2024 + 15 * NS_DAY, "KeyUsages": ["KeyUsageAny"]},
        {"CurrentTime": JAN_2024 + 30 * NS_DAY},
        {"CurrentTime": JAN_2024 - NS_DAY},
        {"CurrentTime": JAN_2024 + 15 * NS_DAY, "DNSName": "a.example"},
        {"CurrentTime": JAN_2024 + 15 * NS_DAY, "DNSName": "x.w.example"},
        {"CurrentTime": JAN_2024 + 15 * NS_DAY, "DNSName": "b.example"},
        {"KeyUsages": ["Bogus"]},
        {"Bogus": 1},
        {"DNSName": 1},
    ],
    ids=lambda o: ",".join(f"{k}={v}" for k, v in o.items()),
)
def test_verify_chains(opa, chains, opts):
    for name, pem in chains.items():
        check(opa, "crypto.x509.parse_and_verify_certificates_with_options", [pem, opts])


def test_verify_chains_now(opa, chains):
    for pem in chains.values():
        check(opa, "crypto.x509.parse_and_verify_certificates", [pem])


@pytest.mark.parametrize("call", ['crypto.sha512("a")', 'crypto.hmac.sha384("a", "b")'])
def test_names_opa_does_not_have_are_undefined_as_in_opa(call):
    from transpiler.compiler import compile_program
    from transpiler.errors import CompileError
    from transpiler.opa_backend import compile_program as opa_compile

    src = f"package p\n\nx := {call}\n"
    errors = []
    for compile_ in (compile_program, opa_compile):
        with pytest.raises(CompileError) as exc:
            compile_([("p.rego", src)])
        errors.append((exc.value.code, exc.value.message))
    assert errors[0] == errors[1] == ("rego_type_error", f"undefined function {call.split('(')[0]}")
