"""The faster forms of generated code (issue 12) give OPA's answers: clauses
made exclusive by the rule index returning at once, rules of other packages
shared per event, ASCII case mapping inlined, regexes answered by string
tests. Each case is asked of real OPA (strict, as the bindings are) and of
rego2py."""

from __future__ import annotations

import random

import pytest

from tests.opa_compare import both, module, same
from transpiler.compiler import compile_program
from transpiler.runtime.builtins.re2_program import _first, literal_plan
from transpiler.runtime.builtins.regex import _Parser, compile_re2

# clauses of one complete rule or function, each indexed on input.kind
EXCLUSIVE = """\
p := {"a": input.v} if {
    input.kind == "a"
    input.v > 0
}

p := {"b": input.v} if {
    input.kind == "b"
    x := input.xs[_]
    x == 1
}

p := "c" if input.kind == "c"

f(y) := y if input.kind == "a"
f(y) := y + 1 if input.kind == "b"
q := f(10)
"""

EXCLUSIVE_INPUTS = [
    {"kind": "a", "v": 3},
    {"kind": "a", "v": -1},
    {"kind": "a"},
    {"kind": "b", "xs": [1, 2]},
    {"kind": "b", "xs": [1, 1]},  # two solutions of one clause, the same value
    {"kind": "b", "xs": [2]},
    {"kind": "b", "xs": "no"},
    {"kind": "c"},
    {"kind": "d", "v": 1},
    {"v": 1},
    {"kind": 1},
]


@pytest.mark.parametrize("input_", EXCLUSIVE_INPUTS, ids=[str(i) for i in EXCLUSIVE_INPUTS])
@pytest.mark.parametrize("query", ["x = data.t.p", "x = data.t.q"])
def test_exclusive_clauses(input_, query):
    theirs, ours = both(EXCLUSIVE, query, input_)
    assert same(ours, theirs), (ours, theirs)


def test_exclusive_clauses_return_at_once():
    """No conflict bookkeeping where the clauses cannot both run."""
    code = compile_program([("t.rego", module(EXCLUSIVE))]).generate()[("t",)]
    body = code.split("def f(", 1)[1].split("\ndef ", 1)[0]
    assert "_conflict" not in body and "_res" not in body
    # clause b has two solutions (some x): p keeps its check
    assert "_conflict" in code.split("def p(", 1)[1].split("\ndef ", 1)[0]


# clauses that are not exclusive keep the conflict check
@pytest.mark.parametrize("input_", [{"kind": "a", "v": 1}, {"kind": "b", "v": 1}, {"v": 1}])
def test_overlapping_clauses_still_conflict(input_):
    body = 'p := 1 if input.kind == "a"\np := 2 if input.v == 1\np := 3 if input.kind == "a"'
    theirs, ours = both(body, "x = data.t.p", input_)
    assert same(ours, theirs), (ours, theirs)


# a rule of another package read by value: shared per event, same answers
LIB = module('import rego.v1\n\nopened if input.flags == "w"\n\nname := input.name', "lib")
USER = module(
    "import rego.v1\n\nimport data.lib\n\np := lib.name if lib.opened\n\nq := [lib.name, lib.name] if not lib.opened",
)


@pytest.mark.parametrize("input_", [{"flags": "w", "name": "x"}, {"flags": "r", "name": "y"}, {"flags": "w"}, {}])
@pytest.mark.parametrize("query", ["x = data.t.p", "x = data.t.q"])
def test_rule_of_another_package(input_, query):
    mods = [("lib.rego", LIB), ("t.rego", USER)]
    theirs, ours = both("", query, input_, modules=mods)
    assert same(ours, theirs), (ours, theirs)


# lower/upper: ASCII inline, the rest through the builtin (Go's simple case mapping)
CASE_TEXTS = ["O_WRONLY|O_CREAT", "abc", "", "\u0130stanbul", "\u03a3\u03a3", "\u212a", "stra\u00dfe", "\u1e9e", 3, None]


