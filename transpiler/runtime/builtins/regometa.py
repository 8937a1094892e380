"""rego.metadata.rule and rego.metadata.chain.

Their values are known when the program is compiled (the annotations of the
calling rule, ``compiler/annotations.py``): the compiler writes them as
constants. These functions are what a call outside any rule reaches (a
query), where OPA fails as they do.
"""

from __future__ import annotations

from ..errors import BuiltinError

__all__ = ["FUNCTIONS"]


def _outside_rule(name: str):
    def fn():
        raise BuiltinError(f"{name}: the {name} function must only be called within the scope of a rule")

    fn.__name__ = name.replace(".", "_")
    return fn


FUNCTIONS = {
    "rego.metadata.rule": (_outside_rule("rego.metadata.rule"), 0),
    "rego.metadata.chain": (_outside_rule("rego.metadata.chain"), 0),
}
