"""opa.runtime(): what OPA knows of its runtime. OPA embedded without
runtime information (as Tracee embeds it, and as rego2py runs) answers an
empty object."""

from __future__ import annotations

__all__ = ["FUNCTIONS"]


def _runtime():
    return {}


FUNCTIONS = {"opa.runtime": (_runtime, 0)}
