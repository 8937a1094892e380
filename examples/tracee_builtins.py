"""Custom builtins for rego2py (and OPA): an example.

Use it with ``--builtins examples/tracee_builtins.py`` on ``rego2py``
(transpile), ``rego2py run``, ``rego2py test`` and ``rego2py verify``. The
generated code does ``import tracee_builtins``: keep this file's directory on
the Python path where the generated package runs.

Arguments arrive as JSON values (a Rego set as a sorted list); return a JSON
value, or None for undefined; an exception is a builtin error.
"""

SHELLS = frozenset({"sh", "bash", "dash", "zsh", "ksh", "ash", "busybox"})


def is_shell(path):
    """Whether the last part of a path names a shell."""
    return path.rsplit("/", 1)[-1] in SHELLS


def entropy_bucket(name):
    """A coarse measure of how random a name looks: distinct characters per character, in tenths."""
    if not name:
        return 0
    return (10 * len(set(name))) // len(name)


REGO_BUILTINS = {
    "tracee.is_shell": {"function": is_shell, "args": ["string"], "result": "boolean", "pure": True},
    "tracee.entropy_bucket": {"function": entropy_bucket, "args": ["string"], "result": "number"},
}
