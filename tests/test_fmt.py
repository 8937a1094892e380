"""The Rego printer (transpiler/fmt.py) and ``rego2py fmt``.

- Round trip: for every module of signatures/ and of the conformance suite,
  the printed text parses to the same AST (positions aside; a v0 module
  printed as v1 up to the documented rewrites), and printing is idempotent.
- OPA accepts the v1 output of every v0 signature file (with its test file
  and fixtures, also printed as v1) and every ``test_*`` rule is true there;
  on a sample of conformance cases OPA answers the same for the printed
  modules as for the originals.
- The layout: v0 -> v1 rewrites, minimal parentheses, split composites,
  comments, and the command's output, ``-w``, ``-l`` and located errors.
"""

from __future__ import annotations

import glob
import json
import re
from pathlib import Path

import pytest

from transpiler.cli import main
from transpiler.fmt import comments, format_body, format_module, format_term, to_v1
from transpiler.parser import parse_module, parse_query, parse_term

ROOT = Path(__file__).resolve().parent.parent
SIGNATURES = ROOT / "signatures"
CONFORMANCE = "/work/shared/conformance/v1/*/*.json"


def fmt(src: str, v1: bool = True) -> str:
    return format_module(parse_module(src, "t.rego"), v1=v1, comments_=comments(src), source=src)


def signature_files() -> list[Path]:
    return sorted(SIGNATURES.rglob("*.rego"))


def conformance_modules():
    for path in sorted(glob.glob(CONFORMANCE)):
        with open(path) as f:
            for case in json.load(f)["cases"]:
                for src in case.get("modules") or []:
                    yield case["note"], src


def same_ast(a, b) -> bool:
    return (a.package, a.imports, a.rules) == (b.package, b.imports, b.rules)


def check_round_trip(src: str, name: str) -> None:
    m = parse_module(src, name)
    for v1 in (True, False):
        out = format_module(m, v1=v1, comments_=comments(src))
        again = parse_module(out, name)
        want = to_v1(m) if v1 else m
        assert same_ast(again, want), (name, v1, out)
        assert format_module(again, v1=v1, comments_=comments(out)) == out, (name, v1)
        assert again.v0 == (m.v0 and not v1), name


# ------------------------------------------------------------- round trips


def test_every_signature_module_round_trips():
    files = signature_files()
    assert len(files) > 50
    for path in files:
        check_round_trip(path.read_text(), str(path))


def test_every_conformance_module_round_trips():
    from transpiler.errors import RegoError

    count = 0
    for note, src in conformance_modules():
        try:
            parse_module(src, note)
        except RegoError:
            continue  # cases that test parse errors
        check_round_trip(src, note)
        count += 1
    assert count > 1000


def test_comments_survive_formatting_of_the_corpus():
    for path in signature_files():
        src = path.read_text()
        out = fmt(src, v1=True)
        assert [c.text for c in comments(out)] == [c.text for c in comments(src)], path


# ------------------------------------------------------------------- OPA


def _opa(modules: dict[str, str]):
    from opa_bindings import OpaEngine

    e = OpaEngine()
    for name, src in modules.items():
        e.add_policy(name, src)
    return e


TEST_RULE = re.compile(r"^(test_\w+)", re.M)


def test_opa_accepts_the_v1_output_of_every_v0_signature_and_its_tests_pass():
    v0_files = sorted((SIGNATURES / "v0").glob("*.rego"))
    assert v0_files
    printed = {}
    for path in v0_files + [SIGNATURES / "helpers.rego"]:
        m = parse_module(path.read_text(), str(path))
        printed[str(path)] = format_module(m, v1=True)
    assert sum(parse_module(p.read_text()).v0 for p in v0_files) > 20
    engine = _opa(printed)
    try:
        # one query for all (OPA prepares each distinct query text anew)
        (row,) = engine.eval_query("x = data.tracee")
        tree = row["x"]
    finally:
        engine.close()
    checked = 0
    for path in v0_files:
        if not path.name.endswith("_test.rego") or path.name == "fixtures_test.rego":
            continue
        m = parse_module(printed[str(path)])
        doc = tree
        for seg in m.package[1:]:
            doc = doc[seg]
        names = sorted({r.ref.head.name for r in m.rules if r.ref.head.name.startswith("test_")})
        assert names, path
        for name in names:
            assert doc.get(name) is True, (path, name)
            checked += 1
    assert checked > 100


