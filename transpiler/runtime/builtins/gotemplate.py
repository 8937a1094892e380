"""strings.render_template: a subset of Go's text/template, executed as OPA 1.20 does.

OPA parses the template with text/template, gives it the variables object
after a round trip through text (objects are map[string]interface{},
numbers json.Number; a set, a key that is not a string, or a string needing
an escape JSON lacks is an encoding/json syntax error), executes it, and
replaces every ``<no value>`` of the output by ``<undefined>``. Missing keys
are not errors.

The subset rego2py reproduces (the template must be a constant the compiler
knows, and within it; anything else is refused at transpile time):

- text, ``{{/* comments */}}``, trim markers ``{{- `` and `` -}}``;
- ``{{.}}`` and field chains ``{{.a.b}}`` (ASCII identifiers, not the
  names of json.Number's methods); ``$`` (the variables), and the variables
  a range declares (``{{range $i, $e := X}}``, ``{{range $e := X}}``), alone
  or with a field chain, where they are in scope;
- ``{{if X}}``, ``{{range X}}``, ``{{with X}}`` with ``{{else}}``,
  ``{{else if X}}`` (in an if), ``{{else with X}}`` (in a with) and
  ``{{end}}``, X being any of the above.

Values print as Go's fmt does (``map[a:1 b:<nil>]``, ``[1 x]``, numbers as
their JSON text); truth is Go's (a number, a json.Number string, is true even
when 0); range over an array, an object by sorted keys, or a Go int (an
index) from 0; a range's variables hold the ranged value in its else. Errors are
text/template's, with its ``template:LINE:COL`` and ``at <node>`` context.
"""

from __future__ import annotations

from ..deep import deep_call
from ..errors import BuiltinError, RegoRuntimeError, type_error
from ..values import Set, number_text, sort_key, sorted_values, unkey
from .gotemplate_parse import Field, Unsupported, parse
from .unicode15 import is_print

_FN = "strings.render_template"


class _Number(str):
    """A json.Number (its text)."""


class _GoInt(int):
    """A Go int (a range's index, or what ranging over an int gives)."""


# ------------------------------------------------------------------ execution


class _Missing:
    """An invalid reflect.Value (a missing key, or what a missing key leads to)."""


MISSING = _Missing()


def _go_type(v) -> str:
    if isinstance(v, _GoInt):
        return "int"
    if isinstance(v, _Number):
        return "json.Number"
    if isinstance(v, str):
        return "string"
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, list):
        return "[]interface {}"
    return "map[string]interface {}"


def _fmt(v, top: bool) -> str:
    """fmt.Fprint of a Go value (top: what text/template prints for it)."""
    if v is MISSING or v is None:
        return "<no value>" if top else "<nil>"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, _GoInt):
        return str(int(v))
    if isinstance(v, str):
        return str(v)
    if isinstance(v, list):
        return "[" + " ".join(_fmt(x, False) for x in v) + "]"
    return "map[" + " ".join(f"{k}:{_fmt(v[k], False)}" for k in sorted(v)) + "]"


def _truth(v) -> bool:
    if v is MISSING or v is None:
        return False
    if isinstance(v, bool):
        return v
    if isinstance(v, _GoInt):
        return v != 0
    return len(v) > 0


class _Exec:
    def __init__(self, src: str, root):
        self.src = src
        self.out: list[str] = []
        self.vars: list[list] = [["$", root, False]]  # [name, value, is an interface value]

    def fail(self, f: Field, msg: str):
        b = self.src.encode("utf-8")
        before = b[: f.pos]
        line = before.count(b"\n") + 1
        col = f.pos - (before.rfind(b"\n") + 1)
        raise BuiltinError(f'{_FN}: template: template:{line}:{col}: executing "template" at <{f.text}>: {msg}')

    def eval(self, f: Field, dot, iface: bool):
        """The value of ``.``, a variable, or a field chain from either (interface values
        dug out, as evalPipeline does)."""
        v, is_iface = dot, iface
        if f.var is not None:
            _, v, is_iface = next(e for e in reversed(self.vars) if e[0] == f.var)
        for name in f.names:
            if v is MISSING:
                return MISSING
            typ = "interface {}" if is_iface else _go_type(v)
            if v is None:
                self.fail(f, f"nil pointer evaluating {typ}.{name}")
            if not isinstance(v, dict):
                self.fail(f, f"can't evaluate field {name} in type {typ}")
            v, is_iface = v.get(name, MISSING), True
        return v

    def walk(self, nodes, dot, iface: bool):
        for node in nodes:
            kind = node[0]
            if kind == "text":
                self.out.append(node[1])
            elif kind == "print":
                self.out.append(_fmt(self.eval(node[1], dot, iface), True))
            elif kind == "if":
                if _truth(self.eval(node[1], dot, iface)):
                    self.walk(node[2], dot, iface)
                elif node[4] is not None:
                    self.walk(node[4], dot, iface)
            elif kind == "with":
                v = self.eval(node[1], dot, iface)
                if _truth(v):
                    self.walk(node[2], v, False)
                elif node[4] is not None:
                    self.walk(node[4], dot, iface)
            else:
                self.range(node, dot, iface)

    def range(self, node, dot, iface: bool):
        v = self.eval(node[1], dot, iface)
        decl = node[5]
        mark = len(self.vars)
        self.vars.extend([name, v, False] for name in decl)  # (what the else branch sees)
        if isinstance(v, list):
            items = [(_GoInt(i), x, True) for i, x in enumerate(v)]
        elif isinstance(v, dict):
            items = [(k, v[k], True) for k in sorted(v, key=lambda k: k.encode("utf-8"))]
        elif isinstance(v, _GoInt):  # Go 1.22: an int ranges over 0..n-1
            if len(decl) > 1:
                self.fail(node[1], f"can't use {int(v)} to iterate over more than one variable")
            items = [(_GoInt(i), _GoInt(i), False) for i in range(v)]
        elif v is MISSING or v is None:
            items = []
        else:
            self.fail(node[1], f"range can't iterate over {_fmt(v, False)}")
        for key, x, x_iface in items:
            if decl:
                self.vars[-1][1:] = [x, x_iface]
            if len(decl) > 1:
                self.vars[-2][1:] = [key, False]
            self.walk(node[2], x, x_iface)
        if not items and node[4] is not None:
            self.walk(node[4], dot, iface)
        del self.vars[mark:]


