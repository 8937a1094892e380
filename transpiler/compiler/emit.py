"""Python code for bodies and terms.

The emitter writes straight Python: each literal of a body opens a block
(a condition, a loop over a collection, a binding check) inside which the
rest of the body is written, in continuation-passing style. The innermost
block does what the rule needs with one solution (return a value, add to a
set, append to a comprehension).

Terms compile to ``Val``s: cheap Python expressions. Undefined is the runtime
sentinel ``_U``; a lookup on a missing key gives ``_U``, which flows through
further lookups, and is checked once where it matters.
"""

from __future__ import annotations

import re

from typing import Callable

from .. import ast
from ..errors import CompileError, RegoError, TypeCheckError, UndefinedFunctionError, Unsupported
from .affix import MARK as AFFIX, affix_items, fold_affixes
from .firstonly import first_only
from .comprindex import unbound_index_use
from .names import py_str, var_name
from .resolve import Env
from .expand import expand_calls, read_at_expression
from .locals import rego_name
from .typecheck import bad_argument, declaration
from . import opatypes, typeforms
from .ruledeps import rules_read
from dataclasses import replace
from .scope import Needs, is_wild, mismatched, literal_vars, schedule, term_vars
from .literal_order import Locals, is_ground, literal_order, site
from ..runtime.values import obj_key
from .values import NOTCONST, Val, kind_of

UNROLL_LIMIT = 16  # constant collections up to this size are iterated at transpile time
COMPARE = {"equal": "==", "neq": "!=", "lt": "<", "lte": "<=", "gt": ">", "gte": ">="}
INLINE_STRING_TESTS = {"startswith": "startswith", "endswith": "endswith"}
INLINE_KINDS = {
    "count": "number", "startswith": "boolean", "endswith": "boolean", "contains": "boolean",
    "regex.match": "boolean", "re_match": "boolean", "lower": "string", "upper": "string",
    "is_string": "boolean", "is_array": "boolean", "is_object": "boolean", "is_number": "boolean",
    "is_boolean": "boolean", "is_null": "boolean", "is_set": "boolean", "split": "array",
    "plus": "number", "minus": "number",
}
# what holds of a value for which the builtin is true (not is_number: a
# "number" is compared by Python's operators, which a float past 2**53 is not)
IS_KIND = {"is_string": "string", "is_boolean": "boolean", "is_array": "array", "is_object": "object",
           "is_set": "set", "is_null": "null"}
K = Callable[[], None]
_TEMP = re.compile(r"_[a-z]+[0-9]+")  # a temporary (BodyEmitter.tmp): assigned by one statement



def _float_exact(c) -> bool:
    """Python compares a float with the int or float ``c`` as OPA does (by the
    float's text) only below 2**53; beyond, the runtime compares texts
    (``1e+23`` is ``100000000000000000000000``)."""
    if isinstance(c, float):
        return -(2.0**53) < c < 2.0**53
    return not isinstance(c, int) or -(2**53) < c < 2**53


def _int_const(v) -> bool:
    """An int constant (not a boolean) small enough to be written as it is."""
    return v.is_const and v.const.__class__ is int and v.code == repr(v.const)


def _inline_total(name: str, vs) -> bool:
    """Whether the inline code of builtin ``name`` (BodyEmitter._inline_builtin)
    is defined for operands of these kinds: no fallback to undefined or to
    the builtin's error."""
    if name.startswith("is_"):
        return True
    if name == "count":
        return vs[0].kind in ("array", "object", "set", "string")
    if name in ("startswith", "endswith", "contains"):
        return vs[0].kind == "string" and vs[1].kind == "string"
    if name in ("regex.match", "re_match"):  # a valid constant pattern (else no inline code)
        return vs[0].is_const and vs[1].kind == "string"
    if name in ("split", "lower", "upper"):
        return vs[0].kind == "string"
    return False


class CodeTooLarge(Exception):
    """The code of one function outgrew what Python (or a reader) takes."""


MAX_LINES = 300_000  # lines of one generated function, counting those written and taken back
MAX_INDENT = 90  # Python refuses 100 levels of indentation


class Out:
    """Lines of Python with an indentation level."""

    def __init__(self, indent: int = 1):
        self.lines: list[str] = []
        self.ind = indent
        self.written = 0
        self.loops = 0  # ``for`` lines written
        self.deepest = indent  # the deepest indentation written

    def emit(self, line: str) -> None:
        self.written += 1
        if self.written > MAX_LINES:
            raise CodeTooLarge(f"more than {MAX_LINES} lines of Python")
        if line.startswith("for "):
            self.loops += 1
        self.lines.append("    " * self.ind + line)

    def nest(self, header: str, body: K) -> None:
        self.emit(header)
        if self.ind >= MAX_INDENT:
            raise CodeTooLarge(f"more than {MAX_INDENT} levels of nested Python blocks")
        self.ind += 1
        self.deepest = max(self.deepest, self.ind)
        n = len(self.lines)
        body()
        if all(line.lstrip().startswith("#") for line in self.lines[n:]):
            self.emit("pass")
        self.ind -= 1

    def indent(self, start: int, replace: dict[str, str]) -> None:
        """Move the lines from ``start`` on one level in, replacing those
        whose code is a key of ``replace``."""
        if self.deepest >= MAX_INDENT:
            raise CodeTooLarge(f"more than {MAX_INDENT} levels of nested Python blocks")
        self.deepest += 1
        lines = self.lines
        for i in range(start, len(lines)):
            line = lines[i]
            code = line.lstrip(" ")
            if code in replace:
                line = line[: len(line) - len(code)] + replace[code]
            lines[i] = "    " + line


def _in_open_for(out: Out, start: int) -> bool:
    """The next line of ``out`` is inside a ``for`` written from line ``start`` on."""
    below = out.ind  # the enclosing blocks' headers are the lines less indented, going back
    for i in range(len(out.lines) - 1, start - 1, -1):
        line = out.lines[i]
        code = line.lstrip(" ")
        ind = (len(line) - len(code)) // 4
        if ind < below and not code.startswith("#"):
            if code.startswith("for "):
                return True
            below = ind
    return False


def _open_blocks(out: Out) -> int:
    """Loops and try blocks (``try``, ``except``, ``finally``) open around
    the next line of ``out``, up to the function they are in."""
    below, n = out.ind, 0
    for i in range(len(out.lines) - 1, -1, -1):
        line = out.lines[i]
        code = line.lstrip(" ")
        ind = (len(line) - len(code)) // 4
        if ind < below and code and not code.startswith("#"):
            if code.startswith("def "):
                break
            if code.startswith(("for ", "while ", "try:", "except", "finally:", "with ")):
                n += 1
            below = ind
    return n


# builtins whose value the compiler knows (the calling rule's annotations)
METADATA_BUILTINS = ("rego.metadata.rule", "rego.metadata.chain")