def _answer(modules: list[str], case: dict, query: str) -> str:
    from opa_bindings import OpaError

    try:
        e = _opa({f"m{i}.rego": src for i, src in enumerate(modules)})
    except OpaError as ex:
        return "error " + ex.code
    try:
        if case.get("data") is not None:
            e.add_data(case["data"])
        kw = {"input": case["input"]} if "input" in case else {}
        return json.dumps(e.eval_query(query, **kw), sort_keys=True)
    except OpaError as ex:
        return "error " + ex.code
    finally:
        e.close()


def test_opa_answers_the_same_for_printed_conformance_modules():
    """Every 7th case of the suite (the parser tests cover 20 topics whole)."""
    checked = 0
    for i, path in enumerate(sorted(glob.glob(CONFORMANCE))):
        with open(path) as f:
            cases = json.load(f)["cases"]
        for case in cases[i % 7 :: 7]:
            if "input_term" in case or not case.get("modules"):
                continue
            try:
                printed = [fmt(src) for src in case["modules"]]
            except Exception:
                continue  # a case about a parse error
            want = _answer(case["modules"], case, case["query"])
            got = _answer(printed, case, format_body(parse_query(case["query"])))
            assert got == want, (case["note"], printed)
            checked += 1
    assert checked > 150


# ----------------------------------------------------------------- layout


def test_v0_rules_rewritten_to_v1():
    src = """package t
import future.keywords.in
p[x] { some x in input.xs }
a.b[x] { x := 1 }
o[k] = v { k := "a"; v := 1 }
q = 1 { input.a }
r { input.b } else = false { true }
f(x) = y { y := x + 1 }
g(x) { x }
default d = 1
"""
    # a body of one statement written on its head's line stays there (not with else)
    assert fmt(src) == """package t

import future.keywords.in
import rego.v1

p contains x if some x in input.xs

a.b contains x if x := 1

o[k] := v if {
\tk := "a"
\tv := 1
}

q = 1 if input.a

r if {
\tinput.b
} else = false if {
\ttrue
}

f(x) = y if y := x + 1

g(x) if x

default d = 1
"""


def test_v0_printed_as_v0_stays_v0():
    src = "package t\np[x] { x := 1 }\no[k] = v { k := 1; v := 2 }\nq { true }\nr[x] = true { x := 1 }\n"
    out = fmt(src, v1=False)
    assert out == (
        "package t\n\np[x] {\n\tx := 1\n}\n\no[k] = v {\n\tk := 1\n\tv := 2\n}\n\n"
        "q {\n\ttrue\n}\n\nr[x] = true {\n\tx := 1\n}\n"
    )
    assert parse_module(out).v0


def test_v1_module_is_left_alone():
    src = "package t\n\nimport rego.v1\n\np contains x if {\n\tsome x in input.xs\n}\n"
    assert fmt(src) == src
    assert fmt("package t\n\np contains 1\n") == "package t\n\np contains 1\n"


@pytest.mark.parametrize(
    "src, want",
    [
        ("1 + 2 * 3", "1 + 2 * 3"),
        ("(1 + 2) * 3", "(1 + 2) * 3"),
        ("1 - (2 - 3)", "1 - (2 - 3)"),
        ("(1 - 2) - 3", "1 - 2 - 3"),
        ("a | b & c", "a | b & c"),
        ("(a | b) & c", "(a | b) & c"),
        ("x == 1 + 2", "x == 1 + 2"),
        ("(x == 1) == true", "x == 1 == true"),
        ("x in {1} == true", "x in {1} == true"),
        ("(x in {1}) == true", "(x in {1}) == true"),
        ("-(a + b)", "-(a + b)"),
        ("count([1 + 2, x in xs])", "count([1 + 2, x in xs])"),
        ("[(k, v in xs), {\"a\": x in xs}]", "[(k, v in xs), {\"a\": x in xs}]"),
        ("`a\\d+`", "`a\\d+`"),
        ('"tab\\there"', '"tab\\there"'),
        ('"é"', '"é"'),
        ('x["in"]', 'x["in"]'),
        ('x["a b"].c[0]', 'x["a b"].c[0]'),
        ("set()", "set()"),
        ("1e400", "1e400"),
    ],
)
def test_terms_print_with_fewest_parentheses(src, want):
    t = parse_term(src)
    assert format_term(t) == want
    assert parse_term(want) == t


