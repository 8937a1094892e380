"""Corpus signatures written by hand, as a careful engineer would: plain
dict access, early exits, no runtime library. They are the bound on what
generated code could reach, and return what the generated ``tracee_match``
returns (None, True or the same dict) on any decoded event, not only on
those they select (every rule of the signature is written, the rename and
exec ones too).

Semantics kept from OPA's: a missing argument or field makes the rule
undefined; a builtin given the wrong type makes its expression undefined;
booleans are not numbers; ``some a in input.args`` visits a list's items
or an object's values; Go's ``$`` is the end of the text (``fullmatch``
here, not Python's ``$``).

Modules: ``_common`` (arguments, open flags, origin), ``_lib_event``
(signatures/v1/lib_event.rego), ``first_five`` (the first five, of several
events), ``v0_files``, ``v1_files`` and ``v1_mixed`` (with the first five,
every signature that selects security_file_open, the sample's dominant
event).
"""

from __future__ import annotations

from . import _common, first_five, v0_files, v1_files, v1_mixed

__all__ = ["FIVE", "HANDWRITTEN", "SELECTED"]

# signature id -> hand-written match
HANDWRITTEN = {
    "TRC-R2P-001": first_five.trc_r2p_001,
    "TRC-R2P-003": first_five.trc_r2p_003,
    "TRC-R2P-008": first_five.trc_r2p_008,
    "TRC-R2P-035": first_five.trc_r2p_035,
    "TRC-R2P-056": first_five.trc_r2p_056,
}
for _mod in (v0_files, v1_files, v1_mixed):
    for _name in dir(_mod):
        if _name.startswith("trc_r2p_"):
            HANDWRITTEN["TRC-R2P-" + _name[8:]] = getattr(_mod, _name)
HANDWRITTEN = dict(sorted(HANDWRITTEN.items()))

# the first five (the "hand5" row of the table)
FIVE = ("TRC-R2P-001", "TRC-R2P-003", "TRC-R2P-008", "TRC-R2P-035", "TRC-R2P-056")

_ANY = ("*",)
_CONTAINER = ("container",)

# signature id -> ((event name, origins), ...): its tracee_selected_events ("*": any origin)
SELECTED = {
    "TRC-R2P-001": (("ptrace", _ANY),),
    "TRC-R2P-003": (("security_file_open", _ANY),),
    "TRC-R2P-006": (("security_file_open", _ANY), ("security_inode_rename", _ANY)),
    "TRC-R2P-008": (("magic_write", _ANY),),
    "TRC-R2P-012": (("security_file_open", _ANY),),
    "TRC-R2P-013": (("security_file_open", _CONTAINER),),
    "TRC-R2P-015": (("security_file_open", _ANY), ("security_inode_rename", _ANY)),
    "TRC-R2P-016": (("security_file_open", _CONTAINER),),
    "TRC-R2P-017": (("security_file_open", _ANY),),
    "TRC-R2P-018": (("security_file_open", _ANY),),
    "TRC-R2P-019": (("security_file_open", _ANY), ("security_inode_rename", _ANY)),
    "TRC-R2P-020": (("security_file_open", _CONTAINER), ("security_socket_connect", _CONTAINER)),
    "TRC-R2P-023": (("security_file_open", _ANY),),
    "TRC-R2P-024": (("security_file_open", _CONTAINER),),
    "TRC-R2P-025": (("security_file_open", _ANY),),
    "TRC-R2P-026": (("sched_process_exec", _ANY), ("security_file_open", _ANY), ("security_inode_rename", _ANY)),
    "TRC-R2P-027": (("security_file_open", _ANY), ("security_inode_rename", _ANY)),
    "TRC-R2P-028": (("security_file_open", _ANY), ("security_inode_rename", _ANY)),
    "TRC-R2P-033": (("security_file_open", _ANY),),
    "TRC-R2P-035": (("security_file_open", _ANY),),
    "TRC-R2P-036": (("security_file_open", _ANY),),
    "TRC-R2P-037": (("security_file_open", _ANY), ("security_inode_rename", _ANY)),
    "TRC-R2P-038": (("sched_process_exec", _ANY), ("security_file_open", _ANY), ("security_inode_symlink", _ANY),
                    ("security_inode_unlink", _ANY)),
    "TRC-R2P-045": (("sched_process_exec", _ANY), ("security_file_open", _ANY), ("security_inode_unlink", _ANY)),
    "TRC-R2P-047": (("sched_process_exec", _ANY), ("security_file_open", _ANY)),
    "TRC-R2P-049": (("sched_process_exec", _ANY), ("security_file_open", _ANY)),
    "TRC-R2P-054": (("sched_process_exec", _ANY), ("security_file_open", _ANY)),
    "TRC-R2P-056": (("sched_process_exec", _ANY),),
    "TRC-R2P-063": (("security_file_open", _ANY),),
    "TRC-R2P-065": (("security_file_open", _ANY), ("security_inode_rename", _ANY)),
    "TRC-R2P-066": (("security_file_open", _ANY), ("security_inode_rename", _ANY)),
    "TRC-R2P-070": (("security_file_open", _ANY),),
}


def dispatch_table(ids=None) -> dict[str, tuple]:
    """event name -> ((id, match, origins or None for any), ...) for the
    hand-written signatures ``ids`` (default all), as a hand-written engine
    would precompute it."""
    table: dict[str, list] = {}
    for sid in ids or HANDWRITTEN:
        for name, origins in SELECTED[sid]:
            table.setdefault(name, []).append((sid, HANDWRITTEN[sid], None if "*" in origins else frozenset(origins)))
    return {k: tuple(v) for k, v in table.items()}


def selected(table: dict, event) -> list:
    """The (id, match) pairs of ``table`` that select ``event``."""
    entries = table.get(event.get("eventName")) if event.__class__ is dict else None
    if not entries:
        return []
    where = None
    out = []
    for sid, fn, origins in entries:
        if origins is not None:
            if where is None:
                where = _common.origin(event)
            if where not in origins:
                continue
        out.append((sid, fn))
    return out


def compiled_dispatch(table: dict) -> dict:
    """``table`` as a hot loop wants it: event name -> ((id, match), ...)
    when every entry selects any origin, else origin -> ((id, match), ...)."""
    out: dict = {}
    for name, entries in table.items():
        if all(origins is None for _, _, origins in entries):
            out[name] = tuple((sid, fn) for sid, fn, _ in entries)
        else:
            out[name] = {
                where: tuple((sid, fn) for sid, fn, origins in entries if origins is None or where in origins)
                for where in ("host", "container", "container-init")
            }
    return out


# every hand-written signature that selects security_file_open (the sample's dominant event)
OPEN = tuple(sid for sid, sel in SELECTED.items() if any(name == "security_file_open" for name, _ in sel))