def _go_vars(obj):
    """The variables as OPA's round trip makes them: OPA writes the object as
    Rego text (keys and set elements sorted, strings quoted by strconv.Quote)
    and reads it back as JSON into Go values (numbers json.Number). A set, a
    key that is not a string, or an escape JSON lacks (``\\x7f``, ``\\a``,
    ``\\v``, ``\\U...``) is encoding/json's syntax error at the first one."""
    return deep_call(_go_value, obj, False)


def _go_value(v, key_position: bool):
    """The Go value of ``v`` written where JSON expects a value (or an object key)."""
    c = v.__class__
    if c is str:
        return _go_string(v)
    if key_position:  # (only a set's first element gets here: it stands where a key must)
        _syntax(f"'{_first_char(v)}' looking for beginning of object key string")
    if v is None or c is bool:
        return v
    if c is list:
        return [_go_value(x, False) for x in v]
    if c is Set:
        items = sorted_values(v)
        if not items:
            _syntax("'s' looking for beginning of value")
        _go_value(items[0], True)
        _syntax(f"'{',' if len(items) > 1 else '}'}' after object key")
    if c is dict:
        out = {}
        for k in sorted(v, key=lambda k: sort_key(unkey(k))):
            key = unkey(k)
            if key.__class__ is not str:
                _syntax(f"'{_first_char(key)}' looking for beginning of object key string")
            out[_go_string(key)] = _go_value(v[k], False)
        return out
    return _Number(number_text(v))


def _first_char(v) -> str:
    c = v.__class__
    if v is None:
        return "n"
    if c is bool:
        return "t" if v else "f"
    if c is list:
        return "["
    if c is dict:
        return "{"
    if c is Set:
        return "{" if len(v) else "s"
    if c is str:
        return '"'
    return number_text(v)[0]


def _go_string(s: str) -> str:
    for ch in s:
        o = ord(ch)
        if o < 0x20 and ch not in "\b\f\n\r\t" or o == 0x7F:
            _syntax(f"'{'a' if o == 7 else 'v' if o == 0x0B else 'x'}' in string escape code")
        if o >= 0x10000 and not is_print(ch):
            _syntax("'U' in string escape code")
    return s


def _syntax(what: str):
    raise BuiltinError(f"{_FN}: invalid character {what}")


def render_template(template, variables):
    if template.__class__ is not str:
        raise type_error(_FN, 1, "string", template)
    if variables.__class__ is not dict:
        raise type_error(_FN, 2, "object", variables)
    try:
        nodes = parse(template)
    except Unsupported as exc:  # (the compiler refuses such calls: only a mock or a test reaches here)
        raise RegoRuntimeError("eval_internal_error", f"{_FN}: rego2py does not reproduce {exc}") from None
    return deep_call(_render, template, nodes, variables)


def _render(template, nodes, variables) -> str:
    root = _go_vars(variables)
    ex = _Exec(template, root)
    ex.walk(nodes, root, False)
    return "".join(ex.out).replace("<no value>", "<undefined>")


def check_call(name: str, consts: list) -> str | None:
    """The construct refused at transpile time: a template the compiler does not
    know, or one outside the subset rego2py reproduces."""
    arg = consts[0] if consts else None
    if arg is None:
        return (
            f"{name} with a template that is not a constant (rego2py reproduces a subset of Go's"
            " text/template and checks the template at transpile time)"
        )
    if arg[0].__class__ is not str:
        return None  # (OPA's type error)
    try:
        parse(arg[0])
    except Unsupported as exc:
        return f"{name} template with {exc} (rego2py reproduces text, fields, if, range and with)"
    return None


FUNCTIONS = {_FN: (render_template, 2)}
COMPILE_CHECKS = {_FN: check_call}
