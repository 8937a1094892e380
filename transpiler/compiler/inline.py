"""Generated functions written where they are called: the one rewriter.

A call of a generated function costs a Python call (arguments, a frame, the
``_sv`` prelude again); a small function's code is written in place instead,
in two places:

- a rule or function written at its call site in another rule's code
  (``parse_callee``/``inline_lines``, from emit.py's ``assign_call``); the
  callee's function is generated as usual (``RuleGen.leaf``, in the
  caller's module, as a specialisation is);
- a signature's function written into the entry point of its event kind
  (``inline_body``, from entries.py).

Both take the function as Python source and rewrite it with Python's own
``ast`` and ``tokenize`` (``_parse``, ``_rewrite``), so strings and comments
are never touched (the Rego line comments stay):

- every local (temporaries, Rego variables, parameters) gets a suffix that
  no name of the code around can end with (``_<n>i`` at a call site:
  Rego variables end with ``_``, temporaries with a digit, the generated
  code's own names are fixed words; ``__<n>`` in an entry, whose names are
  fixed words);
- each ``return X`` becomes ``r = X``;
- the ``_sv`` prelude (``_SV``) is dropped where the code around has the
  same one (same ``input`` and ``_ctx``): they share the values of the event.

What differs is the caller's policy, given to the same core:

- at a call site, the callee may take arguments (a parameter is the
  caller's variable given for it when the callee never assigns it, else it
  is assigned the argument first) and may return anywhere but inside a
  loop: with more than one ``return``, the body goes inside ``while True:``
  and each assignment is followed by ``break`` (a ``break`` in a loop of
  the callee would leave that loop instead);
- in an entry, the function's names of its own module become aliases
  bound from that module when the entries are linked (``alias``), and a
  ``return`` must end the function once it is an assignment (each the last
  statement of its block, in ``if``/``try`` blocks that are themselves
  last, down to a final ``return _U``, written first as ``_r = _U``): no
  ``while`` is needed, the entry's ``try`` around the code stays as it is.

The two ways of leaving are kept apart on purpose: a rule's callee returns
early from else chains and defaults, where only ``break`` leaves; a
signature's function has the terminal shape and its entry is deep already
(a ``while`` would cost a level and a loop per event). Likewise the
layouts: an entry keeps the comment and blank lines after the docstring
(its code is read there, labelled), a call site the non-blank lines from
the first statement on.

Left out (the function stays a call): nested functions or lambdas,
``global``, a ``return`` without a value, a string across lines (it would
be re-indented), a keyword argument named as a renamed name, an assignment
to ``input`` or ``_ctx``, and more than ``MAX_LINES`` lines of code
(``ENTRY_MAX_LINES`` lines in an entry).
"""

from __future__ import annotations

import ast as pyast
import builtins
import io
import tokenize

MAX_LINES = 30  # lines of code (comments aside) of a callee written inline at a call site
ENTRY_MAX_LINES = 60  # lines (from the docstring to the end) of a signature written into its entry

_NOT_INLINED = (pyast.FunctionDef, pyast.AsyncFunctionDef, pyast.Lambda, pyast.ClassDef, pyast.Global,
                pyast.Nonlocal, pyast.Yield, pyast.YieldFrom, pyast.Await)
# (an entry's code also keeps to the plain statements its functions are made of)
_NOT_IN_ENTRY = _NOT_INLINED + (pyast.NamedExpr, pyast.comprehension)
_LOOPS = (pyast.For, pyast.While, pyast.AsyncFor)
_BLOCKS = (pyast.For, pyast.While, pyast.Try, pyast.With)
_SV = "_sv = _ctx.sv if _ctx.inp is input else {}"
_SV_DUMP = pyast.dump(pyast.parse(_SV).body[0])
_BUILTINS = frozenset(dir(builtins))


def one_function(src: str):
    """(the function ``src`` defines, its body without the docstring), or
    None when ``src`` is not one function."""
    try:
        mod = pyast.parse(src)
    except SyntaxError:
        return None
    if len(mod.body) != 1 or not isinstance(mod.body[0], pyast.FunctionDef):
        return None
    fn = mod.body[0]
    body = list(fn.body)
    if body and isinstance(body[0], pyast.Expr) and isinstance(body[0].value, pyast.Constant) \
            and isinstance(body[0].value.value, str):
        body = body[1:]
    return fn, body


class Callee:
    """A generated function parsed to be written in place."""

    __slots__ = ("lines", "params", "locals", "loads", "stored", "returns", "head", "body_start", "indent",
                 "prelude", "values", "blocks", "depth", "code", "fn", "body", "looped",
                 "returning")

    def result(self) -> tuple[bool, str | None]:
        """(may be undefined, Rego kind or None) of the value computed: a
        boolean where every return gives True, False or _U."""
        undef = "_U" in self.values
        if self.values <= {"True", "False", "_U"} and self.values - {"_U"}:
            return undef, "boolean"
        return True, None


