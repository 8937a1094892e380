"""A set of Rego modules compiled together into Python modules."""

from __future__ import annotations

import dataclasses
import re
import types

from .. import ast
from ..errors import CompileError, InternalError, RegoError, Refused, TypeCheckError, Unsupported
from ..parser import parse_module, parse_query, parse_term
from ..runtime import gen as rt
from ..runtime.deep import deep_call
from ..runtime.builtins import BUILTINS
from .callcheck import check_calls
from .emit import BodyEmitter, CodeTooLarge, Out
from .headrewrite import opa_true_body
from .negcalls import hoist_negated_calls
from .literal_order import declared_names, order_free_sets
from .locals import localize_query, localize_rule
from .modgen import ROOT_MODULE, ModuleGen, _dotted
from .names import Code, ref_text, rule_func_name
from .ruledeps import rules_read
from .resolve import Env, Resolver
from .rules import RuleGen, render
from .scope import clear_memo_names
from . import typeforms
from .checks import default_checks
from .kepterrors import KeptErrors
from .tree import Leaf, Node, RuleTree

# Builtins OPA has and rego2py refuses by name until they are implemented.
KNOWN_UNSUPPORTED = {
    "http.send", "opa.runtime", "time.now_ns", "rand.intn", "uuid.rfc4122", "uuid.parse",
    "net.lookup_ip_addr", "crypto.x509.parse_certificates", "io.jwt.decode", "io.jwt.verify_rs256",
    "io.jwt.decode_verify", "io.jwt.encode_sign", "io.jwt.encode_sign_raw", "trace", "print",
    "graphql.parse", "graphql.is_valid", "json.match_schema", "json.verify_schema", "json.patch",
    "semver.compare", "semver.is_valid", "glob.match",
    "glob.quote_meta", "net.cidr_merge",
    "time.parse_rfc3339_ns",
    "time.date", "time.clock", "time.add_date", "time.diff", "time.parse_ns", "time.parse_duration_ns",
    "time.weekday", "time.format",
    "rego.parse_module", "rego.metadata.chain", "rego.metadata.rule", "graph.reachable",
    "graph.reachable_paths", "strings.render_template", "regex.globs_match",
    "providers.aws.sign_req", "net.cidr_overlap", "yaml.marshal", "yaml.unmarshal", "yaml.is_valid",
    "crypto.x509.parse_and_verify_certificates", "crypto.x509.parse_certificate_request",
    "crypto.x509.parse_keypair", "crypto.parse_private_keys", "crypto.x509.parse_rsa_private_key",
    "io.jwt.verify_hs256", "io.jwt.verify_hs384", "io.jwt.verify_hs512", "io.jwt.verify_rs384",
    "io.jwt.verify_rs512", "io.jwt.verify_ps256", "io.jwt.verify_es256",
    "io.jwt.verify_ps384", "io.jwt.verify_ps512", "io.jwt.verify_es384", "io.jwt.verify_es512",
    "io.jwt.verify_eddsa", "graphql.parse_and_verify", "graphql.parse_query", "graphql.parse_schema",
    "graphql.schema_is_valid", "crypto.x509.parse_rsa_private_key",
    "urlquery.decode_object", "semver.compare", "time.now_ns",
    "json.patch", "regex.globs_match", "object.subset", "opa.runtime", "rand.intn",
    "numbers.range_step", "strings.render_template", "net.lookup_ip_addr", "uuid.rfc4122",
    "crypto.x509.parse_keypair", "providers.aws.sign_req", "glob.match", "array.flatten",
    "time.parse_rfc3339_ns", "time.add_date", "base64.encode", "base64.decode", "base64.is_valid",
    "base64url.encode", "base64url.encode_no_pad", "base64url.decode", "hex.encode", "hex.decode",
    "urlquery.encode", "urlquery.decode", "urlquery.encode_object", "regex.match", "re_match",
    "regex.is_valid", "regex.split", "regex.find_n", "regex.find_all_string_submatch_n",
    "regex.replace", "regex.template_match", "strings.count", "cast_array", "cast_set",
}
# (the registry is consulted first: what is implemented is no longer refused;
# the builtins the registry itself refuses, http.send..., say why: runtime/builtins/noio.py).
# crypto.sha512 and crypto.hmac.sha384 are not OPA 1.20 builtins (OPA: rego_type_error
# "undefined function"), so they are not listed: rego2py answers as OPA does.
KNOWN_UNSUPPORTED -= set(BUILTINS)

