"""Small signature functions written into their entry point (compiler/entries.py).

An entry point calls each signature's function in its own ``try``; a small
one is written there instead, saving the call. Only a function of the
plain shape the generator writes is taken, and its text is kept, Rego line
comments included, with three mechanical changes (made on Python's tokens,
so strings and comments are untouched):

- every ``return X`` becomes ``_r = X``: taken only when each ``return`` is
  the last statement of its block, in ``if``/``try`` blocks that are
  themselves last, down to the function's final ``return _U`` (which
  becomes ``_r = _U`` first): after a ``return`` nothing else would run, so
  nothing else runs after the assignment either (a ``finally`` still runs
  in both). No loop holds a ``return``;
- its local names get a suffix of their own (``_t1`` -> ``_t1__3``): no
  value of another signature's code can be read, an unassigned one fails
  as in the function;
- the names of its module (constants, helpers, links) become aliases
  bound from that module when the entries are linked (``_m3___K1``);
- its first line ``_sv = _ctx.sv if _ctx.inp is input else {}`` is the
  entry's, once for all.

Anything else (a nested function, a ``return`` in a loop, a name neither
local, of the module nor a Python builtin, a multi-line string, more than
``MAX_LINES`` lines) is not inlined: the entry calls the function.
"""

from __future__ import annotations

import ast as pyast
import builtins
import io
import tokenize

MAX_LINES = 60
_BUILTINS = frozenset(dir(builtins))


RUNTIME = "transpiler.runtime.gen"


def module_names(src: str) -> tuple[set[str], set[str], dict]:
    """(the names a generated module binds at its top level and in
    ``_link``, those of them imported from the runtime's glue, its
    functions by name)."""
    tree = pyast.parse(src)
    names: set[str] = set()
    runtime: set[str] = set()
    functions = {}
    lines = src.split("\n")
    for node in tree.body:
        if isinstance(node, pyast.FunctionDef):
            functions[node.name] = "\n".join(lines[node.lineno - 1:node.end_lineno])
        if isinstance(node, pyast.ImportFrom) and node.module == RUNTIME and node.level == 0:
            runtime.update(a.asname or a.name for a in node.names)
        if isinstance(node, (pyast.FunctionDef, pyast.ClassDef)):
            names.add(node.name)
            if node.name == "_link":
                for inner in pyast.walk(node):
                    if isinstance(inner, pyast.Global):
                        names.update(inner.names)
        elif isinstance(node, pyast.Assign):
            for t in node.targets:
                names.update(n.id for n in pyast.walk(t) if isinstance(n, pyast.Name))
        elif isinstance(node, (pyast.Import, pyast.ImportFrom)):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
    return names, runtime, functions


def _returning(fn) -> set[int]:
    """The ids of the nodes of ``fn`` that hold a ``return``."""
    out: set[int] = set()

    def visit(node) -> bool:
        found = isinstance(node, pyast.Return)
        for child in pyast.iter_child_nodes(node):
            found = visit(child) or found
        if found:
            out.add(id(node))
        return found

    visit(fn)
    return out


def _terminal(stmts, returning: set[int]) -> bool:
    """Every ``return`` in ``stmts`` ends the function once it is an assignment."""

    def _has_return(node) -> bool:
        return id(node) in returning

    for i, s in enumerate(stmts):
        if not _has_return(s):
            continue
        if i != len(stmts) - 1:
            return False
        if isinstance(s, pyast.Return):
            if s.value is None:
                return False
        elif isinstance(s, pyast.If):
            if not (_terminal(s.body, returning) and _terminal(s.orelse, returning)):
                return False
        elif isinstance(s, pyast.Try):
            if any(_has_return(h) for h in s.handlers) or any(_has_return(f) for f in s.finalbody):
                return False
            if not (_terminal(s.body, returning) and _terminal(s.orelse, returning)):
                return False
        else:
            return False
    return True


_SV = "_sv = _ctx.sv if _ctx.inp is input else {}"
_SV_DUMP = pyast.dump(pyast.parse(_SV).body[0])


