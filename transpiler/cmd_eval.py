"""``rego2py eval QUERY``: evaluate a query against Rego modules, data and an
input document, with the result document ``opa eval`` prints::

    {"result": [{"expressions": [{"value": ..., "text": "...",
                                  "location": {"row": 1, "col": 1}}],
                 "bindings": {"x": ...}}]}

``{}`` when the query is undefined. As in OPA, an expression that is a term
(``data.p``, ``count(x)``, ``1 == 2``) reports its value; other expressions
(``x = 1``, ``x := 1``, ``some x in xs``, ``not p``) report ``true``. When the
query is a single term, its value is reported even when it is ``false``;
with several expressions a ``false`` term makes the query undefined.
"""

from __future__ import annotations

import json
import sys

from . import ast
from .loader import InputError, load_paths, merge, read_document  # noqa: F401 (shared with `rego2py test`)

EXIT_OK, EXIT_FAIL, EXIT_INPUT = 0, 1, 2

FORMATS = ("json", "pretty", "values", "bindings", "raw")


def add_arguments(p) -> None:
    p.add_argument("query", metavar="QUERY", help="a Rego query, e.g. 'data.tracee.TRC_R2P_001.tracee_match'")
    p.add_argument(
        "-d",
        "--data",
        action="append",
        default=[],
        metavar="PATH",
        help=".rego modules and JSON/YAML data files, or directories of them (repeatable); "
        "a data file found in a directory goes under the path of its folder, as opa loads it",
    )
    p.add_argument("--data-file", action="append", default=[], metavar="FILE", help="a JSON/YAML document merged into data at its root (repeatable)")
    p.add_argument("-i", "--input", metavar="FILE", help="the input document (JSON or YAML)")
    p.add_argument("-I", "--stdin-input", action="store_true", help="read the input document from standard input")
    p.add_argument("-f", "--format", choices=FORMATS, default="json", help="output format (default: json, OPA's result document)")
    p.add_argument("--strict", "--strict-builtin-errors", dest="strict", action="store_true", help="builtin errors are errors (OPA's strict mode)")
    p.add_argument("--fail", action="store_true", help="exit status 1 when the result is undefined")
    p.add_argument("--fail-defined", action="store_true", help="exit status 1 when the result is defined")
    version = p.add_mutually_exclusive_group()
    version.add_argument("--v0", dest="v0", action="store_const", const=True, help="read modules as Rego v0")
    version.add_argument("--v1", dest="v0", action="store_const", const=False, help="read modules as Rego v1")
    p.epilog = (
        "exit status: 0 ok; 1 an evaluation error, or --fail / --fail-defined met; "
        "2 bad input (unreadable file, malformed Rego or data, compile error, unsupported construct)"
    )


# -------------------------------------------------------------- evaluation


def evaluate(modules, query: str, *, input=None, data=None, strict: bool = False, v0=None) -> dict:
    """The result document of ``query`` over ``modules`` ((filename, source)
    pairs), ``input`` (None: no input) and the base document ``data``.

    Raises RegoError (parse, compile, unsupported) and RegoRuntimeError."""
    from .compiler.program import Program
    from .parser import parse_module, parse_query
    from .runtime.values import UNDEF, to_json

    prog = Program([parse_module(src, name, v0=v0) for name, src in modules], dict(modules), strict)
    prog.load()
    body = parse_query(query)
    body2, plan = capture_plan(body, prog)
    captured = tuple(name for name, _ in plan if name)
    rows = prog.query(query, body=body2, capture=captured, input=UNDEF if input is None else input, data=data)
    texts = expression_texts(query, body)
    # ``some x`` declares; OPA reports no expression for it
    shown = [(p, t) for p, t in zip(plan, texts) if not isinstance(p[1].expr, ast.SomeDecl)]
    result = []
    for row in rows:
        exprs = []
        for (name, _), (text, pos) in shown:
            value = to_json(row[name]) if name else True
            exprs.append({"value": value, "text": text, "location": {"row": pos.line, "col": pos.col}})
        entry: dict = {"expressions": exprs}
        bindings = {k: to_json(v) for k, v in row.items() if k not in captured}
        if bindings:
            entry["bindings"] = dict(sorted(bindings.items()))
        result.append(entry)
    return {"result": result} if result else {}


_NOT_TERMS = (ast.Unify, ast.Assign, ast.SomeDecl, ast.SomeIn, ast.Every)


def capture_plan(body, prog) -> tuple[tuple, list[tuple[str | None, ast.Literal]]]:
    """The query body rewritten so that each term expression's value is bound
    to an internal variable ``$exprN``, and per expression that variable
    (None where OPA reports ``true``)."""
    single = len(body) == 1
    out: list[ast.Literal] = []
    plan: list[tuple[str | None, ast.Literal]] = []
    for i, lit in enumerate(body):
        expr = lit.expr
        if lit.negated or isinstance(expr, _NOT_TERMS) or _is_output_call(expr, prog):
            out.append(lit)
            plan.append((None, lit))
            continue
        name = f"$expr{i}"
        var = ast.Var(name, expr.pos if hasattr(expr, "pos") else lit.pos)
        out.append(ast.Literal(ast.Unify(var, expr, lit.pos), withs=lit.withs, pos=lit.pos))
        if not single:
            check = ast.Call(("neq",), (var, ast.Scalar(False, pos=lit.pos)), lit.pos)
            out.append(ast.Literal(check, pos=lit.pos))
        plan.append((name, lit))
    return tuple(out), plan