def test_composites_keep_their_line_breaks_as_opa_fmt():
    """OPA's formatter has no line width: a composite written on one line
    stays on one line; one written over several lines keeps the items that
    began on a line together, each such line on its own, with a trailing
    comma. A composite made without a source (no positions) is split one
    item a line past WIDTH."""
    long = ", ".join(f'"key{i}": "value number {i}"' for i in range(8))
    src = f"package t\n\nm := {{{long}, \"n\": [1, 2]}}\n"
    assert fmt(src) == src
    src = 'package t\n\nm := {\n\t"a": 1, "b": [\n\t\t1, 2,\n\t\t3,\n\t],\n\t"c": 3,\n}\n'
    assert fmt(src) == src
    assert fmt('package t\n\nm := {"a": 1,\n"b": 2}\n') == 'package t\n\nm := {\n\t"a": 1,\n\t"b": 2,\n}\n'
    s = fmt('package t\n\nx := [1 |\n\tsome y in input\n\ty > 1]\n')
    assert s == "package t\n\nx := [1 |\n\tsome y in input\n\ty > 1\n]\n"
    assert fmt(s) == s
    made = format_term(parse_module(f"package t\nm := {{{long}}}", "t.rego").rules[0].value)
    assert made.startswith("{") and len(made) > 100  # format_term keeps one line: no depth given


def test_raw_strings_stay_raw_and_one_line_bodies_stay_on_one_line():
    src = 'package t\n\np if regex.match(`^a+$`, input.x)\n\nq if {\n\tinput.y == "b"\n}\n'
    assert fmt(src) == src


def test_imports_grouped_and_sorted_as_opa_fmt():
    src = "package t\n\nimport rego.v1\nimport data.b\n\nimport data.a as x\nimport data.a\n\np := 1\n"
    assert fmt(src) == "package t\n\nimport data.b\nimport rego.v1\n\nimport data.a\nimport data.a as x\n\np := 1\n"


def test_every_prints_as_a_block():
    src = "package t\n\np if {\n\tevery x in input.xs {\n\t\tx > 1\n\t\tx < 9\n\t}\n}\n"
    assert fmt(src) == src


def test_comments_are_put_back_where_they_were():
    src = """# head
package t

# about p
p if {
\t# first
\tinput.a # trailing
\tinput.b
}

# the end
"""
    assert fmt(src) == src


# ---------------------------------------------------------------- command


def test_fmt_command_prints_writes_and_lists(tmp_path, capsys):
    f = tmp_path / "a.rego"
    f.write_text("package t\np[x] { x := 1 }\n")
    assert main(["fmt", str(f)]) == 0
    assert capsys.readouterr().out == "package t\n\np[x] {\n\tx := 1\n}\n"
    assert main(["fmt", "--v1", str(f)]) == 0
    assert "p contains x if x := 1\n" in capsys.readouterr().out
    assert main(["fmt", "-l", str(f)]) == 0
    assert capsys.readouterr().out == f"{f}\n"
    assert main(["fmt", "--v1", "-w", str(f)]) == 0
    assert f.read_text().startswith("package t\n\nimport rego.v1\n\np contains x if x := 1\n")
    assert main(["fmt", "-l", "--v1", str(f)]) == 0
    assert capsys.readouterr().out == ""


def test_fmt_command_locates_errors_without_traceback(tmp_path, capsys):
    bad = tmp_path / "bad.rego"
    bad.write_text("package t\np { x := [1,\n")
    good = tmp_path / "good.rego"
    good.write_text("package t\np := 1\n")
    assert main(["fmt", str(bad), str(good)]) == 2
    cap = capsys.readouterr()
    assert cap.err.startswith(f"{bad}:2:")
    assert "Traceback" not in cap.err
    assert cap.out == "package t\n\np := 1\n"