class BodyEmitter:
    """Emits the code of one Python function (a rule body, a query...)."""

    def __init__(self, mod, out: Out):
        self.mod = mod  # the ModuleGen: constants, builtins, links, the rule tree
        self.out = out
        self._n = 0
        # values of complete rules already computed on the way here: (leaf, input, ctx) -> Val
        self.memo: dict = {}
        # the data paths a `with` replaces in a context (its variable): path -> OPA's type of the value
        self.with_types: dict = {}
        # string-key lookups below input already made: (base code, key) -> Val
        self.lookups: dict = {}
        self.stable: set = set()  # temps holding lookups below input (assigned once)
        self.base_indent = out.ind
        self.loops = 0  # loops over solutions written so far (not inside comprehensions)
        # in a function that may conflict through the functions it calls:
        # (its output so far, its path): a callee's conflict pending at the
        # end of a call site becomes this function's, carrying its output
        self.conflict_through: tuple[str, str] | None = None
        self.conflict_sites = 0  # (reads and calls that run on a first value, conflict_first)
        self.calls_out = 0  # calls taken out of expressions (expand)
        self.first_only: dict = {}  # id -> array comprehensions that may stop at their first element
        self.late_typing: dict = {}  # id(literal) -> indexed literals that type arguments before it
        # values shared per event (runtime.gen._memo) read inline from the
        # function's ``_sv`` (see shared_prelude); off where the output is no
        # function of (input, _ctx) that can take the prelude
        self.inline_shared = False
        self.known_defined: set[str] = set()  # temporaries checked defined by the guards around
        self.shared_used = False
        self.compr_untyped: dict = {}  # id(comprehension) -> the untyped arguments where OPA checks it
        self.lit_untyped: frozenset = frozenset()  # the untyped arguments where the current literal starts
        # in a negated literal: the arguments typed there (name -> type)
        self.negation_types: dict | None = None
        # in a function's clause: the arguments typed in its scope (name -> type)
        self.clause_types: dict | None = None
        self.in_dead = False  # generating code that cannot run, for OPA's type checks (``dead``)
        self.bare_refs: set = set()  # ids of the refs that are literals of their own
        self.current_lit = None  # id of the literal being generated
        self.dead_seen: set = set()  # ids of the literals whose dead continuation was generated
        # the copy of the rules specialised for one event kind being written
        # (compiler/entries.py: EventVariant), else None
        self.variant = None

    # -- small helpers --------------------------------------------------

    def tmp(self, prefix: str = "t") -> str:
        self._n += 1
        return f"_{prefix}{self._n}"

    def emit(self, line: str) -> None:
        self.out.emit(line)

    def nest(self, header: str, body: K) -> None:
        self.out.nest(header, body)

    def error(self, node, message: str, code: str = "rego_compile_error"):
        return CompileError(getattr(node, "pos", None), message, self.mod.source_for(node), code)

    def type_error(self, node, message: str):
        """An error of OPA's type checker (reported after its recursion check)."""
        return TypeCheckError(getattr(node, "pos", None), message, self.mod.source_for(node))

    def unsupported(self, node, what: str):
        return Unsupported(getattr(node, "pos", None), what, self.mod.source_for(node))

    def guard(self, vals, body: K) -> None:
        """Run ``body`` only when every value is defined (a temporary checked
        by an enclosing guard already is not checked again)."""
        codes = []
        for v in vals:
            if v.undef and v.code not in self.known_defined and v.code not in codes:
                codes.append(v.code)
        if not codes:
            body()
            return
        # a temporary is assigned once, before its guard: defined in all the body
        temps = [c for c in codes if _TEMP.fullmatch(c)]
        self.known_defined.update(temps)
        try:
            self.nest(f"if {' and '.join(c + ' is not _U' for c in codes)}:", body)
        finally:
            self.known_defined.difference_update(temps)

    def dead(self, k: K) -> None:
        """What follows a condition that can never hold: OPA type-checks it
        all the same (``p if { false; upper(1) }`` is a type error), so it is
        generated, into lines that are thrown away. Only the type checker's
        errors count there, and the unsafe variables of the bodies nested in
        it (``every``, comprehensions: ordered when generated; the other
        checks cover dead code already)."""
        if self.in_dead:
            k()
            return
        # once per literal: what follows it is the same code each time it is
        # reached (an unrolled loop reaches it once per element)
        if self.current_lit is not None:
            if self.current_lit in self.dead_seen:
                return
            self.dead_seen.add(self.current_lit)
        # (nor may the live code after it reuse a lookup made there)
        out, loops, lookups, stable, self.in_dead = self.out, self.loops, self.lookups, self.stable, True
        self.out, self.lookups, self.stable = Out(out.ind), dict(lookups), set(stable)
        try:
            k()
        except TypeCheckError:
            raise
        except CompileError as exc:
            if exc.code == "rego_unsafe_var_error":
                raise
        except (RegoError, CodeTooLarge):
            pass
        finally:
            self.out, self.loops, self.lookups, self.stable, self.in_dead = out, loops, lookups, stable, False

    def defined(self, v: Val) -> Val:
        return replace(v, undef=False)

    # -- bodies ---------------------------------------------------------

    def body(self, lits, env: Env, k: K) -> None:
        declare(lits, env)
        self._check_print_operands(lits, env)
        for lit in lits:
            e = lit.expr
            if isinstance(e, ast.Assign) and isinstance(e.left, ast.Var) and not lit.withs:
                c = literal_value(e.right)
                if c is not NOTCONST:
                    env.literals[e.left.name] = c
        outer = frozenset(env.outer) | frozenset(
            v for lit in lits for v in literal_vars(lit, env.is_local)
        )
        env.outer = outer
        needs = Needs(env.is_local, set(outer), self.mod.names_function)
        ordered = schedule(
            lits,
            needs,
            set(env.names),
            self.mod.source_for(lits[0]) if lits else None,
            output_call=lambda lit: self.output_call(lit, env) is not None,
        )
        self._steps(ordered, 0, env, k)

    def _check_print_operands(self, lits, env: Env) -> None:
        """OPA: the variables of print's operands must be bound by the
        literals before it (or outside the body), else "var x is undeclared"."""
        bound = set(env.names)
        for i, lit in enumerate(lits):
            e = lit.expr
            if isinstance(e, ast.Call) and e.name == ("print",) and not lit.negated:
                for a in e.args:
                    for v in sorted(term_vars(a, env.is_local) - bound):
                        later = any(
                            isinstance(x.expr, ast.Assign) and v in term_vars(x.expr.left, env.is_local)
                            for x in lits[i + 1 :]
                        )
                        # (a variable declared by a later := is OPA's other error)
                        what = "referenced above" if later else "is undeclared"
                        raise self.error(a, f"var {'_' if is_wild(v) else v} {what}")
            bound |= literal_vars(lit, env.is_local)

    def rule_body(self, rule: ast.Rule, env: Env, k: K, heads=(), extra=()) -> None:
        """A rule clause's body, after the conditions OPA's rule index checks
        before evaluating it (refs to input that must be defined, or equal a
        constant). In OPA's default mode that changes nothing (the body would
        fail at the same ref); in strict mode a rule whose indexed condition
        fails is skipped before any builtin in it can fail, as in OPA."""
        arg_names = {a.name for a in rule.args or () if isinstance(a, ast.Var)}
        # (in default mode too where a conflict may come before a condition fails)
        strict = self.mod.strict or self.mod.keeps_errors((tuple(rule.body),) + tuple(heads) + tuple(extra), env)
        conds, done = index_conditions(rule.body, heads, env, strict, arg_names)
        if not strict and self.mod.program.shared_per_event:
            conds = _checked_by_body(conds, rule.body, heads)
        late: dict = {}  # id(literal) -> the indexed literals before it (None: after the last)
        if rule.args:
            # OPA types the arguments literal by literal in the body's order: an
            # indexed literal (taken out of the body) types them where it stands
            args = opatypes.plain_args(rule)
            kept = [j for j in range(len(rule.body)) if j not in done]
            bounds = [-1] + kept + [len(rule.body)]
            env.untyped = args - opatypes.typing_uses([rule.body[i] for i in done if i < bounds[1]], args)
            for lo, hi in zip(bounds[1:], bounds[2:]):
                between = [rule.body[i] for i in sorted(done) if lo < i < hi]
                if between:
                    late[id(rule.body[hi]) if hi < len(rule.body) else None] = between
        body = [lit for i, lit in enumerate(rule.body) if i not in done]
        body = fold_affixes(body, rule, self.mod.affixes) + list(extra)
        outer, self.current_rule = getattr(self, "current_rule", None), rule  # for rego.metadata.*
        # this clause's comprehensions that may stop at their first element
        # (the nodes are kept, so their ids stay theirs)
        outer_first, outer_late = self.first_only, self.late_typing
        self.first_only = {id(c): c for c in first_only(rule, env.declared, extra)}
        self.late_typing = late
        if env.untyped:
            k_head = k

            def k():  # (OPA checks the head after the body: what is still untyped there)
                outer_untyped, self.lit_untyped = self.lit_untyped, env.untyped
                try:
                    k_head()
                finally:
                    self.lit_untyped = outer_untyped
        if None in late:
            k0 = k

            def k():
                env.untyped = env.untyped - opatypes.typing_uses(late[None], env.untyped)
                k0()
        try:
            self._index_checks(conds, env, lambda: self.body(body, env, k))
        finally:
            self.current_rule = outer
            self.first_only, self.late_typing = outer_first, outer_late
        self._check_unreached(rule, env)

    def _check_unreached(self, rule: ast.Rule, env: Env) -> None:
        """OPA type-checks the literals that can never hold too (after ``not
        true``, or in a comprehension whose body is false, in the body or
        the head), which the code
        generator leaves out: the constant arguments of every builtin call of
        the body are checked again (what was emitted passes)."""
        for call in opatypes.checked_calls((tuple(rule.body), rule.key, rule.value)):
            try:
                kind, _, _ = self.mod.resolve_function(call, env)
            except Exception:  # left for the emitted code's own errors
                continue
            if kind == "builtin":
                self._type_check(call, call.args, Env(env.resolver, {}, set()))
        # and a rule that depends on itself only there is recursive all the same
        for leaf in rules_read(rule, env.resolver, self.mod.tree, self.mod.program.function_path):
            self.mod.program.depends(leaf)

    def _index_checks(self, conds, env: Env, k: K) -> None:
        if not conds:
            k()
            return
        (kind, ref, c), rest = conds[0], conds[1:]

        def check(v: Val):
            if self.mod.strict and kind in ("eq", "in"):
                # (strict: which clauses run shows; an array or object holding
                # one of the values passes OPA's index, the body decides)
                vals = [c] if kind == "eq" else list(c.values()) if isinstance(c, dict) else list(c)
                self.mod.runtime_names.add("_index_match")
                self.guard([v], lambda: self.nest(
                    f"if _index_match({self.defined(v).code}, {self.mod.const(vals).code}):",
                    lambda: self._index_checks(rest, env, k),
                ))
            elif kind == "eq":
                self.eq_then(v, self.mod.const(c), lambda: self._index_checks(rest, env, k))
            elif kind == "in" and self.mod.all_strings(c):
                fs = self.mod.string_set(c)
                self.nest(f"if {_a(v.code)}.__class__ is str and {v.code} in {fs}:",
                          lambda: self._index_checks(rest, env, k))
            elif kind == "has":  # some value of the collection at ref equals c
                self.mod.runtime_names.add("_member")
                self.guard([v], lambda: self.nest(
                    f"if _member({self.mod.const(c).code}, {self.defined(v).code}):",
                    lambda: self._index_checks(rest, env, k),
                ))
            elif kind == "in":
                coll = self.mod.const(c)
                self.guard([v], lambda: self.nest(
                    f"if {self.member_code(self.defined(v), coll)}:", lambda: self._index_checks(rest, env, k)
                ))
            else:
                self.guard([v], lambda: self._known_defined(v, lambda: self._index_checks(rest, env, k)))

        self.term(ref, env, check)

    def _known_defined(self, v: Val, k: K) -> None:
        """Run ``k`` knowing that the lookup below input held in ``v`` is defined."""
        keys = [key for key, val in self.lookups.items() if val.code == v.code and val.undef]
        saved = {key: self.lookups[key] for key in keys}
        for key in keys:
            self.lookups[key] = self.defined(saved[key])
        try:
            k()
        finally:
            for key in keys:
                if self.lookups.get(key) is not None:
                    self.lookups[key] = saved[key]

    def _steps(self, lits, i, env: Env, k: K) -> None:
        if i == len(lits):
            k()
            return
        lit = lits[i]
        starts = env.untyped
        if env.untyped:  # arguments this literal may type (OPA checks literals in this order)
            before = self.late_typing.get(id(lit))
            if before:  # indexed literals written before it
                env.untyped = env.untyped - opatypes.typing_uses(before, env.untyped)
            starts = env.untyped
            # (the first time: a negation's literal comes here again, typed by then)
            for key, untyped in opatypes.comprehension_starts(lit, env.untyped).items():
                self.compr_untyped.setdefault(key, untyped)
            env.untyped = env.untyped - opatypes.typing_uses(lit, env.untyped)
        if isinstance(lit.expr, ast.Ref):
            self.bare_refs.add(id(lit.expr))
        self.emit(f"# {self.mod.where(lit)}")
        outer, self.current_lit = self.current_lit, id(lit)
        outer_untyped, self.lit_untyped = self.lit_untyped, starts
        self.literal(lit, env, lambda: self._steps(lits, i + 1, env, k))
        self.current_lit, self.lit_untyped = outer, outer_untyped

    def _check_unifies(self, e, env: Env) -> None:
        """OPA's type checker on ``a = b``, ``a := b`` and ``a == b`` (which
        it rewrites into ``a = b``): two operands whose types cannot unify
        are a "match error" (``x := 1; x == "a"``, ``[y] := 1``)."""
        if not env.typed:
            return
        if isinstance(e, (ast.Unify, ast.Assign)):
            a, b = e.left, e.right
        elif isinstance(e, ast.Call) and e.name == ("equal",) and len(e.args) == 2:
            a, b = e.args
        else:
            return
        if typeforms.disjoint(self.static_type(a, env), self.static_type(b, env)):
            raise self.type_error(e, "match error")

    def static_type(self, t, env: Env):
        """OPA's type of the term ``t``, where this compiler follows it."""
        if isinstance(t, ast.Var) and not env.is_local(t.name) and t.name not in ("input", "data"):
            t = ast.Ref(t, (), t.pos)  # (a rule's name)
        if isinstance(t, ast.Var):
            v = env.vals.get(t.name) if t.name in env.names else None
            return v.otype if v is not None else None
        if isinstance(t, ast.Ref) and isinstance(t.head, ast.Var) and not env.is_local(t.head.name):
            # a ref to a rule (data.p.q, or a rule of this package by name)
            name = t.head.name
            if name == "data":
                return self.mod.data_type(t.path)
            imp = env.resolver.imports.get(name)
            if imp is not None:  # (import data.lib: lib.q is data.lib.q)
                return self.static_type(ast.Ref(imp.head, imp.path + t.path, t.pos), env) \
                    if isinstance(imp.head, ast.Var) and imp.head.name == "data" else None
            if name == "input":
                return None
            pkg = tuple(ast.Scalar(s) for s in env.resolver.package)
            return self.mod.data_type(pkg + (ast.Scalar(name, None, t.head.pos),) + t.path)
        if isinstance(t, ast.Call):
            try:
                kind, what, _ = self.mod.resolve_function(t, env)
            except RegoError:
                return None
            if kind == "rule" and what.kind == "function":
                return self.mod.function_type(what)
            return typeforms.result_type(what.name) if kind == "builtin" else None
        if isinstance(t, ast.Ref) and isinstance(t.head, ast.Var) and env.is_local(t.head.name):
            # a ref into a local variable: the type at each key (typeforms.values_type)
            otype = self.static_type(t.head, env)
            for seg in t.path:
                otype = typeforms.values_type(otype, opatypes.const_key(seg))
            return otype
        if isinstance(t, ast.SetCompr):
            return ("kinds", frozenset(["set"]))
        if isinstance(t, ast.ObjectCompr):
            return ("kinds", frozenset(["object"]))
        return opatypes.value_type(t, lambda name: True)

    def scoped(self, env: Env, fn: Callable[[Env], None]) -> None:
        """Run ``fn`` in a child scope: bindings made inside do not leak."""
        fn(env.child())

    # -- literals -------------------------------------------------------

    def literal(self, lit: ast.Literal, env: Env, k: K) -> None:
        if lit.withs:
            self.with_literal(lit, env, k)
            return
        if lit.negated:
            self._check_unifies(lit.expr, env)
            # (its nested calls first, then the refs and calls of its operands)
            expr, pre = self.expand(lit, env)
            expr, more = self.hoist_dynamics(expr, env)
            pre = pre + more
            inner = ast.Literal(expr, False, (), lit.pos)

            def negate():
                # (the arguments OPA's checker types in the negated expression
                # stay typed after it: ``not x == 1; upper(x)`` is an error)
                outer, self.negation_types = self.negation_types, {}
                after, env.untyped = env.untyped, self.lit_untyped  # (as the negated literal starts)
                try:
                    cond = self.exists([inner], env)
                finally:
                    typed, self.negation_types = self.negation_types, outer
                    env.untyped = after
                self._typed_then(typed, env, lambda: self.nest(f"if not {cond}:", k))

            self._bind_all(pre, env, negate)
            return
        e = lit.expr
        self._check_unifies(e, env)
        # (a folded prefix test evaluates its own operands: affix.py; its id is its key)
        if not isinstance(e, (ast.SomeDecl, ast.Every)) and not (isinstance(e, ast.Call) and e.name[0] == AFFIX):
            e2, pre = self.expand(lit, env)
            if pre:
                self._bind_all(pre, env, lambda: self.literal(ast.Literal(e2, False, (), lit.pos), env, k))
                return
        if isinstance(e, ast.SomeDecl):
            k()
        elif isinstance(e, ast.Unify):
            self.unify(e.left, e.right, env, k)
        elif isinstance(e, ast.Assign):
            self.unify(e.left, e.right, env, k)
        elif isinstance(e, ast.SomeIn):
            self.some_in(e, env, k)
        elif isinstance(e, ast.Every):
            self.every(e, env, k)
        else:
            out = self.output_call(lit, env)
            if out is not None:
                call, target = out
                self._check_output(call, target, env)
                self.call(call, env, lambda v: self.match(call.args[-1], v, env, k), target, outarg=True)
            else:
                self.cond(e, env, k)

    def expand(self, lit: ast.Literal, env: Env):
        """``lit``'s expression with its nested calls taken out, and the
        (variable, call) pairs to evaluate first, as OPA does (expand.py);
        no pairs where that order cannot be seen: nothing is read after the
        calls, or default mode and only builtins (an error of theirs is
        undefined there, as an undefined ref is), or a call needs a variable
        that the rest of the expression binds."""
        def fresh(call):  # (a count of their own: the temporaries' names stay)
            self.calls_out += 1
            return ast.Var(f"$call{self.calls_out}", getattr(call, "pos", ast.NOPOS))

        e2, pre = expand_calls(lit.expr, self.output_call(lit, env) is not None, fresh)
        dynamic = lambda v: not env.is_local(v.name)  # noqa: E731
        if not pre or not any(read_at_expression(t, dynamic) for t in [e2] + [c for _, c in pre[1:]]):
            return lit.expr, []
        if not self.mod.strict and not self.mod.keeps_errors(lit.expr, env):
            return lit.expr, []
        bound = set(env.names)

        def local_vars(t):
            return {n.name for n in ast.walk(t) if isinstance(n, ast.Var) and env.is_local(n.name)}

        for i, (_, call) in enumerate(pre):
            others = local_vars(e2).union(*(local_vars(c) for j, (_, c) in enumerate(pre) if j != i))
            if (local_vars(call) - bound) & others:
                return lit.expr, []
        return e2, pre

    # -- the operands OPA evaluates before a negation ----------------------

    def hoist_dynamics(self, expr, env: Env):
        """OPA evaluates the refs and calls given as arguments of a negated
        call (and nested in composites, and dynamic ref keys) before the
        negation, so an undefined one makes the body fail rather than the
        negation succeed: ``not startswith(input.missing, "a")`` is undefined.
        Returns the expression with those terms replaced by new variables,
        and the (variable, term) pairs to bind first."""
        pre: list = []

        def fresh(t):
            self._n += 1
            v = ast.Var(f"$dyn{self._n}", getattr(t, "pos", ast.NOPOS))
            pre.append((v, t))
            return v

        def is_dynamic_var(t):
            return isinstance(t, ast.Var) and not env.is_local(t.name)

        def one(t):  # OPA's rewriteDynamicsOne: the term itself is taken out
            if isinstance(t, ast.Ref) or is_dynamic_var(t):
                return fresh(in_ref(t) if isinstance(t, ast.Ref) else t)
            if isinstance(t, ast.Call):
                return fresh(ast.Call(t.name, tuple(one(a) for a in t.args), t.pos))
            if isinstance(t, ast.Membership):
                return fresh(ast.Membership(
                    None if t.key is None else one(t.key), one(t.value), one(t.collection), t.pos
                ))
            return composite(t)

        def composite(t):
            if isinstance(t, ast.Array):
                return ast.Array(tuple(one(x) for x in t.items), t.pos)
            if isinstance(t, ast.SetTerm):
                return ast.SetTerm(tuple(one(x) for x in t.items), t.pos)
            if isinstance(t, ast.Object):
                return ast.Object(tuple((one(a), one(b)) for a, b in t.items), t.pos)
            return t

        def in_ref(t):  # the keys of a ref, not the ref
            head = composite(t.head) if isinstance(t.head, (ast.Array, ast.SetTerm, ast.Object)) else t.head
            if isinstance(head, (ast.Call, ast.Membership)):
                head = in_term(head)
            path = tuple(
                p if isinstance(p, (ast.Scalar, ast.Var)) and not is_dynamic_var(p) else one(p)
                for p in t.path
            )
            return ast.Ref(head, path, t.pos)

        def in_term(t):  # OPA's rewriteDynamicsInTerm
            if isinstance(t, ast.Ref):
                return in_ref(t)
            if isinstance(t, ast.Call):
                return ast.Call(t.name, tuple(one(a) for a in t.args), t.pos)
            if isinstance(t, ast.Membership):
                return ast.Membership(
                    None if t.key is None else one(t.key), one(t.value), one(t.collection), t.pos
                )
            return composite(t)

        if isinstance(expr, ast.Unify):
            expr = ast.Unify(in_term(expr.left), in_term(expr.right), expr.pos)
        elif isinstance(expr, ast.Call) and expr.name == ("equal",) and len(expr.args) == 2:
            # (an operand that is a call is taken out whole: `not 0 == max([])`
            # is undefined in OPA; a ref is not: `not input.missing == 0` holds)
            expr = ast.Call(expr.name, tuple(one(a) if isinstance(a, ast.Call) else in_term(a)
                                             for a in expr.args), expr.pos)
        elif isinstance(expr, ast.Call):
            expr = ast.Call(expr.name, tuple(one(a) for a in expr.args), expr.pos)
        elif isinstance(expr, ast.Membership):
            expr = in_term(expr)
        elif isinstance(expr, (ast.Ref, ast.Array, ast.SetTerm, ast.Object)):
            expr = in_term(expr)
        return expr, pre

    def hoist_calls(self, t, env: Env):
        """The calls of a rule head's term, taken out to be evaluated (after
        the body) before the term itself, as OPA does when it moves the term
        into the body (``__local = term``, then expand.py's order): a head's
        calls, comparisons and those nested in refs too, come before its
        references to other rules."""
        def fresh(x):
            self._n += 1
            return ast.Var(f"$head{self._n}", getattr(x, "pos", ast.NOPOS))

        e2, pre = expand_calls(ast.Unify(ast.Var("$head"), t), False, fresh)
        return e2.right, pre

    def head_term(self, t, env: Env, k) -> None:
        """Evaluate a rule head's term: its calls first, then the term."""
        if t is None:
            k(None)
            return
        t2, pre = self.hoist_calls(t, env)
        self._bind_all(pre, env, lambda: self.term(t2, env, k))

    def _bind_all(self, pairs, env: Env, k: K) -> None:
        if not pairs:
            k()
            return
        (var, t), rest = pairs[0], pairs[1:]
        env.declared.add(var.name)
        self.term(t, env, lambda v: self.bind(var, v, env, lambda: self._bind_all(rest, env, k)))

    def output_call(self, lit: ast.Literal, env: Env):
        """(call, target) when ``lit`` is a call with an output argument."""
        return output_call(self.mod, lit, env)

    def exists(self, lits, env: Env) -> str:
        """Write code that finds whether ``lits`` has a solution; return the
        Python condition that says so.

        The body is written once, setting a flag at each solution; when it
        holds a loop, or several solutions one after the other (a constant
        collection iterated, unrolled), the same lines become a nested
        function that returns at the first solution, as OPA stops there
        (strict mode: a later element's builtin error does not show;
        rewriting them instead would double the work at each level of
        nesting: ``every`` in ``every``)."""
        out = self.out
        flag = self.tmp("f")
        start, ind, deepest = len(out.lines), out.ind, out.deepest
        loops_written = out.loops
        saved_lookups = dict(self.lookups)
        out.deepest = ind
        self.emit(f"{flag} = False")

        solutions = [0]

        def found():
            solutions[0] += 1
            self.emit(f"{flag} = True")

        loops = self.loops
        self.scoped(env, lambda e2: self.body(lits, e2, found))
        self.loops = loops
        if out.loops == loops_written and solutions[0] <= 1:
            out.deepest = max(deepest, out.deepest)
            return flag
        # a loop inside: stop at the first solution with a nested function
        # (its lookups are the function's own)
        self.lookups = saved_lookups
        fn = self.tmp("_exists")
        out.indent(start + 1, {f"{flag} = True": "return True"})
        out.lines[start] = "    " * ind + f"def {fn}():"
        out.ind = ind + 1
        self.emit("return False")
        out.ind = ind
        out.deepest = max(deepest, out.deepest)
        return f"{fn}()"

    def with_literal(self, lit: ast.Literal, env: Env, k: K) -> None:
        plain = ast.Literal(lit.expr, lit.negated, (), lit.pos)
        self.under_withs(lit, env, lambda outside: self.literal(plain, env, outside(k)))

    def under_withs(self, lit: ast.Literal, env: Env, run) -> None:
        """``run(outside)`` with the input and context of ``lit``'s withs in
        ``env``; ``outside(k)`` is ``k`` run with the input and context of
        before (the rest of the body)."""
        inp, ctx = env.inp, env.ctx
        mods = list(lit.withs)

        def step(i, inp2, ctx2):
            if i == len(mods):
                env.inp, env.ctx = inp2, ctx2

                def outside(k):
                    def after(*args):
                        env.inp, env.ctx = inp, ctx
                        k(*args)
                        env.inp, env.ctx = inp2, ctx2

                    return after

                run(outside)
                env.inp, env.ctx = inp, ctx
                return
            w = mods[i]
            path = self.mod.with_path(w, env)
            if self.mod.is_function_target(path):
                have, want = self.mod.function_arity(w.value, env), self.mod.target_arity(path)
                if have is not None and want is not None and have != want or (
                        path[0] == "builtin" and opatypes.mock_mismatch(
                            declaration(path[1]), self.mod.builtin_declaration(w.value, env))):
                    target = ".".join(path[1:]) if path[0] == "builtin" else "data." + ".".join(path[1:])
                    if not env.typed:
                        # OPA does not type-check the body of an every: it
                        # accepts the module and calls the replacement with
                        # the replaced one's arguments, which is not followed
                        raise self.unsupported(w, f"with {target} replaced by a function of another "
                                                  "arity or argument types, in the body of an every")
                    raise self.error(lit, f"{target}: arity mismatch", "rego_type_error")
                mock = self.mod.function_value(w.value, env)
                if mock is not None:
                    apply(w, Val(mock), i, inp2, ctx2)
                    return
            self.term(w.value, env, lambda v: apply(w, v, i, inp2, ctx2))

        def apply(w: ast.With, v: Val, i, inp, ctx):
            path = self.mod.with_path(w, env)
            if path[0] == "input":
                ni = self.tmp("inp")
                if len(path) == 1:
                    self.emit(f"{ni} = {v.code}")
                else:
                    keys = ", ".join(repr(p) for p in path[1:])
                    self.emit(f"{ni} = _patch({inp}, ({keys},), {v.code})")
                if self.mod.program.output_called and i == 0:
                    # a cache of function values of its own (OPA's for each with)
                    nc = self.tmp("ctx")
                    self.emit(f"{nc} = {ctx}.pushed()")
                    self.with_types[nc] = self.with_types.get(ctx, {})
                    self.guard([v], lambda: step(i + 1, ni, nc))
                    return
                self.guard([v], lambda: step(i + 1, ni, ctx))
            elif path[0] == "data":
                nc = self.tmp("ctx")
                kind, extra = self.mod.with_data_kind(path[1:], w, v, env)
                self.with_types[nc] = {**self.with_types.get(ctx, {}), tuple(path[1:]): v.otype}
                keys = ", ".join(repr(p) for p in path[1:])
                keys = f"({keys},)" if path[1:] else "()"
                self.emit(f"{nc} = {ctx}.{kind}({keys}, {extra})")
                self.guard([v], lambda: step(i + 1, inp, nc))
            else:  # a builtin mocked by name
                nc = self.tmp("ctx")
                self.with_types[nc] = self.with_types.get(ctx, {})
                self.emit(f"{nc} = {ctx}.with_fn({path[1]!r}, {self.mod.mock_value(w, v, env)})")
                self.guard([v], lambda: step(i + 1, inp, nc))

        step(0, inp, ctx)

    def replaced_type(self, path: tuple, env: Env):
        """Whether a `with` of the expression replaces the rule at ``path``
        (data's keys), and the type of the value replacing it (OPA types
        the ref by the rule's and this one together: ``p0[2] with data.t.p0
        as ["a", "b", "c"]`` with ``p0 := [1]`` is accepted); a `with` of a
        path above or below it: not known (None)."""
        mods = self.with_types.get(env.ctx)
        if not mods:
            return False, None
        if path in mods:
            return True, mods[path]
        n = len(path)
        if any(p[:n] == path or path[:len(p)] == p for p in mods):
            return True, None
        return False, None

    # -- unification ------------------------------------------------------

    def unbound_var(self, t, env: Env) -> bool:
        return isinstance(t, ast.Var) and env.is_local(t.name) and t.name not in env.names

    def unify(self, left, right, env: Env, k: K) -> None:
        if mismatched(left, right):
            raise self.type_error(left, "match error")
        if self.unbound_var(left, env):
            self.term(right, env, lambda v: self.match(left, v, env, k))
            return
        if self.unbound_var(right, env):
            self.term(left, env, lambda v: self.match(right, v, env, k))
            return
        how, pairs = self._unify_plan(left, right, env)
        if how == "eq" and self.mod.strict:
            # (OPA stops at an undefined left side: a failing right one does not show)
            self.terms([left, right], env, lambda vs: self._unifies_then(left, "equal", vs[0], vs[1], env)
                       or self._typing_unified("equal", (left, right), vs, env, lambda: self.eq_then(vs[0], vs[1], k)))
        elif how == "eq":
            self.term(left, env, lambda a: self.term(right, env, lambda b: self._unifies_then(
                left, "equal", a, b, env) or self._typing_unified(
                    "equal", (left, right), (a, b), env, lambda: self.eq_then(a, b, k))))
        elif how == "left":
            self.term(right, env, lambda v: self.match(left, v, env, k))
        elif how == "right":
            self.term(left, env, lambda v: self.match(right, v, env, k))
        elif how == "pairs":
            self.unify_pairs(pairs, env, k)

    def _unify_plan(self, left, right, env: Env):
        """How to unify two terms that are not unbound variables: ("eq", _)
        both ground, ("left"/"right", _) that side a pattern, ("pairs",
        pairs) element-wise, ("none", _) never. A method of its own so that
        the sets it builds are not kept alive while the rest of the body is
        written (that made a long body cost memory quadratic in its length)."""
        needs = Needs(env.is_local, set(env.outer))
        bound = set(env.names)
        lg = needs.ground(left, bound) <= bound
        rg = needs.ground(right, bound) <= bound
        if lg and rg:
            return "eq", None
        if rg and needs.is_pattern(left):
            return "left", None
        if lg and needs.is_pattern(right):
            return "right", None
        if isinstance(left, ast.Array) and isinstance(right, ast.Array):
            if len(left.items) != len(right.items):
                return "none", None
            return "pairs", list(zip(left.items, right.items))
        if isinstance(left, ast.Object) and isinstance(right, ast.Object):
            from .scope import _object_pairs

            pairs = _object_pairs(left, right)
            if pairs is not None:
                return "pairs", pairs
        names = sorted((term_vars(left, env.is_local) | term_vars(right, env.is_local)) - bound)
        raise self.error(left, f"var {rego_name(names[0]) if names else '?'} is unsafe", "rego_unsafe_var_error")

    def unify_pairs(self, pairs, env: Env, k: K) -> None:
        if not pairs:
            k()
            return
        i = self._ready_pair(pairs, env)
        (l, r), rest = pairs[i], pairs[:i] + pairs[i + 1 :]
        self.unify(l, r, env, lambda: self.unify_pairs(rest, env, k))

    def _ready_pair(self, pairs, env: Env) -> int:
        """The first pair that can be unified now (its sets die here, see
        ``_unify_plan``)."""
        needs = Needs(env.is_local, set(env.outer))
        bound = set(env.names)
        for i, (l, r) in enumerate(pairs):
            if needs.unify_ready(l, r, bound):
                return i
        raise self.error(pairs[0][0], "unsafe unification", "rego_unsafe_var_error")

    def bind(self, var: ast.Var, v: Val, env: Env, k: K) -> None:
        if is_wild(var.name):
            self.guard([v], k)
            return
        if v.is_const:
            # a constant needs no Python variable: its uses get the literal
            env.names[var.name] = v.code
            env.vals[var.name] = v
            k()
            env.names.pop(var.name, None)
            env.vals.pop(var.name, None)
            return
        if var.name.startswith("$") and v.code.isidentifier():
            # a variable of ours (not the user's): the value's name will do
            name = v.code
        else:
            name = var_name(var.name)
        if v.code != name:
            self.emit(f"{name} = {v.code}")
        env.names[var.name] = name
        env.vals[var.name] = Val(name, False, v.kind, otype=v.otype)

        def go():
            k()

        if v.undef:
            self.guard([Val(name, True)], go)
        else:
            go()
        env.names.pop(var.name, None)
        env.vals.pop(var.name, None)

    def match(self, pat, v: Val, env: Env, k: K) -> None:
        """Match the pattern ``pat`` against the value ``v`` (defined or not)."""
        if isinstance(pat, ast.TemplateString) and self._has_unbound(pat, env):
            raise self.unsupported(pat, "template string with unbound variables as a pattern")
        if self.unbound_var(pat, env):
            self.bind(pat, v, env, k)
            return
        if isinstance(pat, ast.Array) and self._has_unbound(pat, env):
            n = len(pat.items)
            self.guard([v], lambda: self.nest(
                f"if {_a(v.code)}.__class__ is list and len({v.code}) == {n}:",
                lambda: self._match_items(pat.items, v, 0, env, k),
            ))
            return
        if isinstance(pat, ast.Object) and self._has_unbound(pat, env):
            n = len(pat.items)

            def keys(i):
                if i == n:
                    k()
                    return
                kt, vt = pat.items[i]
                self.term(kt, env, lambda kv: self._match_key(v, kv, vt, env, lambda: keys(i + 1)))

            self.guard([v], lambda: self.nest(
                f"if {_a(v.code)}.__class__ is dict and len({v.code}) == {n}:", lambda: keys(0)
            ))
            return
        self.term(pat, env, lambda a: self.eq_then(a, v, k))

    def _match_key(self, obj: Val, kv: Val, vt, env, k):
        t = self.tmp()
        if kv.kind == "string" or kv.kind == "number" or kv.kind == "null":
            self.emit(f"{t} = {_a(obj.code)}.get({kv.code}, _U)")
        else:
            self.emit(f"{t} = {_a(obj.code)}.get(_hkey({kv.code}), _U)")
        otype = typeforms.values_type(obj.otype, kv.const)  # (OPA's type of the value at that key)
        self.match(vt, Val(t, True, otype=otype), env, k)

    def _match_items(self, items, arr: Val, i, env, k):
        if i == len(items):
            k()
            return
        t = self.tmp()
        self.emit(f"{t} = {arr.code}[{i}]")
        otype = typeforms.values_type(arr.otype, i)  # (OPA's type at that position)
        self.match(items[i], Val(t, otype=otype), env, lambda: self._match_items(items, arr, i + 1, env, k))

    def _has_unbound(self, t, env) -> bool:
        return any(n not in env.names for n in term_vars(t, env.is_local))

    # -- conditions -------------------------------------------------------

    def eq_code(self, a: Val, b: Val) -> str:
        if a.is_const and not b.is_const:
            a, b = b, a
        if a.is_const and b.is_const:
            return "True" if self.mod.rt_eq(a.const, b.const) else "False"
        if b.is_const and not isinstance(b.const, (list, dict)) and kind_of(b.const) != "set":
            c = b.const
            if isinstance(c, str):
                return f"{a.code} == {b.code}"
            if c is None:
                return f"{a.code} is None"
            if isinstance(c, bool):
                return f"{a.code} is {c}"
            if c in (0, 1):
                return f"({a.code} == {b.code} and {_a(a.code)}.__class__ is not bool)"
            if not _float_exact(c):
                return f"_eq({a.code}, {b.code})"  # a big float equals it by its text
            return f"{a.code} == {b.code}"
        parts = [f"{x.code} is not _U" for x in (a, b) if x.undef and x.code not in self.known_defined]
        if a.kind == "string" or b.kind == "string":
            parts.append(f"{a.code} == {b.code}")
        elif a.kind in (None, "string") and b.kind in (None, "string"):
            # a string equals only an equal string: Python's == says so exactly
            parts.append(f"({a.code} == {b.code} if {_a(a.code)}.__class__ is str else _eq({a.code}, {b.code}))")
        else:
            parts.append(f"_eq({a.code}, {b.code})")
        return " and ".join(parts)

    def eq_then(self, a: Val, b: Val, k: K) -> None:
        code = self.eq_code(a, b)
        if code == "True":
            k()
        elif code != "False":
            self.nest(f"if {code}:", k)
        else:
            self.dead(k)

    def compare_code(self, op: str, a: Val, b: Val) -> str:
        """A condition for ``a op b`` (both defined)."""
        if op == "equal":
            return self.eq_code(a, b)
        if op == "neq":
            e = self.eq_code(self.defined(a), self.defined(b))
            return f"not ({e})"
        py = COMPARE[op]
        if a.kind == b.kind == "number" or a.kind == b.kind == "string":
            if a.is_const and b.is_const:
                c = self.mod.rt_compare(a.const, b.const)
                return "True" if eval(f"{c} {py} 0") else "False"
            return f"{a.code} {py} {b.code}"
        if a.is_const and b.is_const:
            c = self.mod.rt_compare(a.const, b.const)
            return "True" if eval(f"{c} {py} 0") else "False"
        if b.is_const and isinstance(b.const, (int, float)) and not isinstance(b.const, bool) and _float_exact(b.const):
            x = a.code
            return (
                f"({x} {py} {b.code} if {_a(x)}.__class__ is int or {_a(x)}.__class__ is float "
                f"else _cmp({x}, {b.code}) {py} 0)"
            )
        if a.is_const and isinstance(a.const, (int, float)) and not isinstance(a.const, bool) and _float_exact(a.const):
            x = b.code
            return (
                f"({a.code} {py} {x} if {_a(x)}.__class__ is int or {_a(x)}.__class__ is float "
                f"else _cmp({a.code}, {x}) {py} 0)"
            )
        if b.is_const and isinstance(b.const, str):
            x = a.code
            return f"({x} {py} {b.code} if {_a(x)}.__class__ is str else _cmp({x}, {b.code}) {py} 0)"
        return f"_cmp({a.code}, {b.code}) {py} 0"

    def cond(self, e, env: Env, k: K) -> None:
        """``e`` as a condition: true unless undefined or false."""
        if isinstance(e, ast.Call) and e.name[0] == AFFIX:
            self._affix_call(e, env, k)
            return
        if isinstance(e, ast.Call) and e.name[0] in COMPARE and len(e.name) == 1 and len(e.args) == 2:
            op = e.name[0]
            # OPA evaluates the calls of the operands first, left to right,
            # each stopping at an undefined value; then the rest (two calls:
            # the second is not made when the first is undefined); a
            # comprehension last, after an operand that may be undefined
            args = list(e.args)
            rank = [0 if isinstance(a, ast.Call) else 2 if isinstance(a, _COMPR) else 1 for a in args]
            order = sorted(range(2), key=lambda i: rank[i])
            # (and the second is not evaluated after an undefined first when it may fail)
            self.terms([args[i] for i in order], env, lambda vs: self._unifies_then(
                e, op, vs[order.index(0)], vs[order.index(1)], env) or self._typing_unified(
                op, args, [vs[order.index(0)], vs[order.index(1)]], env, lambda: self._compare_then(
                    op, vs[order.index(0)], vs[order.index(1)], k)), guard=rank[order[0]] == 0 and rank[order[1]] != 1
                or 2 in rank or self.mod.strict or self._may_fail(args[order[1]], env))
            return
        if isinstance(e, ast.Call) and len(e.name) == 1 and e.name[0] in INLINE_STRING_TESTS and len(e.args) == 2:
            target = self.mod.resolve_function(e, env)
            if target[0] == "builtin" and not self.mod.is_mocked_builtin(e.name):
                self._type_check(e, e.args, env)
                meth = INLINE_STRING_TESTS[e.name[0]]
                self.terms(list(e.args), env, lambda vs: self._kind_check(e, target[1].name, vs, env) or self._string_test(
                    e, meth, vs[0], vs[1], env, k))
                return
        if isinstance(e, ast.Membership):
            self.membership(e, env, lambda v: self.nest(f"if {v.code}:", k), cond=True)
            return
        self.term(e, env, lambda v: self.truthy_then(v, self._type_known(e, env, k)))

    def _type_known(self, e, env: Env, k: K) -> K:
        """``k``, knowing after ``is_string(x)`` (``is_array``...) holds that
        the variable ``x`` is of that kind (its inline tests need no type check)."""
        kind = IS_KIND.get(e.name[0]) if isinstance(e, ast.Call) and len(e.name) == 1 else None
        if kind is None or len(e.args) != 1 or not isinstance(e.args[0], ast.Var):
            return k
        name = e.args[0].name
        old = env.vals.get(name)
        if old is None or old.is_const or old.kind is not None or env.names.get(name) != old.code:
            return k
        if self.mod.resolve_function(e, env)[0] != "builtin" or self.mod.is_mocked_builtin(e.name):
            return k

        def known():
            env.vals[name] = replace(old, undef=False, kind=kind)
            try:
                k()
            finally:
                env.vals[name] = old

        return known

    def _may_fail(self, t, env: Env) -> bool:
        """Whether evaluating ``t`` may raise an error: in strict mode, any
        call or rule it reads; in default mode, an error default mode keeps."""
        if not self.mod.strict:
            return self.mod.keeps_errors(t, env)
        return any(
            isinstance(n, ast.Call) or isinstance(n, ast.Var) and not env.is_local(n.name) and n.name != "input"
            for n in ast.walk(t)
        )

    def _typing_arguments(self, t: ast.Call, name: str, env: Env, k: K) -> None:
        """``k`` with the function's arguments that ``t`` passes to the
        builtin ``name`` typed as it declares them, as OPA's checker types a
        variable of no type yet (``unify1``): those no literal before this
        one mentions (``lit_untyped``); within this literal OPA checks the
        calls first. (None of it where OPA does not check: an every body.)"""
        decl = declaration(name)
        typed = {}
        if env.typed and decl is not None and self.lit_untyped:
            for a, d in zip(t.args, decl[:-1]):
                if isinstance(a, ast.Var) and a.name in self.lit_untyped and a.name not in typed:
                    v = env.vals.get(a.name)
                    otype = typeforms.declared_type(d)
                    if v is not None and v.otype is None and otype is not None:
                        typed[a.name] = v
                        env.vals[a.name] = replace(v, otype=otype)
                        self._note_negation_type(a.name, otype, env)
        try:
            k()
        finally:
            env.vals.update(typed)

    def _typing_unified(self, op, terms, vals, env: Env, k: K) -> None:
        """``k`` with a function's argument that no literal before typed
        (``lit_untyped``) and that ``==`` (``=``) unifies with a value of
        known type typed as that value (OPA's ``unify1``: ``x == 1`` then
        ``upper(x)`` is a type error)."""
        typed = {}
        if op == "equal" and env.typed and self.lit_untyped:
            for t, other in ((terms[0], vals[1]), (terms[1], vals[0])):
                if isinstance(t, ast.Var) and t.name in self.lit_untyped and other.otype is not None:
                    v = env.vals.get(t.name)
                    if v is not None and v.otype is None and t.name not in typed:
                        typed[t.name] = v
                        env.vals[t.name] = replace(v, otype=other.otype)
                        self._note_negation_type(t.name, other.otype, env)
        try:
            k()
        finally:
            env.vals.update(typed)

    def _note_negation_type(self, name: str, otype, env: Env) -> None:
        """Keep the type given to an argument in a negated literal itself,
        and in the function's clause (not in a comprehension, whose scope
        is a copy in OPA)."""
        if self.negation_types is not None:
            self.negation_types.setdefault(name, otype)
        if self.clause_types is not None:
            self.clause_types.setdefault(name, otype)

    def _typed_then(self, types: dict, env: Env, k: K) -> None:
        """``k`` with the arguments of ``types`` (name -> type) that have no
        type yet typed so."""
        typed = {}
        for name, otype in types.items():
            v = env.vals.get(name)
            if v is not None and v.otype is None:
                typed[name] = v
                env.vals[name] = replace(v, otype=otype)
        try:
            k()
        finally:
            env.vals.update(typed)

    def _check_output(self, call: ast.Call, target, env: Env) -> None:
        """OPA's check of a call's output argument (``count(x, n)``,
        ``f(1, y)``): its type must unify with the function's result."""
        if not env.typed:
            return
        kind, what, _ = target
        if kind == "builtin":
            want = typeforms.result_type(what.name)
        elif kind == "rule" and what.kind == "function":
            want = self.mod.function_type(what)
        else:
            return
        if typeforms.disjoint(self.static_type(call.args[-1], env), want):
            raise self.type_error(call, f"{'.'.join(call.name)}: invalid argument(s)")

    def _unifies_then(self, e, op, a: Val, b: Val, env: Env) -> None:
        """OPA's check of ``a == b`` (``a = b``) on the types of the two
        values as evaluated (``Val.otype``: what the syntax alone does not
        tell, ``_check_unifies``: a comprehension's elements' types)."""
        if op == "equal" and env.typed and typeforms.disjoint(a.otype, b.otype):
            raise self.type_error(e, "match error")

    def _compare_then(self, op, a: Val, b: Val, k: K) -> None:
        if op == "equal":
            self.eq_then(a, b, k)
            return
        self.guard([a, b], lambda: self.nest(
            f"if {self.compare_code(op, self.defined(a), self.defined(b))}:", k
        ))

    def _string_test(self, e, meth, a: Val, b: Val, env, k):
        if self.mod.strict:
            fallback = f"{self.mod.builtin(e.name[0])}({a.code}, {b.code})"
        else:
            fallback = "False"
        if b.kind == "string" and a.kind == "string":
            code = f"{_a(a.code)}.{meth}({b.code})"
        elif b.kind == "string":
            code = f"({_a(a.code)}.{meth}({b.code}) if {_a(a.code)}.__class__ is str else {fallback})"
        else:
            code = (
                f"({_a(a.code)}.{meth}({b.code}) if {_a(a.code)}.__class__ is str and "
                f"{_a(b.code)}.__class__ is str else {fallback})"
            )
        self.guard([a, b], lambda: self.nest(f"if {code}:", k))

    def truthy_then(self, v: Val, k: K) -> None:
        if v.is_const:
            if v.const is not False:
                k()
            else:
                self.dead(k)
            return
        if v.kind == "boolean" and not v.undef:  # (True or False)
            self.nest(f"if {v.code}:", k)
        elif v.kind == "boolean":
            self.nest(f"if {v.code} is True:", k)
        elif v.undef:
            self.nest(f"if {v.code} is not False and {v.code} is not _U:", k)
        else:
            self.nest(f"if {v.code} is not False:", k)

    # -- iteration ------------------------------------------------------

    def const_items(self, coll: Val):
        """(key, value) pairs of a small constant collection in OPA's order, or None."""
        if not coll.is_const or not isinstance(coll.const, (list, dict, self.mod.set_type)):
            return None
        if len(coll.const) > UNROLL_LIMIT:
            return None
        from ..runtime.gen import _items

        return list(_items(coll.const))

    def some_in(self, e: ast.SomeIn, env: Env, k: K) -> None:
        if isinstance(e.collection, ast.Scalar):
            # OPA's type checker: iterating a constant that is no collection
            raise self.type_error(e, "match error")
        checked = env.typed or isinstance(e.collection, ast.Var) and e.collection.name in env.checked_refs

        def loop(coll: Val):
            if checked and opatypes.iteration_error(coll.otype):
                raise self.type_error(e, opatypes.iteration_message(coll.otype))
            # OPA rewrites ``some k, v in C`` into ``v = C[k]``: the key is
            # typed as C's keys, the value as its values
            keys, values = typeforms.keys_type(coll.otype), typeforms.values_type(coll.otype)
            if checked:
                # a bound variable that the collection is or declares again
                # unifies with the elements (and the keys), as OPA rewrites
                # it: OPA rejects a type they cannot have
                pairs = [(e.value, values)]
                if e.key is not None:
                    pairs.append((e.key, keys))
                for pat, want in pairs:
                    if (want is not None and isinstance(pat, ast.Var) and not self.unbound_var(pat, env)
                            and opatypes.redeclares(e.collection, pat.name)):
                        if typeforms.disjoint(self.static_type(pat, env), want):
                            raise self.type_error(e, "match error")
                if (isinstance(e.key, ast.Var) and isinstance(e.value, ast.Var) and e.key.name == e.value.name
                        and self.unbound_var(e.key, env) and typeforms.disjoint(keys, values)):
                    # (``some x, x in C``: x typed as a key, then unified with a value)
                    raise self.type_error(e, "match error")
            items = self.const_items(coll)
            if items == []:  # (nothing to iterate: OPA checks what follows all the same)
                self.dead(lambda: loop(replace(coll, const=NOTCONST)))
                return
            self.loops += items is None or len(items) > 1
            if items is not None:
                for key, val in items:
                    val = _with_type(self.mod.const(val), values)
                    if e.key is None:
                        self.match(e.value, val, env, k)
                    else:
                        self.match(e.key, _with_type(self.mod.const(key), keys), env, lambda val=val: self.match(
                            e.value, val, env, k
                        ))
                return
            v = self.tmp("v")
            x = e.value
            if isinstance(x, ast.Var) and not is_wild(x.name) and not x.name.startswith("$") \
                    and x.name not in env.names:
                v = var_name(x.name)  # (the loop binds the variable itself)
            if e.key is None:
                self.nest(
                    f"for {v} in {self._values(coll)}:",
                    lambda: self.match(e.value, Val(v, otype=values), env, k),
                )
            else:
                kk = self.tmp("k")
                self.nest(
                    f"for {kk}, {v} in _items({coll.code}):",
                    lambda: self.match(e.key, Val(kk, otype=keys), env,
                                       lambda: self.match(e.value, Val(v, otype=values), env, k)),
                )

        self.term(e.collection, env, loop)

    def _values(self, coll: Val) -> str:
        """An iterable of a collection's values in OPA's order; arrays (what
        events hold) without a call."""
        if coll.kind == "array":
            return coll.code
        return f"({coll.code} if {_a(coll.code)}.__class__ is list else _values({coll.code}))"

    def every(self, e: ast.Every, env: Env, k: K) -> None:
        def run(dom: Val):
            ok = self.tmp("ok")
            if dom.kind in ("array", "object", "set"):
                self.emit(f"{ok} = True")
            else:
                self.emit(f"{ok} = {_a(dom.code)}.__class__ in _COLLECTIONS")
            kk, vv = self.tmp("k"), self.tmp("v")

            def each():
                def inner(e2: Env):
                    if env.typed:
                        e2.checked_refs = frozenset(env.names)
                    e2.typed = False  # OPA does not type-check the body of an ``every``
                    e2.declared |= {x.name for x in (e.key, e.value) if x is not None}
                    if e.key is not None and not is_wild(e.key.name):
                        e2.names[e.key.name] = kk
                    if not is_wild(e.value.name):
                        e2.names[e.value.name] = vv
                    cond = self.exists(list(e.body), e2)
                    self.nest(f"if not {cond}:", lambda: (self.emit(f"{ok} = False"), self.emit("break")))

                self.scoped(env, inner)

            # (OPA's order, objects by key and sets by element, decides which
            # builtin error comes first in strict mode, or whether a conflict
            # comes before a false body; else any order will do)
            items = "_items" if self.mod.strict or self.mod.keeps_errors(e.body, env) else "_items_any"
            self.mod.runtime_names.add(items)
            self.nest(f"if {ok}:", lambda: self.nest(f"for {kk}, {vv} in {items}({dom.code}):", each))
            self.nest(f"if {ok}:", k)

        self.term(e.domain, env, run)

    # -- terms ------------------------------------------------------------

    def terms(self, ts, env: Env, k: Callable[[list], None], guard: bool = True) -> None:
        """Evaluate several terms; those that bind variables (refs iterating
        over an unbound selector) go first, as OPA does. With ``guard``, stop
        at the first undefined one (the values passed on are then defined)."""
        order = self._eval_order(ts, env)
        vals: list = [None] * len(ts)

        def step(i):
            if i == len(order):
                k(list(vals))
                return
            j = order[i]

            def got(v, j=j):
                if guard and v.undef:
                    vals[j] = self.defined(v)
                    self.guard([v], lambda: step(i + 1))
                else:
                    vals[j] = v
                    step(i + 1)

            self.term(ts[j], env, got)

        step(0)

    def _eval_order(self, ts, env: Env) -> list[int]:
        if len(ts) < 2:
            return list(range(len(ts)))
        needs = Needs(env.is_local, set(env.outer))
        bound = set(env.names)
        todo = list(range(len(ts)))
        order = []
        while todo:
            for i in todo:
                if needs.ground(ts[i], bound) <= bound:
                    break
            else:
                return order + todo
            todo.remove(i)
            order.append(i)
            bound |= term_vars(ts[i], env.is_local)
        return order

    def term(self, t, env: Env, k: Callable[[Val], None]) -> None:
        if isinstance(t, (ast.Array, ast.Object, ast.Scalar, ast.SetTerm, ast.TemplateString)):  # (opatypes.value_type)
            otype = opatypes.value_type(t, memo=self.mod.value_types)
            if isinstance(t, (ast.Array, ast.Object, ast.SetTerm)):
                c = self.const_value(t)
                if c is not NOTCONST:
                    k(replace(self.mod.const(c, t), otype=otype))
                    return
                # (typed from its items' types: _array, _set, _object)
            elif otype is not None:
                k = _typed(k, otype)
        if isinstance(t, ast.Scalar):
            k(self.mod.const(t.value, t))
        elif isinstance(t, ast.Var):
            if env.is_local(t.name):
                if t.name in env.names:
                    k(env.vals.get(t.name) or Val(env.names[t.name]))
                    return
                raise self.error(t, f"var {rego_name(t.name)} is unsafe", "rego_unsafe_var_error")
            self.ref(ast.Ref(t, (), t.pos), env, k)
        elif isinstance(t, ast.Ref):
            self.ref(t, env, k)
        elif isinstance(t, ast.Array):
            self.terms(t.items, env, lambda vs: self._array(vs, k))
        elif isinstance(t, ast.SetTerm):
            if len(t.items) < 2 or all(is_ground(x) for x in t.items):
                self.terms(t.items, env, lambda vs: self._set(vs, k))
                return
            items = literal_order(t.items, Locals(env.is_local, self.mod.program.declared_names))
            if site(t) in self.mod.program.order_free_sets:  # no one iterates it
                self.terms(items or t.items, env, lambda vs: self._set(vs, k))
            elif items is not None:
                self.terms(items, env, lambda vs: self._set(vs, k, "_mkset_lit"))
            else:  # OPA iterates it in an order its compiler's generated names decide
                raise self.unsupported(t, "iterating a set literal of two variables, calls or comprehensions")
        elif isinstance(t, ast.Object):
            order, items = None, t.items
            if len(t.items) > 1 and not all(is_ground(a) for a, _ in t.items):
                keys = [a for a, _ in t.items]
                known = literal_order(keys, Locals(env.is_local, self.mod.program.declared_names))
                known = known if known is not None and len(known) == len(keys) else ()
                if known:
                    # OPA inserts the pairs in its keys' term order: built in
                    # that order, a dict keeps the first equal key's text and
                    # the last value, as OPA's object does
                    items = tuple(t.items[keys.index(x)] for x in known)
                if site(t) not in self.mod.program.order_free_sets:
                    order = known  # iterated: refused unless the keys' values sort as their terms
            obj = t if items is t.items else ast.Object(items, t.pos)
            flat = [x for kv in items for x in kv]
            self.terms(flat, env, lambda vs: self._object(vs, k, obj, order))
        elif isinstance(t, (ast.ArrayCompr, ast.SetCompr, ast.ObjectCompr)):
            self.comprehension(t, env, k)
        elif isinstance(t, ast.Call):
            self.call(t, env, k)
        elif isinstance(t, ast.Membership):
            self.membership(t, env, k)
        elif isinstance(t, ast.TemplateString):
            self.template(t, env, k)
        elif isinstance(t, (ast.Unify, ast.Assign, ast.SomeIn, ast.SomeDecl, ast.Every)):
            raise self.error(t, "expression used as a value", "rego_parse_error")
        else:  # pragma: no cover - the parser makes no other node
            raise self.unsupported(t, type(t).__name__)

    def const_value(self, t):
        return literal_value(t)

    def _array(self, vs, k):
        k = _typed(k, typeforms.array_type([v.otype for v in vs]))
        if all(v.is_const for v in vs):
            k(self.mod.const([v.const for v in vs]))
            return
        self.guard(vs, lambda: k(Val(f"[{', '.join(v.code for v in vs)}]", kind="array")))

    def _set(self, vs, k, make="_mkset"):
        k = _typed(k, typeforms.set_type([v.otype for v in vs]))
        if make == "_mkset" and all(v.is_const for v in vs):
            k(self.mod.const(self.mod.rt_set([v.const for v in vs])))
            return
        t = self.tmp("s")
        self.guard(vs, lambda: (self.emit(f"{t} = {make}(({''.join(v.code + ', ' for v in vs)}))"), k(Val(t, kind="set"))))

    def _object(self, vs, k, t=None, order=None):
        keys, values = vs[0::2], vs[1::2]
        k = _typed(k, opatypes.literal_object_type([a for a, _ in t.items], [v.otype for v in keys],
                                                   [v.otype for v in values]))
        if order is not None and not self._key_order_known(keys, t, order):
            # OPA iterates it in its keys' term order, and of equal keys keeps the first's text
            raise self.unsupported(t, "object literal with non-constant keys")
        if all(v.is_const for v in vs):
            k(self.mod.const(self.mod.rt_object([(a.const, b.const) for a, b in zip(keys, values)])))
            return
        t = self.tmp("o")

        def build():
            if all(x.is_const and isinstance(x.const, str) for x in keys) and len(
                {x.const for x in keys}
            ) == len(keys):
                items = ", ".join(f"{a.code}: {b.code}" for a, b in zip(keys, values))
                self.emit(f"{t} = {{{items}}}")
            else:
                pairs = "".join(f"({a.code}, {b.code}), " for a, b in zip(keys, values))
                self.emit(f"{t} = _mkobj(({pairs}))")
            k(Val(t, kind="object"))

        self.guard(vs, build)

    def _key_order_known(self, keys, t, order) -> bool:
        """Whether the keys of the object literal ``t`` (their values ``keys``)
        are constants whose value order is their term ``order``, OPA's."""
        if not order or not all(v.is_const for v in keys):
            return False
        by_term = [keys[[a for a, _ in t.items].index(x)].const for x in order]
        return all(self.mod.rt_compare(a, b) < 0 for a, b in zip(by_term, by_term[1:]))

    def comprehension(self, t, env: Env, k) -> None:
        bad = unbound_index_use(t, set(env.names), env.is_local)
        if bad is not None:
            raise self.unsupported(bad, "a builtin call on a variable bound outside the comprehension and again later "
                                        "inside it (OPA's comprehension index calls it unbound: an internal error)")
        acc = self.tmp("c")
        if isinstance(t, ast.ArrayCompr):
            self.emit(f"{acc} = []")
        elif isinstance(t, ast.SetCompr):
            self.emit(f"{acc} = _Set()")
        else:
            self.emit(f"{acc} = {{}}")

        loops = self.loops
        start = len(self.out.lines)

        def append(v: Val) -> None:
            self.emit(f"{acc}.append({v.code})")
            if id(t) in self.first_only and _in_open_for(self.out, start):
                self.emit("break")  # only the first element is used (firstonly.py)

        untyped = []  # the untyped arguments where the head is reached
        heads = []  # the types of the head's values (typeforms.typed_elements)
        pairs = []  # (an object's: its keys' and values' types)
        untyped0 = self.compr_untyped.get(id(t), env.untyped)  # (where OPA checks it, in its literal)

        def inner(e2: Env):
            e2.typed = True  # OPA types a comprehension's body wherever it stands
            e2.untyped = untyped0

            def collect():
                untyped.append(e2.untyped)
                # (OPA evaluates the calls of the head first, innermost first and
                # the key's before the value's; then the key, which stops there if
                # undefined, then the value: so `{input.z: to_number("a") | true}`
                # fails, `{f(x): x / x | ...}` with `f(x)` undefined does not)
                if isinstance(t, ast.ArrayCompr):
                    self.head_term(t.term, e2, lambda v: heads.append(v.otype) or self.guard([v], lambda: append(v)))
                elif isinstance(t, ast.SetCompr):
                    self.head_term(t.term, e2, lambda v: heads.append(v.otype) or self.guard(
                        [v], lambda: self.emit(f"{acc}.add({v.code})")
                    ))
                else:
                    kv2, pre = self.hoist_calls(ast.Array((t.key, t.value), t.pos), e2)
                    key, value = kv2.items
                    self._bind_all(pre, e2, lambda: self.term(key, e2, lambda kv: self.guard(
                        [kv], lambda: self.term(value, e2, lambda vv: pairs.append((kv.otype, vv.otype)) or self.guard(
                            [vv], lambda: self.emit(f"_obj_put({acc}, {kv.code}, {vv.code})")
                        )))))

            self.body(list(t.body), e2, collect)

        # (its scope is a copy in OPA: what it types stays there)
        saved, self.negation_types, self.clause_types = (self.negation_types, self.clause_types), None, None
        try:
            self.scoped(env, inner)
        finally:
            self.negation_types, self.clause_types = saved
        self.loops = loops
        kind = {ast.ArrayCompr: "array", ast.SetCompr: "set", ast.ObjectCompr: "object"}[type(t)]
        if not untyped:  # the head is never reached (a body that cannot hold): as far as its literals tell
            untyped.append(untyped0 - opatypes.typing_uses(list(t.body), untyped0))
        otype = opatypes.comprehension_type(t, frozenset.intersection(*untyped))
        otype = typeforms.typed_elements(otype, heads, pairs)
        if otype is None:  # (a set or an object, of elements of types not known here)
            otype = ("kinds", frozenset(["set"])) if kind == "set" else ("objectof", None, None)
        k(Val(acc, kind=kind, otype=otype))

    def member_code(self, xv: Val, coll: Val) -> str:
        """``x in coll`` for a defined ``x``: a frozenset test where the
        collection is constant strings and integers and ``x`` a string or an
        int; Python's ``in`` on an array for a constant string (a string
        equals only an equal string)."""
        x = xv.code
        if coll.kind == "array" and not coll.is_const and xv.is_const and xv.const.__class__ is str:
            return f"({x} in {coll.code})"
        self.mod.runtime_names.add("_member")
        if coll.is_const and self.mod.all_scalars(coll.const):
            fs = self.mod.string_set(coll.const)
            return f"({_a(x)} in {fs} if {_a(x)}.__class__ is int or {_a(x)}.__class__ is str else _member({x}, {coll.code}))"
        return f"_member({x}, {coll.code})"

    def membership(self, t: ast.Membership, env: Env, k, cond: bool = False) -> None:
        k = _typed(k, ("scalar", "boolean"))  # (OPA declares internal.member_2/3 boolean)

        def go(vals):
            if t.key is None:
                x, coll = vals
                if coll.is_const and self.mod.all_strings(coll.const):
                    fs = self.mod.string_set(coll.const)
                    self.guard([x] if not cond else [], lambda: k(Val(
                        f"({_a(x.code)}.__class__ is str and {x.code} in {fs})", kind="boolean"
                    )))
                    return
                self.guard(vals, lambda: k(Val(self.member_code(x, coll), kind="boolean")))
            else:
                key, x, coll = vals
                self.guard(vals, lambda: k(Val(f"_member3({key.code}, {x.code}, {coll.code})", kind="boolean")))

        parts = [t.value, t.collection] if t.key is None else [t.key, t.value, t.collection]
        # (OPA makes a comprehension only after the operands before it are defined;
        # in strict mode an operand after an undefined one, failing, shows)
        self.terms(parts, env, go, guard=self.mod.strict or any(isinstance(p, _COMPR) for p in parts))

    def template(self, t: ast.TemplateString, env: Env, k) -> None:
        exprs = [p for p in t.parts if not isinstance(p, str)]
        needs = Needs(env.is_local, set(env.outer))
        for p in exprs:
            if isinstance(p, ast.Literal) and p.negated:
                raise self.unsupported(p, "not inside a template string")
            if needs.outputs(p.expr if isinstance(p, ast.Literal) else p) - set(env.names):
                # OPA: "template-strings must not produce multiple outputs"
                raise self.unsupported(p, "a template-string expression with several values")

        def go(vals):
            it = iter(vals)
            parts = []
            for p in t.parts:
                parts.append(repr(p) if isinstance(p, str) else next(it).code)
            r = self.tmp()
            self.emit(f"{r} = _template(({''.join(x + ', ' for x in parts)}))")
            k(Val(r, kind="string"))

        self.terms_maybe_undef(exprs, env, go)

    def terms_maybe_undef(self, ts, env, k, acc=None):
        """Like ``terms`` but an undefined term is passed on as ``_U`` (and a
        term with several values gives several continuations)."""
        acc = [] if acc is None else acc
        if len(acc) == len(ts):
            k(acc)
            return
        t = ts[len(acc)]
        if isinstance(t, ast.Literal):  # ``x with input as y`` in a template string
            # one value at most (no outputs); undefined when a with value is (OPA)
            r = self.tmp()
            self.emit(f"{r} = _U")
            self.under_withs(t, env, lambda outside: self.term(t.expr, env, lambda v: self.emit(f"{r} = {v.code}")))
            self.terms_maybe_undef(ts, env, k, acc + [Val(r, True)])
            return
        self.term(t, env, lambda v: self.terms_maybe_undef(ts, env, k, acc + [v]))

    # -- references -----------------------------------------------------

    def ref(self, t: ast.Ref, env: Env, k) -> None:
        head = t.head
        if isinstance(head, ast.Var):
            name = head.name
            if env.is_local(name):
                if name not in env.names:
                    raise self.error(head, f"var {rego_name(name)} is unsafe", "rego_unsafe_var_error")
                self.path(env.vals.get(name) or Val(env.names[name]), t.path, env, k, bare=id(t) in self.bare_refs,
                          check=name in env.checked_refs)
                return
            if name == "input":
                self.path(Val(env.inp, True), t.path, env, k)
                return
            if name == "data":
                self.data_ref(t.path, env, k, t)
                return
            imp = env.resolver.imports.get(name)
            if imp is not None:
                self.ref(ast.Ref(imp.head, imp.path + t.path, t.pos), env, k)
                return
            pkg = tuple(ast.Scalar(s) for s in env.resolver.package)
            self.data_ref(pkg + (ast.Scalar(name, None, head.pos),) + t.path, env, k, t)
            return
        self.term(head, env, lambda v: self.path(v, t.path, env, k, bare=id(t) in self.bare_refs))

    def path(self, v: Val, path, env: Env, k, storage: bool = False, bare: bool | None = None,
             check: bool = False, typed=None) -> None:
        """``v`` then ``path``; ``storage``: ``v`` is a base document, read with
        the keys of OPA's store (a number key is its text, see ``_getd``);
        ``bare``: the whole ref is a literal of its own (None: not known);
        ``check``: OPA checks the ref even in the body of an every;
        ``typed``: OPA's type of ``v`` (selected in a value of known type)."""
        v = _with_type(v, typed)
        if not path:
            k(v)
            return
        seg, rest = path[0], path[1:]
        key = opatypes.const_key(seg)
        child = typeforms.values_type(v.otype, key)  # (the type of v[seg])
        keys = typeforms.keys_type(v.otype)
        if (env.typed or check) and v.otype is not None:
            if typeforms.index_error(v.otype, key):
                raise self.type_error(seg, opatypes.index_message(v.otype, key))
            if isinstance(seg, ast.Var) and not self.unbound_var(seg, env) and seg.name in env.vals \
                    and typeforms.disjoint(env.vals[seg.name].otype, keys):
                # a bound variable whose type no key of the collection has
                raise self.type_error(seg, "undefined ref")
            if key is NOTCONST and v.otype in typeforms.NIL_VALUES and (rest or env.typed and bare is False):
                # a value of unknown type: OPA rejects it unified with anything
                # (``x := j[i]``, an argument, an array item: its rewriting
                # assigns it) or read further, not as a literal of its own
                raise self.type_error(seg, "undefined ref: have: <nil>" if rest else "match error: left: ???, right: ???")
        if isinstance(seg, ast.Scalar) and isinstance(seg.value, str) and not (storage and _DIGITS.fullmatch(seg.value)):
            if v.is_const:
                c = self.mod.rt_get(v.const, seg.value)
                if c is not self.mod.UNDEF:
                    self.path(self.mod.const(c), rest, env, k, storage, typed=child)
                return
            key = (v.code, seg.value)
            stable = v.code == env.inp or v.code in self.stable
            known = self.lookups.get(key) if stable else None
            if known is not None:
                self.path(known, rest, env, k, storage, typed=child)
                return
            t = self.tmp()
            if v.kind == "set":
                self.emit(f"{t} = _getk({v.code}, {seg.value!r})")
            else:
                self.emit(
                    f"{t} = {_a(v.code)}.get({seg.value!r}, _U) if {_a(v.code)}.__class__ is dict "
                    f"else _getk({v.code}, {seg.value!r})"
                )
            val = Val(t, True)
            if stable:
                # a lookup below input is the same wherever it is made: later
                # code that this line dominates reuses it
                self.lookups[key] = val
                self.stable.add(t)
            self.path(val, rest, env, k, storage, typed=child)
            if stable and self.out.ind > self.base_indent:
                self.lookups.pop(key, None)
            return
        if self.unbound_var(seg, env):
            items = self.const_items(v)
            if items is not None:
                # a small constant collection: one block per element, constants known
                self.loops += len(items) > 1
                for key, val in items:
                    if is_wild(seg.name):
                        self.path(self.mod.const(val), rest, env, k, storage, typed=child)
                    else:
                        self.match(seg, replace(self.mod.const(key), otype=keys), env, lambda val=val: self.path(
                            self.mod.const(val), rest, env, k, storage
                        ))
                return
            self.loops += 1
            x = self.tmp("v")
            if is_wild(seg.name):
                self.nest(f"for {x} in {self._values(v)}:", lambda: self.path(Val(x), rest, env, k, storage, typed=child))
                return
            kk = var_name(seg.name)

            def body():
                env.names[seg.name] = kk
                env.vals[seg.name] = Val(kk, otype=keys)  # (OPA types it as the collection's keys)
                self.path(Val(x), rest, env, k, storage, typed=child)
                env.names.pop(seg.name, None)
                env.vals.pop(seg.name, None)

            self.nest(f"for {kk}, {x} in _items({v.code}):", body)
            return

        if isinstance(seg, (ast.Array, ast.Object)) and self._has_unbound(seg, env):
            # a pattern selector: iterate and match the keys
            self.loops += 1
            x, kk = self.tmp("v"), self.tmp("k")
            self.nest(
                f"for {kk}, {x} in _items({v.code}):",
                lambda: self.match(seg, Val(kk), env, lambda: self.path(Val(x), rest, env, k, storage, typed=child)),
            )
            return

        def lookup(key: Val):
            if v.is_const and key.is_const and not storage:
                c = self.mod.rt_get(v.const, key.const)  # known now
                if c is not self.mod.UNDEF:
                    self.path(self.mod.const(c), rest, env, k, storage, typed=child)
                return
            t = self.tmp()
            if v.is_const and not storage and v.kind in ("set", "object") and self.mod.all_strings(list(v.const)):
                # constant strings (elements or keys): no other value finds one
                x = _a(key.code)
                if v.kind == "set":
                    fs = self.mod.string_set(v.const)
                    self.emit(f"{t} = {key.code} if {x}.__class__ is str and {x} in {fs} else _U")
                else:
                    self.emit(f"{t} = {v.code}.get({key.code}, _U) if {x}.__class__ is str else _U")
            elif v.kind == "array" and not key.is_const and not storage:
                # an array: an int key reads it directly
                x = _a(key.code)
                self.emit(f"{t} = {v.code}[{x}] if {x}.__class__ is int and 0 <= {x} < len({v.code}) "
                          f"else _getk({v.code}, {key.code})")
            elif key.kind == "number" and key.is_const and isinstance(key.const, int) and not storage:
                n = key.const
                if n < 0:
                    self.emit(f"{t} = _getk({v.code}, {n})")
                else:
                    # (a list is not empty where it has a first element)
                    has = _a(v.code) if n == 0 else f"len({v.code}) > {n}"
                    if v.kind == "array":
                        self.emit(f"{t} = {v.code}[{n}] if {has} else _U")
                    else:
                        self.emit(
                            f"{t} = ({v.code}[{n}] if {has} else _U) "
                            f"if {_a(v.code)}.__class__ is list else _getk({v.code}, {n})"
                        )
            elif storage:
                self.emit(f"{t} = _getd({v.code}, {key.code})")
            else:
                self.emit(f"{t} = _getk({v.code}, {key.code})")
            self.path(Val(t, True), rest, env, k, storage, typed=child)

        self.term(seg, env, lambda key: self.guard([key], lambda: lookup(self.defined(key))))

    def data_ref(self, path, env: Env, k, node) -> None:
        """A reference below ``data``: rules are called, the rest is base data."""
        self.mod.data_ref(self, path, env, k, node)

    # -- calls ----------------------------------------------------------

    def call(self, t: ast.Call, env: Env, k, target=None, outarg: bool = False) -> None:
        if target is None:
            target = self.mod.resolve_function(t, env)
        kind, what, arity = target
        args = t.args[:-1] if outarg else t.args
        if arity is not None and len(args) != arity:
            raise UndefinedFunctionError(
                t.pos, f"{'.'.join(t.name)}: arity mismatch: {len(args)} arguments given, {arity} expected",
                self.mod.source_for(t),
            )
        if kind == "builtin":
            self._type_check(t, args, env)
        if kind == "rule":
            if outarg and self.mod.fcached(what) and not self.unbound_var(t.args[-1], env):
                # OPA unifies a bound output with each definition's value (rules.py)
                if self._has_unbound(t.args[-1], env):
                    raise self.unsupported(
                        t.args[-1], f"a call of function {'.'.join(t.name)} with an output partly bound"
                    )
                if self.mod.program.may_override(what.path):
                    raise self.unsupported(
                        t, f"a call with its output bound of function {'.'.join(t.name)}, replaced by a with"
                    )
                self.terms(list(t.args), env, lambda vs: self.guard(
                    vs, lambda: self._rule_call(what, vs[:-1], env, k, out=vs[-1])
                ))
                return
            self.terms(args, env, lambda vs: self._check_parameters(t, what, vs, env, lambda: self.guard(
                vs, lambda: self._rule_call(what, vs, env, k))))
            return
        if kind == "builtin" and what.name == "print" and not outarg:
            # OPA rewrites each argument of print to the set of its values, so an
            # undefined argument prints as <undefined> instead of failing the body
            args = tuple(print_operand(a, i, self.tmp("p")) for i, a in enumerate(args))
        if kind == "compare":
            # (as a value, the condition is an operand: `10 != (a != b)`)
            self.terms(args, env, lambda vs: self.guard(vs, lambda: k(Val(
                _a(self.compare_code(what, self.defined(vs[0]), self.defined(vs[1]))), kind="boolean",
                otype=("scalar", "boolean"),  # (OPA declares the comparisons' result boolean)
            ))))
            return
        def call(vs):
            if kind == "builtin":
                self._kind_check(t, what.name, vs, env)
                self._typing_arguments(t, what.name, env, lambda: self.guard(
                    vs, lambda: self._builtin_call(t, what, vs, env, k)))
                return
            self.guard(vs, lambda: self._builtin_call(t, what, vs, env, k))

        self.terms(args, env, call)

    def _affix_call(self, t: ast.Call, env: Env, k) -> None:
        """``some v in C; startswith(x, v)`` as one test (see affix.py)."""
        _, some, orig = self.mod.affixes[id(t)]
        fn = t.name[1]

        def go(vs):
            subject, coll = vs
            strs = affix_items(self.const_items(coll), fn)
            if strs is None or self.mod.is_mocked_builtin((fn,)):  # as written
                self.some_in(some, env, lambda: self.cond(orig, env, k))
                return
            x = _a(subject.code)
            test = f"{x}.{fn}({py_str(strs)})"
            if subject.kind != "string":
                # not a string: the first element's builtin error (strict), else undefined
                slow = f"{self.mod.builtin(fn)}({subject.code}, {py_str(strs[0])})" if self.mod.strict else "False"
                test = f"({test} if {x}.__class__ is str else {slow})"
            self.nest(f"if {test}:", k)

        self.terms(t.args, env, lambda vs: self.guard(vs, lambda: go(vs)))

    def _kind_check(self, t: ast.Call, name: str, vs, env: Env) -> None:
        """OPA's type check of a builtin's arguments by their types
        (``Val.otype``): a set of unknown elements, or no kind in common
        with the declared one."""
        otypes = [v.otype for v in vs]
        if not env.typed or not any(otypes):
            return
        i = opatypes.bad_set_argument(name, otypes)
        if i is None:
            i = opatypes.bad_kind_argument(name, otypes)
        if i is not None:
            raise self.type_error(t, f"{name}: invalid argument(s): argument {i + 1}")

    def _type_check(self, t: ast.Call, args, env: Env) -> None:
        """OPA's compile-time type check of a builtin's literal arguments (and
        of variables assigned a literal with ``:=``, typed by it)."""
        if not env.typed:
            return
        consts = []
        for a in args:
            if isinstance(a, ast.Var) and a.name in env.literals:
                consts.append((env.literals[a.name],))
                continue
            c = literal_value(a)
            consts.append(None if c is NOTCONST else (c,))
        if any(c is not None for c in consts):
            name = ".".join(t.name)
            i = bad_argument(name, consts)
            if i is not None:
                raise self.type_error(t, f"{name}: invalid argument(s): argument {i + 1}")

    def _check_parameters(self, t: ast.Call, leaf, vs, env: Env, k: K) -> None:
        """OPA's check of a call of a function of the program: each
        argument's type must unify with the type the function's body gives
        its parameter (``f(x) := x + 1`` then ``f("a")``), where known
        (``Program.parameter_types``); ``k`` with the caller's arguments of
        no type yet (``lit_untyped``) typed so (``g(y) := f(y)``)."""
        params = self.mod.program.parameter_types.get(id(leaf)) if env.typed and leaf.kind == "function" else None
        if params is None:
            k()
            return
        for v, want in zip(vs, params):
            if typeforms.disjoint(v.otype, want):
                raise self.type_error(t, f"{'.'.join(t.name)}: invalid argument(s)")
        typed = {}
        for a, want in zip(t.args, params):
            if isinstance(a, ast.Var) and a.name in self.lit_untyped and a.name not in typed and want is not None:
                v = env.vals.get(a.name)
                if v is not None and v.otype is None:
                    typed[a.name] = v
                    env.vals[a.name] = replace(v, otype=want)
                    self._note_negation_type(a.name, want, env)
        try:
            k()
        finally:
            env.vals.update(typed)

    def _rule_call(self, leaf, vs, env, k, out: Val | None = None):
        """A call of rule or function ``leaf`` on the values ``vs`` (``out``:
        the bound output of ``f(args..., out)``, for a function whose calls
        go through OPA's cache of function values, ``ModuleGen.fcached``)."""
        if leaf.kind == "function":
            ft = self.mod.function_type(leaf)  # (OPA's type of its result)
            if ft is not None:
                k = _typed(k, ft)
        cached = leaf.kind == "function" and self.mod.fcached(leaf)
        every = vs
        spec = None if out is not None else self.mod.specialized(leaf, vs)
        if out is not None:
            fn, vs, key = self.mod.bound_variant(leaf), list(vs) + [self.defined(out)], None
        elif spec is not None:
            fn, vs, key = spec
        else:
            fn, key = self.rule_ref(leaf, env), ".".join(leaf.path)
        r = self.tmp("r")
        call = f"{fn}({env.inp}, {env.ctx}{''.join(', ' + v.code for v in vs)})"
        conflicting = leaf.kind == "function" and self.mod.may_conflict(leaf)
        if not cached and out is None:
            inlined = self._inlined(leaf, spec[0] if spec is not None else None, vs, env)
            if inlined is not None:
                call = inlined
        if cached:
            helper = "_fbound" if out is not None else "_fcached"
            self.mod.runtime_names.add(helper)
            fkey = f"({'data.' + '.'.join(leaf.path)!r}, {''.join(v.code + ', ' for v in every)})"
            call = f"{helper}({env.ctx}, {fkey}, {fn}, {env.inp}{''.join(', ' + v.code for v in vs)})"
        elif not vs and self._shared_per_event(leaf):
            # the same value for every signature that asks on this event,
            # computed once per event: called, not written inline, so that an
            # entry point's one pass over the arguments can fill it
            # (compiler/argscan.py recognises the callee)
            if not conflicting and self.shared_call(r, key, fn, env):
                k(Val(r, True))
                return
            call = f"_memo({key!r}, {fn}, {env.inp}, {env.ctx})"
        if conflicting:
            self.conflict_first(r, call, leaf, lambda: k(Val(r, True)))
            return
        # (the callee written here: what it returns is known)
        undef, kind = call[0].result() if not isinstance(call, str) else (True, None)
        self.assign_call(r, call)
        k(Val(r, undef, kind))

    def _inlined(self, leaf, spec, vs, env: Env):
        """The callee's code to write in place of its call (inline.py), as
        ``assign_call`` takes it, or None."""
        if self.in_dead or env.inp != "input" or env.ctx != "_ctx":
            return None
        callee = self.mod.inline_callee(leaf, spec)
        if callee is None or len(callee.params) != len(vs):
            return None
        # (Python's limits: 20 nested loops and try blocks, MAX_INDENT levels)
        if _open_blocks(self.out) + callee.blocks + 1 > 18 or self.out.ind + callee.depth + 1 > MAX_INDENT - 2:
            return None
        return (callee, [v.code for v in vs])

    def assign_call(self, r: str, call) -> None:
        """``r = call``, a call's code or a callee to write inline."""
        if isinstance(call, str):
            self.emit(f"{r} = {call}")
            return
        from .inline import inline_lines

        callee, args = call
        share = self.inline_shared and callee.prelude is not None
        if share:
            self.shared_used = True
        self.mod.inlined += 1
        for line in inline_lines(callee, r, args, self.mod.inlined, share):
            self.emit(line)

    def rule_ref(self, leaf, env: Env) -> str:
        """The function called for rule ``leaf`` here: in a copy specialised
        for an event kind, the callee's copy when it runs on the same event
        (compiler/entries.py)."""
        if self.variant is not None and env.inp == "input" and env.ctx == "_ctx":
            return self.variant.ref(leaf)
        return self.mod.element_ref(leaf)

    def conflict_first(self, r: str, call: str, leaf, k) -> None:
        """``r = call`` of function or complete rule ``leaf``, which may
        conflict, then ``k``: OPA runs the rest of the body with the first
        output before it finds a second, different one (or evaluates a later
        definition): an error there wins over the conflict, which comes after."""
        self.conflict_sites += 1
        p = self.tmp("p")
        self.mod.runtime_names.update({"_conflict_first", "_ConflictError"})
        self.nest("try:", lambda: (self.assign_call(r, call), self.emit(f"{p} = None")))
        self.nest("except _ConflictError as _c:", lambda: self.emit(
            f"{r}, {p} = _conflict_first(_c, {'data.' + '.'.join(leaf.path)!r})"
        ))
        self.nest("try:", k)
        self.nest("except BaseException:", lambda: (self.emit(f"{p} = None"), self.emit("raise")))
        pending = p
        if self.conflict_through is not None:
            # OPA gave this function's (rule's) first output to its caller
            # before the callee found its second (the caller runs on it first)
            self.mod.runtime_names.add("_conflict_through")
            first, origin = self.conflict_through
            pending = f"_conflict_through({p}, {first}, {origin!r})"
        self.nest("finally:", lambda: self.nest(f"if {p} is not None:", lambda: self.emit(f"raise {pending}")))

    def shared_call(self, r: str, key: str, fn: str, env: Env) -> bool:
        """``r = fn(input, _ctx)`` through the values shared per event, read
        inline from the function's ``_sv`` (no call when another signature
        computed it already); False where the call's input or context is not
        the function's own (under ``with``) or no prelude can be written."""
        if not self.inline_shared or env.inp != "input" or env.ctx != "_ctx":
            return False
        self.shared_used = True
        self.emit(f"{r} = _sv.get({key!r}, _NOTSET)")
        if isinstance(fn, str):
            self.nest(f"if {r} is _NOTSET:", lambda: self.emit(f"{r} = _sv[{key!r}] = {fn}(input, _ctx)"))
        else:  # (the callee written inline)
            self.nest(f"if {r} is _NOTSET:", lambda: (self.assign_call(r, fn), self.emit(f"_sv[{key!r}] = {r}")))
        return True

    def shared_prelude(self) -> list[str]:
        """The lines that start a function using ``shared_call``: ``_sv`` is
        the engine's values of this event when the function runs on that
        event in the engine's context (runtime.gen.event_ctx), else a dict of
        its own (the helpers shared are pure: see Program.shared_per_event)."""
        if not self.shared_used:
            return []
        # (runtime.gen.event_ctx: the engine's context of the event ``inp``)
        return ["    " * self.base_indent + "_sv = _ctx.sv if _ctx.inp is input else {}"]

    def _shared_per_event(self, leaf) -> bool:
        """A call of a helper of another package with nothing but constant
        arguments: its value depends on the event alone (in the engine's
        context), so it is computed once per event (``_memo``)."""
        return self.mod._shared_per_event(leaf)

    def _builtin_call(self, t, bi, vs, env, k):
        if bi.check is not None:  # (even where mocked: outside the with, the builtin runs)
            why = bi.check(bi.name, [(v.const,) if v.is_const else None for v in vs])
            if why is not None:
                raise self.unsupported(t, why)
        rt = typeforms.result_type(bi.name)
        if rt is not None:
            k = _typed(k, rt)
        mocked = self.mod.is_mocked_builtin(t.name)
        rule = getattr(self, "current_rule", None)
        if bi.name in METADATA_BUILTINS and not mocked and rule is not None:
            k(self.mod.const(self.mod.program.metadata(bi.name, rule), t))
            return
        if not mocked and not bi.relation and not bi.context:
            folded = self.mod.fold_builtin(bi, vs, t)
            if folded is not NOTCONST:
                k(folded)
                return
            inline = self._inline_builtin(bi, vs, t)
            if inline is not None:
                r = self.tmp("r")
                self.emit(f"{r} = {inline}")
                k(Val(r, not _inline_total(bi.name, vs), INLINE_KINDS.get(bi.name)))
                return
        fn = self.mod.builtin(bi.name)
        if mocked:
            ev = f", {env.ctx}.ev" if bi.context else ""
            fn = f"{env.ctx}.fn({bi.name!r}, {fn}, {env.inp}{ev})"
        args = ", ".join(v.code for v in self.mod.defined_all(vs))
        if bi.context and not mocked:  # the evaluation first (clock, caches, print hook)
            args = f"{env.ctx}.ev" + (", " + args if args else "")
        r = self.tmp("r")
        if bi.relation:
            self.loops += 1
            self.nest(f"for {r} in {self._safe(fn + '(' + args + ')', 'iter')}:", lambda: k(Val(r)))
            return
        if self.mod.strict:
            self.emit(f"{r} = {fn}({args})")
        else:
            self.nest("try:", lambda: self.emit(f"{r} = {fn}({args})"))
            self.nest("except _BuiltinErrors:", lambda: self.emit(f"{r} = _U"))
        k(Val(r, True))

    def _inline_builtin(self, bi, vs, node):
        """Python for a builtin call on the common types, falling back to the
        builtin (which raises, in strict mode) or undefined otherwise."""
        name = bi.name
        a = [_a(v.code) for v in vs]
        fallback = f"{self.mod.builtin(name)}({', '.join(a)})" if self.mod.strict else "_U"
        if name in ("regex.match", "re_match") and vs[0].is_const and isinstance(vs[0].const, str):
            if not self.mod.valid_regex(vs[0].const, node):
                return None
            x = _a(a[1])
            lit, how = self.mod.regex_plan(vs[0].const)
            if how is not None and how != "prefix":  # ASCII literals: a string test is RE2's answer
                test = {
                    "eq": "({0} == {1})", "startswith": "{0}.startswith({1})",
                    "endswith": "{0}.endswith({1})", "in": "({1} in {0})",
                }[how].format(x, py_str(lit))
            else:
                # the literals every match has first (the prefix, the rest), then RE2
                tests = [f"{x}.startswith({py_str(lit)})"] if how == "prefix" else []
                tests += [f"{py_str(r)} in {x}" for r in self.mod.regex_required(vs[0].const)]
                tests.append(f"({self.mod.regex(vs[0].const, node, name)}.search({a[1]}) is not None)")
                test = f"({' and '.join(tests)})" if len(tests) > 1 else tests[0]
            if vs[1].kind == "string":
                return test
            return f"({test} if {x}.__class__ is str else {fallback})"
        if name in ("bits.and", "bits.or", "bits.xor"):
            op = {"bits.and": "&", "bits.or": "|", "bits.xor": "^"}[name]
            checks = []
            for x, v in zip(a, vs):
                if v.is_const:
                    if not (isinstance(v.const, int) and not isinstance(v.const, bool)):
                        return None
                else:
                    checks.append(f"{x}.__class__ is int")
            if not checks:
                return None
            call = f"{self.mod.builtin(name)}, {', '.join(a)}"
            slow = f"{self.mod.builtin(name)}({', '.join(a)})" if self.mod.strict else f"_try({call})"
            return f"(({a[0]} {op} {a[1]}) if {' and '.join(checks)} else {slow})"
        if name == "split" and vs[1].is_const and isinstance(vs[1].const, str) and vs[1].const:
            # a separator that is not empty: Go's strings.Split is str.split
            x = _a(a[0])
            if vs[0].kind == "string":
                return f"{x}.split({a[1]})"
            return f"({x}.split({a[1]}) if {x}.__class__ is str else {fallback})"
        if name in ("plus", "minus") and _int_const(vs[1]):
            # int and int: an int, exact as OPA's; the rest through the builtin
            op = "+" if name == "plus" else "-"
            x, fn = _a(a[0]), self.mod.builtin(name)
            slow = f"{fn}({a[0]}, {a[1]})" if self.mod.strict else f"_try({fn}, {a[0]}, {a[1]})"
            return f"(({x} {op} {vs[1].code}) if {x}.__class__ is int else {slow})"
        if name in ("lower", "upper"):
            # ASCII text: Python's case mapping is Go's; the rest goes to the builtin
            x, fn = _a(a[0]), self.mod.builtin(name)
            if vs[0].kind == "string":
                return f"({x}.{name}() if {x}.isascii() else {fn}({a[0]}))"
            slow = f"{fn}({a[0]})" if self.mod.strict else f"_try({fn}, {a[0]})"
            return f"({x}.{name}() if {x}.__class__ is str and {x}.isascii() else {slow})"
        if name == "count":
            if vs[0].kind == "set":
                return f"len({_a(a[0])}.d)"  # (runtime.values.Set: its elements by key)
            if vs[0].kind in ("array", "object", "string"):
                return f"len({a[0]})"
            return f"(len({a[0]}) if {_a(a[0])}.__class__ in _SIZED else {fallback})"
        if name in ("startswith", "endswith", "contains") and vs[0].kind == "string" and vs[1].kind == "string":
            return f"({a[1]} in {a[0]})" if name == "contains" else f"{_a(a[0])}.{name}({a[1]})"
        if name in ("startswith", "endswith"):
            if vs[1].kind == "string":
                return f"({_a(a[0])}.{name}({a[1]}) if {_a(a[0])}.__class__ is str else {fallback})"
            return (
                f"({_a(a[0])}.{name}({a[1]}) if {_a(a[0])}.__class__ is str and {_a(a[1])}.__class__ is str "
                f"else {fallback})"
            )
        if name == "contains":
            if vs[1].kind == "string":
                return f"(({a[1]} in {a[0]}) if {_a(a[0])}.__class__ is str else {fallback})"
            return (
                f"(({a[1]} in {a[0]}) if {_a(a[0])}.__class__ is str and {_a(a[1])}.__class__ is str "
                f"else {fallback})"
            )
        if name in ("is_string", "is_array", "is_object", "is_number", "is_boolean", "is_null", "is_set"):
            test = {
                "is_string": "{0}.__class__ is str",
                "is_array": "{0}.__class__ is list",
                "is_object": "{0}.__class__ is dict",
                "is_number": "({0}.__class__ is int or {0}.__class__ is float or {0}.__class__ is _Num)",
                "is_boolean": "{0}.__class__ is bool",
                "is_null": "{0} is None",
                "is_set": "{0}.__class__ is _Set",
            }[name].format(_a(a[0]))
            return f"({test})"
        return None

    def _safe(self, code: str, what: str) -> str:
        if self.mod.strict:
            return code
        return f"_relation(lambda: {code})"