@pytest.mark.parametrize("fn", ["lower", "upper"])
@pytest.mark.parametrize("text", CASE_TEXTS, ids=[repr(t) for t in CASE_TEXTS])
def test_case_mapping(fn, text):
    body = f"import rego.v1\n\np := {fn}(input.s)\n\nb if contains({fn}(input.s), \"o_wr\")"
    for query in ("x = data.t.p", "x = data.t.b"):
        theirs, ours = both(body, query, {"s": text})
        assert same(ours, theirs), (query, ours, theirs)


# regexes answered by string tests where they are literals between anchors
PATTERNS = [
    r"^/etc/rc\.local$", r"^/etc/init\.d/[^/]+$", r"^/proc/([0-9]+|self)/mem$", "ab", "ab$", "^ab", "^$",
    "^", "$", "", "a|b", "^a.", "(?m)^ab", r"^ab\z", r"\Aab", "a\u00e9", "^a\u00e9b", "(?i)^ab", "^a+", "^ab?",
    "x*", r"^a\.b$", "^/dev/input/event[0-9]+$",
]
ALPHABET = ["a", "b", "/", "\n", ".", "\u00e9", "\ud800", "A", "\u212a"]


@pytest.mark.parametrize("pattern", PATTERNS)
def test_regex_plan_same_as_re2(pattern):
    prog = compile_re2(pattern)
    rng = random.Random(pattern)
    subjects = ["", pattern, "ab", "/etc/rc.local", "/etc/rc.local\n", "/etc/init.d/x"]
    subjects += ["".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 6))) for _ in range(400)]
    for s in subjects:
        data = s.encode("utf-8", "surrogatepass")
        want = None if _first(prog._test, data, 0)[0][0] < 0 else True
        assert prog.search(s) == want, (pattern, s)


def test_regex_plans():
    def plan(p):
        return literal_plan(_Parser(p).parse())

    assert plan(r"^/etc/rc\.local$") == ("/etc/rc.local", "eq")
    assert plan(r"^/etc/init\.d/[^/]+$") == ("/etc/init.d/", "prefix")
    assert plan("ab$") == ("ab", "endswith")
    assert plan("ab") == ("ab", "in")
    assert plan("^ab") == ("ab", "startswith")
    assert plan("(?i)^ab") == (None, None)  # folded: classes, not literals
    assert plan("(?m)^ab") == (None, None)  # line anchors
    assert plan("^a\u00e9b") == ("a", "prefix")  # ASCII only


@pytest.mark.parametrize(
    "pattern, text",
    [(r"^/etc/rc\.local$", "/etc/rc.local"), (r"^/etc/rc\.local$", "/etc/rc.local\n"), ("^/etc/", "/etc/x"),
     (r"\.so$", "a.so"), ("ab$", "ab\n"), (r"^/etc/init\.d/[^/]+$", "/etc/init.d/a/b"), ("^$", "")],
)
def test_regex_match_as_opa(pattern, text):
    body = f"import rego.v1\n\np := regex.match(input.p, input.s)\n\nq if regex.match(`{pattern}`, input.s)"
    for query in ("x = data.t.p", "x = data.t.q"):
        theirs, ours = both(body, query, {"p": pattern, "s": text})
        assert same(ours, theirs), (query, ours, theirs)


# a list of prefixes (suffixes) tested at once: str.startswith(tuple)
AFFIX = """\
import rego.v1

prefixes := ["/etc/cron.d/", "/var/spool/cron/", "/etc/cron.daily/"]

overlapping := ["/bin/", "/bin/x", "/usr/"]

suffixes := [".so", ".ko", ".bashrc", "rc"]

p if {
    some dir in prefixes
    startswith(input.path, dir)
}

q contains input.path if {
    some dir in overlapping
    startswith(input.path, dir)
}

r := "suffix" if {
    some s in suffixes
    endswith(input.path, s)
}

t := dir if {
    some dir in prefixes
    startswith(input.path, dir)
}

u if {
    some s in {".so", ".ko"}
    endswith(input.path, s)
    input.path != "/x.so"
}
"""

