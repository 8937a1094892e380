"""Builtins OPA has and rego2py will not run: network I/O, which a signature
must not do on the hot path. A call is refused at transpile time, unless a
``with NAME as MOCK`` somewhere in the program replaces the builtin (as tests
do); a call that then runs without a mock raises ``eval_internal_error``
rather than answer anything OPA would not (the compiler cannot always prove
that every evaluation of a call comes through a ``with``)."""

from __future__ import annotations

from ..errors import RegoRuntimeError

__all__ = ["REFUSED_FUNCTIONS"]

_NO_IO = "a signature must not do network I/O on the hot path"


def _refused(name: str, why: str):
    def call(*args):
        raise RegoRuntimeError(
            "eval_internal_error", f"{name}: rego2py does not run this builtin ({why}); it runs only under `with {name} as ...`"
        )

    call.__name__ = "refused_" + name.replace(".", "_")
    return call


# name -> (arity, why it is refused)
_TABLE = {
    "http.send": (1, _NO_IO),
    "net.lookup_ip_addr": (1, _NO_IO),
    "providers.aws.sign_req": (3, "it signs requests for http.send, which is refused"),
}

REFUSED_FUNCTIONS = {name: (_refused(name, why), arity, why) for name, (arity, why) in _TABLE.items()}
