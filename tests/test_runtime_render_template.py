"""strings.render_template (the subset of Go's text/template rego2py
reproduces), checked against real OPA: outputs and error texts on a table
and on generated templates of the subset (text, comments, trim markers,
fields, if/range/with/else) over generated variables (null, booleans,
numbers, strings with escapes JSON lacks, arrays, objects, sets and keys
that are not strings, which OPA's round trip rejects); and the transpile-time
refusal of templates outside the subset or not constant.
"""

from __future__ import annotations

import random

import pytest

from transpiler.runtime.builtins import gotemplate
from transpiler.runtime.errors import BuiltinError, EvalTypeError

opa_bindings = pytest.importorskip("opa_bindings")

from opa_calls import opa_query  # noqa: E402
from test_runtime_yaml_marshal import RObj, RSet, rego, runtime  # noqa: E402

FN = "strings.render_template"


@pytest.fixture(scope="module")
def opa():
    return opa_bindings.OpaEngine()


def _top(v) -> str:
    """The variables as Rego text OPA's type checker accepts (keys of any type built by a comprehension)."""
    if isinstance(v, RObj):
        return "{k: v | some [k, v] in [" + ", ".join(f"[{rego(k)}, {rego(x)}]" for k, x in v.pairs) + "]}"
    return rego(v)


def check(engine, template: str, v):
    want = opa_query(engine, f"x = {FN}({rego(template)}, {_top(v)})")
    try:
        got = ("ok", gotemplate.render_template(template, runtime(v)))
    except (BuiltinError, EvalTypeError) as exc:
        got = ("err", exc.code, exc.message)
    assert want == got, f"{template!r} {v!r}:\n OPA  {want!r}\n ours {got!r}"


VARS = {
    "s": "str", "n": 1, "f": 1.5, "z": 0, "t": True, "no": False, "nul": None, "e": "", "ea": [], "eo": {},
    "a": [1, "x", None, [2], {"k": 1}], "o": {"b": 2, "a": "y", "n": None},
}  # fmt: skip

TABLE = [
    "", "plain", "x{{.s}}y", "{{.n}} {{.f}} {{.t}} {{.nul}} {{.z}}", "{{.a}}", "{{.o}}", "{{.}}", "{{.missing}}",
    "{{.missing.x}}", "{{.o.a}} {{.o.n}} {{.o.zz}} {{.o.zz.y}}", "<no value>", "{{.s.x}}", "{{.n.x}}", "{{.t.x}}",
    "{{.ea.x}}", "{{.nul.x}}", "{{.o.b.c.d}}", "a\nb{{.s.x}}", "é\nèè{{.a.b}}", "{{.abcdefghij.klmnopqrstu.v}}",
    "{{if .z}}Z{{else}}nz{{end}}", "{{if .e}}E{{else}}ne{{end}}{{if .ea}}A{{end}}{{if .eo}}O{{end}}{{if .nul}}N{{end}}",
    "{{range .a}}[{{.}}]{{end}}", "{{range .o}}<{{.}}>{{end}}", "{{range .s}}x{{end}}", "{{range .n}}x{{end}}",
    "{{range .t}}x{{end}}", "{{range .nul}}x{{else}}none{{end}}", "{{range .ea}}x{{else}}empty{{end}}",
    "{{with .o}}{{.a}}{{end}}", "{{with .nul}}x{{else}}w{{end}}", "{{with .s}}{{.x}}{{end}}",
    "{{with .n}}{{.x}}{{end}}", "{{with .a}}{{.x}}{{end}}", "{{with .s}}{{range .}}x{{end}}{{end}}",
    "{{range .a}}{{.k}}{{end}}", "{{range .a}}{{with .}}{{.k}}{{end}}{{end}}", "{{- .s -}} ", "  {{- .s}}  ",
    "{{.s -}}\n  x", "{{ .s }}", "a {{- /* c */ -}} b", "{{/* }} */}}ok", "{{ if .t }}y{{ else }}n{{ end }}",
    "{{if .no}}A{{else if .z}}B{{else}}C{{end}}", "{{if .no}}A{{else if .e}}B{{else if .s}}S{{else}}C{{end}}x",
    "{{with .nul}}{{.}}{{else with .o}}{{.a}}{{end}}", "{{with .nul}}{{.}}{{else with .e}}{{.a}}{{else}}E{{end}}",
    "{{if .no}}{{else if .s.x}}{{end}}", "{{if .t}}{{if .no}}a{{else if .t}}b{{end}}c{{else}}d{{end}}",
    "{{range $k, $v := .o}}{{$k}}={{$v}};{{end}}", "{{range $i, $e := .a}}{{$i}}:{{$e}};{{end}}",
    "{{range $e := .a}}{{$e}}|{{.}};{{end}}", "{{range $i, $e := .a}}{{range $i}}<{{.}}>{{end}}{{end}}",
    "{{range $i, $e := .a}}{{$i.x}}{{end}}", "{{range $k, $v := .o}}{{$k.x}}{{end}}",
    "{{range $k, $v := .o}}{{$v.x}}{{end}}", "{{$.s}}{{$}}", "{{range $i, $e := .a}}{{range $x, $y := $i}}{{end}}{{end}}",
    "{{range $i, $e := .a}}{{if $i}}T{{else}}F{{end}}{{end}}", "{{range $i, $e := .a}}{{with $i}}{{.x}}{{end}}{{end}}",
    "{{range $x := .ea}}{{else}}{{$x}}{{end}}", "{{range $x, $y := .missing}}{{else}}{{$x}}{{$y.z}}{{end}}",
    "{{range $k, $v := .o}}{{$v.zz}}{{end}}", "{{range $i,$e := .a}}{{$i}}{{end}}", "{{range $i ,$e:=.a}}{{$i}}{{end}}",
    "{{range $i, $e := .a}}{{range $i, $e := $e}}{{$i}}{{$e}}{{end}}{{$e}}{{end}}", "{{range $x := .a}}{{$.o.a}}{{end}}",
    "{{range $i, $e := .a}}{{range $j := $i}}{{$j}}{{end}}{{end}}", "{{range $x := .s}}{{end}}",
]  # fmt: skip


