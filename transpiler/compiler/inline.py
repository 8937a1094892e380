"""Small rule functions written into their callers.

A call of a rule or function costs a Python call (arguments, a frame, the
``_sv`` prelude again); a small callee's code is written at the call site
instead. The callee's function is generated as usual (``RuleGen.leaf``, in
the caller's module, as a specialisation is), then its body is taken as
Python source and rewritten:

- inside ``while True:``, each ``return X`` becomes ``r = X`` and ``break``
  (so no ``return`` may stand inside a loop of the callee, where ``break``
  would leave that loop instead, and the body must end with a ``return``);
- every local of the callee (its temporaries, its Rego variables, its
  parameters) gets the suffix ``_<n>i``, which no name of the caller can end
  with (Rego variables end with ``_``, temporaries with a digit, the
  generated code's own names are fixed words); a parameter is the caller's
  variable given for it (the callee never assigns a parameter), else it is
  assigned the argument first;
- the callee's ``_sv`` prelude is dropped where the caller has the same one
  (same ``input`` and ``_ctx``): they share the values of the event.

The rewrite reads the source with Python's own ``ast`` and ``tokenize``, so
strings and comments are never touched (the Rego line comments stay). What
is left out: a callee with nested functions or lambdas, ``global``, a
``return`` without a value or inside a loop, or more than ``MAX_LINES``
lines of code.
"""

from __future__ import annotations

import ast as pyast
import io
import tokenize

MAX_LINES = 30  # lines of code (comments aside) of a callee written inline

_NOT_INLINED = (pyast.FunctionDef, pyast.AsyncFunctionDef, pyast.Lambda, pyast.ClassDef, pyast.Global,
                pyast.Nonlocal, pyast.Yield, pyast.YieldFrom, pyast.Await)
_PRELUDE = "_sv = _ctx.sv if _ctx.inp is input else {}"


class Callee:
    """The parsed function of a callee, ready to be written inline."""

    __slots__ = ("lines", "params", "locals", "returns", "body_start", "indent", "prelude", "stored", "values",
                 "blocks", "depth")

    def __init__(self, lines, params, locals_, returns, body_start, indent, prelude, stored=frozenset()):
        self.lines = lines  # the source lines of the body's function, up to its last return
        self.params = params  # its parameters after (input, _ctx)
        self.locals = locals_  # every local name but input and _ctx
        self.returns = returns  # (line, col, end line) of each return, 1-based lines
        self.body_start = body_start  # first line (1-based) of the body after the docstring
        self.indent = indent  # column of the body
        self.prelude = prelude  # line (1-based) of the _sv prelude, or None
        self.stored = stored  # the locals assigned somewhere (not the parameters alone)
        self.values: set = set()  # the source of each value returned
        self.blocks = 0  # loops and try blocks nested in the body, at most (Python allows 20 with the caller's)
        self.depth = 0  # indentation levels of the body, at most

    def result(self) -> tuple[bool, str | None]:
        """(may be undefined, Rego kind or None) of the value computed: a
        boolean where every return gives True, False or _U."""
        undef = "_U" in self.values
        if self.values <= {"True", "False", "_U"} and self.values - {"_U"}:
            return undef, "boolean"
        return True, None