class _Refused(Exception):
    pass


def _parse(src: str, refused: tuple) -> Callee | None:
    """The core: function ``src`` (parameters ``input``, ``_ctx``, then any
    positional ones) with its names and returns, or None when it holds a
    node of ``refused``, a ``return`` without a value, a string across
    lines, or a keyword argument or assignment that renaming would break.
    What follows a ``return`` at the top level is left out (it cannot run)."""
    got = one_function(src)
    if got is None:
        return None
    fn, body = got
    a = fn.args
    names = [p.arg for p in a.args]
    if a.vararg or a.kwarg or a.kwonlyargs or a.posonlyargs or fn.decorator_list or names[:2] != ["input", "_ctx"]:
        return None
    for i, stmt in enumerate(body):
        if isinstance(stmt, pyast.Return):
            body = body[:i + 1]
            break
    if not body:
        return None
    c = Callee()
    c.fn, c.body, c.params = fn, body, names[2:]
    c.locals, c.loads, c.stored, c.values, c.returns, c.looped = set(names[2:]), set(), set(), set(), [], False
    c.returning = set()  # the ids of the nodes that hold a return
    keywords: set = set()
    sv_stores = 0

    def walk(node, in_loop) -> bool:  # (whether ``node`` holds a return)
        nonlocal sv_stores
        if isinstance(node, refused):
            raise _Refused
        found = isinstance(node, pyast.Return)
        if found:
            if node.value is None:
                raise _Refused
            c.looped = c.looped or in_loop
            c.returns.append((node.lineno, node.col_offset, node.end_lineno))
            c.values.add(pyast.unparse(node.value))
        elif isinstance(node, pyast.Name):
            if isinstance(node.ctx, (pyast.Store, pyast.Del)):
                c.locals.add(node.id)
                c.stored.add(node.id)
                sv_stores += node.id == "_sv"
            else:
                c.loads.add(node.id)
        elif isinstance(node, pyast.ExceptHandler) and node.name:
            c.locals.add(node.name)
            c.stored.add(node.name)
        elif isinstance(node, pyast.keyword) and node.arg:
            keywords.add(node.arg)
        for child in pyast.iter_child_nodes(node):
            found = walk(child, in_loop or isinstance(node, _LOOPS)) or found
        if found:
            c.returning.add(id(node))
        return found

    try:
        for stmt in body:
            walk(stmt, False)
    except _Refused:
        return None
    # (a keyword's name is a NAME token, as a name renamed)
    if c.locals & {"input", "_ctx"} or keywords & (c.locals | c.loads):
        return None
    c.loads -= c.locals | {"input", "_ctx"}
    c.lines = src.splitlines()[:body[-1].end_lineno]
    c.head = fn.body[0].end_lineno + 1 if body[0] is not fn.body[0] else body[0].lineno
    c.body_start, c.indent = body[0].lineno, body[0].col_offset
    try:
        if any(t.type == tokenize.STRING and t.start[0] != t.end[0] and t.end[0] >= c.head
               for t in tokenize.generate_tokens(io.StringIO(src).readline)):
            return None
    except (tokenize.TokenError, SyntaxError):
        return None
    first = body[0]
    c.prelude = first.lineno if pyast.dump(first) == _SV_DUMP and first.end_lineno == first.lineno \
        and sv_stores == 1 else None
    code = [ln for ln in c.lines[c.body_start - 1:] if ln.strip() and not ln.strip().startswith("#")]
    c.code = len(code)
    c.blocks = _blocks(body)
    c.depth = max((len(ln) - len(ln.lstrip(" "))) // 4 for ln in code)
    return c


def _blocks(nodes) -> int:
    """The deepest nesting of loops and try blocks among ``nodes``."""
    best = 0
    for n in nodes:
        inner = _blocks(list(pyast.iter_child_nodes(n)))
        best = max(best, inner + 1 if isinstance(n, _BLOCKS) else inner)
    return best


def _rewrite(c: Callee, rename: dict, result: str) -> list[str]:
    """The lines of ``c`` with the names of ``rename`` renamed (not an
    attribute) and each ``return`` made ``result =``, on tokens: right to
    left on each line so that columns stay valid."""
    lines = list(c.lines)
    edits: dict[int, list] = {}  # line (1-based) -> [(col, end col, text)]
    for row, col, _ in c.returns:
        assert lines[row - 1][col:col + 6] == "return", lines[row - 1]
        edits.setdefault(row, []).append((col, col + 6, result + " ="))
    prev = None
    for tok in tokenize.generate_tokens(io.StringIO("\n".join(lines) + "\n").readline):
        if tok.type == tokenize.NAME and tok.string in rename and not (
            prev is not None and prev.type == tokenize.OP and prev.string == "."
        ):
            edits.setdefault(tok.start[0], []).append((tok.start[1], tok.end[1], rename[tok.string]))
        if tok.type not in (tokenize.NL, tokenize.COMMENT, tokenize.INDENT, tokenize.DEDENT):
            prev = tok
    for row, es in edits.items():
        line = lines[row - 1]
        for start, end, new in sorted(es, reverse=True):
            line = line[:start] + new + line[end:]
        lines[row - 1] = line
    return lines


def _dedent(line: str, cols: int) -> str:
    head = len(line) - len(line.lstrip(" "))
    return line[min(head, cols):]


# -- a rule or function written at its call site ---------------------------------------

def parse_callee(src: str) -> Callee | None:
    """The function in ``src`` (one ``def``) as a Callee, None when it cannot
    be written at a call site: it must end with a ``return`` and have none
    inside a loop."""
    c = _parse(src, _NOT_INLINED)
    if c is None or not isinstance(c.body[-1], pyast.Return) or c.looped or c.code > MAX_LINES:
        return None
    return c


def inline_lines(c: Callee, result: str, args: list[str], n: int, share_sv: bool) -> list[str]:
    """The lines (relative indentation, no trailing newline) that compute
    ``result`` as the call of ``c`` on ``args`` would: the parameters
    assigned, then the body (inside ``while True:`` where it returns more
    than once). ``share_sv``: the caller has the same ``_sv`` prelude (the
    callee's is dropped)."""
    suffix = f"_{n}i"
    rename = {name: name + suffix for name in c.locals if not (share_sv and name == "_sv")}
    # a parameter never assigned, given a variable of the caller: that variable
    # (the inlined code assigns none of the caller's names)
    direct = {p: a for p, a in zip(c.params, args) if a.isidentifier() and p not in c.stored}
    rename.update(direct)
    lines = _rewrite(c, rename, result)
    breaks = {end: " " * col + "break" for _, col, end in c.returns}
    out = [f"{p}{suffix} = {a}" for p, a in zip(c.params, args) if p not in direct]
    # one return, the last statement: no loop to leave
    wrap = len(c.returns) > 1
    pad = "    " if wrap else ""
    if wrap:
        out.append("while True:")
    for row in range(c.body_start, len(lines) + 1):
        if row == c.prelude and share_sv:
            continue
        line = lines[row - 1]
        if line.strip():
            out.append(pad + _dedent(line, c.indent))
        if row in breaks and wrap:
            out.append(pad + _dedent(breaks[row], c.indent))
    return out


# -- a signature's function written into its entry point -----------------------------------

def _terminal(stmts, returning: set[int]) -> bool:
    """Every ``return`` in ``stmts`` ends the function once it is an assignment."""
    for i, s in enumerate(stmts):
        if id(s) not in returning:
            continue
        if i != len(stmts) - 1:
            return False
        if isinstance(s, pyast.If):
            if not (_terminal(s.body, returning) and _terminal(s.orelse, returning)):
                return False
        elif isinstance(s, pyast.Try):
            if any(id(h) in returning for h in s.handlers + s.finalbody):
                return False
            if not (_terminal(s.body, returning) and _terminal(s.orelse, returning)):
                return False
        elif not isinstance(s, pyast.Return):
            return False
    return True


def inline_body(src: str, globals_: set[str], suffix: str, alias) -> tuple[list[str], bool] | None:
    """(the lines, at indentation 0, of function ``src`` (``input``, ``_ctx``)
    that set ``_r`` to its value instead of returning it; whether they read
    the entry's ``_sv``), or None when it is not written into the entry.
    ``globals_``: the names of its module, each read as ``alias(name)``
    (the entries module's name for it); any other name it reads must be a
    Python builtin. A function that starts with ``_SV`` (the values shared
    per event: the same expression in every function, of ``input`` and
    ``_ctx`` alone) reads the entry's, computed once."""
    c = _parse(src, _NOT_IN_ENTRY)
    if c is None or c.params or c.locals & {"_r", "_out", "_x"} \
            or any(n not in globals_ and n not in _BUILTINS for n in c.loads):
        return None
    last, end = c.body[-1], c.fn.end_lineno
    if end - c.head + 1 > ENTRY_MAX_LINES or last.lineno != end or c.lines[end - 1].strip() != "return _U" \
            or not _terminal(c.body[:-1], c.returning):
        return None
    shared = c.prelude is not None
    # (``alias`` binds the name in the entries module: only for code written there)
    rename = {n: n + suffix for n in c.locals if not (shared and n == "_sv")}
    rename.update({n: alias(n) for n in c.loads if n in globals_})
    lines = _rewrite(c, rename, "_r")
    return ["_r = _U"] + [_dedent(lines[no - 1], c.indent) for no in range(c.head, last.lineno)
                          if no != c.prelude or not shared], shared