AFFIX_PATHS = ["/x.so", "/y.ko", "/etc/cron.d/x", "/var/spool/cron/root", "/bin/xy", "/usr/lib/a.so", "/home/u/.bashrc", "/x.rc", "", 5,
               None, ["/etc/cron.d/"]]


@pytest.mark.parametrize("path", AFFIX_PATHS, ids=[repr(p) for p in AFFIX_PATHS])
@pytest.mark.parametrize("rule", ["p", "q", "r", "t", "u"])
def test_affix_lists(path, rule):
    theirs, ours = both(AFFIX, f"x = data.t.{rule}", {"path": path})
    assert same(ours, theirs), (ours, theirs)


def test_affix_lists_one_test():
    code = compile_program([("t.rego", module(AFFIX))]).generate()[("t",)]
    assert ".startswith(('/etc/cron.d/', '/var/spool/cron/', '/etc/cron.daily/'))" in code
    assert ".endswith(('.ko', '.so'))" in code
    assert ".endswith(('.so', '.ko', '.bashrc', 'rc'))" not in code  # rc ends .bashrc: as written
    assert "startswith(('/bin/'" not in code  # /bin/ begins /bin/x: as written


# regexes of ASCII literals between anchors written as string tests in the
# generated code (no RE2 program, no call); a literal prefix tested before RE2
INLINE_PATTERNS = [r"^/etc/rc\.local$", "^/etc/", r"\.so$", "ab", r"^/etc/init\.d/[^/]+$", "^$", "(?i)^ab"]
INLINE_SUBJECTS = ["/etc/rc.local", "/etc/rc.local\n", "/etc/init.d/a", "/etc/init.d/a/b", "x.so", "xab", "",
                   "AB", "\u00e9ab", 5, None, ["ab"]]


@pytest.mark.parametrize("pattern", INLINE_PATTERNS)
@pytest.mark.parametrize("text", INLINE_SUBJECTS, ids=[repr(t) for t in INLINE_SUBJECTS])
def test_regex_literal_inline(pattern, text):
    body = (f"import rego.v1\n\nq if regex.match(`{pattern}`, input.s)\n\n"
            f"r := regex.match(`{pattern}`, input.s)\n\ns := regex.match(`{pattern}`, concat(\"\", [input.s]))")
    for query in ("x = data.t.q", "x = data.t.r", "x = data.t.s"):
        theirs, ours = both(body, query, {"s": text})
        assert same(ours, theirs), (query, ours, theirs)


def test_regex_literal_inline_code():
    body = "import rego.v1\n\n" + "\n".join(
        f"p{i} if regex.match(`{p}`, input.s)" for i, p in enumerate(INLINE_PATTERNS)
    )
    code = compile_program([("t.rego", module(body))]).generate()[("t",)]
    assert "(_t1 == '/etc/rc.local')" in code
    assert "_t1.startswith('/etc/')" in code and "_t1.endswith('.so')" in code and "('ab' in _t1)" in code
    assert "(_t1 == '')" in code
    # RE2 only where the literals do not answer: after the prefix, and for (?i)
    assert code.count("_re2(") == 2
    assert "(_t1.startswith('/etc/init.d/') and (_RE0.search(_t1) is not None))" in code


# membership in constant strings and integers: a frozenset test for a
# string or an int, the runtime for the rest (1.0 equals 1, true does not)
MEMBER = """\
import rego.v1

p if input.x in {1, 2, "a"}

q if bits.and(input.x, 3) in {1, 2}

r := input.x in [1, "b"]

s if {
    input.x in {1, 2, "a"}
    input.y == 1
}
"""
MEMBER_VALUES = [1, 2, 1.0, 2.5, True, False, "a", "b", None, [1], {"a": 1}, 3, 10**20]


