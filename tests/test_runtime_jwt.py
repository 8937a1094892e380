"""io.jwt.* of the runtime, checked against real OPA.

A table of calls (tests/fixtures/jwt_cases.json: malformed tokens, headers,
keys and constraints) compared with OPA's value, undefined or error; then
tokens signed by rego2py verified by OPA and tokens signed by OPA verified by
rego2py, for every algorithm, with keys made for the run.
"""

from __future__ import annotations

import base64
import json
import pathlib

import pytest

from transpiler.runtime.builtins import BUILTINS
from transpiler.runtime.errors import RegoRuntimeError

opa_bindings = pytest.importorskip("opa_bindings")

from opa_calls import opa_call, our_call  # noqa: E402

FUNCTIONS = {n: (b.fn, b.arity) for n, b in BUILTINS.items() if n.startswith("io.jwt.")}
CASES = json.loads((pathlib.Path(__file__).parent / "fixtures" / "jwt_cases.json").read_text())

# OPA's texts we do not reproduce past this point: fastjson's description of a
# syntax error in JWS headers, Go's ASN.1 description of a bad public key.
TEXT_CUT = ("missing or invalid 'alg' header: cannot parse JSON", "failed to parse a PEM public key: ")


@pytest.fixture(scope="module")
def opa():
    return opa_bindings.OpaEngine()


def _cut(msg: str) -> str:
    for c in TEXT_CUT:
        if c in msg:
            return msg[: msg.index(c) + len(c)]
    return _struct_fields_sorted(msg)


def _struct_fields_sorted(msg: str) -> str:
    """OPA's jwk probe describes a struct type that Go builds at run time from a
    map, so the order of its fields changes from one OPA process to the next
    (seen: `{ Kty ...; D ... }` and `{ D ...; Kty ... }`). Both are OPA's answer:
    compare the fields as a set."""
    start = msg.find("struct { ")
    if start < 0 or not msg.endswith(" }"):
        return msg
    fields = msg[start + len("struct { ") : -2].split("; ")
    return msg[:start] + "struct { " + "; ".join(sorted(fields)) + " }"


@pytest.mark.parametrize("fn,args", CASES, ids=[f"{i}-{c[0]}" for i, c in enumerate(CASES)])
def test_table(opa, fn, args):
    want = opa_call(opa, fn, args)
    got = our_call(FUNCTIONS, fn, args)
    if want[0] == "err" and got[0] == "err":
        want, got = want[:2] + (_cut(want[2]),), got[:2] + (_cut(got[2]),)
    assert want == got


def test_decode_cty_not_a_string_is_an_error_never_undefined():
    # OPA panics on it; rego2py raises an evaluation error that default mode does not swallow
    with pytest.raises(RegoRuntimeError) as exc:
        FUNCTIONS["io.jwt.decode"][0]("eyJjdHkiOjF9.e30.")
    assert exc.value.code == "eval_internal_error"


# -- signing and verifying across the two implementations ---------------------------------


