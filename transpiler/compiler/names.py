"""Python identifiers for Rego names.

Rego variables become ``v_<name>``; rules keep their name where it is a valid
Python identifier that cannot clash with the runtime names (which all start
with ``_``); anything else is escaped.
"""

from __future__ import annotations

import keyword
import re

_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


def escape(name: str) -> str:
    """A valid identifier made from any string, injective."""
    if _IDENT.match(name) and not keyword.iskeyword(name) and "__x" not in name:
        return name
    out = []
    for ch in name:
        if ch.isascii() and (ch.isalnum() or ch == "_"):
            out.append(ch)
        else:
            out.append(f"__x{ord(ch):x}_")
    s = "".join(out)
    if not s or s[0].isdigit() or keyword.iskeyword(s):
        s = "n_" + s
    return s


def var_name(name: str) -> str:
    if name.startswith("$wild"):
        return "_w" + name[5:] + "_"
    return "_" + escape(name).replace("$", "") + "_"


def rule_func_name(segments: tuple[str, ...]) -> str:
    """The function of a rule (or document node) at ``segments`` below its package."""
    name = "__".join(escape(s) for s in segments)
    if name.startswith("_") and not name.startswith("__"):
        # runtime names are imported as _NAME: keep single-underscore rules apart
        name = "r" + name
    return name


def module_name(package: tuple[str, ...]) -> str:
    return ".".join(escape(s) for s in package)