def inline_body(src: str, globals_: set[str], suffix: str, alias) -> tuple[list[str], bool] | None:
    """(the lines, at indentation 0, of function ``src`` that set ``_r`` to
    its value instead of returning it; whether they read the entry's
    ``_sv``), or None when it is not inlined. ``alias(name)`` is the
    entries module's name for the module's ``name``. A function that
    starts with ``_SV`` (the values shared per event: the same expression
    in every function, of ``input`` and ``_ctx`` alone) reads the entry's,
    computed once."""
    try:
        tree = pyast.parse(src)
    except SyntaxError:
        return None
    if len(tree.body) != 1 or not isinstance(tree.body[0], pyast.FunctionDef):
        return None
    fn = tree.body[0]
    if [a.arg for a in fn.args.args] != ["input", "_ctx"] or fn.args.vararg or fn.args.kwarg \
            or fn.args.kwonlyargs or fn.decorator_list:
        return None
    body = fn.body
    if body and isinstance(body[0], pyast.Expr) and isinstance(body[0].value, pyast.Constant):
        body = body[1:]
    if not body:
        return None
    shared = False  # the values shared per event read from the entry's own ``_sv``
    if pyast.dump(body[0]) == _SV_DUMP and sum(
        isinstance(n, pyast.Name) and n.id == "_sv" and isinstance(n.ctx, pyast.Store)
        for n in pyast.walk(pyast.Module(body=body, type_ignores=[]))
    ) == 1:
        shared = True
    last = body[-1]
    if not (isinstance(last, pyast.Return) and isinstance(last.value, pyast.Name) and last.value.id == "_U"):
        return None
    if not _terminal(body[:-1], _returning(fn)):
        return None
    locals_: set[str] = set()
    loads: set[str] = set()
    for node in pyast.walk(pyast.Module(body=body, type_ignores=[])):
        if isinstance(node, (pyast.FunctionDef, pyast.AsyncFunctionDef, pyast.Lambda, pyast.ClassDef,
                             pyast.Global, pyast.Nonlocal, pyast.Yield, pyast.YieldFrom, pyast.Await,
                             pyast.NamedExpr, pyast.comprehension)):
            return None
        if isinstance(node, pyast.Name):
            (locals_ if isinstance(node.ctx, (pyast.Store, pyast.Del)) else loads).add(node.id)
        elif isinstance(node, pyast.ExceptHandler) and node.name:
            locals_.add(node.name)
        elif isinstance(node, pyast.Call) and node.keywords:
            return None  # (a keyword's name is a NAME token too)
    if locals_ & {"input", "_ctx", "_r", "_out", "_x"}:
        return None
    outside = loads - locals_ - {"input", "_ctx"}
    if any(n not in globals_ and n not in _BUILTINS for n in outside):
        return None
    rename = {n: n + suffix for n in locals_ if not (shared and n == "_sv")}
    rename.update({n: alias(n) for n in outside if n in globals_})
    rename = {k: v for k, v in rename.items() if v != k}
    # (from the line after the docstring: the Rego line comments before the first statement too)
    first = fn.body[0].end_lineno + 1 if body is not fn.body else body[0].lineno
    end = fn.end_lineno
    if end - first + 1 > MAX_LINES:
        return None
    lines = src.split("\n")
    edits: dict[int, list] = {}  # line (1-based) -> [(col, end col, text)]
    try:
        toks = list(tokenize.generate_tokens(io.StringIO(src).readline))
    except (tokenize.TokenError, SyntaxError):
        return None
    prev = None
    for tok in toks:
        if tok.start[0] < first:
            prev = tok
            continue
        if tok.type == tokenize.STRING and tok.start[0] != tok.end[0]:
            return None  # (a string over several lines: its lines are not code)
        if tok.type == tokenize.NAME and not (prev is not None and prev.type == tokenize.OP and prev.string == "."):
            new = "_r =" if tok.string == "return" else rename.get(tok.string)
            if new is not None:
                edits.setdefault(tok.start[0], []).append((tok.start[1], tok.end[1], new))
        if tok.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT, tokenize.INDENT, tokenize.DEDENT):
            prev = tok
    out = []
    skip = body[0].lineno if shared else None
    if shared and body[0].end_lineno != skip:
        return None
    for no in range(first, last.lineno):
        if no == skip:
            continue
        line = lines[no - 1]
        for col, endc, text in sorted(edits.get(no, ()), reverse=True):
            line = line[:col] + text + line[endc:]
        out.append(line[4:] if line.startswith("    ") else line.lstrip(" "))
    if last.lineno != end or lines[last.lineno - 1].strip() != "return _U":
        return None
    return ["_r = _U"] + out, shared
