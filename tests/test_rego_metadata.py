"""rego.metadata.rule() and rego.metadata.chain() with # METADATA annotations,
compared with real OPA (value or error code), and the annotations rego2py
refuses rather than read differently from OPA."""

from __future__ import annotations

import pytest

from transpiler.compiler import compile_program
from transpiler.errors import ParseError, RegoError, Unsupported
from transpiler.runtime.values import to_json

opa_backend = pytest.importorskip("transpiler.opa_backend")
pytest.importorskip("opa_bindings")

FULL = """# METADATA
# scope: subpackages
# title: T
# description: D
# organizations: [o1, o2]
# related_resources:
# - https://a.example
# - ref: https://b.example
#   description: B
# authors:
# - Jane Doe <jane@example.com>
# - name: Bob
#   email: bob@x
# - just@mail.com
# custom:
#   k: [1, 2]
#   z: {a: 1, b: null}
package t

# METADATA
# entrypoint: true
# scope: document
p := rego.metadata.chain()
"""

CASES = [
    FULL,
    FULL.replace("p := rego.metadata.chain()", "p := rego.metadata.rule()"),
    "package t\n\n# METADATA\n# foo: bar\np := rego.metadata.rule()\n",
    "package t\n\np := rego.metadata.rule()\n",
    "package t\n\np := rego.metadata.chain()\n",
    "package t\n\n# METADATA\n# title: a\nf(x) := rego.metadata.chain()\n\np := f(1)\n",
    "package t\n\n# METADATA\n# title: a\np := 1 if false\nelse := rego.metadata.rule()\n",
    "package t\n\n# METADATA\n# title: a\np contains rego.metadata.rule()\n",
    "package t\n\n# METADATA\n# title: one\np := x if {\n\tx := rego.metadata.rule()\n}\n\n# METADATA\n# title: two\np := x if {\n\tfalse\n\tx := 1\n}\n",
    "# METADATA\n# title: pkg\npackage t.u\n\n# METADATA\n# title: q\nq.r := rego.metadata.chain()\n\np := q\n",
    "package t\n\n# METADATA\n# scope: package\np := rego.metadata.chain()\n",
    "package t\n\n# METADATA\n# scope: subpackages\np := rego.metadata.chain()\n",
]


def _answer(compile_, src):
    try:
        prog = compile_([("t.rego", src)], strict=True)
        rows = prog.query("x = data.t.p")
    except ParseError as exc:
        return ("error", "rego_parse_error", exc.message)
    except RegoError as exc:
        return ("error", getattr(exc, "code", None), exc.message)
    except Exception as exc:  # noqa: BLE001 - an evaluation error of either backend
        return ("error", getattr(exc, "code", None), getattr(exc, "message", str(exc)))
    return ("ok", [to_json(r["x"]) for r in rows])


@pytest.mark.parametrize("src", CASES)
def test_same_as_opa(src):
    assert _answer(compile_program, src) == _answer(opa_backend.compile_program, src)


def test_outside_a_rule_is_opas_error():
    ours = compile_program([("t.rego", "package t\n\np := 1\n")], strict=True)
    theirs = opa_backend.compile_program([("t.rego", "package t\n\np := 1\n")], strict=True)
    errs = []
    for prog in (ours, theirs):
        with pytest.raises(Exception) as exc:
            prog.query("x = rego.metadata.chain()")
        errs.append((exc.value.code, exc.value.message))
    assert errs[0] == errs[1]


@pytest.mark.parametrize(
    "block,what,opa_rejects",
    [
        ("# title: [unclosed", "not valid YAML", True),
        ("# title: 1", "title that is not a string", False),  # OPA reads "1"
        ("# authors: 3", "authors that are not a list", True),
        ("# custom: 3", "custom that is not a mapping", True),
        ("# schemas:\n# - input: schema.x", "schemas", False),  # OPA type-checks with it
    ],
)
def test_refused(block, what, opa_rejects):
    src = f"package t\n\n# METADATA\n{block}\np := rego.metadata.rule()\n"
    with pytest.raises(Unsupported) as exc:
        compile_program([("t.rego", src)])
    assert what in exc.value.message and exc.value.pos.line == 3
    if opa_rejects:
        with pytest.raises(ParseError):
            opa_backend.compile_program([("t.rego", src)])