# a key of OPA's store that indexes an array (Go's strconv.Atoi)
_DIGITS = re.compile(r"[+-]?[0-9]+")
_COMPR = (ast.ArrayCompr, ast.SetCompr, ast.ObjectCompr)


def _a(code: str) -> str:
    """``code`` made safe for attribute access and as an operand (``5.__class__``
    is a syntax error, ``a < b.__class__`` reads ``b.__class__``)."""
    return f"({code})" if code[:1].isdigit() or code[:1] in "-." or _spaced(code) else code


def _spaced(code: str) -> bool:
    """Whether ``code`` has a space outside brackets and strings (an operator
    at its top level: ``a < b``, ``x if c else y``, ``not x``)."""
    depth, quote, i = 0, None, 0
    while i < len(code):
        c = code[i]
        if quote:
            if c == "\\":
                i += 1
            elif c == quote:
                quote = None
        elif c in "\"'":
            quote = c
        elif c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
        elif c == " " and depth == 0:
            return True
        i += 1
    return False


def _ground_input_ref(t, env: Env) -> bool:
    """A ref to input whose keys are constants: scalars, or composites of
    them (``input.a[[1]]``: OPA's rule index takes any ground ref)."""
    return (
        isinstance(t, ast.Ref)
        and isinstance(t.head, ast.Var)
        and t.head.name == "input"
        and not env.is_local("input")
        and bool(t.path)
        and all(_constant_key(p) for p in t.path)
    )