# Why a builtin is refused, where that is a decision rather than work to do.
REFUSAL_REASONS: dict[str, str] = {}


def _custom_module(name: str) -> str | None:
    """The module a user's builtin is imported from (None: one of rego2py's)."""
    return getattr(BUILTINS.get(name), "module", None)


RUNTIME_NAMES = {n for n in vars(rt) if n.startswith("_") and not n.startswith("__")}
_NAME = re.compile(r"\b_[A-Za-z][A-Za-z0-9_]*")


class Program:
    def __init__(
        self, modules: list[ast.Module], sources: dict[str, str], strict: bool = False, refused=None
    ):
        clear_memo_names()  # names memoised for the previous program's nodes
        self.strict = strict
        # package path -> the error that refused it (its dependants are refused too)
        self.refused: dict[tuple, RegoError] = dict(refused or {})
        self.sources = sources
        self.tree = RuleTree()
        self.known_unsupported = KNOWN_UNSUPPORTED
        self._resolvers: dict[int, Resolver] = {}
        for mod in modules:
            if not mod.v0:  # what OPA checks in every v1 module
                for err in default_checks(mod):
                    err.source = sources.get(mod.file)
                    raise err
        modules = self._localize(modules, sources)
        # set literals whose order OPA's generated names decide but no one sees
        self.order_free_sets = order_free_sets(modules)
        self.declared_names = declared_names(modules)  # (the variables OPA renames)
        for mod in modules:
            self.tree.add_module(mod, sources.get(mod.file))
        for mod in modules:
            names = {r.ref.head.name for r in mod.rules}
            names |= {
                r.ref.head.name
                for m2 in self.tree.packages[mod.package].modules
                for r in m2.rules
            }
            res = Resolver.for_module(mod, names, sources.get(mod.file))
            for rule in mod.rules:
                r = rule
                while r is not None:
                    self._resolvers[id(r)] = res
                    r = r.else_
        # helper values may be computed once per event and shared by the
        # signatures (``_memo``) unless evaluating twice is visible
        self.shared_per_event = not _calls_impure(modules)
        self.with_targets: set[tuple] = set()
        self.mocked_builtins: set[str] = set()
        self._scan_withs(modules)
        # functions called with their output bound somewhere (``f(1, 7)``):
        # their calls go through OPA's cache of function values (rules.py)
        self.kept_errors = KeptErrors(self)  # (kepterrors.py)
        self.output_called: set[int] = set()
        # OPA's types of a function's parameters, given by its bodies (id(leaf) -> types),
        # once the function is generated; the types seen at each clause's end (id(rule) -> [types])
        self.parameter_types: dict = {}
        self._parameters_seen: dict = {}
        self.output_semantics: dict[int, bool] = {}
        self.bound_heads: dict[int, ast.Rule] = {}  # rule -> as its variant for a bound output runs it
        for mod in modules:
            for rule in mod.rules:
                res = self.resolver_of(rule)
                self._note_output_calls(rule, Env(res, {}, set()))
        if self.output_called:  # (a helper's value then depends on the calls before it)
            self.shared_per_event = False
        self._functions: dict[int, tuple] = {}
        self.conflicts: dict[int, bool] = {}  # function leaf -> may have two outputs
        self.conflicts_through: dict[int, bool] = {}  # function leaf -> calls one that may
        self._assign_functions()
        self.modules: dict[tuple, ModuleGen] = {}
        self.python_modules: dict[tuple, types.ModuleType] = {}

    @staticmethod
    def _localize(modules, sources) -> list:
        """The modules with their local variables scoped as OPA does."""
        names: dict[tuple, set] = {}
        zero_arg: dict[tuple, int] = {}
        for mod in modules:
            names.setdefault(mod.package, set()).update(r.ref.head.name for r in mod.rules)
            for r in mod.rules:
                if r.args == () and not r.default:
                    key = mod.package + (r.ref.head.name,)
                    zero_arg[key] = zero_arg.get(key, 0) + 1
        out = []
        for mod in modules:
            source = sources.get(mod.file)
            res = Resolver.for_module(mod, names[mod.package], source)
            rules = []
            for r in mod.rules:
                if r.args == () and zero_arg.get(mod.package + (r.ref.head.name,), 0) < 2:
                    # a v0 head `f() = v` defined once is the rule `f`, as OPA
                    # reads it; defined twice or more it is a function
                    r = _as_rule(r)
                r = opa_true_body(r, res.is_global)
                rules.append(hoist_negated_calls(localize_rule(r, res.is_global, source), res.is_global))
            rules = tuple(rules)
            out.append(dataclasses.replace(mod, rules=rules))
        return out

    # -- annotations (rego.metadata.*) ---------------------------------------

    def metadata(self, name: str, rule: ast.Rule):
        """The value of rego.metadata.rule()/chain() called in ``rule``."""
        if getattr(self, "_annotations", None) is None:
            from .annotations import AnnotationSet

            mods = [m for info in self.tree.packages.values() for m in info.modules]
            self._annotations = AnnotationSet(mods, self.sources)
        if name == "rego.metadata.rule":
            return self._annotations.rule_annotations(rule)
        return self._annotations.chain(rule)

    # -- resolution ---------------------------------------------------------

    def resolver_of(self, rule: ast.Rule) -> Resolver:
        return self._resolvers[id(rule)]

    def same_resolver(self, made: ast.Rule, rule: ast.Rule) -> None:
        """``made`` (a rewriting of ``rule``, kept alive) resolves names as ``rule``."""
        self._resolvers[id(made)] = self._resolvers[id(rule)]

    def function_path(self, name: tuple[str, ...], env: Env):
        """The data path a dotted function name refers to, or None for builtins."""
        head = name[0]
        if head == "data":
            return tuple(name[1:])
        if env.is_local(head) and head not in env.resolver.rules and head not in env.resolver.imports:
            return None
        imp = env.resolver.imports.get(head)
        if imp is not None and not (head in env.declared):
            p = _dotted(imp)
            if p is None or p[0] != "data":
                return None
            return tuple(p[1:]) + tuple(name[1:])
        if head in env.resolver.rules:
            return env.resolver.package + tuple(name)
        return None

    def check_not_refused(self, path, node, source) -> None:
        """Refuse a reference to ``data.<path...>`` that reads a refused package
        (``path``: the constant prefix of the reference)."""
        path = tuple(path)
        for pkg, cause in self.refused.items():
            n = min(len(pkg), len(path))
            if pkg[:n] == path[:n]:
                raise Refused(node.pos, "data" + "".join("." + s for s in path), cause, source)

    def with_target(self, w: ast.With, env: Env, source) -> tuple:
        name = _dotted(w.target)
        if name is None:
            raise Unsupported(w.pos, "with target that is not a plain reference", source)
        if name[0] == "input":
            return name
        if name[0] == "data":
            return name
        path = self.function_path(name, env)
        if path is not None:
            return ("data",) + path
        full = ".".join(name)
        if full in BUILTINS:
            return ("builtin", full)
        if full in KNOWN_UNSUPPORTED:
            raise Unsupported(w.pos, f"with on builtin {full}", source)
        raise CompileError(w.pos, f"with keyword target {full} is not valid", source, "rego_compile_error")

    def _scan_withs(self, modules) -> None:
        for mod in modules:
            for rule in mod.rules:
                res = self.resolver_of(rule)
                self._note_withs(rule, Env(res, {}, set()), res.source)

    def scan_query_withs(self, body, res: Resolver) -> None:
        before = (set(self.with_targets), set(self.mocked_builtins))
        self._note_withs(tuple(body), Env(res, {}, set()), None)
        return before != (self.with_targets, self.mocked_builtins)

    def _note_withs(self, root, env: Env, source) -> None:
        """Record what the ``with`` modifiers below ``root`` replace: data
        paths (``with_targets``) and builtins (``mocked_builtins``)."""
        for node in ast.walk(root):
            if isinstance(node, ast.Literal):
                for w in node.withs:
                    try:
                        path = self.with_target(w, env, source)
                    except RegoError:
                        continue
                    if path[0] == "data":
                        self.with_targets.add(tuple(path[1:]))
                    elif path[0] == "builtin":
                        self.mocked_builtins.add(path[1])

    def _note_output_calls(self, root, env: Env) -> bool:
        """Record the functions called below ``root`` with an output
        argument (``output_called``); whether there are new ones."""
        new = False
        for node in ast.walk(root):
            if not isinstance(node, ast.Call):
                continue
            path = self.function_path(node.name, env)
            if path is None:
                continue
            el, depth = self.tree.lookup(path)
            if (
                depth == len(path)
                and isinstance(el, Leaf)
                and el.kind == "function"
                and len(node.args) == (el.arity or 0) + 1
                and id(el) not in self.output_called
            ):
                self.output_called.add(id(el))
                new = True
                self._head_calls_bound(el)
        return new

    def _head_calls_bound(self, leaf) -> None:
        """A function called with its output bound passes it on to the call
        its head's value is (``g(x) := f(x)``: OPA moves ``f(x, out)`` into
        the body, the output bound first): those functions too."""
        for rule in leaf.rules:
            r = rule
            while r is not None:
                if isinstance(r.value, ast.Call):
                    path = self.function_path(r.value.name, Env(self.resolver_of(rule), {}, set()))
                    el, depth = self.tree.lookup(path) if path is not None else (None, 0)
                    if (
                        path is not None
                        and depth == len(path)
                        and isinstance(el, Leaf)
                        and el.kind == "function"
                        and len(r.value.args) == (el.arity or 0)
                        and id(el) not in self.output_called
                    ):
                        self.output_called.add(id(el))
                        self._head_calls_bound(el)
                r = r.else_

    def may_override(self, path) -> bool:
        path = tuple(path)
        for t in self.with_targets:
            n = min(len(t), len(path))
            if t[:n] == path[:n]:
                return True
        return False

    # -- Python modules and functions ---------------------------------------

    def module_key(self, path) -> tuple:
        info = self.tree.owner(tuple(path))
        return info.package if info is not None else ROOT_MODULE

    def _assign_functions(self) -> None:
        for el in self.tree.walk():
            key = self.module_key(el.path)
            rel = el.path[len(key):] if key != ROOT_MODULE else el.path
            if isinstance(el, Node) and not rel:
                fname = "_package" if key != ROOT_MODULE else "_data"
            elif isinstance(el, Node) and key == ROOT_MODULE:
                fname = "_doc__" + rule_func_name(rel)
            else:
                fname = rule_func_name(rel)
            self._functions[id(el)] = (key, fname)

    def depends(self, el) -> None:
        """Record that the element being generated calls ``el``."""
        cur = getattr(self, "_current", None)
        if cur is not None:
            self._edges.setdefault(id(cur), (cur, {}))[1][id(el)] = el

    def _static_depends(self, el) -> None:
        """Record the rules that ``el``'s rules read by name (for the
        recursion check of an element whose generation stopped early)."""
        rules = (el.rules + [el.default]) if isinstance(el, Leaf) else [r for r, _ in el.dynamic]
        for rule in rules:
            r = rule
            while r is not None:
                res = self.resolver_of(r)
                for leaf in rules_read(r, res, self.tree, self.function_path):
                    self.depends(leaf)
                r = r.else_

    def _check_recursion(self) -> None:
        """OPA refuses rules that depend on themselves; so do we."""
        WHITE, GREY, BLACK = 0, 1, 2
        color: dict[int, int] = {}
        stack: list = []

        def name(el):
            return "data." + ".".join(el.path) if el.path else "data"

        def visit(el):
            color[id(el)] = GREY
            stack.append(el)
            for nxt in self._edges.get(id(el), (el, {}))[1].values():
                c = color.get(id(nxt), WHITE)
                if c == GREY:
                    cycle = stack[stack.index(nxt):] + [nxt]
                    rule = next((x for x in cycle if isinstance(x, Leaf)), cycle[0])
                    first = (rule.rules or [rule.default])[0] if isinstance(rule, Leaf) else None
                    pos = first.pos if first is not None else None
                    raise CompileError(
                        pos,
                        f"rule {name(rule)} is recursive: " + " -> ".join(name(x) for x in cycle),
                        self.sources.get(pos.file) if pos else None,
                        "rego_recursion_error",
                    )
                if c == WHITE:
                    visit(nxt)
            stack.pop()
            color[id(el)] = BLACK

        for el, _ in list(self._edges.values()):
            if color.get(id(el), WHITE) == WHITE:
                visit(el)

    def _position_of(self, el):
        """Where the element ``el`` is written: its first rule, else its package."""
        rules = (el.rules + [el.default]) if isinstance(el, Leaf) else [r for r, _ in el.dynamic]
        rule = next((r for r in rules if r is not None), None)
        pos = rule.pos if rule is not None else None
        if pos is None and el.module is not None and el.module.modules:
            pos = el.module.modules[0].pos
        return pos

    def _too_large(self, el, exc) -> Unsupported:
        pos = self._position_of(el)
        name = "data" + ("." + ref_text(el.path) if el.path else "")
        return Unsupported(pos, f"{name} compiles to {exc}", self.sources.get(pos.file) if pos else None)

    def function_of(self, el) -> tuple:
        return self._functions[id(el)]

    def generate(self) -> dict[tuple, str]:
        """Python source of every module, keyed by package path."""
        gens: dict[tuple, ModuleGen] = {}
        funcs: dict[tuple, list] = {}
        # id(element) -> its function's source; package -> its functions (entries.py)
        self.function_sources: dict[int, str] = {}
        self._edges = {}
        check_calls(self)  # (OPA's stages before its safety checks)
        type_error = None  # the first error of OPA's type checker, reported after the recursion check
        for el in self.tree.walk():
            self._current = el
            key, fname = self.function_of(el)
            mg = gens.get(key)
            if mg is None:
                mg = gens[key] = ModuleGen(self, key)
            rg = RuleGen(mg, self)
            try:
                if isinstance(el, Leaf):
                    src = rg.leaf(el, fname)
                    self._parameters_of(el)
                else:
                    children = []
                    for ckey, child in el.children.items():
                        if isinstance(child, Leaf) and child.kind == "function":
                            continue
                        children.append((ckey, mg.element_ref(child)))
                    if self.strict:
                        # OPA evaluates a document's children by key: which
                        # one fails a builtin first shows in strict mode
                        children.sort(key=lambda c: c[0].encode())
                    src = rg.node(el, fname, children)
            except CodeTooLarge as exc:
                raise self._too_large(el, exc) from None
            except RegoError as exc:
                if exc.pos is None:  # found while generating el: it is located there
                    exc.pos = self._position_of(el)
                    exc.source = self.sources.get(exc.pos.file) if exc.pos else None
                if not isinstance(exc, TypeCheckError):
                    raise
                # (OPA's safety stage comes before its type checker: the
                # head's variables that no literal binds, which generating
                # the rest of el would have found)
                self._check_head_safety(el, rg)
                type_error = type_error or exc
                self._static_depends(el)  # (what generating el did not reach)
                continue
            except (RecursionError, MemoryError):
                raise  # (build.compile_modules: the deepest module is refused)
            except Exception as exc:
                # a fault of rego2py itself: this rule is refused, located,
                # rather than a traceback or a module that may answer wrongly
                pos = self._position_of(el)
                name = "data" + ("." + ref_text(el.path) if el.path else "")
                raise InternalError(
                    pos, f"{name}: internal error of rego2py ({type(exc).__name__}: {exc}); please report it",
                    self.sources.get(pos.file) if pos else None,
                ) from exc
            funcs.setdefault(key, []).append(src)
            self.function_sources[id(el)] = src
        self._current = None
        self._check_recursion()
        if type_error is not None:
            raise type_error
        self.modules = gens
        self.module_functions = funcs
        out = {}
        for key, mg in gens.items():
            out[key] = self.render_module(mg, funcs[key] + mg.called_extra_functions(funcs[key]))
        return out

    def note_parameters(self, rule, types: list) -> None:
        """The types a clause gave its arguments (None: none) where it was
        written (once for each copy written: specialised, inlined)."""
        self._parameters_seen.setdefault(id(rule), []).append(types)

    def _parameters_of(self, el: Leaf) -> None:
        """OPA's types of function ``el``'s parameters: those each clause
        gives its arguments, together (``types.Or``); not known where an
        argument is no plain variable, a clause has an ``else`` or was not
        written."""
        if el.kind != "function" or any(r.else_ is not None or not all(
                isinstance(a, ast.Var) for a in r.args or ()) for r in el.rules):
            return
        per_arg = None
        for r in el.rules:
            seen = self._parameters_seen.get(id(r))
            if not seen:
                return
            for types in seen:
                per_arg = [[t] for t in types] if per_arg is None else [p + [t] for p, t in zip(per_arg, types)]
        if per_arg is not None:
            self.parameter_types[id(el)] = tuple(typeforms.union(ts) for ts in per_arg)

    def _check_head_safety(self, el, rg) -> None:
        """OPA's unsafe-variable error for a clause of ``el`` (each of its
        ``else`` chains), which generating it did not reach (staticsafety.py)."""
        from .emit import output_call
        from .staticsafety import check_clause

        rules = list(el.rules) if isinstance(el, Leaf) else [r for r, _ in el.dynamic]
        for rule in rules:
            r = rule
            while r is not None:
                env = rg.env_for(r)
                check_clause(r, env, rg.mg.names_function, rg.mg.source_for,
                             lambda lit, env=env: output_call(rg.mg, lit, env) is not None)
                r = r.else_

    def render_module(self, mg: ModuleGen, functions: list[str]) -> str:
        used = set(_NAME.findall("\n".join(functions + mg.const_lines)))
        mg.runtime_names |= used & RUNTIME_NAMES
        info = self.tree.packages.get(mg.key)
        files = sorted({m.file for m in info.modules}) if info else ["(data root)"]
        return render(
            "module.py.j2",
            sources=files,
            package="data" + ("." + ref_text(mg.key) if mg.key else ""),
            runtime_names=sorted(mg.runtime_names),
            builtins=sorted((n, py) for n, py in mg.builtins.items() if not _custom_module(n)),
            custom_builtins=sorted((n, py, _custom_module(n)) for n, py in mg.builtins.items() if _custom_module(n)),
            consts=[Code(line) for line in mg.const_lines],
            functions=functions,
            links=sorted((a, ref_text(m), f) for a, (m, f) in mg.links.items()),
        ) + "\n"

    def load(self, sources: dict[tuple, str] | None = None) -> dict[str, types.ModuleType]:
        """Execute the generated modules in memory and link them."""
        if sources is None:
            sources = self.generate()
        mods = {}
        for key, src in sources.items():
            name = ref_text(key)
            m = types.ModuleType(f"rego2py_generated.{name}")
            code = compile(src, f"<rego2py {name}>", "exec")
            exec(code, m.__dict__)
            mods[name] = m
        for m in mods.values():
            m._link(mods)
        self.python_modules = mods
        return mods

    # -- queries ----------------------------------------------------------

    def check_data(self, data) -> None:
        """OPA refuses base data (``data``) at the path of a rule, or a
        non-object above one: ``conflicting rule for data path t/q found``."""
        if not isinstance(data, dict):
            return
        for el in self.tree.walk():
            if not isinstance(el, Leaf):
                continue
            d = data
            for seg in el.path:
                if not isinstance(d, dict):
                    break
                if seg not in d:
                    d = rt.UNDEF
                    break
                d = d[seg]
            if d is rt.UNDEF:
                continue
            first = (el.rules or [el.default])[0]
            raise CompileError(
                first.pos,
                f"conflicting rule for data path {'/'.join(el.path)} found",
                self.sources.get(first.pos.file),
                "rego_compile_error",
            )

    def query(
        self,
        text: str,
        *,
        input=rt.UNDEF,
        input_term: str | None = None,
        data=None,
        body=None,
        capture: tuple[str, ...] = (),
        ev=None,
    ):
        """One dict of bindings per solution of the query ``text`` (or of its
        parsed ``body``); ``capture`` names internal variables (``$...``) to
        report too (``rego2py eval`` captures expression values that way)."""
        if data is not None:
            self.check_data(data)
        res = Resolver((), {}, set(), text)
        body = localize_query(parse_query(text) if body is None else body, res.is_global, text)
        new_outputs = self._note_output_calls(tuple(body), Env(res, {}, set()))
        if self.scan_query_withs(body, res) or new_outputs or not self.python_modules:
            self._functions.clear()
            self._assign_functions()
            self.load()
        mg = ModuleGen(self, ("_query",))
        out = Out(indent=1)
        em = BodyEmitter(mg, out)
        env = Env(res, {}, set())
        names = _query_vars(body, env) + list(capture)

        def row():
            items = ", ".join(f"{n!r}: {env.names[n]}" for n in names if n in env.names)
            em.emit(f"_rows.append({{{items}}})")

        em.body(list(body), env, row)
        fn = render("query.py.j2", text=text, body=Code("\n".join(out.lines)))
        src = self.render_module(mg, [fn] + mg.called_extra_functions([fn]))
        m = types.ModuleType("rego2py_query")
        exec(compile(src, "<rego2py query>", "exec"), m.__dict__)
        m._link(self.python_modules)
        if input_term is not None:
            input = self.eval_term(input_term)
        ctx = rt.Ctx(data if data is not None else {}, ev=ev)  # ev: the evaluation (print hook...)
        return deep_call(m._query, input, ctx)

    def eval_term(self, text: str):
        t = parse_term(text)
        rows = self._eval_const(t)
        return rows

    def _eval_const(self, t):
        body = (ast.Literal(ast.Unify(ast.Var("$term"), t)),)
        res = Resolver((), {}, set())
        mg = ModuleGen(self, ("_term",))
        out = Out(indent=1)
        em = BodyEmitter(mg, out)
        env = Env(res, {}, set())
        em.body(list(body), env, lambda: em.emit(f"_rows.append({env.names['$term']})"))
        fn = render("query.py.j2", text="input term", body=Code("\n".join(out.lines)))
        src = self.render_module(mg, [fn] + mg.called_extra_functions([fn]))
        m = types.ModuleType("rego2py_term")
        exec(compile(src, "<rego2py term>", "exec"), m.__dict__)
        rows = m._query(rt.UNDEF, rt.Ctx())
        return rows[0] if rows else rt.UNDEF


