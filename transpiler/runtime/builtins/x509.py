"""crypto.x509.parse_certificates and parse_certificate_request: certificates and
requests as OPA shows them, Go's crypto/x509 structs marshalled to JSON
(keys: ``x509_keys``; chain verification: ``x509_verify``).

Parsing is ``cryptography``'s; the raw pieces (``Raw``, ``RawTBSCertificate``,
``RawSubject``...) are cut from the DER as Go keeps them. What Go fills from
an extension rego2py does not reproduce (name constraints, policy constraints
and mappings, inhibit-any-policy) makes the call an evaluation error rather
than a silently different object.
"""

from __future__ import annotations

import base64
import datetime as _dt
import warnings
from urllib.parse import urlsplit

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import dsa, ec, ed25519, rsa
from cryptography.x509.oid import ExtensionOID

from ..errors import BuiltinError, RegoRuntimeError
from .encoding import _STD_MAP, _CorruptInput, _go_b64decode
from .jwk import pem_decode
from .strings import check_string

__all__ = ["FUNCTIONS"]


class _Err(Exception):
    pass


# -- DER ------------------------------------------------------------------------------------


def _tlv(b: bytes, i: int) -> tuple[int, int, int, int]:
    """(tag, start of content, end of content, start of header) of the DER element at ``i``."""
    if i + 2 > len(b):
        raise _Err("x509: malformed certificate")
    tag = b[i]
    n = b[i + 1]
    j = i + 2
    if n & 0x80:
        k = n & 0x7F
        if k == 0 or k > 4 or j + k > len(b):
            raise _Err("x509: malformed certificate")
        n = int.from_bytes(b[j : j + k], "big")
        j += k
    if j + n > len(b):
        raise _Err("x509: malformed certificate")
    return tag, j, j + n, i


def _children(b: bytes, start: int, end: int) -> list[tuple[int, int, int, int]]:
    out = []
    i = start
    while i < end:
        t = _tlv(b, i)
        out.append(t)
        i = t[2]
    return out


def _b64(b: bytes | None):
    return None if b is None else base64.b64encode(b).decode("ascii")


def _oid(dotted: str) -> list[int]:
    return [int(x) for x in dotted.split(".")]


# -- Go's enumerations -----------------------------------------------------------------------

_SIG_ALGS = {
    "1.2.840.113549.1.1.2": 1,  # MD2WithRSA
    "1.2.840.113549.1.1.4": 2,
    "1.2.840.113549.1.1.5": 3,
    "1.2.840.113549.1.1.11": 4,
    "1.2.840.113549.1.1.12": 5,
    "1.2.840.113549.1.1.13": 6,
    "1.2.840.10040.4.3": 7,
    "2.16.840.1.101.3.4.3.2": 8,
    "1.2.840.10045.4.1": 9,
    "1.2.840.10045.4.3.2": 10,
    "1.2.840.10045.4.3.3": 11,
    "1.2.840.10045.4.3.4": 12,
    "1.3.101.112": 16,
}
_PSS = {"2.16.840.1.101.3.4.2.1": 13, "2.16.840.1.101.3.4.2.2": 14, "2.16.840.1.101.3.4.2.3": 15}

_EKU = {
    "2.5.29.37.0": 0,
    "1.3.6.1.5.5.7.3.1": 1,
    "1.3.6.1.5.5.7.3.2": 2,
    "1.3.6.1.5.5.7.3.3": 3,
    "1.3.6.1.5.5.7.3.4": 4,
    "1.3.6.1.5.5.7.3.5": 5,
    "1.3.6.1.5.5.7.3.6": 6,
    "1.3.6.1.5.5.7.3.7": 7,
    "1.3.6.1.5.5.7.3.8": 8,
    "1.3.6.1.5.5.7.3.9": 9,
    "1.3.6.1.4.1.311.10.3.3": 10,
    "2.16.840.1.113730.4.1": 11,
    "1.3.6.1.4.1.311.2.1.22": 12,
    "1.3.6.1.4.1.311.61.1.1": 13,
}

_NAME_FIELDS = {
    "2.5.4.6": "Country",
    "2.5.4.10": "Organization",
    "2.5.4.11": "OrganizationalUnit",
    "2.5.4.7": "Locality",
    "2.5.4.8": "Province",
    "2.5.4.9": "StreetAddress",
    "2.5.4.17": "PostalCode",
}