def _constant_key(p) -> bool:
    """Any scalar (``input[1e-7]``, ``input[null]``: OPA's index takes them,
    and reads them as its evaluation does), or a composite of constants."""
    if isinstance(p, ast.Scalar):
        return True
    return isinstance(p, (ast.Array, ast.Object, ast.SetTerm)) and literal_value(p) is not NOTCONST


def constant_key_value(p):
    """A constant key of a ref, as a value two refs are compared by (true is not 1)."""
    if isinstance(p, ast.Scalar):
        return (p.value is None, isinstance(p.value, bool), p.value)
    return obj_key(literal_value(p))


def _iterated_input_ref(t, env: Env):
    """For ``input.a.b[x]`` (input or a ground ref to it, then one key that
    is not a constant: a variable, a ref or call that OPA's compiler binds to
    a variable of its own, as ``input.a[input.n]``, or a composite holding
    one), the collection iterated (``input.a.b``), else None."""
    if not (isinstance(t, ast.Ref) and t.path and not isinstance(t.path[-1], ast.Scalar)
            and literal_value(t.path[-1]) is NOTCONST):
        return None
    coll = ast.Ref(t.head, t.path[:-1], t.pos) if len(t.path) > 1 else t.head
    return coll if _input_doc(coll, env) else None


def _input_doc(t, env: Env) -> bool:
    """``input`` itself or a ground ref to it."""
    return _ground_input_ref(t, env) or (isinstance(t, ast.Var) and t.name == "input" and not env.is_local("input"))