def test_table(opa):
    for t in TABLE:
        check(opa, t, VARS)


def test_round_trip_errors(opa):
    """OPA reads the variables back from their Rego text as JSON: sets, keys that
    are not strings and strconv.Quote's escapes are its JSON syntax errors."""
    for v in (
        {"a": RSet(["x"])}, {"a": RSet(["x", "y"])}, {"a": RSet([[1]])}, {"a": RSet([True])}, {"a": RSet([-1, 2])},
        {"a": RSet([{"k": 1}])}, {"a": RSet([RSet([])])}, {"a": RSet([])}, {"b": [RSet([1])], "a": 1},
        {"b": [1, RSet([1])], "a": {"z": RSet([])}}, RObj([("a", 1), ([1], 2)]), RObj([(None, 1)]),
        RObj([("a", {"b": 1, "c": RSet([])}), ([1], 2)]), {"a": "\x7f"}, {"a": "\x07"}, {"a": "\x0b"},
        {"a": "\x00é\"<\n\u2028\x85\xa0"}, {"a": "\U000e0001"}, {"a": "😀"}, {"a": {"b": RObj([(1.5, 2)])}},
        {"\x01": 1}, RObj([(1, "x"), ("a", "\x7f")]),
    ):  # fmt: skip
        check(opa, "{{.a}}", v)


def test_operand_types(opa):
    for t, v in (("x", "notobj"), (1, {}), ("x", [])):
        want = opa_query(opa, f"x = {FN}(input.t, input.v)", {"t": t, "v": v})
        try:
            got = ("ok", gotemplate.render_template(t, v))
        except (BuiltinError, EvalTypeError) as exc:
            got = ("err", exc.code, exc.message)
        assert want == got


# ---------------------------------------------------------- generated templates

_KEYS = ["a", "b", "c", "x", "_y", "n"]


def _value(rnd, d=0):
    r = rnd.random()
    if d > 2 or r < 0.45:
        return rnd.choice(
            [None, True, False, 0, 1, 1.5, -2, 10**20, "", "s", "<no value>", "t t", "é", "0", "\n", "\x7f", "😀"]
        )
    if r < 0.65:
        return [_value(rnd, d + 1) for _ in range(rnd.randint(0, 3))]
    if r < 0.68:
        return RSet([_value(rnd, 3) for _ in range(rnd.randint(0, 2))])
    return {rnd.choice(_KEYS): _value(rnd, d + 1) for _ in range(rnd.randint(0, 4))}


def _field(rnd, scope=()):
    r = rnd.random()
    if r < 0.15:
        return "."
    head = ""
    if r < 0.45 and scope:
        head = rnd.choice(scope)
    elif r < 0.5:
        head = "$"
    if head and rnd.random() < 0.4:
        return head
    return head + "".join("." + rnd.choice(_KEYS) for _ in range(rnd.randint(1, 3)))


