"""One generated Python module per Rego package: its rule functions, constants
and links to the other packages."""

from __future__ import annotations

import dataclasses

from .. import ast
from ..errors import CompileError, RegoError, TypeCheckError, UndefinedFunctionError, Unsupported
from ..runtime import values as rv
from ..runtime.builtins import BUILTINS, DEPRECATED
from ..runtime.builtins.numbers import MAX_EXPONENT
from . import opatypes, typeforms
from .typecheck import declaration
from .ruledeps import declared_names
from .emit import COMPARE, BodyEmitter, CodeTooLarge
from .names import escape, py_text
from .resolve import Env
from .tree import Leaf, Node
from .values import NOTCONST, Val, kind_of

# copies of callees made inside the copy of another callee, at most (inline.py)
MAX_INLINE_DEPTH = 2

# the module of the rules that no package holds (and of ``package data``)
ROOT_MODULE = ()


class ModuleGen:
    """Collects what one Python module needs while its functions are emitted."""

    def __init__(self, program, key: tuple[str, ...]):
        self.program = program
        self.key = key  # the package path, or ROOT_MODULE
        self.strict = program.strict
        self.tree = program.tree
        self.consts: dict[str, str] = {}  # code -> name
        # OPA's types of literal terms, as BodyEmitter.term types them
        # (opatypes.value_type's memo: typed once however deep they nest)
        self.value_types: dict[int, tuple] = {}
        self.const_lines: list[str] = []
        self.builtins: dict[str, str] = {}  # OPA name -> Python name
        self.links: dict[str, tuple] = {}  # alias -> (module key, function name)
        self.link_alias: dict[tuple, str] = {}  # (module key, function name) -> alias
        self.functions: list[str] = []  # rendered function sources
        self.runtime_names: set[str] = set()
        self.affixes: dict = {}  # prefix/suffix tests made one (affix.py)
        self.UNDEF = rv.UNDEF
        self.set_type = rv.Set
        self.specialisations: dict = {}  # (leaf id, constant args) -> function name
        self.extra_functions: list[str] = []
        self._specialising: set = set()
        self.spec_sources: dict[str, str] = {}  # specialisation's name -> its source
        self._callees: dict = {}  # (leaf id, specialisation) -> inline.Callee or None
        self._inlining: set = set()  # leaf ids whose inline copy is being made
        self.inlined = 0  # calls written inline so far (their locals' suffix)

    # -- sources and positions ------------------------------------------

    def source_for(self, node):
        pos = getattr(node, "pos", None)
        if pos is None:
            return None
        return self.program.sources.get(pos.file)

    def where(self, node) -> str:
        pos = getattr(node, "pos", None)
        if pos is None or pos.line == 0:
            return "?"
        return py_text(f"{pos.file}:{pos.line}")

    # -- constants --------------------------------------------------------

    def const(self, value, node=None) -> Val:
        if value is None or isinstance(value, (bool, str)):
            return Val(repr(value), kind=kind_of(value), const=value)
        if isinstance(value, int):
            if value.bit_length() > 13000:  # Python reads no int literal of 4,300 digits or more
                return self._const_name(self.const_code(value), value)
            return Val(repr(value), kind="number", const=value)
        if isinstance(value, rv.Num):
            if abs(value.d.adjusted()) > MAX_EXPONENT:
                raise Unsupported(getattr(node, "pos", None), "a number literal beyond 1e100000", self.source_for(node))
            return self._const_name(f"_Num({value.text!r})", value)
        if isinstance(value, float):
            if value != value or value in (float("inf"), float("-inf")):
                raise Unsupported(getattr(node, "pos", None), "a number beyond float range", self.source_for(node))
            return Val(repr(value), kind="number", const=value)
        return self._const_name(self.const_code(value), value)

    def _const_name(self, code: str, value) -> Val:
        name = self.consts.get(code)
        if name is None:
            name = self.consts[code] = f"_K{len(self.consts)}"
            self.const_lines.append(f"{name} = {code}")
        return Val(name, kind=kind_of(value), const=value)

    def const_code(self, value) -> str:
        if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
            raise Unsupported(None, "a number literal beyond float range")
        if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 13000:
            return f"_bigint({rv.int_text(value)!r})"
        if value is None or isinstance(value, (bool, str, int, float)):
            return repr(value)
        if isinstance(value, rv.Num):
            return f"_Num({value.text!r})"
        if isinstance(value, list):
            return "[" + ", ".join(self.const_code(x) for x in value) + "]"
        if isinstance(value, dict):
            if all(isinstance(k, str) for k in value):
                return "{" + ", ".join(f"{k!r}: {self.const_code(v)}" for k, v in value.items()) + "}"
            self.runtime_names.add("_mkobj")
            pairs = "".join(
                f"({self.const_code(rv.unkey(k))}, {self.const_code(v)}), " for k, v in value.items()
            )
            return f"_mkobj(({pairs}))"
        self.runtime_names.add("_mkset")
        items = sorted(value, key=rv.sort_key)
        return "_mkset((" + "".join(self.const_code(x) + ", " for x in items) + "))"

    def rt_eq(self, a, b) -> bool:
        return rv.eq(a, b)

    def rt_compare(self, a, b) -> int:
        return rv.compare(a, b)

    def rt_set(self, items):
        s = rv.Set()
        for x in items:
            s.add(x)
        return s

    def rt_object(self, pairs):
        # equal keys in a literal (1 and 1.0, or "a" twice) are one key: the
        # first key with the last value, as OPA builds it
        d = {}
        for k, v in pairs:
            d[rv.obj_key(k)] = v
        return d

    def rt_get(self, value, key):
        from ..runtime.gen import _getk

        return _getk(value, key)

    def all_strings(self, value) -> bool:
        if isinstance(value, (list, rv.Set)):
            return all(isinstance(x, str) for x in value)
        return False

    def all_scalars(self, value) -> bool:
        """Strings and integers (not booleans): Python's ``in`` on a frozenset of
        them is Rego's membership for a string or an int (a float, a
        boolean... goes to the runtime)."""
        if isinstance(value, (list, rv.Set)):
            return all(x.__class__ is str or x.__class__ is int for x in value)
        return False

    def string_set(self, value) -> str:
        """A frozenset constant of strings (and integers, see all_scalars)."""
        items = sorted(set(value), key=lambda x: (x.__class__ is str, x))
        code = "frozenset((" + "".join(repr(x) + ", " for x in items) + "))"
        name = self.consts.get(code)
        if name is None:
            name = self.consts[code] = f"_K{len(self.consts)}"
            self.const_lines.append(f"{name} = {code}")
        return name

    def fold_builtin(self, bi, vs, node) -> Val:
        """The value of a builtin call on constants, computed now; NOTCONST when
        an argument is not constant or the call fails (it fails at run time)."""
        if not vs or not all(v.is_const for v in vs) or not bi.pure:
            return NOTCONST
        from ..runtime.builtins.regex import UnsupportedRegex
        from ..runtime.errors import RegoRuntimeError

        try:
            value = bi.fn(*[v.const for v in vs])
        except RegoRuntimeError:
            return NOTCONST
        except UnsupportedRegex as exc:
            raise Unsupported(node.pos, str(exc), self.source_for(node))
        if value is rv.UNDEF or isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
            return NOTCONST
        return self.const(value, node)

    def valid_regex(self, pattern: str, node) -> bool:
        """Whether the pattern is valid (an invalid one fails at run time, as
        in OPA); refuses one we cannot reproduce."""
        from ..runtime.builtins.regex import Re2SyntaxError, UnsupportedRegex, check_re2

        try:
            check_re2(pattern)
        except Re2SyntaxError:
            return False
        except UnsupportedRegex as exc:
            raise Unsupported(node.pos, str(exc), self.source_for(node))
        return True

    def regex(self, pattern: str, node, builtin: str):
        """A module constant holding the compiled pattern, or None when the
        pattern is invalid (the builtin then fails at run time, as in OPA)."""
        if not self.valid_regex(pattern, node):
            return None
        code = f"_re2({pattern!r})"
        name = self.consts.get(code)
        if name is None:
            name = self.consts[code] = f"_RE{len(self.consts)}"
            self.const_lines.append(f"{name} = {code}")
        return name

    def regex_plan(self, pattern: str) -> tuple:
        """(text, how) of a valid pattern when ``search`` answers by string
        tests or a prefix test first (re2_program.literal_plan), else (None, None)."""
        from ..runtime.builtins.regex import compile_re2

        return compile_re2(pattern).plan

    def regex_required(self, pattern: str) -> tuple:
        """ASCII literals every match of a valid pattern contains (re2_program.required_literals)."""
        from ..runtime.builtins.regex import compile_re2

        return compile_re2(pattern).required

    def defined_all(self, vs):
        return vs

    # -- builtins and functions --------------------------------------------

    def builtin(self, name: str) -> str:
        py = self.builtins.get(name)
        if py is None:
            py = self.builtins[name] = "_b_" + escape(name.replace(".", "_"))
        return py

    def is_mocked_builtin(self, name: tuple[str, ...]) -> bool:
        return ".".join(name) in self.program.mocked_builtins

    def resolve_function(self, call: ast.Call, env: Env):
        """(kind, what, arity): kind "rule" (a function leaf), "builtin" or "compare"."""
        name = call.name
        if len(name) == 1 and name[0] in COMPARE:
            return ("compare", name[0], 2)
        path = self.program.function_path(name, env)
        if path is not None:
            if self.program.refused:
                self.program.check_not_refused(path, call, self.source_for(call))
            el, depth = self.tree.lookup(path)
            if isinstance(el, Leaf) and depth == len(path):
                if el.kind != "function":
                    raise UndefinedFunctionError(
                        call.pos,
                        f"function data.{'.'.join(path)} has arity 0, got {len(call.args)} argument"
                        + ("s" if len(call.args) != 1 else ""),
                        self.source_for(call),
                    )
                return ("rule", el, el.arity)
            if name[0] == "data" or (env.resolver.imports.get(name[0]) is not None):
                raise UndefinedFunctionError(call.pos, f"undefined function {'.'.join(path)}", self.source_for(call))
        full = ".".join(name)
        bi = BUILTINS.get(full)
        if bi is None:
            if full in self.program.known_unsupported:
                from .program import REFUSAL_REASONS

                why = REFUSAL_REASONS.get(full)
                what = f"builtin {full}" + (f" ({why})" if why else "")
                raise Unsupported(call.pos, what, self.source_for(call))
            raise UndefinedFunctionError(call.pos, f"undefined function {full}", self.source_for(call))
        if bi.refused and full not in self.program.mocked_builtins:
            # (mocked somewhere: the call goes to the mock, or raises without one)
            raise Unsupported(call.pos, f"builtin {full} ({bi.refused})", self.source_for(call))
        if full in DEPRECATED and not env.resolver.v0:
            raise CompileError(
                call.pos,
                f"deprecated built-in function calls in expression: {full}",
                self.source_for(call),
                "rego_type_error",
            )
        return ("builtin", bi, None if bi.arity < 0 else bi.arity)

    def may_conflict(self, leaf) -> bool:
        from .rules import RuleGen

        return RuleGen(self, self.program).may_conflict(leaf)

    def keeps_errors(self, root, env) -> bool:
        """Whether evaluating ``root`` may raise an error that OPA's default
        mode keeps (kepterrors.py): then default mode follows OPA's order too."""
        return self.program.kept_errors.term(self, root, env)

    def fcached(self, leaf) -> bool:
        """Whether calls of function ``leaf`` go through OPA's cache of
        function values: it is called with its output bound somewhere, and
        such a call can differ from comparing its value with the output."""
        if leaf.kind != "function" or id(leaf) not in self.program.output_called:
            return False
        known = self.program.output_semantics.get(id(leaf))
        if known is None:
            from .rules import RuleGen

            known = self.program.output_semantics[id(leaf)] = RuleGen(self, self.program).output_matters(leaf)
        return known

    def bound_variant(self, leaf) -> str:
        """The variant of function ``leaf`` for a call with its output bound
        (rules.py: ``RuleGen.leaf(..., out=True)``), made in this module."""
        key = (id(leaf), "out")
        name = self.specialisations.get(key)
        if name is None:
            self.program.depends(leaf)
            _, base = self.program.function_of(leaf)
            name = f"_o{len(self.specialisations)}_{base.lstrip('_')}"
            from .rules import RuleGen

            src = RuleGen(self, self.program).leaf(leaf, name, out=True)
            self.specialisations[key] = name
            self.extra_functions.append(src)
        return name

    def specialized(self, leaf, vs):
        """(function name, remaining arguments, key) of a copy of the function
        ``leaf`` specialised for the constant scalar arguments among ``vs``,
        made in this module; None when there is nothing to specialise. The
        key names the function and its constants alike in every module."""
        if leaf.kind != "function" or self.program.may_override(leaf.path):
            return None
        consts = {
            i: v
            for i, v in enumerate(vs)
            if v.is_const and (v.const is None or isinstance(v.const, (str, int, float, bool)))
        }
        if not consts:
            return None
        key = (id(leaf), tuple((i, type(v.const).__name__, v.const) for i, v in sorted(consts.items())))
        name = self.specialisations.get(key)
        if name is None:
            if key in self._specialising:
                return None  # a function calling itself: refused later as recursion
            self._specialising.add(key)
            self.program.depends(leaf)
            _, base = self.program.function_of(leaf)
            name = f"_s{len(self.specialisations)}_{base.lstrip('_')}"
            from .rules import RuleGen

            src = RuleGen(self, self.program).leaf(leaf, name, consts)
            self.specialisations[key] = name
            self.extra_functions.append(src)
            self.spec_sources[name] = src
            self._specialising.discard(key)
        return name, [v for i, v in enumerate(vs) if i not in consts], ".".join(leaf.path) + repr(key[1])

    def called_extra_functions(self, functions: list[str]) -> list[str]:
        """The specialisations and variants made here that some function
        still calls (one written inline everywhere is left out): a name is
        called while a word of the code outside its own source is that name.
        Words are counted once per source (was a regular expression search
        over the whole module per name and round: minutes on large
        policies)."""
        import re
        from collections import Counter

        words = re.compile(r"\w+")  # maximal runs: a name is one iff \bname\b matches
        named = [(re.match(r"def ([A-Za-z0-9_]+)\(", src).group(1), src) for src in self.extra_functions]
        kept = dict(named)
        own = {n: Counter(words.findall(src)) for n, src in kept.items()}
        total = Counter()
        for text in functions:
            total.update(words.findall(text))
        for n in kept:
            total.update(own[n])
        while True:
            drop = [n for n in kept if n in self.spec_sources and total[n] - own[n][n] <= 0]
            if not drop:
                return [src for n, src in named if n in kept]
            for n in drop:
                del kept[n]
                total.subtract(own[n])

    def inline_callee(self, leaf, spec: str | None):
        """The code of the complete rule or function ``leaf`` (its
        specialisation ``spec``, made here) to be written into a caller
        (inline.py), or None: a callee that ``with`` may replace, one whose
        calls go through OPA's function cache, one being made (recursion,
        refused elsewhere), or one too large or of the wrong shape."""
        key = (id(leaf), spec)
        if key in self._callees:
            return self._callees[key]
        if id(leaf) in self._inlining or len(self._inlining) >= MAX_INLINE_DEPTH:
            # (a copy made inside the copy of another: a chain of rules is
            # not made again at each level; not kept, a caller outside may inline it)
            return None
        if leaf.kind not in ("complete", "function") or self.program.may_override(leaf.path) \
                or self.fcached(leaf):
            return None
        from .inline import parse_callee
        from .rules import RuleGen

        src = self.spec_sources.get(spec) if spec is not None else None
        if src is None:
            if spec is not None:
                return None
            self._inlining.add(id(leaf))
            # (what the copy calls is the callee's dependency, not the caller's)
            cur, self.program._current = getattr(self.program, "_current", None), leaf
            try:
                src = RuleGen(self, self.program).leaf(leaf, "_inline")
            except (RegoError, CodeTooLarge):
                src = None  # (the callee's own module reports it)
            finally:
                self._inlining.discard(id(leaf))
                self.program._current = cur
        callee = parse_callee(src) if src is not None else None
        self._callees[key] = callee
        return callee

    def _keyed_lookup(self, em: BodyEmitter, el, rest, env: Env, k) -> bool:
        """``data.p[key]...`` of a partial set or object (a node
        of rules) with a key that is known there. OPA evaluates each rule
        with its head's key bound to that key before the body, so the
        builtins of the bodies (and heads) of other keys do not run, nor
        their conflicts show; a copy of the rules bound to the key
        (``_keyed``) does so here. (A ``with`` replacing the document is
        checked by the copy as by the whole: it returns the replacement.)"""
        if not rest or em._has_unbound(rest[0], env):
            return False
        if isinstance(rest[0], (ast.ArrayCompr, ast.SetCompr, ast.ObjectCompr)):
            return False
        name = self._keyed(el)
        if name is None:
            return False

        def call(kv: Val):
            r = em.tmp("r")
            em.emit(f"{r} = {name}({env.inp}, {env.ctx}, {kv.code})")
            otype = self.rule_type(el) if isinstance(el, Leaf) else self.node_type(el)
            em.path(Val(r, False, "set" if isinstance(el, Leaf) else "object", otype=otype), rest, env, k)

        em.term(rest[0], env, lambda kv: em.guard([kv], lambda: call(em.defined(kv))))
        return True

    def _keyed(self, el):
        """The name of the copy of ``el`` bound to a key, made in this module."""
        key = ("keyed", id(el))
        name = self.specialisations.get(key)
        if name is None:
            if key in self._specialising:
                return None  # (the rules read themselves: evaluated whole)
            self._specialising.add(key)
            self.program.depends(el)
            _, base = self.program.function_of(el)
            name = f"_k{len(self.specialisations)}_{base.lstrip('_')}"
            from .rules import RuleGen

            rg = RuleGen(self, self.program)
            try:
                if isinstance(el, Leaf):
                    src = rg.leaf(el, name, keyed=True)
                else:
                    children = [(ckey, self.element_ref(child)) for ckey, child in sorted(
                        el.children.items(), key=lambda c: c[0].encode())
                        if not (isinstance(child, Leaf) and child.kind == "function")]
                    src = rg.node(el, name, children, keyed=True)
            finally:
                self._specialising.discard(key)
            self.specialisations[key] = name
            self.extra_functions.append(src)
        return name

    def element_ref(self, el) -> str:
        self.program.depends(el)
        mkey, fname = self.program.function_of(el)
        if mkey == self.key:
            return fname
        target = (mkey, fname)
        alias = self.link_alias.get(target)
        if alias is None:
            # readable, and made unique here: two targets never share an alias
            alias = base = "_L_" + "_".join(escape(s) for s in mkey) + "__" + fname
            n = 1
            while alias in self.links:
                n += 1
                alias = f"{base}_{n}"
            self.links[alias] = target
            self.link_alias[target] = alias
        return alias

    # -- data references ---------------------------------------------------

    def _shared_per_event(self, leaf) -> bool:
        """A rule of another package called with nothing but constant
        arguments: its value depends on the event alone (in the engine's
        context), so it is computed once per event (``_memo``)."""
        pkg = leaf.module.package if leaf.module is not None else None
        return pkg is not None and pkg != self.key and self.program.shared_per_event

    def data_ref(self, em: BodyEmitter, path, env: Env, k, node) -> None:
        if self.program.refused:
            prefix = []
            for seg in path:
                if not (isinstance(seg, ast.Scalar) and isinstance(seg.value, str)):
                    break
                prefix.append(seg.value)
            self.program.check_not_refused(prefix, node, self.source_for(node))
        el, rest = self._locate(path)
        if isinstance(el, Leaf):
            from .rules import constant_rule

            # (under a `with` replacing it, OPA's type of the ref is the rule's
            # and the value's together: ``with data.t.p0 as "a"``, p0 := 1)
            replaced, otype = em.replaced_type(tuple(el.path), env)
            otype = typeforms.union([self.rule_type(el), otype]) if replaced else self.rule_type(el)
            if rest:  # (OPA checks the refs to rules in the body of an every too)
                key = opatypes.const_key(rest[0])
                if typeforms.index_error(otype, key):
                    raise TypeCheckError(rest[0].pos or node.pos, opatypes.index_message(otype, key),
                                         self.source_for(node))

            # the rule's value carries OPA's type of the rule (a builtin's argument, opatypes.py)
            whole = otype  # (OPA types the ref by the rule elsewhere, even where a `with` replaces it)
            c = NOTCONST if self.program.may_override(el.path) else constant_rule(el)
            if c is not NOTCONST:
                em.path(dataclasses.replace(self.const(c), otype=whole), rest, env, k)
                return
            if el.kind == "function":
                raise TypeCheckError(node.pos, f"function data.{'.'.join(el.path)} used as a value", self.source_for(node))
            nested = next((j for j, p in enumerate(rest) if isinstance(p, ast.Ref)), None)
            if nested is not None:
                # OPA evaluates the refs among a ref's keys before the ref
                # (``p1[p0.k]``: p0.k undefined, p1 is not evaluated)
                def keyed(v, j=nested):
                    name = "$" + em.tmp("key")
                    env.names[name] = v.code
                    env.vals[name] = v
                    self.data_ref(em, tuple(path[:len(path) - len(rest)]) + rest[:j] + (ast.Var(name, rest[j].pos),) + rest[j + 1:],
                                  env, k, node)

                em.term(rest[nested], env, lambda v: em.guard([v], lambda: keyed(em.defined(v))))
                return
            key = (id(el), env.inp, env.ctx)
            known = em.memo.get(key)
            if known is not None:
                # computed already on the way here, with the same input and data
                em.path(known, rest, env, k)
                return
            if el.kind == "set" and not replaced and self._keyed_lookup(em, el, rest, env, k):
                return
            fn = em.rule_ref(el, env)
            r = em.tmp("r")
            call = f"{fn}({env.inp}, {env.ctx})"
            inlined = em._inlined(el, None, [], env)  # (the rule's code written here)
            if inlined is not None:
                call = inlined
            # (a `with` may replace a set by any value)
            val = Val(r, el.kind == "complete", "set" if el.kind == "set" and not replaced else None, otype=whole)
            if inlined is not None and not replaced and not (self.strict and self.may_conflict(el)):
                undef, kind = inlined[0].result()  # (what the rule's code returns)
                val = Val(r, undef, kind, otype=whole)
            if self.strict and el.kind == "complete" and self.may_conflict(el):
                # OPA runs the rest of the body with the rule's first value
                # before it finds a second (strict mode: an error there wins)
                em.memo[key] = val
                em.conflict_first(r, call, el, lambda: em.path(val, rest, env, k))
                del em.memo[key]
                return
            if not self._shared_per_event(el):
                em.assign_call(r, call)
            elif not em.shared_call(r, ".".join(el.path), inlined or fn, env):
                # a rule of another package (``lib.event.opened_for_write``):
                # the same value for every signature that reads it on this event
                em.emit(f"{r} = _memo({'.'.join(el.path)!r}, {fn}, {env.inp}, {env.ctx})")
            em.memo[key] = val
            em.path(val, rest, env, k)
            del em.memo[key]
            return
        if rest and isinstance(rest[0], ast.Scalar) and isinstance(rest[0].value, str) and not el.dynamic:
            # below this node there is only base data
            keys = tuple(ast.Scalar(s) for s in el.path) + rest
            em.path(Val(f"{env.ctx}.data"), keys, env, k, storage=True)
            return
        if self._keyed_lookup(em, el, rest, env, k):
            return
        fn = self.element_ref(el)
        r = em.tmp("r")
        em.emit(f"{r} = {fn}({env.inp}, {env.ctx})")
        em.path(Val(r, kind="object", otype=self.node_type(el)), rest, env, k)

    # -- with ---------------------------------------------------------------

    def with_path(self, w: ast.With, env: Env) -> tuple:
        return self.program.with_target(w, env, self.source_for(w))

    def with_data_kind(self, path, w, v: Val, env: Env):
        el, depth = self.tree.lookup(path)
        if isinstance(el, Leaf) and depth < len(path):
            raise Unsupported(w.pos, "with on a path inside a rule's value", self.source_for(w))
        if isinstance(el, Leaf) and el.kind == "function":
            return "with_over", self.mock_value(w, v, env)
        touches = depth == len(path) and el is not self.tree.root or isinstance(el, Leaf)
        if not touches and depth == len(path):
            touches = True
        return "with_data", f"{v.code}, {bool(touches or self._below_rules(path))}"

    def _below_rules(self, path) -> bool:
        el, depth = self.tree.lookup(path)
        return depth == len(path)

    def function_value(self, t, env: Env):
        """Python code of a mock when ``t`` names a function or builtin, else None."""
        name = _dotted(t)
        if name is None:
            return None
        if isinstance(t, ast.Var) and env.is_local(t.name) and t.name in env.names:
            return None
        path = self.program.function_path(name, env)
        if path is not None:
            if self.program.refused:
                self.program.check_not_refused(path, t, self.source_for(t))
            el, depth = self.tree.lookup(path)
            if isinstance(el, Leaf) and depth == len(path) and el.kind == "function":
                self.runtime_names.add("_Mock")
                return f"_Mock({self.element_ref(el)}, True)"
        full = ".".join(name)
        if full in BUILTINS and not (isinstance(t, ast.Var) and not env.resolver.is_global(t.name) and t.name in env.names):
            if isinstance(t, ast.Var) and env.is_local(t.name) and full not in BUILTINS:
                return None
            if BUILTINS[full].refused:
                raise Unsupported(t.pos, f"builtin {full} ({BUILTINS[full].refused})", self.source_for(t))
            check = BUILTINS[full].check
            if check is not None:  # (as a mock, its arguments are not known)
                why = check(full, [None] * max(BUILTINS[full].arity, 0))
                if why is not None:
                    raise Unsupported(t.pos, why, self.source_for(t))
            self.runtime_names.add("_Mock")
            takes_ev = '"ev"' if BUILTINS[full].context else "False"  # (the evaluation first)
            return f"_Mock({self.builtin(full)}, {takes_ev})"
        return None

    def _with_target(self, t, env: Env):
        """What the `with` value ``t`` names: (the function's leaf, None) for
        a function of the program, (None, name) for a builtin's name, else
        None (a local variable, not a name)."""
        name = _dotted(t)
        if name is None or isinstance(t, ast.Var) and env.is_local(t.name) and t.name in env.names:
            return None
        path = self.program.function_path(name, env)
        if path is not None:
            el, depth = self.tree.lookup(path)
            if isinstance(el, Leaf) and depth == len(path) and el.kind == "function":
                return el, None
        return None, ".".join(name)

    def function_arity(self, t, env: Env):
        """The arity of the function or builtin ``t`` names (a `with` value), else None."""
        target = self._with_target(t, env)
        if target is None:
            return None
        el, name = target
        if el is not None:
            return el.arity
        bi = BUILTINS.get(name)
        return bi.arity if bi is not None and bi.arity >= 0 else None

    def builtin_declaration(self, t, env: Env):
        """The declared types (``typecheck.declaration``) of the builtin
        ``t`` names (a `with` value), else None (a function of the program,
        whose arguments' types OPA infers: not followed here)."""
        target = self._with_target(t, env)
        if target is None or target[0] is not None:
            return None
        return declaration(target[1])

    def target_arity(self, path):
        """The arity of the function or builtin a `with` target path replaces."""
        if path[0] == "builtin":
            bi = BUILTINS.get(path[1])
            return bi.arity if bi is not None and bi.arity >= 0 else None
        el, depth = self.tree.lookup(path[1:])
        return el.arity if isinstance(el, Leaf) and el.kind == "function" else None

    def _names_rule(self, leaf: Leaf, name) -> bool:
        """Whether a call of ``name`` in ``leaf``'s definition is of a rule."""
        return self._names_rule_of((leaf.rules or [leaf.default])[0], name)

    def function_type(self, leaf: Leaf):
        """OPA's type of the result of the function ``leaf``: its values'
        types together (opatypes.rule_type); None where one is not known.
        (OPA types a call by the function's own definitions, under a
        ``with`` that replaces it too.)"""
        return self.rule_type(leaf, function=True)

    def rule_type(self, leaf: Leaf, seen: frozenset = frozenset(), function: bool = False):
        """OPA's type of the complete rule ``leaf`` (opatypes.rule_type),
        following a value that names another rule (``p1 := p0``)."""
        def ref_type(rule: ast.Rule, t):
            if isinstance(t, ast.Var) and any(isinstance(n, ast.Var) and n.name == t.name
                                              for a in rule.args or () for n in ast.walk(a)):
                return None  # (a function's argument: typed by its body, not here)
            if isinstance(t, ast.Var):
                if t.name in declared_names(rule):
                    # a local of the body: typed by its assignment (``x := 0``)
                    # or the iteration that declares it (``some k, x in C``)
                    is_rule = lambda name: self._names_rule(leaf, name)  # noqa: E731
                    for lit in rule.body:
                        e = lit.expr
                        if lit.withs or lit.negated:
                            continue
                        if isinstance(e, ast.Assign) and isinstance(e.left, ast.Var) and e.left.name == t.name:
                            return opatypes.value_type(e.right, is_rule)
                        if isinstance(e, ast.SomeIn) and t.name in [x.name for x in (e.key, e.value)
                                                                    if isinstance(x, ast.Var)]:
                            coll = opatypes.value_type(e.collection, is_rule)
                            if isinstance(e.value, ast.Var) and e.value.name == t.name:
                                return typeforms.values_type(coll)
                            return typeforms.keys_type(coll)
                    return None
                res = self.program.resolver_of(rule)
                if t.name not in res.rules:
                    return None
                path = tuple(res.package) + (t.name,)
            elif isinstance(t, ast.Ref) and isinstance(t.head, ast.Var) and t.head.name == "data" \
                    and all(isinstance(x, ast.Scalar) and isinstance(x.value, str) for x in t.path):
                path = tuple(x.value for x in t.path)
            elif isinstance(t, ast.Call) and len(t.name) == 1 and t.name[0] in self.program.resolver_of(rule).rules:
                # a call of a function of the package: its result's type
                path = tuple(self.program.resolver_of(rule).package) + t.name
                el, depth = self.tree.lookup(path)
                if not isinstance(el, Leaf) or el.kind != "function" or depth != len(path) or id(el) in seen:
                    return None
                return self.rule_type(el, seen | {id(leaf)}, function=True)
            else:
                return None
            el, depth = self.tree.lookup(path)
            if not isinstance(el, Leaf) or depth != len(path) or id(el) in seen:
                return None
            return self.rule_type(el, seen | {id(leaf)})

        return opatypes.rule_type(leaf, lambda name: self._names_rule(leaf, name), ref_type, function)

    def _locate(self, path) -> tuple:
        """The rule or node a ref below data reads first (its constant
        string keys followed down the tree), and the keys after it."""
        el = self.tree.root
        i = 0
        while i < len(path) and isinstance(el, Node) and not el.dynamic:
            seg = path[i]
            if isinstance(seg, ast.Scalar) and isinstance(seg.value, str) and seg.value in el.children:
                el = el.children[seg.value]
                i += 1
                continue
            break
        return el, tuple(path[i:])

    def data_type(self, path):
        """OPA's type of the ref below data ``path`` (terms) where it reads
        a rule whose type is known, through the keys after it; else None."""
        el, rest = self._locate(path)
        if isinstance(el, Leaf):
            otype = None if el.kind == "function" or self.program.may_override(el.path) else self.rule_type(el)
        elif isinstance(el, Node) and el is not self.tree.root:
            otype = self.node_type(el)
        else:
            return None
        for seg in rest:
            otype = typeforms.values_type(otype, opatypes.const_key(seg))
        return otype

    def node_type(self, node: Node):
        """OPA's type of a node of rules: an object; a partial object (rules
        ``p[k] := v`` of a variable key, and nothing else) is ``object[K:
        V]``, its values' types together, as far as their syntax tells
        (a node with children, a constant key, deeper keys: OPA's type has
        values of any type there)."""
        if self.program.may_override(node.path):
            return None
        anything = ("kinds", frozenset(["object"]))
        if node.children or not node.dynamic or node.is_package:
            return anything
        values = []
        for rule, rest in node.dynamic:
            if len(rest) != 1 or not isinstance(rest[0], ast.Var):  # (``q[1] := v``)
                return anything
            r = rule
            while r is not None:
                values.append(opatypes.value_type(r.value, lambda name, r=r: self._names_rule_of(r, name)))
                r = r.else_
        # (a variable key's type comes from the body, not known here)
        return ("objectof", None, typeforms.union(values))

    def _names_rule_of(self, rule: ast.Rule, name) -> bool:
        """Whether a call of ``name`` in ``rule`` is of a rule."""
        env = Env(self.program.resolver_of(rule), {}, set())
        return self.program.function_path(tuple(name), env) is not None

    def names_function(self, t) -> bool:
        """Whether ``t`` is a plain name of a builtin or of a Rego function."""
        name = _dotted(t)
        if name is None:
            return False
        if ".".join(name) in BUILTINS or ".".join(name) in self.program.known_unsupported:
            return True
        if name[0] == "data":
            el, depth = self.tree.lookup(tuple(name[1:]))
            return isinstance(el, Leaf) and depth == len(name) - 1 and el.kind == "function"
        return False

    def mock_value(self, w: ast.With, v: Val, env: Env) -> str:
        return v.code

    def is_function_target(self, path) -> bool:
        if path[0] == "builtin":
            return True
        if path[0] != "data":
            return False
        el, depth = self.tree.lookup(path[1:])
        return isinstance(el, Leaf) and depth == len(path) - 1 and el.kind == "function"


def _dotted(t):
    if isinstance(t, ast.Var):
        return (t.name,)
    if isinstance(t, ast.Ref) and isinstance(t.head, ast.Var):
        out = [t.head.name]
        for p in t.path:
            if not (isinstance(p, ast.Scalar) and isinstance(p.value, str)):
                return None
            out.append(p.value)
        return tuple(out)
    return None