def index_conditions(body, heads, env: Env, strict: bool = True, arg_names=frozenset(), stated=None) -> list:
    """What OPA's rule index requires of the input before a clause runs:
    ("defined", ref, None), ("eq", ref, constant), ("in", ref, collection) or
    ("has", ref, constant) (a value of the collection at ref), for refs to input with
    constant selectors used in the clause's top-level literals (arguments of
    calls, operands, assigned values, bare terms, the head's terms).

    A clause with ``x in <collection of several values>`` (x a ref to input,
    or a function's argument, ``arg_names``) is indexed on the first such
    literal only: OPA drops its other conditions (asked of OPA in
    tests/test_eval_order.py)."""
    out: list = []
    seen: set = set()
    aliases: dict = {}
    consts: dict = {}  # variables assigned a constant by the literals before
    done: set = set()  # literals that are exactly one of the conditions
    equal: set = set()  # refs already required to equal a constant
    several: list = []  # the first `x in <several values>`: (literal, condition or None for an argument)
    mentions: list = []  # (literal, ref) of every condition, the head's terms last
    cur = [0]
    doc_alias: dict = {}  # variable -> (input or a ground ref to it assigned to it, its literal)

    eq_at: dict = {}  # ref -> (its constant, the literals of its "eq" condition)
    disabled: set = set()  # refs OPA's index does not take after all (see add)

    def key_of(kind, ref, c):
        return (kind, ref, None if kind == "defined" else (type(c).__name__, c if _scalar_value(c) else repr(c)))

    def disable(ref):
        equal.discard(ref)
        disabled.add(ref)
        for x in [x for x in out if x[0] == "eq" and x[1] == ref]:
            out.remove(x)
            seen.discard(key_of(*x))
        for j in eq_lits.pop(ref, ()):
            done.discard(j)

    eq_lits: dict = {}  # ref -> the literals taken out of the body as its "eq" condition

    def add(kind, ref, c=None):
        # OPA's index takes a ref's "eq" conditions (constants add up); any
        # later mention of the ref in another literal (a variable, an
        # argument of a call, the head) makes it take none: only "defined"
        # (asked of OPA: tests/test_eval_order.py INDEX_LATER_MENTION)
        if kind in ("eq", "defined") and not isinstance(ref, ast.Var):
            first = eq_at.get(ref)
            if ref in disabled:
                kind, c = "defined", None
            elif first is not None and cur[0] not in first[1]:
                if kind == "eq":
                    # (the same condition again, or another constant: they add
                    # up, the ref is one of them; tests/test_eval_order.py, "constants add up")
                    first[1].add(cur[0])
                else:
                    disable(ref)
                    kind, c = "defined", None
            elif kind == "eq" and first is None:
                eq_at[ref] = (c, {cur[0]})
        key = key_of(kind, ref, c)
        if kind == "defined" and ref in equal:
            return  # equal to a constant already: defined
        mentions.append((cur[0], kind, ref, c))
        if kind == "eq":
            equal.add(ref)
        if key not in seen:
            seen.add(key)
            out.append((kind, ref, c))

    def scalar(t):
        return isinstance(t, ast.Scalar)

    # OPA's compiler takes the calls nested in an expression out (expand.py),
    # then binds the refs among their arguments, in composites and in the keys
    # of refs to variables of their own (`__local = ref`, its rewriteDynamics):
    # each such equality on a ref to input is a `defined` condition
    def args(t):  # (rewriteDynamicsOne: the term itself is taken out)
        if _ground_input_ref(t, env):
            add("defined", t)
        elif _input_doc(t, env):  # (input itself: no condition to check, but stated)
            mentions.append((cur[0], "stated", t, None))
            if stated is not None:
                stated.append(t)
        elif isinstance(t, ast.Ref):
            in_term(t)
        elif isinstance(t, ast.Call) and t.name != ("print",):  # (print's operands may be undefined)
            for a in t.args:
                args(a)
        elif isinstance(t, ast.Membership):
            for a in (t.key, t.value, t.collection):
                if a is not None:
                    args(a)
        elif isinstance(t, (ast.Array, ast.SetTerm)):
            for x in t.items:
                args(x)
        elif isinstance(t, ast.Object):
            for a, b in t.items:
                args(a)
                args(b)

    def in_term(t):  # (rewriteDynamicsInTerm: a ref stays, its keys are taken out)
        if isinstance(t, ast.Ref):
            if not isinstance(t.head, ast.Var):
                args(t.head)  # (a call or composite subject is bound to a variable first)
            for p in t.path:
                args(p)
        elif not isinstance(t, (ast.ArrayCompr, ast.SetCompr, ast.ObjectCompr)):
            args(t)

    def const_of(t):
        """The scalar constant ``t`` is (a literal, or a variable assigned one before), else NOTCONST."""
        if scalar(t):
            return t.value
        if isinstance(t, ast.Var) and t.name in consts and _scalar_value(consts[t.name]):
            return consts[t.name]
        return NOTCONST

    def ref_of(t):
        if _ground_input_ref(t, env):
            return t
        if isinstance(t, ast.Var) and t.name in arg_names:
            return t  # (OPA indexes a function's arguments as refs)
        if isinstance(t, ast.Var):
            return aliases.get(t.name)
        return None

    for i, lit in enumerate(body):
        cur[0] = i
        if lit.withs:
            continue
        e = lit.expr
        if lit.negated:
            # what OPA takes out of a negation (see hoist_dynamics) is indexed too
            if isinstance(e, ast.Call) and e.name != ("equal",):
                for a in e.args:
                    args(a)
            elif isinstance(e, ast.Membership):
                for a in (e.key, e.value, e.collection):
                    if a is not None:
                        args(a)
            elif isinstance(e, (ast.Unify, ast.Call)):
                for side in ((e.left, e.right) if isinstance(e, ast.Unify) else e.args):
                    if isinstance(side, ast.Call):
                        for a in side.args:
                            args(a)
                    elif isinstance(side, ast.Ref):
                        for p in side.path:
                            args(p)
                    else:
                        args(side) if not _ground_input_ref(side, env) else None
            elif isinstance(e, ast.Ref):
                for p in e.path:
                    args(p)
            elif isinstance(e, (ast.Array, ast.SetTerm, ast.Object)):
                args(e)
            continue
        if isinstance(e, (ast.Unify, ast.Assign)) or (
            isinstance(e, ast.Call) and e.name == ("equal",) and len(e.args) == 2
        ):
            left, right = (e.left, e.right) if not isinstance(e, ast.Call) else e.args
            for a, b in ((left, right), (right, left)):
                if _iterated_input_ref(a, env) and const_of(b) is not NOTCONST:
                    # OPA indexes `input.xs[_] == c` as "some value of input.xs equals c"
                    add("has", _iterated_input_ref(a, env), const_of(b))
                r = ref_of(a)
                if r is None:
                    continue
                flat = isinstance(b, ast.Array) and all(scalar(x) for x in b.items)
                if scalar(b) or flat:  # (an array of scalars is indexed too)
                    add("eq", r, b.value if scalar(b) else literal_value(b))
                    if r is a and not isinstance(e, ast.Assign) and r not in disabled:
                        done.add(i)
                        eq_lits.setdefault(r, []).append(i)
                elif isinstance(r, ast.Var):
                    continue  # (an argument is indexed on constants only)
                elif isinstance(b, ast.Var) and b.name in consts and _scalar_value(consts[b.name]):
                    add("eq", r, consts[b.name])  # (a variable assigned a constant before)
                elif isinstance(b, ast.Var) and not isinstance(e, ast.Call) and env.is_local(b.name):
                    add("defined", r)
                    aliases.setdefault(b.name, r)
                elif _index_operand(b, env):  # (a variable after OPA's rewrites)
                    add("defined", r)
            in_term(left)
            in_term(right)
        elif isinstance(e, ast.Membership) and e.key is None and ref_of(e.value) is not None \
                and _indexable_collection(e.collection, consts):
            # OPA indexes `ref in <constant collection>` as one of several values
            r = ref_of(e.value)
            c = _indexable_collection(e.collection, consts)
            add("in", r, c)
            if r is e.value and isinstance(e.collection, (ast.Array, ast.SetTerm, ast.Object)):
                done.add(i)
            if _several_values(c) and out and out[-1][0] == "in" and out[-1][1] is r:
                several.append((i, out[-1]))
        elif isinstance(e, ast.Membership) and e.key is None and isinstance(e.value, ast.Var) \
                and e.value.name in arg_names \
                and _several_values(_indexable_collection(e.collection, consts)):
            several.append((i, None))  # (rego2py does not index arguments)
            args(e)
        elif isinstance(e, ast.Membership) and e.key is None and _input_doc(e.collection, env) \
                and const_of(e.value) is not NOTCONST:
            # OPA indexes `c in input.xs` as `input.xs[_] == c`
            add("has", e.collection, const_of(e.value))
        elif isinstance(e, ast.Membership) and e.key is None and isinstance(e.collection, ast.Var) \
                and e.collection.name in doc_alias and const_of(e.value) is not NOTCONST:
            # (and `x := input.xs; c in x` too: the condition of x's literal becomes it)
            doc, j = doc_alias[e.collection.name]
            mentions[:] = [m for m in mentions if not (m[0] == j and m[1] in ("defined", "stated"))]
            add("has", doc, const_of(e.value))
        elif isinstance(e, ast.Call):
            args(e)
        elif isinstance(e, ast.SomeIn):
            # (OPA: `some k, v in C` is `v = C[k]`, C's subject bound first
            # unless it is a ref: its calls, composites and keys are taken out)
            in_term(e.collection)
        elif isinstance(e, ast.Membership) and strict:
            # (a call in OPA: its operands are indexed; in default mode that
            # changes nothing, and the check would cost a guard)
            for a in (e.key, e.value, e.collection):
                if a is not None:
                    args(a)
        elif _ground_input_ref(e, env):
            add("defined", e)
        elif _input_doc(e, env):
            args(e)  # (a bare `input`: OPA's `__local = input`, indexed as defined)
        elif isinstance(e, (ast.Ref, ast.Array, ast.SetTerm, ast.Object)):
            in_term(e)
        elif isinstance(e, ast.Every):
            # (OPA assigns the domain to a variable first: `__local = domain`)
            if ref_of(e.domain) is not None:
                add("defined", ref_of(e.domain))
            args(e.domain)
        if isinstance(e, (ast.Unify, ast.Assign)) and isinstance(e.left, ast.Var) and env.is_local(e.left.name):
            c = literal_value(e.right)
            if c is not NOTCONST:
                consts[e.left.name] = c
            if _input_doc(e.right, env):
                doc_alias.setdefault(e.left.name, (e.right, i))
    cur[0] = len(body)
    for h in heads:
        if h is not None:
            args(h)
    if strict:
        done = set()  # (the index lets more values through: the literals decide)
    if several:
        i, cond = several[0]
        if cond is None:
            return [], set()
        # the later conditions on the same ref (the head's too) add their values
        # (asked of OPA: tests/test_eval_order.py INDEX_SEVERAL_LATER)
        later = [(kind, c) for j, kind, r, c in mentions if j > i and _same_ref(cond[1], r)]
        if not later:
            return [cond], done & {i}
        # (then the clause is indexed as usual, that ref on the values of all)
        rest = _one_per_ref([x for x in out if not _same_ref(cond[1], x[1])], mentions, set())
        if any(kind not in ("eq", "in") for kind, _ in later):
            return [("defined", cond[1], None)] + rest, set()
        values = []
        for kind, c in [("in", cond[2])] + later:
            values += [c] if kind == "eq" else list(c.values()) if isinstance(c, dict) else list(c)
        return [("in", cond[1], values)] + rest, set()
    return _one_per_ref(out, mentions, done), done