# builtins whose every call is seen (output), so that computing a value once
# for several signatures would change what the user sees
IMPURE_BUILTINS = frozenset({"print", "trace"})


def _calls_impure(modules) -> bool:
    for mod in modules:
        for n in ast.walk(mod.rules):
            if isinstance(n, ast.Call) and ".".join(n.name) in IMPURE_BUILTINS:
                return True
    return False


def _as_rule(rule: ast.Rule) -> ast.Rule:
    """A zero-argument function definition (and its else chain) as a complete rule."""
    kind = "complete" if rule.kind == "function" else rule.kind
    nxt = _as_rule(rule.else_) if rule.else_ is not None else None
    return dataclasses.replace(rule, kind=kind, args=None, else_=nxt)


def _query_vars(body, env: Env) -> list[str]:
    from .scope import term_vars

    seen: list[str] = []
    for lit in body:
        for w in lit.withs:
            pass
        vs = term_vars(lit.expr, env.is_local)
        if isinstance(lit.expr, ast.SomeDecl):
            vs = {v.name for v in lit.expr.names}
        for v in sorted(vs, key=lambda n: _first_pos(lit, n)):
            if v not in seen and not v.startswith("$") and not v.startswith("__local"):
                seen.append(v)
    return seen


def _first_pos(lit, name):
    from .scope import _var_pos

    p = _var_pos(lit, name)
    return (p.line, p.col) if p else (0, 0)


def compile_program(modules: list[tuple[str, str]], *, strict: bool = False, v0: bool | None = None) -> Program:
    """Parse and compile Rego modules given as (filename, source) pairs."""
    parsed = []
    sources = {}
    for filename, text in modules:
        sources[filename] = text
        parsed.append(parse_module(text, filename, v0=v0))
    prog = Program(parsed, sources, strict)
    prog.load()
    return prog