def _b64(n: int, size: int | None = None) -> str:
    b = n.to_bytes(size or (n.bit_length() + 7) // 8, "big")
    return base64.urlsafe_b64encode(b).decode().rstrip("=")


@pytest.fixture(scope="module")
def keys():
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

    out = {}
    r = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pn, pr = r.public_key().public_numbers(), r.private_numbers()
    rsa_priv = {"kty": "RSA", "n": _b64(pn.n), "e": _b64(pn.e), "d": _b64(pr.d), "p": _b64(pr.p), "q": _b64(pr.q)}
    rsa_pem = r.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    for bits in ("256", "384", "512"):
        out["RS" + bits] = (rsa_priv, rsa_pem.decode())
        out["PS" + bits] = (rsa_priv, rsa_pem.decode())
        out["HS" + bits] = ({"kty": "oct", "k": _b64(int.from_bytes(b"sec\x00ret" * 4, "big"))}, None)
    for alg, curve, size in (("ES256", ec.SECP256R1(), 32), ("ES384", ec.SECP384R1(), 48), ("ES512", ec.SECP521R1(), 66)):
        k = ec.generate_private_key(curve)
        n = k.private_numbers()
        crv = {32: "P-256", 48: "P-384", 66: "P-521"}[size]
        pub = {"kty": "EC", "crv": crv, "x": _b64(n.public_numbers.x, size), "y": _b64(n.public_numbers.y, size)}
        out[alg] = ({**pub, "d": _b64(n.private_value, size)}, json.dumps(pub))
    e = ed25519.Ed25519PrivateKey.generate()
    raw = e.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption())
    x = e.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    pub = {"kty": "OKP", "crv": "Ed25519", "x": base64.urlsafe_b64encode(x).decode().rstrip("=")}
    out["EdDSA"] = ({**pub, "d": base64.urlsafe_b64encode(raw).decode().rstrip("=")}, json.dumps(pub))
    return out


ALGS = [a + b for a in ("HS", "RS", "PS", "ES") for b in ("256", "384", "512")] + ["EdDSA"]


@pytest.mark.parametrize("alg", ALGS)
def test_sign_and_verify_both_ways(opa, keys, alg):
    priv, pub = keys[alg]
    header = json.dumps({"alg": alg, "typ": "JWT"})
    payload = json.dumps({"iss": "rego2py", "n": 1})
    args = [header, payload, json.dumps(priv)]
    ours = our_call(FUNCTIONS, "io.jwt.encode_sign_raw", args)
    theirs = opa_call(opa, "io.jwt.encode_sign_raw", args)
    assert ours[0] == theirs[0] == "ok"
    if alg[:2] in ("HS", "RS") or alg == "EdDSA":  # deterministic signatures
        assert ours == theirs
    verify = "io.jwt.verify_" + alg.lower()
    key = pub if pub is not None else "sec\x00ret" * 4
    for token in (ours[1], theirs[1]):
        assert opa_call(opa, verify, [token, key]) == our_call(FUNCTIONS, verify, [token, key]) == ("ok", True)
        tampered = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
        assert opa_call(opa, verify, [tampered, key]) == our_call(FUNCTIONS, verify, [tampered, key])
        constraints = [{"cert": pub}, {"cert": json.dumps(priv)}] if pub is not None else [{"secret": key}]
        if pub is not None:  # a private JWK given to verify_*
            assert opa_call(opa, verify, [token, json.dumps(priv)]) == our_call(FUNCTIONS, verify, [token, json.dumps(priv)])
        for constraint in constraints:
            for extra in ({}, {"iss": "rego2py"}, {"iss": "other"}, {"alg": alg}, {"alg": "HS256"}, {"aud": "x"}, {"time": 0}):
                c = {**constraint, **extra}
                want = opa_call(opa, "io.jwt.decode_verify", [token, c])
                assert our_call(FUNCTIONS, "io.jwt.decode_verify", [token, c]) == want


# -- claims and headers of decode_verify (HS256 tokens made here) ---------------------------

_KEY = '{"kty":"oct","k":"c2VjcmV0"}'  # the secret "secret"
_TOKENS = [
    ('{"alg":"HS256","typ":"JWT"}', '{"iss":1}'),
    ('{"alg":"HS256"}', '{"exp":"5"}'),
    ('{"alg":"HS256"}', '{"nbf":"5"}'),
    ('{"alg":"HS256"}', '{"exp":1e30}'),
    ('{"alg":"HS256"}', '{"nbf":1e30}'),
    ('{"alg":"HS256"}', '{"aud":["a",1]}'),
    ('{"alg":"HS256"}', '{"aud":1}'),
    ('{"alg":"HS256","cty":"jwt"}', "NESTED_QUOTED"),
    ('{"alg":"HS256","cty":"JWT","typ":"x"}', "NESTED"),
    ('{"alg":"HS256","cty":"jwt","typ":"x"}', "NESTED"),
    ('{"alg":"HS256","crit":["x"],"x":1}', "{}"),
    ('{"alg":"HS256","crit":["y"],"x":1}', "{}"),
    ('{"alg":"HS256","kid":1}', "{}"),
    ('{"alg":"HS256","typ":1}', "{}"),
    ('{"alg":"HS256"}', "[1]"),
]


