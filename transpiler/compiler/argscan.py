"""One scan of ``input.args`` for the argument lookups an entry's signatures share.

Helpers such as ``helpers.get_tracee_argument("pathname")`` and
``lib.event.arg("flags")``, called with a constant name, are computed once
per event and shared by the signatures (``_ctx.sv``, keyed by the function
and its constant arguments: runtime.gen.event_ctx). Each is a scan of
``input.args``; an event kind's signatures ask for several names, through
several helpers, so the same arguments are scanned several times per event.

``lookups`` finds, among the copies of functions specialised for constant
arguments (``ModuleGen.specialisations``), those whose code is exactly the
lookup of the first argument called NAME that has a value (``GET``, below:
compared as Python syntax trees, local names and formatting aside); for
those the entry point's prelude fills the shared values in one pass over
the arguments (``scan_function``), with the same reads in the same order
(``_getk``/``_values`` where the values are not a list or an object), so
each value is what the function would return. Such a function raises
nothing, so computing it before the signatures that ask is unobservable.
A copy of another shape (a changed helper, code emitted differently) is
simply not recognised: the signatures then compute it as before
(tests/test_entries.py builds the helper and checks that the scan applies,
so a change of the emitted form fails there first).
"""

from __future__ import annotations

import ast as pyast

from .inline import one_function
from .names import Code, py_str, py_text

_NAME = "\x00NAME"

# the specialised code of ``values := [a.value | some a in input.args; a.name == NAME]; count(values) > 0; values[0]``
GET = '''
def f(input, _ctx):
    _c1 = []
    _t2 = input.get("args", _U) if input.__class__ is dict else _getk(input, "args")
    for _arg_ in (_t2 if _t2.__class__ is list else _values(_t2)):
        _t4 = _arg_.get("name", _U) if _arg_.__class__ is dict else _getk(_arg_, "name")
        if _t4 == NAME:
            _t5 = _arg_.get("value", _U) if _arg_.__class__ is dict else _getk(_arg_, "value")
            if _t5 is not _U:
                _c1.append(_t5)
                break
    _values_ = _c1
    _r6 = len(_values_)
    if _r6 > 0:
        _t7 = _values_[0] if _values_ else _U
        if _t7 is not _U:
            return _t7
    return _U
'''


def _shape(src: str, const: str | None) -> str | None:
    """The syntax tree of function ``src`` without its name and docstring,
    its local names numbered in order and the string ``const`` a marker;
    None when it is not one function."""
    got = one_function(src)
    if got is None:
        return None
    fn, body = got
    fn.name, fn.body = "f", body
    stored = {n.id for n in pyast.walk(fn) if isinstance(n, pyast.Name) and isinstance(n.ctx, pyast.Store)}
    names: dict[str, str] = {}
    for node in pyast.walk(fn):
        if isinstance(node, pyast.Name) and node.id in stored:
            node.id = names.setdefault(node.id, f"v{len(names)}")
        elif isinstance(node, pyast.Name) and node.id == "NAME" and const is None:
            return None
        elif isinstance(node, pyast.Constant) and const is not None and node.value == const \
                and type(node.value) is str:
            node.value = _NAME
    return pyast.dump(fn, annotate_fields=False, include_attributes=False)


def _canonical() -> str:
    src = GET.replace("NAME", repr(_NAME))
    return _shape(src, None)


def lookups(prog, leaf_by_id: dict) -> dict[str, str]:
    """{shared key: argument name} of the specialised functions of every
    module that are exactly ``GET`` for their constant name."""
    canon = _canonical()
    out: dict[str, str] = {}
    for mg in prog.modules.values():
        sources = {}
        for src in mg.extra_functions:
            head = src.split("(", 1)[0]
            if head.startswith("def "):
                sources[head[4:]] = src
        for key, fname in mg.specialisations.items():
            if not (isinstance(key, tuple) and len(key) == 2 and isinstance(key[0], int)):
                continue  # (a keyed copy)
            consts = key[1]
            if len(consts) != 1 or consts[0][0] != 0 or consts[0][1] != "str":
                continue
            leaf = leaf_by_id.get(key[0])
            src = sources.get(fname)
            if leaf is None or src is None or leaf.arity != 1:
                continue
            name = consts[0][2]
            if "args" in src and "break" in src and _shape(src, name) == canon:
                out[".".join(leaf.path) + repr(consts)] = name
    return out


def scan_function(fname: str, keys: dict[str, str], order: list[str]) -> Code:
    """The function ``fname(input, _sv)`` that fills the shared values
    ``keys`` ({key: argument name}) in one pass over ``input.args``,
    testing the names in ``order`` (each argument has one name: the first
    test that holds is the only one)."""
    names = list(order)
    slot = {n: f"_x{i}" for i, n in enumerate(names)}
    lines = [
        f"def {fname}(input, _sv):",
        '    """The first value of each argument called ' + py_text(", ".join(names))
        + ', in one pass over input.args (compiler/argscan.py)."""',
        "    _t = input.get('args', _U) if input.__class__ is dict else _getk(input, 'args')",
        "    " + " = ".join(slot[n] for n in names) + " = _U",
        "    for _a in _t if _t.__class__ is list else _values(_t):",
        "        _n = _a.get('name', _U) if _a.__class__ is dict else _getk(_a, 'name')",
    ]
    for i, n in enumerate(names):
        x = slot[n]
        lines.append(f"        {'if' if i == 0 else 'elif'} _n == {py_str(n)}:")
        lines.append(f"            if {x} is _U:")
        lines.append(f"                {x} = _a.get('value', _U) if _a.__class__ is dict else _getk(_a, 'value')")
    for key in sorted(keys):
        lines.append(f"    _sv[{py_str(key)}] = {slot[keys[key]]}")
    return Code("\n".join(lines))