# extensions Go reads into fields (any other critical one is "unhandled")
_HANDLED = {
    "2.5.29.15",  # key usage
    "2.5.29.19",  # basic constraints
    "2.5.29.17",  # subject alternative name
    "2.5.29.37",  # extended key usage
    "2.5.29.32",  # certificate policies
    "2.5.29.35",  # authority key id
    "2.5.29.14",  # subject key id
    "1.3.6.1.5.5.7.1.1",  # authority information access
    "2.5.29.31",  # CRL distribution points
}
_REFUSED = {
    "2.5.29.30": "name constraints",
    "2.5.29.36": "policy constraints",
    "2.5.29.33": "policy mappings",
    "2.5.29.54": "inhibit any policy",
}


def _unsupported(fn: str, what: str) -> RegoRuntimeError:
    return RegoRuntimeError("eval_internal_error", f"{fn}: rego2py does not reproduce Go's reading of {what}")


def _sig_alg(oid: str, params) -> int:
    if oid == "1.2.840.113549.1.1.10":
        h = getattr(getattr(params, "hash_algorithm", None), "name", None)
        return _PSS.get({"sha256": "2.16.840.1.101.3.4.2.1", "sha384": "2.16.840.1.101.3.4.2.2", "sha512": "2.16.840.1.101.3.4.2.3"}.get(h, ""), 0)
    return _SIG_ALGS.get(oid, 0)


def _public_key(fn: str, key):
    if isinstance(key, rsa.RSAPublicKey):
        n = key.public_numbers()
        return 1, {"N": n.n, "E": n.e}
    if isinstance(key, ec.EllipticCurvePublicKey):
        n = key.public_numbers()
        return 3, {"Curve": {}, "X": n.x, "Y": n.y}
    if isinstance(key, ed25519.Ed25519PublicKey):
        return 4, _b64(key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw))
    if isinstance(key, dsa.DSAPublicKey):
        raise _unsupported(fn, "DSA keys")
    raise _unsupported(fn, "this public key type")


def _name(n: x509.Name) -> dict:
    out = {
        "Country": None,
        "Organization": None,
        "OrganizationalUnit": None,
        "Locality": None,
        "Province": None,
        "StreetAddress": None,
        "PostalCode": None,
        "SerialNumber": "",
        "CommonName": "",
        "Names": [],
        "ExtraNames": None,
    }
    for rdn in n.rdns:
        for a in rdn:
            oid = a.oid.dotted_string
            v = a.value if isinstance(a.value, str) else _b64(a.value)
            out["Names"].append({"Type": _oid(oid), "Value": v})
            if oid == "2.5.4.3":
                out["CommonName"] = v
            elif oid == "2.5.4.5":
                out["SerialNumber"] = v
            elif oid in _NAME_FIELDS:
                f = _NAME_FIELDS[oid]
                out[f] = (out[f] or []) + [v]
    if not out["Names"]:
        out["Names"] = None
    return out