@pytest.mark.parametrize("x", MEMBER_VALUES, ids=[repr(v) for v in MEMBER_VALUES])
@pytest.mark.parametrize("rule", ["p", "q", "r", "s"])
def test_member_of_constant_scalars(x, rule):
    theirs, ours = both(MEMBER, f"v = data.t.{rule}", {"x": x, "y": 1})
    assert same(ours, theirs), (ours, theirs)


# split by a constant separator, int arithmetic with a constant, a constant
# object indexed by a constant, an array indexed by a variable: inline
# forms, the runtime for the rest
INLINE_FORMS = """\
import rego.v1

bits := {"r": 0, "w": 1, "rw": 2}

last(path) := name if {
    parts := split(path, "/")
    name := parts[count(parts) - 1]
}

p := last(input.x)

q := input.x + 1

r := input.x - 2

s if "b" in split(input.x, "|")

t := split(input.x, "|")[input.i]

f(n) := bits[n]

u := f("w") + input.i
"""
INLINE_VALUES = ["/a/b", "a", "", "/", "a|b", "|", 1, 2.5, -3, 2**70, 1e300, True, None, ["a"], {"a": 1}]


@pytest.mark.parametrize("x", INLINE_VALUES, ids=[repr(v) for v in INLINE_VALUES])
@pytest.mark.parametrize("rule", ["p", "q", "r", "s", "t", "u"])
def test_inline_forms(x, rule):
    for i in (0, 1, -1, 1.0, 1.5, "0"):
        theirs, ours = both(INLINE_FORMS, f"v = data.t.{rule}", {"x": x, "i": i})
        assert same(ours, theirs), (i, ours, theirs)


def test_inline_forms_code():
    code = compile_program([("t.rego", module(INLINE_FORMS))]).generate()[("t",)]
    assert ".split('/')" in code and "_b_split" not in code
    # f("w") specialised, and written into u (inline.py): bits["w"] is known now
    u = code.split("def u(", 1)[1].split("\ndef ", 1)[0]
    assert "_getk(input, 'i')" in u and u.count("_getk") == 1 and " = 1\n" in u and "f(" not in u
    assert " + 1) if " in code and " - 2) if " in code


# a constant set or object of strings indexed by a value, count of a set,
# every over a constant collection
CONST_FORMS = """\
import rego.v1

paths := {"/etc/passwd", "/etc/shadow"}

kinds := {"/etc/passwd": "users", "/etc/shadow": "hashes"}

p := paths[input.x]

q := kinds[input.x]

r if paths[input.x]

found contains x if {
    some x in ["/etc/passwd", "/etc/shadow", input.x]
    paths[x]
}

s := count(found)

t if {
    every p in paths {
        p != input.x
    }
}
"""
CONST_VALUES = ["/etc/passwd", "/etc/shadow", "/x", "", 1, True, None, ["/etc/passwd"]]


@pytest.mark.parametrize("x", CONST_VALUES, ids=[repr(v) for v in CONST_VALUES])
@pytest.mark.parametrize("rule", ["p", "q", "r", "s", "t"])
def test_constant_forms(x, rule):
    theirs, ours = both(CONST_FORMS, f"v = data.t.{rule}", {"x": x})
    assert same(ours, theirs), (ours, theirs)


def test_constant_forms_code():
    code = compile_program([("t.rego", module(CONST_FORMS))]).generate()[("t",)]
    assert "_getk(_K" not in code and "len(_r" in code and ".d)" in code
    assert "_COLLECTIONS" not in code


# literals every match contains, tested before RE2 (a subject without one has no match)
REQUIRED = [
    (r"^/(usr/)?lib(32|64|x32)?/([a-z0-9_]+-linux-[a-z0-9]+/)?ld-(linux|musl)[^/]*\.so(\.[0-9]+)*$",
     ["/lib/ld-linux.so.2", "/usr/lib64/x86_64-linux-gnu/ld-musl-x.so", "/lib/ld-linux.so", "/lib/ld-.so",
      "/lib/x/ld-linux.so", "/libld-linux.so"], ("lib", "ld-", ".so")),
    ("a(bc)d", ["abcd", "xabcdx", "abd", "ab cd"], ("abcd",)),
    ("^ab(c)?de", ["abde", "abcde", "abce"], ("de",)),
    (r"x(ab)?cd+ef", ["xcdef", "xabcddef", "xcef"], ("ef",)),
    ("(?i)abc", ["ABC", "abc"], ()),
    ("ab|cd", ["ab", "cd"], ()),
    ("\u00e9t\u00e9(ab)", ["\u00e9t\u00e9ab", "ab"], ("ab",)),
]


