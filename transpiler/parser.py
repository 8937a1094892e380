"""Rego source text to the AST of ``transpiler.ast``.

Three stages, all in this module:

- ``_Lexer``: a hand-written scanner. Rego's tokens depend on context that
  regular expressions cannot see (whether a ``[`` touches the term before it,
  whether a line break ends a literal, template strings holding expressions),
  so the lexer decides these and hands lark a ready list of tokens.
- the LALR grammar ``grammar/rego.lark``, run by lark with ``_Builder`` as its
  inline transformer: the AST is built while parsing, without a parse tree.
- ``_normalise``: rules as written (``_RawRule``) to ``ast.Rule``, with the
  v0/v1 choice made per module.

Public API: ``parse_module``, ``parse_query``, ``parse_term``. Every syntax
error is a ``ParseError`` located at the offending token.
"""

from __future__ import annotations

import json
import re
import threading
import dataclasses
from dataclasses import dataclass, field

from lark import Lark, Token
from lark.exceptions import UnexpectedInput, UnexpectedToken, VisitError
from lark.lexer import Lexer

from . import ast
from .errors import ParseError, RegoError
from .runtime.values import number_of_text
from .resources import resource_dir

__all__ = ["parse_module", "parse_query", "parse_term", "metadata_comments", "MetadataComment"]


# ------------------------------------------------------------------ public API


def parse_module(text: str, filename: str = "<string>", v0: bool | None = None) -> ast.Module:
    """Parse a Rego module. ``v0``: True or False to force the syntax
    version, None to detect it (v1 when the module imports ``rego.v1``;
    else v0 when it imports ``future.keywords`` or a rule body is written
    without ``if``; else v1)."""
    raw = _parse(text, filename, "module")
    return _build_module(raw, text, filename, v0)


def parse_query(text: str, filename: str = "<query>") -> ast.Body:
    """Parse a query: literals separated by ``;`` or line breaks."""
    return _parse(text, filename, "query")


def parse_term(text: str, filename: str = "<term>") -> ast.Term:
    """Parse one term (e.g. an input given as a Rego term, which may hold sets)."""
    return _parse(text, filename, "term")


@dataclass(frozen=True)
class MetadataComment:
    """A ``# METADATA`` comment block (OPA's annotations), as raw YAML.

    ``pos``: the ``# METADATA`` line; ``yaml``: the following comment lines
    with their ``#`` (and one space) removed; ``target_line``: the line of
    the statement the block annotates (the next non-blank line), 0 if none.
    The AST has no place for annotations: match ``target_line`` with
    ``Rule.pos.line`` or ``Module.pos.line``.
    """

    pos: ast.Pos
    yaml: str
    target_line: int


def metadata_comments(text: str, filename: str = "<string>") -> list[MetadataComment]:
    lines = text.splitlines()
    out = []
    i = 0
    while i < len(lines):
        stripped = lines[i].strip()
        if stripped != "# METADATA":
            i += 1
            continue
        start = i
        col = lines[i].index("#") + 1
        body = []
        i += 1
        while i < len(lines) and lines[i].lstrip().startswith("#"):
            line = lines[i].lstrip()[1:]
            body.append(line[1:] if line.startswith(" ") else line)
            i += 1
        target = i
        while target < len(lines) and not lines[target].strip():
            target += 1
        out.append(MetadataComment(
            ast.Pos(filename, start + 1, col),
            "\n".join(body) + ("\n" if body else ""),
            target + 1 if target < len(lines) else 0,
        ))
    return out


# ----------------------------------------------------------------------- lexer

_KEYWORDS = {
    "package": "PACKAGE", "import": "IMPORT", "as": "AS", "default": "DEFAULT",
    "else": "ELSE", "if": "IF", "contains": "CONTAINS", "some": "SOME",
    "every": "EVERY", "in": "IN", "not": "NOT", "with": "WITH",
    "true": "TRUE", "false": "FALSE", "null": "NULL",
}

_PUNCT = {
    ":=": "ASSIGN", "==": "EQ", "!=": "NEQ", "<=": "LTE", ">=": "GTE",
    "<": "LT", ">": "GT", "=": "UNIFY", "+": "PLUS", "-": "MINUS", "*": "STAR",
    "/": "SLASH", "%": "PERCENT", "|": "BAR", "&": "AMP", ",": "COMMA",
    ";": "_SEMI", ":": "COLON", ".": "DOT", "(": "LPAR", ")": "RPAR",
    "[": "LBRACK", "]": "RBRACK", "{": "LBRACE", "}": "RBRACE",
}

# tokens that can end a term: a "[" "(" "." touching them is a selector/call
_TERM_END = frozenset(
    "NAME NUMBER STRING RAWSTRING TEMPLATE TRUE FALSE NULL RPAR RBRACK RBRACE".split()
)
# a line break after these does not end a literal
_CONT_AFTER = frozenset(
    "ASSIGN EQ NEQ LTE GTE LT GT UNIFY PLUS MINUS STAR SLASH PERCENT BAR AMP COMMA "
    "_SEMI COLON LPAR LPAR_ADJ LBRACK LBRACK_ADJ LBRACE BODY_LBRACE "
    "PACKAGE IMPORT AS DEFAULT ELSE IF CONTAINS SOME EVERY IN NOT WITH".split()
)
# a line break before these does not end a literal
_CONT_BEFORE = frozenset(
    "ASSIGN EQ NEQ LTE GTE LT GT UNIFY PLUS MINUS STAR SLASH PERCENT BAR AMP COMMA "
    "_SEMI COLON DOT RPAR RBRACK RBRACE AS ELSE IF CONTAINS IN WITH".split()
)