def _time(t: _dt.datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def _url(u: str) -> dict:
    p = urlsplit(u)
    host = p.netloc.rsplit("@", 1)[-1] if p.netloc else ""
    return {
        "Scheme": p.scheme,
        "Opaque": "",
        "User": None,
        "Host": host,
        "Path": p.path,
        "RawPath": "",
        "OmitHost": False,
        "ForceQuery": False,
        "RawQuery": p.query,
        "Fragment": p.fragment,
        "RawFragment": "",
    }


def _ext(exts, oid):
    try:
        return exts.get_extension_for_oid(oid).value
    except x509.ExtensionNotFound:
        return None


def _san(out: dict, san) -> None:
    if san is None:
        return
    dns = san.get_values_for_type(x509.DNSName)
    mail = san.get_values_for_type(x509.RFC822Name)
    ips = san.get_values_for_type(x509.IPAddress)
    uris = san.get_values_for_type(x509.UniformResourceIdentifier)
    out["DNSNames"] = dns or None
    out["EmailAddresses"] = mail or None
    out["IPAddresses"] = [str(ip) for ip in ips] or None
    out["URIs"] = [_url(u) for u in uris] or None


def _extensions(fn: str, b: bytes, ext_seq) -> list:
    """The raw extensions (Id, Critical, Value) of an extensions SEQUENCE."""
    out = []
    if ext_seq is None:
        return out
    for _, s, e, _h in _children(b, ext_seq[1], ext_seq[2]):
        parts = _children(b, s, e)
        oid_t = parts[0]
        critical = False
        val_t = parts[-1]
        if len(parts) == 3:
            critical = b[parts[1][1] : parts[1][2]] != b"\x00"
        oid = x509.ObjectIdentifier(_decode_oid(b[oid_t[1] : oid_t[2]])).dotted_string
        out.append({"Id": _oid(oid), "Critical": critical, "Value": _b64(b[val_t[1] : val_t[2]])})
    return out


def _decode_oid(body: bytes) -> str:
    if not body:
        raise _Err("x509: malformed certificate")
    first = body[0]
    parts = [min(first // 40, 2), first - 40 * min(first // 40, 2)]
    v = 0
    for c in body[1:]:
        v = (v << 7) | (c & 0x7F)
        if not c & 0x80:
            parts.append(v)
            v = 0
    return ".".join(map(str, parts))


def certificate(fn: str, der: bytes) -> dict:
    try:
        cert = _load_cert(der)
        exts = cert.extensions
        _ = cert.public_key()
    except ValueError:
        raise _Err("x509: malformed certificate") from None
    top = _children(der, *_tlv(der, 0)[1:3])
    tbs = top[0]
    fields = _children(der, tbs[1], tbs[2])
    k = 1 if fields and fields[0][0] == 0xA0 else 0
    issuer, subject, spki = fields[k + 2], fields[k + 4], fields[k + 5]
    ext_seq = None
    for f in fields[k + 6 :]:
        if f[0] == 0xA3:
            ext_seq = _tlv(der, f[1])
    raw_exts = _extensions(fn, der, ext_seq)
    for e in raw_exts:
        dotted = ".".join(map(str, e["Id"]))
        if dotted in _REFUSED:
            raise _unsupported(fn, f"the {_REFUSED[dotted]} extension")
    pka, pk = _public_key(fn, cert.public_key())
    out = {
        "Raw": _b64(der[: _tlv(der, 0)[2]]),
        "RawTBSCertificate": _b64(der[tbs[3] : tbs[2]]),
        "RawSubjectPublicKeyInfo": _b64(der[spki[3] : spki[2]]),
        "RawSubject": _b64(der[subject[3] : subject[2]]),
        "RawIssuer": _b64(der[issuer[3] : issuer[2]]),
        "Signature": _b64(cert.signature),
        "SignatureAlgorithm": _sig_alg(cert.signature_algorithm_oid.dotted_string, cert.signature_algorithm_parameters),
        "PublicKeyAlgorithm": pka,
        "PublicKey": pk,
        "Version": cert.version.value + 1,
        "SerialNumber": _serial(cert),
        "Issuer": _name(cert.issuer),
        "Subject": _name(cert.subject),
        "NotBefore": _time(cert.not_valid_before_utc),
        "NotAfter": _time(cert.not_valid_after_utc),
        "KeyUsage": 0,
        "Extensions": raw_exts or None,
        "ExtraExtensions": None,
        "UnhandledCriticalExtensions": [e["Id"] for e in raw_exts if e["Critical"] and ".".join(map(str, e["Id"])) not in _HANDLED] or None,
        "ExtKeyUsage": None,
        "UnknownExtKeyUsage": None,
        "BasicConstraintsValid": False,
        "IsCA": False,
        "MaxPathLen": 0,
        "MaxPathLenZero": False,
        "SubjectKeyId": None,
        "AuthorityKeyId": None,
        "OCSPServer": None,
        "IssuingCertificateURL": None,
        "DNSNames": None,
        "EmailAddresses": None,
        "IPAddresses": None,
        "URIs": None,
        "PermittedDNSDomainsCritical": False,
        "PermittedDNSDomains": None,
        "ExcludedDNSDomains": None,
        "PermittedIPRanges": None,
        "ExcludedIPRanges": None,
        "PermittedEmailAddresses": None,
        "ExcludedEmailAddresses": None,
        "PermittedURIDomains": None,
        "ExcludedURIDomains": None,
        "CRLDistributionPoints": None,
        "PolicyIdentifiers": None,
        "Policies": None,
        "InhibitAnyPolicy": 0,
        "InhibitAnyPolicyZero": False,
        "InhibitPolicyMapping": 0,
        "InhibitPolicyMappingZero": False,
        "RequireExplicitPolicy": 0,
        "RequireExplicitPolicyZero": False,
        "PolicyMappings": None,
    }
    ku = _ext(exts, ExtensionOID.KEY_USAGE)
    if ku is not None:
        bits = [ku.digital_signature, ku.content_commitment, ku.key_encipherment, ku.data_encipherment,
                ku.key_agreement, ku.key_cert_sign, ku.crl_sign,
                ku.key_agreement and ku.encipher_only, ku.key_agreement and ku.decipher_only]
        out["KeyUsage"] = sum(1 << i for i, on in enumerate(bits) if on)
    bc = _ext(exts, ExtensionOID.BASIC_CONSTRAINTS)
    if bc is not None:
        out["BasicConstraintsValid"] = True
        out["IsCA"] = bc.ca
        out["MaxPathLen"] = -1 if bc.path_length is None else bc.path_length
        out["MaxPathLenZero"] = bc.path_length == 0
    _san(out, _ext(exts, ExtensionOID.SUBJECT_ALTERNATIVE_NAME))
    eku = _ext(exts, ExtensionOID.EXTENDED_KEY_USAGE)
    if eku is not None:
        known = [_EKU[o.dotted_string] for o in eku if o.dotted_string in _EKU]
        unknown = [_oid(o.dotted_string) for o in eku if o.dotted_string not in _EKU]
        out["ExtKeyUsage"], out["UnknownExtKeyUsage"] = known or None, unknown or None
    ski = _ext(exts, ExtensionOID.SUBJECT_KEY_IDENTIFIER)
    if ski is not None:
        out["SubjectKeyId"] = _b64(ski.digest)
    aki = _ext(exts, ExtensionOID.AUTHORITY_KEY_IDENTIFIER)
    if aki is not None and aki.key_identifier is not None:
        out["AuthorityKeyId"] = _b64(aki.key_identifier)
    aia = _ext(exts, ExtensionOID.AUTHORITY_INFORMATION_ACCESS)
    if aia is not None:
        ocsp = [d.access_location.value for d in aia if d.access_method.dotted_string == "1.3.6.1.5.5.7.48.1" and isinstance(d.access_location, x509.UniformResourceIdentifier)]
        ca = [d.access_location.value for d in aia if d.access_method.dotted_string == "1.3.6.1.5.5.7.48.2" and isinstance(d.access_location, x509.UniformResourceIdentifier)]
        out["OCSPServer"], out["IssuingCertificateURL"] = ocsp or None, ca or None
    crl = _ext(exts, ExtensionOID.CRL_DISTRIBUTION_POINTS)
    if crl is not None:
        urls = [n.value for dp in crl for n in (dp.full_name or ()) if isinstance(n, x509.UniformResourceIdentifier)]
        out["CRLDistributionPoints"] = urls or None
    pol = _ext(exts, ExtensionOID.CERTIFICATE_POLICIES)
    if pol is not None:
        out["PolicyIdentifiers"] = [_oid(p.policy_identifier.dotted_string) for p in pol] or None
        out["Policies"] = [p.policy_identifier.dotted_string for p in pol] or None
    san = _ext(exts, ExtensionOID.SUBJECT_ALTERNATIVE_NAME)
    # OPA's addition: the URIs as strings
    out["URIStrings"] = (san.get_values_for_type(x509.UniformResourceIdentifier) or None) if san is not None else None
    return out


# -- inputs ----------------------------------------------------------------------------------


def _std_b64(s: str) -> bytes:
    try:
        return _go_b64decode(s.encode("utf-8", "surrogatepass"), _STD_MAP)
    except _CorruptInput as exc:
        raise _Err(str(exc)) from None


def _pem_bytes(data: bytes, want: str) -> bytes:
    text = data.decode("latin-1")
    out = b""
    while text:
        block, rest = pem_decode(text)
        if block is None:
            break
        if block.type != want:
            raise _Err(f"PEM block type is '{block.type}', expected {want}")
        out += block.data
        text = rest
    return out


def _der_sequence(b: bytes) -> list[bytes]:
    """Go's x509.ParseCertificates: DER certificates one after the other."""
    out = []
    i = 0
    while i < len(b):
        t = _tlv(b, i)
        out.append(b[i : t[2]])
        i = t[2]
    return out


def _certs_input(s: str) -> list[bytes]:
    if s.startswith("-----BEGIN"):
        der = _pem_bytes(s.encode("utf-8", "surrogatepass"), "CERTIFICATE")
    else:
        der = _std_b64(s)
        if der.startswith(b"-----BEGIN"):
            der = _pem_bytes(der, "CERTIFICATE")
    return _der_sequence(der)


def parse_certificates(s):
    fn = "crypto.x509.parse_certificates"
    s = check_string(fn, 1, s)
    try:
        return [certificate(fn, d) for d in _certs_input(s)]
    except _Err as exc:
        raise BuiltinError(f"{fn}: {exc}") from None


def _serial(cert) -> int:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # Go takes negative serial numbers as they are
        return cert.serial_number


def _load_cert(der: bytes):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # cryptography's notes on non-conforming certificates
        return x509.load_der_x509_certificate(der)


# -- certificate requests -----------------------------------------------------------------


def certificate_request(fn: str, der: bytes) -> dict:
    try:
        csr = x509.load_der_x509_csr(der)
        key = csr.public_key()
    except ValueError:
        raise _Err("asn1: structure error: tags don't match") from None
    top = _children(der, *_tlv(der, 0)[1:3])
    info = top[0]
    fields = _children(der, info[1], info[2])
    subject, spki = fields[1], fields[2]
    attributes, raw_exts = [], []
    for f in fields[3:]:
        if f[0] != 0xA0:
            continue
        for _, a_s, a_e, _h in _children(der, f[1], f[2]):
            parts = _children(der, a_s, a_e)
            oid = _decode_oid(der[parts[0][1] : parts[0][2]])
            values = _children(der, parts[1][1], parts[1][2])
            if oid != "1.2.840.113549.1.9.14":
                if any(v[0] == 0x30 for v in values):
                    raise _unsupported(fn, f"the request attribute {oid}")
                continue  # Go ignores an attribute whose values are not sequences
            outer = []
            for v in values:
                exts = _extensions(fn, der, v)
                if any(e["Critical"] for e in exts):
                    raise _unsupported(fn, "a critical extension in a request")
                outer.append([{"Type": e["Id"], "Value": e["Value"]} for e in exts])
                raw_exts += exts
            attributes.append({"Type": _oid(oid), "Value": outer})
    pka, pk = _public_key(fn, key)
    out = {
        "Raw": _b64(der[: _tlv(der, 0)[2]]),
        "RawTBSCertificateRequest": _b64(der[info[3] : info[2]]),
        "RawSubjectPublicKeyInfo": _b64(der[spki[3] : spki[2]]),
        "RawSubject": _b64(der[subject[3] : subject[2]]),
        "Version": int.from_bytes(der[fields[0][1] : fields[0][2]], "big"),
        "Signature": _b64(csr.signature),
        "SignatureAlgorithm": _sig_alg(csr.signature_algorithm_oid.dotted_string, csr.signature_algorithm_parameters),
        "PublicKeyAlgorithm": pka,
        "PublicKey": pk,
        "Subject": _name(csr.subject),
        "Attributes": attributes or None,
        "Extensions": raw_exts or None,
        "ExtraExtensions": None,
        "DNSNames": None,
        "EmailAddresses": None,
        "IPAddresses": None,
        "URIs": None,
    }
    for e in raw_exts:
        if ".".join(map(str, e["Id"])) in _REFUSED:
            raise _unsupported(fn, "this extension in a request")
    _san(out, _ext(csr.extensions, ExtensionOID.SUBJECT_ALTERNATIVE_NAME))
    return out


def parse_certificate_request(s):
    fn = "crypto.x509.parse_certificate_request"
    s = check_string(fn, 1, s)
    try:
        data = s.encode("utf-8", "surrogatepass")
        if not s.startswith("-----BEGIN CERTIFICATE REQUEST-----"):
            data = _std_b64(s)
        block, _ = pem_decode(data.decode("latin-1"))
        if block is not None:
            if block.type != "CERTIFICATE REQUEST":
                raise _Err("invalid PEM-encoded certificate signing request")
            data = block.data
        return certificate_request(fn, data)
    except _Err as exc:
        raise BuiltinError(f"{fn}: {exc}") from None


FUNCTIONS = {
    "crypto.x509.parse_certificates": (parse_certificates, 1),
    "crypto.x509.parse_certificate_request": (parse_certificate_request, 1),
}
