"""The one traversal of the AST (transpiler/ast.py ``walk``), used by the
compile checks, the compiler's scans, event generation and the Tracee checks."""

from transpiler import ast
from transpiler.parser import parse_module

SRC = """package p

x := {"k": [1, {"n": input.a}], 2.50: {y | some y in input.b}} if {
    not input.c
    some z in {3}
    z == 3
}
"""


def test_walk_reaches_every_node_in_source_order():
    mod = parse_module(SRC, "p.rego")
    found = list(ast.walk(mod))
    assert found[0] is mod
    # object items (pairs), comprehensions, bodies, ``some ... in`` all walked
    names = [n.name for n in found if isinstance(n, ast.Var)]
    assert names == ["x", "input", "y", "y", "input", "input", "z", "z"]
    # every scalar, in source order; the number keeps its text, and is a node, its value is not
    scalars = [n.text or n.value for n in found if isinstance(n, ast.Scalar)]
    assert scalars[:6] == ["k", "1", "n", "a", "2.50", "b"]
    assert all(hasattr(n, "__dataclass_fields__") and not isinstance(n, ast.Pos) for n in found)


def test_walk_takes_a_tuple_of_nodes():
    mod = parse_module(SRC, "p.rego")
    assert list(ast.walk(mod.rules)) == list(ast.walk(mod))[len(list(ast.walk(mod.imports))) + 1 :]
    assert list(ast.walk(())) == [] and list(ast.walk(None)) == []