# after these, a token starts a literal or a statement
_STATEMENT_START = frozenset("_SEMI BODY_LBRACE LBRACE DEFAULT BAR NOT".split())

# at the top of an `if {`, these show a body (not an object or comprehension)
_BODY_MARKS = frozenset("ASSIGN UNIFY _SEMI EQ NEQ LT LTE GT GTE IN NOT SOME EVERY WITH".split())

_TOKEN_RE = re.compile(
    r"""
    (?P<ws>[ \t\r\f]+)
  | (?P<nl>\n)
  | (?P<comment>\#[^\n]*)
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<number>[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)
  | (?P<string>"(?:[^"\\\n]++|\\.)*+")  # possessive: no backtracking state per character
  | (?P<raw>`[^`]*`)
  | (?P<template>\$[`"])
  | (?P<punct>:=|==|!=|<=|>=|[<>=+\-*/%|&,;:.()\[\]{}])
    """,
    re.VERBOSE,
)
_NUMBER_OK = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?\Z")
_IDENT_CHAR = re.compile(r"[A-Za-z0-9_]")


class _TemplateToken(Token):
    """A TEMPLATE token; ``parts`` are str (text) or token lists (expressions)."""

    __slots__ = ("parts",)


class _Lexer:
    def __init__(self, text: str, file: str, module: bool = False):
        self.text = text
        self.file = file
        self.module = module  # module level: "}" newline "{" is a rule's next body
        self.line = 1
        self.line_start = 0  # offset of the current line's first character

    def error(self, offset: int, message: str, line: int | None = None, line_start: int | None = None):
        line = self.line if line is None else line
        line_start = self.line_start if line_start is None else line_start
        return ParseError(ast.Pos(self.file, line, offset - line_start + 1), message, source=self.text)

    def tokens(self) -> list[Token]:
        toks, _ = self.scan(0, nested=False)
        return toks

    def scan(self, pos: int, nested: bool, opened_at: tuple | None = None) -> tuple[list[Token], int]:
        """Tokens from ``pos``. ``nested``: inside a template expression,
        which ends at the "}" that closes it (its offset is returned);
        ``opened_at`` is (offset, line, line_start) of its "{"."""
        text, n = self.text, len(self.text)
        out: list[Token] = []
        prev: Token | None = None
        spaced = True  # whitespace (or nothing) before the next token
        nl_at = None  # (offset, line, line_start) of a pending line break
        stack: list[list] = []  # open brackets: [token, undecided `if {`]
        match = _TOKEN_RE.match
        while pos < n:
            m = match(text, pos)
            if m is None:
                return self._bad_char(pos)
            kind = m.lastgroup
            end = m.end()
            if kind == "ws" or kind == "comment":
                spaced = True
                pos = end
                continue
            if kind == "nl":
                if nl_at is None:
                    nl_at = (pos, self.line, self.line_start)
                self.line += 1
                self.line_start = end
                spaced = True
                pos = end
                continue
            line, col = self.line, pos - self.line_start + 1
            value = m.group()
            opened = False
            if kind == "name":
                typ = _KEYWORDS.get(value, "NAME")
                if typ != "NAME" and self._keyword_is_name(value, prev, spaced, end, nl_at is not None):
                    typ = "NAME"
                elif typ == "CONTAINS" and (stack or not self.module):
                    typ = "NAME"  # a keyword only in rule heads
            elif kind == "punct":
                typ = _PUNCT[value]
                if typ == "DOT":
                    if spaced or prev is None or prev.type not in _TERM_END:
                        if prev is not None and not spaced and prev.type == "NUMBER":
                            raise self.error(pos, "expected digits after the decimal point")
                        raise self.error(pos, 'unexpected "."; a selector must follow its term without space')
                elif typ == "LBRACK" or typ == "LPAR":
                    if not spaced and prev is not None and prev.type in _TERM_END:
                        typ += "_ADJ"
                    opened = True
                elif typ == "LBRACE":
                    if prev is not None and prev.type == "IF":
                        typ = "BODY_LBRACE"
                    opened = True
                elif typ == "RPAR" or typ == "RBRACK" or typ == "RBRACE":
                    if not stack:
                        if nested and typ == "RBRACE":
                            return out, pos
                    else:
                        stack.pop()
                elif stack and stack[-1][1] and (typ == "COLON" or typ == "BAR"):
                    # `if {x: v | ...}`: an object or comprehension, not a body
                    stack[-1][0].type = "LBRACE"
                    stack[-1][1] = False
            elif kind == "number":
                typ = "NUMBER"
                if end < n and _IDENT_CHAR.match(text, end):
                    raise self.error(pos, "illegal number format")
                if end < n and text[end] == "." and not _IDENT_CHAR.match(text, end + 1):
                    raise self.error(pos, "expected digits after the decimal point")
                if not _NUMBER_OK.match(value):
                    raise self.error(pos, "illegal number format (leading zero)")
            elif kind == "string":
                typ = "STRING"
                value = self._decode(value, pos)
            elif kind == "raw":
                typ = "RAWSTRING"
                value = value[1:-1]
                self._advance_lines(pos, end)
            else:  # template
                tok, end = self._template(pos, line, col)
                typ = "TEMPLATE"
            if stack and stack[-1][1] and typ in _BODY_MARKS:
                stack[-1][1] = False  # (keywords too: `if { some x in a | b }` is a body)
            if nl_at is not None:
                if (
                    not nested
                    and prev is not None
                    and prev.type not in _CONT_AFTER
                    and typ not in _CONT_BEFORE
                    and not (self.module and not stack and prev.type == "RBRACE" and typ == "LBRACE")
                ):
                    o, nl_line, nl_start = nl_at
                    out.append(Token("_NL", "\n", o, nl_line, o - nl_start + 1, nl_line, o - nl_start + 2, o + 1))
                    if stack:
                        stack[-1][1] = False
                nl_at = None
            if typ == "TEMPLATE":
                prev = tok
            else:
                end_line = self.line
                end_col = end - self.line_start + 1
                prev = Token(typ, value, pos, line, col, end_line, end_col, end)
                if opened:
                    stack.append([prev, typ == "BODY_LBRACE"])
                    opened = False
            out.append(prev)
            spaced = False
            pos = end
        if nested:
            raise self.error(opened_at[0], 'unterminated template expression: missing "}"', *opened_at[1:])
        return out, pos

    def _keyword_is_name(self, word: str, prev: Token | None, spaced: bool, end: int, newline: bool) -> bool:
        text = self.text
        if prev is not None and prev.type == "DOT" and not spaced:
            return True  # input.if
        if end + 1 < len(text) and text[end] == "." and (text[end + 1].isalpha() or text[end + 1] == "_"):
            # contains.foo := 1; but `x := true.foo` is an illegal ref (as in OPA):
            # true/false/null name a rule only at the start of a statement
            if word not in ("true", "false", "null"):
                return True
            return (
                prev is None
                or prev.type in _STATEMENT_START
                or (newline and prev.type not in _CONT_AFTER)
            )
        if word == "contains" and end < len(text) and text[end] == "(":
            return True  # the builtin contains(s, t)
        return False

    def _bad_char(self, pos: int):
        ch = self.text[pos]
        if ch == '"':
            raise self.error(pos, "unterminated string")
        if ch == "`":
            raise self.error(pos, "unterminated raw string")
        if ch == "!":
            raise self.error(pos, 'unexpected "!"; did you mean "!=" or "not"?')
        raise self.error(pos, f"unexpected character {ch!r}")

    def _advance_lines(self, start: int, end: int) -> None:
        nls = self.text.count("\n", start, end)
        if nls:
            self.line += nls
            self.line_start = self.text.rindex("\n", start, end) + 1

    def _decode(self, literal: str, pos: int) -> str:
        """A double-quoted string's value (JSON escapes)."""
        if "\\" not in literal:
            return literal[1:-1]
        try:
            return json.loads(literal, strict=False)
        except ValueError:
            bad = re.search(r'\\(?:u(?![0-9a-fA-F]{4})|[^"\\/bfnrtu])', literal)
            at = pos + (bad.start() if bad else 0)
            raise self.error(at, "illegal escape sequence in string") from None

    def _template(self, pos: int, line: int, col: int) -> tuple[Token, int]:
        """Scan ``$"..."`` or ``$`...```; returns the token and the end offset."""
        text, n = self.text, len(self.text)
        raw = text[pos + 1] == "`"
        close = "`" if raw else '"'
        parts: list = []
        buf: list[str] = []
        i = pos + 2
        while True:
            if i >= n or (not raw and text[i] == "\n"):
                raise self.error(pos, "unterminated template string", line, pos - col + 1)
            ch = text[i]
            if ch == close:
                i += 1
                break
            if ch == "\\":
                nxt = text[i + 1] if i + 1 < n else ""
                if nxt == "{":
                    buf.append("\\u007b" if not raw else "{")
                    i += 2
                    continue
                if raw:
                    buf.append(ch)
                    i += 1
                    continue
                buf.append(ch + nxt)
                i += 2
                continue
            if ch == "{":
                if buf:
                    parts.append(self._template_text(buf, raw, pos, line, col))
                    buf = []
                start_line, start_ls = self.line, self.line_start
                toks, close_at = self.scan(i + 1, nested=True, opened_at=(i, start_line, start_ls))
                if not toks:
                    raise self.error(i, "empty template expression", start_line, start_ls)
                parts.append(toks)
                i = close_at + 1
                continue
            if ch == "\n":
                self.line += 1
                self.line_start = i + 1
            buf.append(ch)
            i += 1
        if buf:
            parts.append(self._template_text(buf, raw, pos, line, col))
        tok = _TemplateToken("TEMPLATE", text[pos:i], pos, line, col, self.line, i - self.line_start + 1, i)
        tok.parts = tuple(parts)
        return tok, i

    def _template_text(self, buf: list[str], raw: bool, pos: int, line: int, col: int) -> str:
        s = "".join(buf)
        if raw:
            return s
        try:
            return json.loads('"' + s + '"', strict=False)
        except ValueError:
            raise self.error(pos, "illegal escape sequence in template string", line, pos - col + 1) from None