def _is_output_call(expr, prog) -> bool:
    """``count(xs, n)``: a call given one argument more than it takes binds
    its result; OPA reports such an expression as ``true``."""
    if not isinstance(expr, ast.Call):
        return False
    from .runtime.builtins import BUILTINS

    name = ".".join(expr.name)
    b = BUILTINS.get(name)
    if b is not None:
        return b.arity >= 0 and len(expr.args) == b.arity + 1
    arity = _function_arity(prog, expr.name)
    return arity is not None and len(expr.args) == arity + 1


def _function_arity(prog, name: tuple[str, ...]) -> int | None:
    from .compiler.tree import Leaf

    path = name[1:] if name and name[0] == "data" else name
    for el in prog.tree.walk():
        if isinstance(el, Leaf) and el.kind == "function" and el.path == tuple(path):
            return el.arity
    return None


def expression_texts(query: str, body) -> list[tuple[str, ast.Pos]]:
    """Each expression's source text (as OPA reports it) and position."""
    lines = query.split("\n")
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)

    def offset(pos: ast.Pos) -> int:
        return starts[pos.line - 1] + pos.col - 1

    offsets = [offset(lit.pos) for lit in body] + [len(query)]
    out = []
    for lit, a, b in zip(body, offsets, offsets[1:]):
        text = query[a:b].rstrip()
        while text.endswith(";"):
            text = text[:-1].rstrip()
        out.append((text, lit.pos))
    return out


# ------------------------------------------------------------------ output


def render(doc: dict, fmt: str) -> str:
    results = doc.get("result", [])
    if fmt == "json":
        return json.dumps(doc, indent=2, ensure_ascii=False)
    if fmt == "values":
        return json.dumps([[e["value"] for e in r["expressions"]] for r in results], indent=2, ensure_ascii=False)
    if fmt == "bindings":
        return json.dumps([r.get("bindings", {}) for r in results], indent=2, ensure_ascii=False)
    if fmt == "raw":
        return "\n".join(
            e["value"] if isinstance(e["value"], str) else json.dumps(e["value"], ensure_ascii=False)
            for r in results
            for e in r["expressions"]
        )
    return _pretty(results)


def _pretty(results: list[dict]) -> str:
    """``opa eval --format pretty``: one result without bindings is its
    (first) value as JSON; otherwise a table whose columns are the bound
    variables (sorted) and the expressions whose value is not a boolean (as
    OPA's generateResultKeys picks them from the first result), one row per
    result, each cell compact JSON."""
    if not results:
        return "undefined"
    first = results[0]
    if len(results) == 1 and not first.get("bindings"):
        exprs = first["expressions"]
        if len(exprs) == 1 or all(isinstance(e["value"], bool) for e in exprs):
            return json.dumps(exprs[0]["value"], indent=2, ensure_ascii=False)
    names = sorted(first.get("bindings", {}))
    shown = [i for i, e in enumerate(first["expressions"]) if not isinstance(e["value"], bool)]
    header = names + [first["expressions"][i]["text"] for i in shown]

    def cell(v) -> str:
        return json.dumps(v, ensure_ascii=False, separators=(",", ":"), sort_keys=True)

    rows = []
    for r in results:
        b, exprs = r.get("bindings", {}), r["expressions"]
        rows.append([cell(b.get(n)) for n in names] + [cell(exprs[i]["value"]) if i < len(exprs) else "" for i in shown])
    if not header:
        return ""
    widths = [max(len(h), *(len(row[i]) for row in rows)) for i, h in enumerate(header)]
    rule = "+" + "+".join("-" * (w + 2) for w in widths) + "+"
    line = lambda cells: "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths)) + " |"  # noqa: E731
    # the header centred (the left gap the smaller), cells to the left, as OPA's tablewriter draws them
    head = "| " + " | ".join(" " * ((w - len(h)) // 2) + h + " " * (w - len(h) - (w - len(h)) // 2)
                             for h, w in zip(header, widths)) + " |"
    return "\n".join([rule, head, rule, *map(line, rows), rule])


# --------------------------------------------------------------------- run


def run(args) -> int:
    from .errors import RegoError
    from .runtime.errors import RegoRuntimeError

    try:
        modules, data = load_paths(args.data)
        for f in args.data_file:
            data = merge(data, read_document(f), f)
        if args.stdin_input:
            input_doc = read_document("<stdin>", sys.stdin.read())
        elif args.input:
            input_doc = read_document(args.input)
        else:
            input_doc = None
        doc = evaluate(modules, args.query, input=input_doc, data=data, strict=args.strict, v0=args.v0)
    except (InputError, RegoError) as exc:
        _report(exc, args.format)
        return EXIT_INPUT
    except RegoRuntimeError as exc:
        _report(exc, args.format)
        return EXIT_FAIL
    except RecursionError:
        _report(InputError("the query or a module is nested too deeply to evaluate"), args.format)
        return EXIT_INPUT
    print(render(doc, args.format))
    defined = bool(doc.get("result"))
    if (args.fail and not defined) or (args.fail_defined and defined):
        return EXIT_FAIL
    return EXIT_OK


def _report(exc, fmt: str) -> None:
    from .diagnostics import report

    report([exc], fmt if fmt == "json" else "text", prog="rego2py eval")