def _index_operand(t, env: Env) -> bool:
    """Whether OPA's rule index takes ``ref = t`` (``t`` not a constant)
    as a condition that the ref is defined: ``t`` is a variable once OPA's
    compiler has taken calls and refs out (a call, a local variable, an
    array of those and constants); a ref, a rule, a set, an object or a
    comprehension is not indexed."""
    if isinstance(t, ast.Var):
        return env.is_local(t.name)
    if isinstance(t, (ast.Call, ast.Membership, ast.Scalar)):
        return True
    if isinstance(t, ast.Array):
        return all(isinstance(x, ast.Ref) or not isinstance(x, ast.Array) and _index_operand(x, env) for x in t.items)
    return False


def _one_per_ref(out, mentions, done) -> list:
    """OPA's rule index keeps one condition per ref and clause, made of the
    conditions in the order OPA's rewritten body states them (the head's
    last): a constant, or ``ref in <one value>``, adds its value to the
    values before (``in <one value>`` already there makes them ``defined``);
    a ``defined`` replaces them, and is replaced by a later constant but not
    by ``in <one value>`` (asked of OPA:
    tests/test_eval_order.py INDEX_SAME_REF). ``done`` loses the literals
    that no longer state their ref's condition alone."""
    from ..runtime import values as rv

    final: list = []  # [ref, state, values, literals]
    for i, kind, ref, c in mentions:
        if kind not in ("defined", "eq", "in") or not any(_same_ref(ref, x[1]) for x in out):
            continue
        entry = next((f for f in final if _same_ref(f[0], ref)), None)
        if entry is None:
            entry = [ref, None, [], set()]
            final.append(entry)
        entry[3].add(i)
        if kind == "defined":
            entry[1], entry[2] = "defined", []
            continue
        new = [c] if kind == "eq" else list(c.values()) if isinstance(c, dict) else list(c)
        if kind == "in" and not _several_values(c):
            if entry[1] == "defined":
                continue  # (`ref in <one value>` after `defined` is dropped)
            if entry[1] == "values" and any(rv.eq(new[0], w) for w in entry[2]):
                entry[1], entry[2] = "defined", []  # (and makes a value stated before `defined`)
                continue
        if entry[1] != "values":
            entry[1], entry[2] = "values", []
        entry[2] += [v for v in new if not any(rv.eq(v, w) for w in entry[2])]
    result, placed = [], []
    for x in out:
        if x[0] == "has" and any(kind != "has" and _same_ref(ref, x[1]) for _, kind, ref, _ in mentions):
            continue  # (a value of the collection at a ref stated otherwise too is not indexed)
        entry = next((f for f in final if _same_ref(f[0], x[1])), None) if x[0] != "has" else None
        if entry is None:
            result.append(x)
            continue
        if any(e is entry for e in placed):
            continue
        placed.append(entry)
        ref, state, vals, lits = entry
        if state == "defined" or len(vals) > 1:
            done.difference_update(lits)
        if state == "defined":
            result.append(("defined", x[1], None))
        elif len(vals) == 1:
            result.append(("eq", x[1], vals[0]))
        else:
            result.append(("in", x[1], vals))
    return result