@pytest.mark.parametrize("pattern, subjects, required", REQUIRED, ids=[r[0] for r in REQUIRED])
def test_required_literals(pattern, subjects, required):
    prog = compile_re2(pattern)
    assert prog.required == required
    rng = random.Random(pattern)
    chars = sorted(set("".join(subjects))) + ["\n", "\u00e9"]
    for s in subjects + ["".join(rng.choice(chars) for _ in range(rng.randint(0, 12))) for _ in range(2000)]:
        data = s.encode("utf-8", "surrogatepass")
        if _first(prog._test, data, 0)[0][0] >= 0:
            assert all(r in s for r in required), (pattern, s)


@pytest.mark.parametrize("pattern, subjects, required", REQUIRED, ids=[r[0] for r in REQUIRED])
def test_required_literals_as_opa(pattern, subjects, required):
    body = f"import rego.v1\n\nq if regex.match(`{pattern}`, input.s)\n\nr := regex.match(`{pattern}`, input.s)"
    for s in subjects + [1, None]:
        for query in ("x = data.t.q", "x = data.t.r"):
            theirs, ours = both(body, query, {"s": s})
            assert same(ours, theirs), (query, s, ours, theirs)
    code = compile_program([("t.rego", module(body))]).generate()[("t",)]
    for r in required:
        assert f"{r!r} in _t1 and" in code


# exclusive clauses where one has several solutions: that one watches its own
# conflicts, a constant one returns at its first solution (as OPA's answers)
EXCLUSIVE_LOOPS = """\
p := "a" if input.kind == "a"

p := x if {
    input.kind == "d"
    x := input.xs[_]
}

p := "e" if {
    input.kind == "e"
    some x in input.xs
    to_number(x) > 0
}

p := y if {
    input.kind == "f"
    some x in input.xs
    y := to_number(x)
}

g(k) := "e" if {
    input.kind == "e"
    some x in input.xs
    to_number(x) > k
}

g(k) := "a" if input.kind == "a"

q := g(0)
"""
LOOP_INPUTS = [
    {"kind": "a"}, {"kind": "d", "xs": [1, 2]}, {"kind": "d", "xs": [1, 1]}, {"kind": "d", "xs": []},
    {"kind": "e", "xs": ["1", "a"]}, {"kind": "e", "xs": ["a", "1"]}, {"kind": "e", "xs": ["0", "2", "3"]},
    {"kind": "f", "xs": ["1", "1.0"]}, {"kind": "f", "xs": ["1", "2"]}, {"kind": "f", "xs": ["1", "a"]},
    {"kind": "g"},
]


@pytest.mark.parametrize("input_", LOOP_INPUTS, ids=[str(i) for i in LOOP_INPUTS])
@pytest.mark.parametrize("query", ["x = data.t.p", "x = data.t.q"])
def test_exclusive_clauses_with_loops(input_, query):
    # (OPA's rule index leaves one clause: a constant one stops at its first
    # solution, so {"kind": "e", "xs": ["1", "a"]} is "e", not to_number's error)
    theirs, ours = both(EXCLUSIVE_LOOPS, query, input_)
    assert same(ours, theirs), (ours, theirs)


def test_exclusive_clauses_with_loops_code():
    code = compile_program([("t.rego", module(EXCLUSIVE_LOOPS))]).generate()[("t",)]
    body = code.split("def p(", 1)[1].split("\ndef ", 1)[0]
    assert "return 'a'" in body and "return 'e'" in body
    assert body.count("raise _conflict") == 2  # clauses d and f