class _TokenListLexer(Lexer):
    """Hands lark the tokens made by ``_Lexer`` (passed in place of the text)."""

    def __init__(self, lexer_conf):
        pass

    def lex(self, tokens):  # lark's interface 0 for custom lexers
        return iter(tokens)


# ------------------------------------------------------------- rules as written


@dataclass
class _Path:
    ref: ast.Ref
    last_bracket: bool  # the last selector was written p[x], not p.x


@dataclass
class _Body:
    style: str  # "if" (v1: after `if`) or "brace" (v0: a bare { })
    literals: ast.Body
    pos: ast.Pos


@dataclass
class _Else:
    op: str | None  # ":=", "=" or None
    value: ast.Term | None
    body: _Body | None
    pos: ast.Pos


@dataclass
class _RawRule:
    default: bool
    path: _Path
    args: tuple | None
    op: str | None  # ":=", "=", "contains" or None
    value: ast.Term | None
    bodies: list[_Body]
    elses: list[_Else]
    pos: ast.Pos


@dataclass
class _RawModule:
    package: _Path
    imports: list[ast.Import] = field(default_factory=list)
    rules: list[_RawRule] = field(default_factory=list)
    pos: ast.Pos = ast.NOPOS
    # the tokens lexed as the keywords that v0 has only when imported
    future_keywords: list[Token] = field(default_factory=list)