def _panic_as_error(call):
    """OPA panics on some claims ("interface conversion"); rego2py raises eval_internal_error."""
    try:
        return call()
    except AssertionError as exc:  # opa_calls found no error code: OPA's panic
        assert "interface conversion" in str(exc)
        return ("panic",)
    except RegoRuntimeError as exc:
        assert exc.code == "eval_internal_error"
        return ("panic",)


@pytest.mark.parametrize("header,payload", _TOKENS)
def test_decode_verify_claims(opa, header, payload):
    sign = FUNCTIONS["io.jwt.encode_sign_raw"][0]
    inner = sign('{"alg":"HS256"}', '{"iss":"in","exp":5}', _KEY)
    payload = {"NESTED": inner, "NESTED_QUOTED": json.dumps(inner)}.get(payload, payload)
    token = sign(header, payload, _KEY)
    calls = [("io.jwt.decode", [token])] + [
        ("io.jwt.decode_verify", [token, c])
        for c in ({"secret": "secret"}, {"secret": "secret", "iss": "in", "time": 1e9}, {"secret": "secret", "aud": "a"}, {"secret": "secret", "time": 6e9})
    ]
    for fn, args in calls:
        want = _panic_as_error(lambda: opa_call(opa, fn, args))
        got = _panic_as_error(lambda: our_call(FUNCTIONS, fn, args))
        assert got == want, (fn, args)


def test_pem_forms(opa, keys):
    """Go's pem.Decode: where BEGIN and END lines may be, what may follow the block."""
    priv, _ = keys["RS256"]
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    n = rsa.RSAPublicNumbers(
        int.from_bytes(base64.urlsafe_b64decode(priv["e"] + "=" * (-len(priv["e"]) % 4)), "big"),
        int.from_bytes(base64.urlsafe_b64decode(priv["n"] + "=" * (-len(priv["n"]) % 4)), "big"),
    )
    pem = n.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    token = our_call(FUNCTIONS, "io.jwt.encode_sign_raw", ['{"alg":"RS256"}', "{}", json.dumps(priv)])[1]
    body = pem.strip()
    variants = [
        pem, pem + "\n", pem + "\n\n", pem + " ", body, body + "\r\n", "\n" + pem, "junk\n" + pem, pem.replace("\n", "\r\n"),
        pem + pem, body.replace("-----BEGIN PUBLIC KEY-----\n", "-----BEGIN PUBLIC KEY-----\nProc-Type: 4\n\n"),
        body.replace("-----END PUBLIC KEY-----", "-----END PUBLIC KEY----- "), body.replace("\n", "\n "),
        body[:60] + "\n" + body[60:], "junk" + pem, " " + pem, "x\n " + pem, body.replace("\n", "\n\t"),
        body.replace("-----BEGIN PUBLIC KEY-----", "-----BEGIN PUBLIC KEY-----  "),
        body.replace("-----END PUBLIC KEY-----", "-----END PRIVATE KEY-----"),
        "-----BEGIN PUBLIC KEY-----\n-----END PUBLIC KEY-----\n",
    ]
    for v in variants:
        want = opa_call(opa, "io.jwt.verify_rs256", [token, v])
        got = our_call(FUNCTIONS, "io.jwt.verify_rs256", [token, v])
        if want[0] == got[0] == "err":
            want, got = want[:2] + (_cut(want[2]),), got[:2] + (_cut(got[2]),)
        assert got == want, repr(v)