def test_fmt_command_diff_and_fail(tmp_path, capsys):
    f = tmp_path / "a.rego"
    f.write_text("package t\np[x] { x := 1 }\n")
    assert main(["fmt", "-d", str(f)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"--- a/{f}\n+++ b/{f}\n")
    assert "-p[x] { x := 1 }\n" in out and "+\tx := 1\n" in out
    assert main(["fmt", "-l", "--fail", str(f)]) == 1
    assert capsys.readouterr().out == f"{f}\n"
    assert main(["fmt", "-d", "--fail", str(f)]) == 1
    capsys.readouterr()
    assert main(["fmt", "-w", str(f)]) == 0
    assert main(["fmt", "-l", "--fail", str(f)]) == 0
    assert main(["fmt", "-d", "--fail", str(f)]) == 0
    assert capsys.readouterr().out == ""


def test_a_statement_starting_with_minus_keeps_its_line():
    # found by `rego2py fuzz`: "x := 2\n-1 != x" reads as "x := 2 - 1 != x"
    src = "package t\n\np if {\n\tx := 2; -1 != x; -x < 0\n}\n"
    out = fmt(src)
    assert "\t(-1 != x)\n" in out and "\t(-x < 0)\n" in out
    check_round_trip(src, "t.rego")


def test_a_comprehension_head_keeps_its_parentheses():
    # found by `rego2py fuzz`: OPA rejects `[x * 2 | some x in xs]`
    src = "package t\n\np := [(x * 2) | some x in [1]]\n\nq := {(x in [1]) | some x in [1]}\n"
    assert fmt(src) == src
    check_round_trip(src, "t.rego")


def test_a_blank_line_after_comments_stays():
    """OPA's formatter (insertComments, writeComments) keeps one blank line
    between two comments, and between a comment and the statement after it,
    where the source has one or more."""
    src = """# section

package t

# about p


p if {
\t# first

\tinput.a
}

# a
# b

q := 1
"""
    want = src.replace("\n\n\np if", "\n\np if")
    assert fmt(src) == want
    assert fmt(want) == want


def test_a_membership_in_an_item_has_no_parentheses():
    """OPA's parser reads an item's ``in`` with one left operand (``[k, v in
    xs]`` is two items), and its formatter writes object values, array and
    set items and call arguments as plain terms."""
    src = 'package t\n\np := {"a": 1 in input, "b": [0, 2 in input], "c": count({3 in input})}\n'
    assert fmt(src) == src
    check_round_trip(src, "t.rego")


def test_our_corpus_is_stable_under_fmt(capsys):
    """`rego2py fmt -l --fail signatures/` lists nothing: the corpus is
    written as the formatter writes it."""
    assert main(["fmt", "-l", "--fail", str(SIGNATURES)]) == 0
    assert capsys.readouterr().out == ""


def test_fmt_command_reads_standard_input_and_fails_in_every_mode(tmp_path, capsys, monkeypatch):
    import io

    def stdin(text: str) -> None:
        monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(text.encode())))

    stdin("package t\np := 1\n")
    assert main(["fmt"]) == 0
    assert capsys.readouterr().out == "package t\n\np := 1\n"
    stdin("package t\np := 1\n")
    assert main(["fmt", "-l", "--fail"]) == 1
    assert capsys.readouterr().out == "<stdin>\n"
    stdin("package t\n\np := 1\n")
    assert main(["fmt", "--fail"]) == 0
    assert main(["fmt", "-w"]) == 2  # standard input cannot be written back
    assert "-w needs files" in capsys.readouterr().err
    # --fail: exit status 1 when the formatting differs, printing or writing too
    f = tmp_path / "a.rego"
    f.write_text("package t\np := 1\n")
    assert main(["fmt", "--fail", str(f)]) == 1
    assert capsys.readouterr().out == "package t\n\np := 1\n"
    assert main(["fmt", "-w", "--fail", str(f)]) == 1
    assert f.read_text() == "package t\n\np := 1\n"
    assert main(["fmt", "-w", "--fail", str(f)]) == 0
    # CRLF lines are a difference (read as they are)
    f.write_bytes(b"package t\r\n\r\np := 1\r\n")
    assert main(["fmt", "-l", str(f)]) == 0
    assert capsys.readouterr().out == f"{f}\n"