# -------------------------------------------------------------- tree builder

_BINOPS = {
    "PLUS": "plus", "MINUS": "minus", "STAR": "mul", "SLASH": "div", "PERCENT": "rem",
    "BAR": "or", "AMP": "and", "EQ": "equal", "NEQ": "neq", "LT": "lt", "LTE": "lte",
    "GT": "gt", "GTE": "gte",
}


def _too_big(text: str) -> bool:
    """OPA refuses a number literal beyond 2**±100000 (about 1e±30103)."""
    mant, _, ex = text.lower().partition("e")
    ip, _, fp = mant.partition(".")
    digits = (ip + fp).lstrip("0")
    if not digits:
        return False
    # decimal exponent of the leading digit
    lead = len(ip.lstrip("0")) - 1 if ip.lstrip("0") else -(len(fp) - len(fp.lstrip("0"))) - 1
    adjusted = lead + (int(ex) if ex else 0)
    return adjusted >= 30103 or adjusted <= -30104


def _scalar_kind(t) -> str:
    v = t.value if isinstance(t, ast.Scalar) else ""
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "boolean"
    return "string" if isinstance(v, str) else "number"


class _Builder:
    """lark's inline callbacks: each method gets a rule's children (tokens
    and already-built nodes) and returns an AST node. Per-parse state (file
    name, wildcard counter) is set by ``_parse`` under a lock."""

    def __init__(self):
        self.file = "<string>"
        self.source = ""
        self.wild = 0

    # helpers

    def pos(self, x) -> ast.Pos:
        if isinstance(x, Token):
            return ast.Pos(self.file, x.line, x.column)
        if isinstance(x, (_Path, _Body)):
            return x.ref.pos if isinstance(x, _Path) else x.pos
        return x.pos

    def error(self, x, message: str) -> ParseError:
        return ParseError(self.pos(x), message, source=self.source)

    # start rules

    def module(self, c):
        path, pos = c[0]
        mod = _RawModule(path, pos=pos)
        for x in c[1:]:
            (mod.imports if isinstance(x, ast.Import) else mod.rules).append(x)
        return mod

    def query(self, c):
        return c[0]

    def term(self, c):
        return c[0]

    def template_expr(self, c):
        if len(c) == 1:
            return c[0]
        return ast.Literal(c[0], False, tuple(c[1:]), pos=c[0].pos)

    # module level

    def package(self, c):
        return c[1], self.pos(c[0])

    def import_(self, c):
        path = c[1]
        alias = str(c[3]) if c[3] is not None else None
        return ast.Import(path.ref, alias, pos=self.pos(c[0]))

    def path(self, c):
        head = c[0]
        sels = []
        last_bracket = False
        i = 1
        while i < len(c):
            if c[i].type == "DOT":
                sels.append(ast.Scalar(str(c[i + 1]), pos=self.pos(c[i + 1])))
                last_bracket = False
                i += 2
            else:
                sels.append(c[i + 1])
                last_bracket = True
                i += 3
        return _Path(ast.Ref(self._var(head), tuple(sels), pos=self.pos(head)), last_bracket)

    def rule(self, c):
        default_tok, path, _lpar, args, _rpar, head, bodies, elses = c
        if _lpar is not None:
            args = tuple(args or ())
        op = value = None
        if head is not None:
            op, value = head
        if elses and not bodies:  # as OPA: `p := 1 else := 2` is no rule
            raise ParseError(elses[0].pos, "unexpected else keyword: `else` follows a rule body",
                             source=self.source)
        return _RawRule(
            default=default_tok is not None,
            path=path,
            args=args if _lpar is not None else None,
            op=op,
            value=value,
            bodies=bodies,
            elses=elses or [],
            pos=self.pos(default_tok if default_tok is not None else path),
        )

    def head_assign(self, c):
        return (":=", c[1])

    def head_unify(self, c):
        return ("=", c[1])

    def head_contains(self, c):
        return ("contains", c[1])

    def rule_bodies(self, c):
        return list(c)

    def if_body(self, c):
        return _Body("if", c[2] or (), self.pos(c[1]))

    def if_literal(self, c):
        return _Body("if", (c[1],), self.pos(c[1]))

    def brace_body(self, c):
        return _Body("brace", c[1] or (), self.pos(c[0]))

    def extra_body(self, c):
        return _Body("extra", c[1] or (), self.pos(c[0]))

    def else_chain(self, c):
        return list(c)

    def else_clause(self, c):
        if c[1] is None and c[2] is None:
            raise self.error(c[0], "expected a value (`else := v`) or a body after `else`")
        op, value = c[1] if c[1] is not None else (None, None)
        return _Else(op, value, c[2], self.pos(c[0]))

    # bodies

    def body(self, c):
        return tuple(c)

    def literal(self, c):
        neg = c[0] is not None
        expr = c[1]
        withs = tuple(c[2:])
        start = c[0] if neg else expr
        return ast.Literal(expr, neg, withs, pos=self.pos(start))

    def with_clause(self, c):
        target = c[1]
        if not isinstance(target, (ast.Var, ast.Ref)):
            raise self.error(target, "with target must be a reference (input, data or a function)")
        return ast.With(target, c[3], pos=self.pos(c[0]))

    def assign(self, c):
        return ast.Assign(c[0], c[2], pos=self.pos(c[0]))

    def unify(self, c):
        return ast.Unify(c[0], c[2], pos=self.pos(c[0]))

    def some_decl(self, c):
        has_in = c[-2] is not None
        items = [x for x in c[1:-2] if not isinstance(x, Token)]
        if has_in:
            if len(items) > 2:
                raise self.error(items[2], "some ... in takes one or two terms (`some v in xs`, `some k, v in xs`)")
            key, value = (items[0], items[1]) if len(items) == 2 else (None, items[0])
            return ast.SomeIn(key, value, c[-1], pos=self.pos(c[0]))
        for x in items:
            if not isinstance(x, ast.Var):
                raise self.error(x, "expected a variable name after `some` (or `x in xs`)")
        return ast.SomeDecl(tuple(items), pos=self.pos(c[0]))

    def every(self, c):
        # EVERY first [COMMA second] IN domain LBRACE [body] RBRACE
        first, comma, second, domain, body = c[1], c[2], c[3], c[5], c[7]
        key, value = (first, second) if comma is not None else (None, first)
        for x in (key, value):
            if x is not None and not isinstance(x, ast.Var):
                raise self.error(x, "every takes variable names (`every v in xs`, `every k, v in xs`)")
        if not body:
            raise self.error(c[8], "found empty body")
        return ast.Every(key, value, domain, body, pos=self.pos(c[0]))

    # expressions

    def membership(self, c):
        return ast.Membership(None, c[0], c[2], pos=self.pos(c[0]))

    def membership2(self, c):
        return ast.Membership(c[0], c[2], c[4], pos=self.pos(c[0]))

    def binop(self, c):
        return ast.Call((_BINOPS[c[1].type],), (c[0], c[2]), pos=self.pos(c[0]))

    def neg(self, c):
        x = c[1]
        if isinstance(x, ast.Scalar) and x.text is not None:
            text = x.text[1:] if x.text.startswith("-") else "-" + x.text
            return ast.Scalar(number_of_text(text), text, pos=self.pos(c[0]))
        if not isinstance(x, (ast.Var, ast.Ref, ast.Call)) or (
            isinstance(x, ast.Ref) and not isinstance(x.head, (ast.Var, ast.Call))
        ):
            raise self.error(c[0], "unary minus applies to a number, a variable, a reference or a call")
        return ast.Call(("neg",), (x,), pos=self.pos(c[0]))

    def dot(self, c):
        return self._select(c[0], ast.Scalar(str(c[2]), pos=self.pos(c[2])))

    def index(self, c):
        return self._select(c[0], c[2])

    def _select(self, head, sel):
        if isinstance(head, ast.Ref):
            return ast.Ref(head.head, head.path + (sel,), pos=head.pos)
        if isinstance(head, (ast.Scalar, ast.TemplateString)):
            raise self.error(head, f"illegal ref (head cannot be {_scalar_kind(head)})")
        if isinstance(head, ast.Membership):
            raise self.error(head, "illegal ref (head cannot be a membership expression)")
        return ast.Ref(head, (sel,), pos=head.pos)

    def call(self, c):
        callee, args = c[0], tuple(c[2] or ())
        name = self._call_name(callee)
        if name == ("set",) and not args:
            return ast.SetTerm((), pos=callee.pos)
        return ast.Call(name, args, pos=callee.pos)

    def _call_name(self, callee) -> tuple[str, ...]:
        if isinstance(callee, ast.Var) and not callee.name.startswith("$"):
            return (callee.name,)
        if isinstance(callee, ast.Ref) and isinstance(callee.head, ast.Var):
            parts = [callee.head.name]
            for p in callee.path:
                if not (isinstance(p, ast.Scalar) and isinstance(p.value, str)):
                    break
                parts.append(p.value)
            else:
                return tuple(parts)
        raise self.error(callee, "illegal call: a function is called by its name (`f(x)`, `pkg.f(x)`)")

    def args(self, c):
        return [x for x in c if x is not None and not isinstance(x, Token)]

    # atoms

    def _var(self, tok):
        if tok == "_":
            self.wild += 1
            return ast.Var(f"$wild{self.wild - 1}", pos=self.pos(tok))
        return ast.Var(str(tok), pos=self.pos(tok))

    def var(self, c):
        return self._var(c[0])

    def number(self, c):
        t = c[0]
        text = str(t)
        # an int, a float whose repr is the text, else a Num keeping the text (OPA does)
        if _too_big(text):
            raise self.error(t, "number too big")
        value = number_of_text(text)
        return ast.Scalar(value, text, pos=self.pos(t))

    def string(self, c):
        return ast.Scalar(str(c[0]), pos=self.pos(c[0]))

    rawstring = string

    def true(self, c):
        return ast.Scalar(True, pos=self.pos(c[0]))

    def false(self, c):
        return ast.Scalar(False, pos=self.pos(c[0]))

    def null(self, c):
        return ast.Scalar(None, pos=self.pos(c[0]))

    def template(self, c):
        tok = c[0]
        parts = []
        for p in tok.parts:
            if isinstance(p, str):
                parts.append(p)
            else:
                parts.append(_parse_tokens(p, "template_expr", self.source))
        return ast.TemplateString(tuple(parts), pos=self.pos(tok))

    def paren(self, c):
        return c[1]

    def array(self, c):
        return ast.Array(tuple(c[1] or ()), pos=self.pos(c[0]))

    def array_compr(self, c):
        return ast.ArrayCompr(c[1], c[3], pos=self.pos(c[0]))

    def object(self, c):
        return ast.Object(tuple(c[1] or ()), pos=self.pos(c[0]))

    def pairs(self, c):
        return [x for x in c if x is not None and not isinstance(x, Token)]

    def pair(self, c):
        return (c[0], c[2])

    def set(self, c):
        return ast.SetTerm(tuple(c[1]), pos=self.pos(c[0]))

    def set_compr(self, c):
        return ast.SetCompr(c[1], c[3], pos=self.pos(c[0]))

    def object_compr(self, c):
        return ast.ObjectCompr(c[1], c[3], c[5], pos=self.pos(c[0]))