def parse_callee(src: str) -> Callee | None:
    """The function in ``src`` (one ``def``) as a Callee, None when it cannot be written inline."""
    try:
        mod = pyast.parse(src)
    except SyntaxError:
        return None
    if len(mod.body) != 1 or not isinstance(mod.body[0], pyast.FunctionDef):
        return None
    fn = mod.body[0]
    a = fn.args
    if a.vararg or a.kwarg or a.kwonlyargs or a.posonlyargs:
        return None
    names = [p.arg for p in a.args]
    if names[:2] != ["input", "_ctx"]:
        return None
    body = list(fn.body)
    if body and isinstance(body[0], pyast.Expr) and isinstance(body[0].value, pyast.Constant):
        body = body[1:]  # the docstring
    for i, stmt in enumerate(body):  # (what follows a return at the top level cannot run)
        if isinstance(stmt, pyast.Return):
            body = body[:i + 1]
            break
    if not body or not isinstance(body[-1], pyast.Return):
        return None
    locals_ = set(names[2:])
    stored: set = set()
    values: set = set()
    returns = []
    prelude = None

    def walk(node, in_loop):
        nonlocal prelude
        for child in pyast.iter_child_nodes(node):
            if isinstance(child, _NOT_INLINED):
                raise _Refused
            if isinstance(child, pyast.Return):
                if in_loop or child.value is None:
                    raise _Refused
                returns.append((child.lineno, child.col_offset, child.end_lineno))
                values.add(pyast.unparse(child.value))
            if isinstance(child, pyast.Name) and isinstance(child.ctx, (pyast.Store, pyast.Del)):
                locals_.add(child.id)
                stored.add(child.id)
            if isinstance(child, pyast.ExceptHandler) and child.name:
                locals_.add(child.name)
                stored.add(child.name)
            walk(child, in_loop or isinstance(child, (pyast.For, pyast.While, pyast.AsyncFor)))

    try:
        for stmt in body:
            if isinstance(stmt, _NOT_INLINED):
                return None
            if isinstance(stmt, pyast.Return):
                if stmt.value is None:
                    return None
                returns.append((stmt.lineno, stmt.col_offset, stmt.end_lineno))
                values.add(pyast.unparse(stmt.value))
            walk(stmt, isinstance(stmt, (pyast.For, pyast.While, pyast.AsyncFor)))
    except _Refused:
        return None
    lines = src.splitlines()[:body[-1].end_lineno]
    first = body[0]
    if isinstance(first, pyast.Assign) and lines[first.lineno - 1].strip() == _PRELUDE:
        prelude = first.lineno
    code = [ln for ln in lines[body[0].lineno - 1:] if ln.strip() and not ln.strip().startswith("#")]
    if len(code) > MAX_LINES:
        return None
    try:  # (a string across lines would be re-indented: none is written inline)
        if any(t.type == tokenize.STRING and t.start[0] != t.end[0]
               for t in tokenize.generate_tokens(io.StringIO(src).readline)):
            return None
    except (tokenize.TokenError, SyntaxError):
        return None
    locals_.discard("input")
    locals_.discard("_ctx")
    callee = Callee(lines, names[2:], locals_, returns, body[0].lineno, first.col_offset, prelude, frozenset(stored))
    callee.values = values
    callee.blocks = _blocks(body)
    callee.depth = max((len(ln) - len(ln.lstrip(" "))) // 4 for ln in code)
    return callee


_BLOCKS = (pyast.For, pyast.While, pyast.Try, pyast.With)


def _blocks(nodes) -> int:
    """The deepest nesting of loops and try blocks among ``nodes``."""
    best = 0
    for n in nodes:
        inner = _blocks(list(pyast.iter_child_nodes(n)))
        best = max(best, inner + 1 if isinstance(n, _BLOCKS) else inner)
    return best


class _Refused(Exception):
    pass


def inline_lines(c: Callee, result: str, args: list[str], n: int, share_sv: bool) -> list[str]:
    """The lines (relative indentation, no trailing newline) that compute
    ``result`` as the call of ``c`` on ``args`` would: the parameters
    assigned, then the body inside ``while True:``. ``share_sv``: the
    caller has the same ``_sv`` prelude (the callee's is dropped)."""
    suffix = f"_{n}i"
    rename = {name: name + suffix for name in c.locals if not (share_sv and name == "_sv")}
    # a parameter never assigned, given a variable of the caller: that variable
    # (the inlined code assigns none of the caller's names)
    direct = {p: a for p, a in zip(c.params, args) if a.isidentifier() and p not in c.stored}
    rename.update(direct)
    lines = list(c.lines)
    # rename the locals, right to left on each line so columns stay valid
    edits: dict[int, list] = {}
    prev = None
    src = "\n".join(lines) + "\n"
    for tok in tokenize.generate_tokens(io.StringIO(src).readline):
        if tok.type == tokenize.NAME and tok.string in rename and not (
            prev is not None and prev.type == tokenize.OP and prev.string == "."
        ):
            if tok.start[0] != tok.end[0]:
                raise ValueError("a name across lines")
            edits.setdefault(tok.start[0], []).append((tok.start[1], tok.end[1], rename[tok.string]))
        if tok.type not in (tokenize.NL, tokenize.COMMENT, tokenize.INDENT, tokenize.DEDENT):
            prev = tok
    for row, es in edits.items():
        line = lines[row - 1]
        for start, end, new in sorted(es, reverse=True):
            line = line[:start] + new + line[end:]
        lines[row - 1] = line
    # each return: an assignment, then break
    breaks: dict[int, str] = {}
    for row, col, end in c.returns:
        line = lines[row - 1]
        assert line[col:col + 6] == "return", line
        lines[row - 1] = line[:col] + result + " =" + line[col + 6:]
        breaks[end] = " " * col + "break"
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


def _dedent(line: str, cols: int) -> str:
    head = len(line) - len(line.lstrip(" "))
    return line[min(head, cols):]