def _template(rnd, d=0, scope=()):
    parts = []
    for _ in range(rnd.randint(1, 4)):
        r = rnd.random()
        ws = rnd.choice(["", " ", "\n", " \n "])
        if r < 0.3:
            parts.append(rnd.choice(["x", "-", " ", "\n", "é", "}", "a b"]))
        elif r < 0.55 or d > 1:
            left, right = rnd.choice(["{{", "{{ ", "{{- "]), rnd.choice(["}}", " }}", " -}}"])
            parts.append(ws + left + _field(rnd, scope) + right + ws)
        elif r < 0.6:
            parts.append(rnd.choice(["{{/* c */}}", "{{- /* c */ -}}"]))
        else:
            kw = rnd.choice(["if", "range", "with"])
            head, inner = f"{kw} {_field(rnd, scope)}", scope
            if kw == "range" and rnd.random() < 0.5:  # declared variables, seen in the body and the else
                names = rnd.choice([("$e",), ("$k", "$v"), ("$i", "$e")])
                head, inner = f"range {', '.join(names)} := {_field(rnd, scope)}", scope + names
            orelse = ""
            while kw != "range" and rnd.random() < 0.3:  # else if / else with chains
                orelse += f"{{{{else {kw} {_field(rnd, inner)}}}}}" + _template(rnd, d + 1, inner)
            if rnd.random() < 0.4:
                orelse += "{{else}}" + _template(rnd, d + 1, inner)
            parts.append(f"{{{{{head}}}}}" + _template(rnd, d + 1, inner) + orelse + "{{end}}")
    return "".join(parts)


def test_generated(opa):
    rnd = random.Random(20261203)
    for _ in range(2500):
        v = {rnd.choice(_KEYS): _value(rnd) for _ in range(rnd.randint(0, 5))}
        check(opa, _template(rnd), v)


# ---------------------------------------------------------- transpile-time refusal


@pytest.mark.parametrize(
    "template",
    [
        "{{printf \"%d\" .n}}", "{{len .a}}", "{{index .a 1}}", "{{$x := .s}}{{$x}}", "{{.a | html}}", "{{.n.String}}",
        "{{.1}}", "{{-.s}}", "{{", "{{.s}", "{{end}}", "{{if .s}}", "{{else}}", "{{if .a}}{{else}}{{else}}{{end}}",
        "{{ /* c */ }}", "{{/* c */ x}}", "{{.é}}", "{{else if .a}}", "{{range $i, $e = .a}}{{end}}", "{{break}}",
        "{{define \"x\"}}{{end}}", "{{template \"x\"}}", "{{.a.b c}}", '{{"s"}}', "{{nil}}", "{{true}}",
        "{{range .ea}}{{else if .s}}x{{end}}", "{{with .s}}{{else if .s}}x{{end}}", "{{if .s}}{{else with .s}}x{{end}}",
        "{{if .s}}{{else if .s}}{{else if}}{{end}}", "{{if .s}}{{else}}{{else if .s}}{{end}}", "{{$x}}",
        "{{range $x := .a}}{{end}}{{$x}}", "{{range $x := $x}}{{end}}", "{{if $x := .a}}{{end}}", "{{$x := .a}}",
        "{{range $x, $y, $z := .a}}{{end}}", "{{$x.String}}", "{{$.a.Int64}}",
    ],
)  # fmt: skip
def test_outside_the_subset_is_refused(template):
    why = gotemplate.check_call(FN, [(template,), ({},)])
    assert why is not None and why.startswith(f"{FN} template with ")


def test_a_template_not_known_is_refused():
    assert "not a constant" in gotemplate.check_call(FN, [None, ({},)])
    assert gotemplate.check_call(FN, [("{{.a}}",), None]) is None


def test_what_the_subset_accepts_renders_as_in_opa(opa):
    """Random strings of template syntax: every one rego2py's parser accepts
    (the others are refused at transpile time) must render as in OPA, errors
    included (a template Go rejects must not be accepted)."""
    rnd = random.Random(3)
    inner = [".", ".a", ".b", ".x", "a", " ", "\n", "\t", "if", "range", "with", "else", "end", "/*", "*/", "-", "$",
             "|", ".a.b", "é", "\r", "..", ".1", "._", ".A", "nil", "true", "-}", "{", "}", "else if", "else with"]  # fmt: skip
    v = {"a": {"b": [1, "x"]}, "b": "s", "x": None, "_": 1, "A": 2}
    accepted = 0
    for _ in range(40000):
        parts = []
        for _ in range(rnd.randint(1, 6)):
            if rnd.random() < 0.3:
                parts.append(rnd.choice(["x", " ", "\n", "}}", "{", "é"]))
            else:
                body = "".join(rnd.choice(inner) for _ in range(rnd.randint(0, 4)))
                parts.append(rnd.choice(["{{", "{{- ", "{{-"]) + body + rnd.choice(["}}", " -}}", "-}}"]))
        t = "".join(parts)
        try:
            gotemplate.parse(t)
        except gotemplate.Unsupported:
            continue
        if "{{" in t:
            accepted += 1
            check(opa, t, v)
    assert accepted > 300