# ------------------------------------------------------------------- driving

_LOCK = threading.RLock()
_BUILDER = _Builder()
_PARSER: Lark | None = None


def _lark() -> Lark:
    global _PARSER
    if _PARSER is None:
        grammar = (resource_dir("grammar") / "rego.lark").read_text(encoding="utf-8")
        _PARSER = Lark(
            grammar,
            parser="lalr",
            lexer=_TokenListLexer,
            start=["module", "query", "term", "template_expr"],
            transformer=_CallbackTable(_BUILDER),
            maybe_placeholders=True,
        )
    return _PARSER


class _CallbackTable:
    """Lark looks up a callback per rule name; ``import`` is a Python keyword."""

    def __init__(self, builder: _Builder):
        self._b = builder

    def __getattr__(self, name):
        if name == "import":
            return self._b.import_
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self._b, name)


# The largest source parsed. Parsing and compiling cost memory linear in the
# source, up to about 250 bytes per byte (a long array of numbers: a token
# and an AST node per element, then Python's own compiler on the constant),
# so this bounds a transpile of one file to about 1 GB. Signatures are a few
# kilobytes; a larger source is refused before it is read into tokens.
MAX_SOURCE_BYTES = 4 * 1024 * 1024


def check_size(text: str, filename: str) -> None:
    """A located error, at the first character beyond the limit, for a source
    larger than ``MAX_SOURCE_BYTES`` (in UTF-8)."""
    if len(text) * 4 <= MAX_SOURCE_BYTES:
        return
    size = len(text) if len(text) > MAX_SOURCE_BYTES else len(text.encode("utf-8"))
    if size <= MAX_SOURCE_BYTES:
        return
    # the character at which the limit is crossed (UTF-8 is at most 4 bytes per character)
    at = len(text[:MAX_SOURCE_BYTES].encode("utf-8")[:MAX_SOURCE_BYTES].decode("utf-8", "ignore"))
    line = text.count("\n", 0, at) + 1
    col = at - (text.rfind("\n", 0, at) + 1) + 1
    raise ParseError(
        ast.Pos(filename, line, col),
        f"source too large: more than {MAX_SOURCE_BYTES} bytes ({size} bytes); rego2py's limit per file",
        source=text,
    )