def _checked_by_body(conds, body, heads) -> list:
    """The index conditions left to check before a clause's body in default
    mode, where nothing in the clause keeps an error and nothing in the
    program prints: a ``defined`` condition changes nothing there (the body
    or the head reads the ref where OPA's rewritten body does, and fails
    with it), so it is left to them (``{"uid": input.userId} if {...}``
    reads userId only on a match)."""
    return [c for c in conds if not (c[0] == "defined" and isinstance(c[1], ast.Ref))]


def _plain_ref(r):
    """A ref with a variable head and scalar selectors as a hashable key, else None."""
    if not isinstance(r.head, ast.Var) or not all(isinstance(p, ast.Scalar) for p in r.path):
        return None
    return (r.head.name,) + tuple((type(p.value).__name__, p.value) for p in r.path)


def _same_ref(a, b) -> bool:
    """Whether two refs (or argument variables) name the same thing, wherever written."""
    if isinstance(a, ast.Var) or isinstance(b, ast.Var):
        return isinstance(a, ast.Var) and isinstance(b, ast.Var) and a.name == b.name
    return a.head.name == b.head.name and [constant_key_value(p) for p in a.path] == [constant_key_value(p) for p in b.path]


def _several_values(c) -> bool:
    """Whether constant collection ``c`` has two different values."""
    from ..runtime import values as rv

    if c is None:
        return False
    values = list(c.values()) if isinstance(c, dict) else list(c)
    return any(not rv.eq(values[0], v) for v in values[1:])