def _parse(text: str, filename: str, start: str):
    check_size(text, filename)
    with _LOCK:
        _lark()  # built (once) under the lock
        b = _BUILDER
        saved = (b.file, b.source, b.wild)
        b.file, b.source, b.wild = filename, text, 0
        try:
            tokens = _Lexer(text, filename, module=start == "module").tokens()
            tree = _parse_tokens(tokens, start, text)
            if start == "module":
                tree.future_keywords = _future_keyword_tokens(tokens)
            return tree
        finally:
            b.file, b.source, b.wild = saved


def _future_keyword_tokens(tokens) -> list[Token]:
    out = []
    for t in tokens:
        if t.type in _FUTURE_TYPES:
            out.append(t)
        elif isinstance(t, _TemplateToken):
            for part in t.parts:
                if not isinstance(part, str):
                    out.extend(_future_keyword_tokens(part))
    return out


_FUTURE_TYPES = frozenset(("IF", "CONTAINS", "IN", "EVERY"))


def _parse_tokens(tokens: list[Token], start: str, source: str):
    try:
        return _lark().parse(tokens, start=start)
    except RegoError:
        raise
    except VisitError as e:  # not raised by inline callbacks, but be safe
        if isinstance(e.orig_exc, RegoError):
            raise e.orig_exc from None
        raise ParseError(None, f"internal parser error: {e.orig_exc}", source=source) from None
    except UnexpectedToken as e:
        raise _unexpected(e, tokens, source, start) from None
    except UnexpectedInput as e:  # pragma: no cover - the token lexer cannot fail
        raise ParseError(
            ast.Pos(_BUILDER.file, getattr(e, "line", 0) or 0, getattr(e, "column", 0) or 0),
            "syntax error",
            source=source,
        ) from None


# ------------------------------------------------------------- error messages

_TOKEN_NAMES = {
    "NAME": "identifier", "NUMBER": "number", "STRING": "string", "RAWSTRING": "string",
    "TEMPLATE": "template string", "_NL": "newline", "_SEMI": '";"',
    "LPAR_ADJ": '"("', "LBRACK_ADJ": '"["', "BODY_LBRACE": '"{"', "$END": "end of input",
}
for _text, _type in _PUNCT.items():
    _TOKEN_NAMES.setdefault(_type, f'"{_text}"')
for _text, _type in _KEYWORDS.items():
    _TOKEN_NAMES.setdefault(_type, f"`{_text}`")
_TERM_START = {"NAME", "NUMBER", "STRING", "LBRACK", "LBRACE", "TRUE", "LPAR"}


def _describe_token(tok: Token) -> str:
    if tok.type == "$END":
        return "end of input"
    if tok.type in ("NAME", "NUMBER"):
        return f"{_TOKEN_NAMES[tok.type]} {str(tok)!r}".replace("'", '"')
    if tok.type in ("STRING", "RAWSTRING", "TEMPLATE"):
        return _TOKEN_NAMES[tok.type]
    return _TOKEN_NAMES.get(tok.type, repr(str(tok)))


def _describe_expected(expected: set[str]) -> str:
    exp = set(expected)
    words = []
    if _TERM_START <= exp:
        words.append("a term")
        exp -= {"NAME", "NUMBER", "STRING", "RAWSTRING", "TEMPLATE", "TRUE", "FALSE", "NULL",
                "LBRACK", "LBRACE", "LPAR", "MINUS"}
    if {"EQ", "PLUS", "STAR"} <= exp:
        words.append("an operator")
        exp -= {"EQ", "NEQ", "LT", "LTE", "GT", "GTE", "PLUS", "MINUS", "STAR", "SLASH",
                "PERCENT", "BAR", "AMP", "IN", "DOT", "LBRACK_ADJ", "LPAR_ADJ"}
    names = sorted({_TOKEN_NAMES.get(t, t) for t in exp})
    words.extend(names[:6])
    if len(names) > 6:
        words.append("...")
    return " or ".join(words) if len(words) <= 2 else ", ".join(words[:-1]) + " or " + words[-1]


def _unexpected(e: UnexpectedToken, tokens: list[Token], source: str, start: str) -> ParseError:
    tok = e.token
    if tok.type == "$END":
        last = tokens[-1] if tokens else None
        pos = ast.Pos(_BUILDER.file, last.end_line, last.end_column) if last else ast.Pos(_BUILDER.file, 1, 1)
    else:
        pos = ast.Pos(_BUILDER.file, tok.line, tok.column)
    message = f"unexpected {_describe_token(tok)}"
    if start == "template_expr":
        # an expression of a template string holds one term, maybe with `with`
        if tok.type == "$END":
            return ParseError(pos, "incomplete template-string expression", source=source)
        return ParseError(pos, f'{message} in template-string expression; expected "}}"', source=source)
    hint = _hint(tok, e)
    if hint:
        message += f"; {hint}"
    elif e.expected:
        message += f"; expected {_describe_expected(e.expected)}"
    return ParseError(pos, message, source=source)


def _hint(tok: Token, e: UnexpectedToken) -> str | None:
    if tok.type == "LBRACK" and "LBRACK_ADJ" in e.expected:
        return 'a "[" selector must follow its term without space'
    if tok.type == "LPAR" and "LPAR_ADJ" in e.expected:
        return 'a call\'s "(" must follow the function name without space'
    if tok.type in ("NAME", "NUMBER", "STRING", "LBRACK", "LBRACE") and "_NL" in e.expected:
        return 'expected a newline or ";" between literals'
    return None


# ------------------------------------------------------------ normalisation


def _build_module(raw: _RawModule, text: str, filename: str, v0: bool | None) -> ast.Module:
    package = []
    for sel in raw.package.ref.path:
        if not (isinstance(sel, ast.Scalar) and isinstance(sel.value, str)):
            raise ParseError(sel.pos, "package path must be made of names or strings", source=text)
        package.append(sel.value)
    head = raw.package.ref.head
    if head.name != "data":
        package.insert(0, head.name)
    for imp in raw.imports:
        _check_import(imp, text)
    if v0 is None:
        v0 = _detect_v0(raw)
    if v0:
        _check_future_keywords(raw, text, filename)
    rules: list[ast.Rule] = []
    for r in raw.rules:
        rules.extend(_normalise(r, v0, text))
    return ast.Module(tuple(package), tuple(raw.imports), tuple(rules), v0=v0, file=filename, pos=raw.pos)


def _check_import(imp: ast.Import, text: str) -> None:
    root = imp.path.head.name
    if root not in ("data", "input", "future", "rego"):
        raise ParseError(imp.pos, f"invalid import: path must begin with input, data, future or rego, not {root}", source=text)
    if root in ("future", "rego") and imp.alias is not None:
        raise ParseError(imp.pos, f"invalid import: {root} imports cannot be aliased", source=text)
    names = [p.value if isinstance(p, ast.Scalar) else None for p in imp.path.path]
    if root == "rego" and names != ["v1"]:
        raise ParseError(imp.pos, "invalid import: only `rego.v1` can be imported from rego", source=text)
    if root == "future":
        if not names or names[0] != "keywords" or len(names) > 2:
            raise ParseError(imp.pos, "invalid import: use `future.keywords` or `future.keywords.<keyword>`", source=text)
        if len(names) == 2 and names[1] not in _FUTURE_KEYWORDS:
            raise ParseError(
                imp.pos, f"invalid import: unknown keyword {names[1]!r}, must be one of {', '.join(sorted(_FUTURE_KEYWORDS))}",
                source=text,
            )


_FUTURE_KEYWORDS = frozenset("contains every if in".split())