def _indexable_collection(t, consts):
    """The constant collection of ``ref in t`` as OPA's rule index takes it
    (not empty; its values scalars or arrays of them), else None."""
    if isinstance(t, ast.Var):
        c = consts.get(t.name, NOTCONST)
    else:
        c = literal_value(t)
    if c is NOTCONST:
        return None
    values = list(c.values()) if isinstance(c, dict) else list(c) if isinstance(c, list) else None
    if values is None and hasattr(c, "__iter__") and not isinstance(c, str):
        values = list(c)  # a set
    if not values or not all(_index_value(v) for v in values):
        return None
    return c


def _scalar_value(v) -> bool:
    return v is None or isinstance(v, (str, int, float))


def _index_value(v) -> bool:
    if isinstance(v, list):
        return all(_index_value(x) for x in v)
    return not isinstance(v, (dict,)) and not hasattr(v, "__iter__") or isinstance(v, str)


def output_call(mod, lit: ast.Literal, env: Env):
    """(call, target) when ``lit`` is a call with an output argument
    (``count(x, n)``) in module ``mod`` (a ModuleGen)."""
    e = lit.expr
    if lit.negated or not isinstance(e, ast.Call) or e.name[0] in COMPARE or e.name[0] == AFFIX:
        return None
    target = mod.resolve_function(e, env)
    arity = target[2]
    if arity is not None and len(e.args) == arity + 1:
        return e, target
    return None


def literal_value(t):
    """The value of a term made of literals only, else NOTCONST."""
    from ..runtime import values as rv

    if isinstance(t, ast.Scalar):
        return t.value
    if isinstance(t, ast.Array):
        out = [literal_value(x) for x in t.items]
        return NOTCONST if any(x is NOTCONST for x in out) else out
    if isinstance(t, ast.SetTerm):
        out = [literal_value(x) for x in t.items]
        if any(x is NOTCONST for x in out):
            return NOTCONST
        s = rv.Set()
        for x in out:
            s.add(x)
        return s
    if isinstance(t, ast.Object):
        pairs = [(literal_value(a), literal_value(b)) for a, b in t.items]
        if any(a is NOTCONST or b is NOTCONST for a, b in pairs):
            return NOTCONST
        d = {}
        for a, b in pairs:
            key = obj_key(a)
            if key in d and not rv.eq(d[key], b):
                return NOTCONST  # conflicting keys: left to run time, where OPA errs
            d[key] = b
        return d
    return NOTCONST


def declare(lits, env: Env) -> None:
    """Names declared local by a body: ``some``, ``:=`` and ``some .. in``."""
    for lit in lits:
        e = lit.expr
        if isinstance(e, ast.SomeDecl):
            env.declared |= {v.name for v in e.names}
        elif isinstance(e, ast.Assign):
            env.declared |= _pattern_names(e.left)
        elif isinstance(e, ast.SomeIn):
            for x in (e.key, e.value):
                if x is not None:
                    env.declared |= _pattern_names(x)


def _pattern_names(t) -> set:
    out = set()
    if isinstance(t, ast.Var):
        out.add(t.name)
    elif isinstance(t, ast.Array):
        for x in t.items:
            out |= _pattern_names(x)
    elif isinstance(t, ast.Object):
        for _, v in t.items:
            out |= _pattern_names(v)
    return out


def print_operand(arg, i: int, name: str):
    """``{x | x = arg}``, as OPA's compiler rewrites ``print(arg)``."""
    var = ast.Var(f"__print_{name}_{i}__", arg.pos)
    return ast.SetCompr(var, (ast.Literal(ast.Unify(var, arg), pos=arg.pos),), arg.pos)


def _with_type(v: Val, otype) -> Val:
    """``v`` carrying OPA's type ``otype`` (None: as it is)."""
    return v if otype is None or v.otype == otype else replace(v, otype=otype)


def _typed(k, otype):
    """``k`` given values that carry OPA's type ``otype``."""
    return lambda v: k(_with_type(v, otype))