def _check_future_keywords(raw: _RawModule, text: str, filename: str) -> None:
    """In v0 (as OPA parses it with v0 compatibility), ``if``, ``contains``,
    ``in`` and ``every`` are keywords only where ``future.keywords`` (or the
    one keyword, or ``rego.v1``) is imported; elsewhere they are names, and a
    module using them as keywords does not parse."""
    if _imports_rego_v1(raw):
        return
    allowed: set[str] = set()
    for imp in raw.imports:
        if imp.path.head.name == "future":
            names = [p.value for p in imp.path.path]
            allowed.update(names[1:] if len(names) == 2 else _FUTURE_KEYWORDS)
    if "every" in allowed:
        # `every x in xs` has an `in` of its own; whether OPA's v0 parser
        # also wants `in` imported for it could not be asked here (the
        # bindings parse v1 only): accept it rather than refuse a policy
        allowed.add("in")
    for tok in raw.future_keywords:
        if tok.value not in allowed:
            raise ParseError(
                ast.Pos(filename, tok.line, tok.column),
                f"unexpected {tok.value} keyword: a v0 module must import future.keywords.{tok.value}"
                " (or future.keywords, or rego.v1) to use it",
                source=text,
            )


def _imports_rego_v1(raw: _RawModule) -> bool:
    for imp in raw.imports:
        p = imp.path
        if p.head.name == "rego" and len(p.path) == 1 and p.path[0] == ast.Scalar("v1"):
            return True
    return False


def _detect_v0(raw: _RawModule) -> bool:
    if _imports_rego_v1(raw):
        return False
    # `import future.keywords...` is only needed in v0: in such a module
    # `p[x] if { }` is a partial set, as in OPA v0
    if any(imp.path.head.name == "future" for imp in raw.imports):
        return True
    for r in raw.rules:
        if any(b.style == "brace" for b in r.bodies):
            return True
        if any(e.body is not None and e.body.style == "brace" for e in r.elses):
            return True
    return False


def _non_constant(t) -> str | None:
    """What makes a default value not a constant: "var", "ref" or "call"."""
    if isinstance(t, ast.Var):
        return "var"
    if isinstance(t, ast.Ref):
        return "ref"
    if isinstance(t, (ast.Call, ast.Membership)):
        return "call"
    if isinstance(t, (ast.Array, ast.SetTerm)):
        items = t.items
    elif isinstance(t, ast.Object):
        items = [x for kv in t.items for x in kv]
    elif isinstance(t, ast.TemplateString):
        items = [p for p in t.parts if not isinstance(p, str)]
    else:
        return None  # scalars, comprehensions
    for x in items:
        bad = _non_constant(x.expr if isinstance(x, ast.Literal) else x)
        if bad:
            return bad
    return None


def _normalise(r: _RawRule, v0: bool, text: str) -> list[ast.Rule]:
    def err(pos, msg):
        return ParseError(pos, msg, source=text)

    if not v0:
        for b in list(r.bodies) + [e.body for e in r.elses if e.body is not None]:
            if b.style == "brace":
                raise err(b.pos, "`if` keyword is required before rule body")
    ref = r.path.ref
    if r.args == ():
        if r.op is None and not r.bodies:
            raise err(r.pos, "rule argument list must take at least one argument")
        if not v0:
            # OPA 1.x: a head with an empty argument list defines a rule, not a
            # function (`f() := v` is read as `f`, and `f()` is undefined); in
            # v0 it depends on the number of definitions (compiler/program.py)
            r = dataclasses.replace(r, args=None)
    if r.default:
        if r.bodies or r.elses:
            raise err(r.pos, "default rules cannot have a body or else")
        if r.op not in (":=", "="):
            raise err(r.pos, "default rules must have a value (`default p := v`)")
        bad = _non_constant(r.value)
        if bad:
            raise err(r.pos, f"illegal default rule (value cannot contain {bad})")
        kind = "function" if r.args is not None else "complete"
        return [ast.Rule(ref, kind, r.value, (), args=r.args, assign=r.op == ":=", default=True, pos=r.pos)]

    key = None
    value = r.value
    if r.op == "contains":
        if r.args is not None:
            raise err(r.pos, "functions cannot use `contains`")
        kind = "set"
        key, value = r.value, None
    elif r.args is not None:
        kind = "function"
    elif r.op is None and v0 and r.path.last_bracket:
        # v0 partial set: p[x] { ... }
        kind = "set"
        key, value = ref.path[-1], None
        ref = ast.Ref(ref.head, ref.path[:-1], pos=ref.pos)
    else:
        kind = "complete"
    if r.op is None and not r.bodies and kind not in ("set", "function"):
        # (a function head alone, `f(1)`, is `f(1) := true`)
        raise err(r.pos, "rule must have a value or a body (`p := v`, `p if { ... }`)")
    if kind != "set" and value is None:
        value = ast.Scalar(True, pos=r.pos)
    if kind == "set" and r.elses:
        raise err(r.elses[0].pos, "else cannot be used with multi-value rules")

    assign = r.op == ":="
    chain = None
    for e, nxt in zip(r.elses, r.elses[1:]):
        if e.body is None:
            raise err(nxt.pos, "unexpected `else`: the else before it has no body")
    for e in reversed(r.elses):
        evalue = e.value if e.value is not None else ast.Scalar(True, pos=e.pos)
        ebody = e.body.literals if e.body is not None else ()
        chain = ast.Rule(ref, kind, evalue, ebody, key=key, args=r.args, assign=e.op == ":=", else_=chain, pos=e.pos)

    bodies = r.bodies or [None]
    rules = []
    for i, b in enumerate(bodies):
        last = i == len(bodies) - 1
        rules.append(
            ast.Rule(
                ref,
                kind,
                value,
                b.literals if b is not None else (),
                key=key,
                args=r.args,
                assign=assign,
                else_=chain if last else None,
                pos=r.pos if i == 0 else b.pos,
            )
        )
    return rules
