"""One generated entry point per event kind, for the whole signature set.

An event kind is an event name and an origin (Tracee's dispatch). For each
kind that some signature selects by name, the generated package gets a
function in ``_entries.py`` that runs every signature selecting that kind,
in the engine's order, each in its own ``try`` (a signature that raises
does not take the others down), and returns the outcomes that are not
undefined: ``[(index, value or _Raised(error)), ...]``. The engine uses it
when its own selection for the kind is exactly the entry's (see
engine._Entry) and falls back to calling the signatures one by one
otherwise.

Each signature selecting a kind by name is called through a copy of its
``tracee_match`` specialised for that event name (``EventVariant``): in the
copy, ``input.eventName`` is the constant name, so a guard
``input.eventName == "security_file_open"`` is known true and one for
another name known false (its clause is not written). The rules of the
signature's own package that the copy calls on the same input are
specialised too, where that changes their code; other rules, the shared
helpers and everything under ``with input as`` are the usual functions.
The per-signature functions stay as they are, with their Rego line map.

The selectors are those the engine reads: the generated modules are
loaded once at build time and each signature made as the package makes it
(runtime.gen.make_signature), so a signature whose metadata fails to
evaluate is left out here as there. No entries are written for a program
whose calls go through OPA's cache of function values (the engine
evaluates each signature of such a program in a context of its own).
"""

from __future__ import annotations

import ast as pyast
import re

from ..errors import RegoError
from . import argscan, inline
from .emit import CodeTooLarge
from .names import Code, py_str, ref_text
from .tree import Leaf

ENTRIES_MODULE = "_entries"
# (origins in the engine's order: engine.ORIGINS)
_ORIGINS = ("host", "container", "container-init")


class EventVariant:
    """Emits, in one package's module, the copies of its rules for events
    named ``event_name`` (``input.eventName`` known)."""

    def __init__(self, program, mg, event_name: str, tag: int):
        self.program = program
        self.mg = mg
        self.event_name = event_name
        self.tag = tag
        self.note = f", specialised for input.eventName = {py_str(event_name)}"
        self.names: dict[int, str] = {}  # id(leaf) -> the function its callers here call
        self._busy: set[int] = set()

    def prepare(self, em) -> None:
        """Start ``em`` (a BodyEmitter) on a copy: the lookup of
        ``input.eventName`` is the constant, and rules it calls go through
        ``ref``."""
        em.variant = self
        em.lookups[("input", "eventName")] = self.mg.const(self.event_name)

    def ref(self, leaf) -> str:
        """The function to call for ``leaf`` on the same event: its copy when
        it is a rule of this package whose code the known name changes."""
        base = self.mg.element_ref(leaf)
        if not isinstance(leaf, Leaf) or self.program.function_of(leaf)[0] != self.mg.key:
            return base
        if self.program.may_override(leaf.path) or id(leaf) in self._busy:
            return base
        name = self.names.get(id(leaf))
        if name is None:
            name = self.copy(leaf, base) if self._reads_name(leaf, base) else base
            self.names[id(leaf)] = name
        return name

    def _reads_name(self, leaf, base: str) -> bool:
        """Whether the function of ``leaf`` (or a function of this package
        it calls) reads ``input.eventName`` by that name: only then can its
        copy differ (from the generated text, an approximation that can
        only leave a copy unwritten, never change a value)."""
        known = self.mg.__dict__.setdefault("_entry_reads_name", {})
        if id(leaf) in known:
            return known[id(leaf)]
        known[id(leaf)] = False  # (a cycle: refused as recursion anyway)
        src = self.program.function_sources.get(id(leaf)) or ""
        found = "eventName" in src
        if not found:
            leaves = _module_leaves(self.program, self.mg)
            for called in set(_CALL.findall(src)) - {base}:
                other = leaves.get(called)
                if other is not None and self._reads_name(other, called):
                    found = True
                    break
        known[id(leaf)] = found
        return found

    def copy(self, leaf, base: str) -> str:
        """Write the copy of ``leaf`` (its function is ``base``); its name, or
        ``base`` when the copy would read the same."""
        from .rules import RuleGen

        original = self.program.function_sources.get(id(leaf))
        if original is None:
            return base
        name = f"_e{self.tag}_{base.lstrip('_')}"
        self._busy.add(id(leaf))
        try:
            src = RuleGen(self.mg, self.program, self).leaf(leaf, name)
        finally:
            self._busy.discard(id(leaf))
        if _same_function(src, name, original, base, self.note):
            self.names[id(leaf)] = base
            return base
        self.names[id(leaf)] = name
        self.mg.extra_functions.append(src)
        return name


def _module_leaves(program, mg) -> dict:
    """{function name: leaf} of the rules of ``mg``'s package."""
    leaves = mg.__dict__.get("_entry_leaves")
    if leaves is None:
        leaves = mg._entry_leaves = {}
        for el in program.tree.walk():
            if isinstance(el, Leaf):
                key, fname = program.function_of(el)
                if key == mg.key:
                    leaves[fname] = el
    return leaves


def _same_function(src: str, name: str, original: str, base: str, note: str) -> bool:
    """Whether the copy ``src`` (named ``name``) is ``original`` (named
    ``base``) but for its name and docstring note."""
    return src.replace(f"def {name}(", f"def {base}(", 1).replace(note, "", 1) == original


def build_entries(prog, pysrc: dict, sig_keys: list) -> tuple[dict, str | None]:
    """(the modules' sources with the specialised copies added, the source of
    the entries module or None when there is none to write)."""
    if any(
        "_fcached" in mg.runtime_names or "_fbound" in mg.runtime_names for mg in prog.modules.values()
    ):
        return pysrc, None
    sigs = _signatures(prog, pysrc, sig_keys)
    if not sigs:
        return pysrc, None
    # kinds: the concrete names some signature selects, with every origin
    names = sorted({name for _, sels in sigs for name, _ in sels if name != "*"})
    if not names:
        return pysrc, None
    changed: set = set()
    copies: dict[tuple, str] = {}  # (package, event name) -> function of its copy
    for key, sels in sigs:
        mg = prog.modules.get(key)
        leaf, _ = prog.tree.lookup(tuple(key) + ("tracee_match",))
        if mg is None or not isinstance(leaf, Leaf):
            continue
        for name in sorted({n for n, _ in sels if n != "*"}):
            n_before = len(mg.extra_functions)
            specialisations = dict(mg.specialisations)
            variant = EventVariant(prog, mg, name, _next_tag(mg))
            try:
                fn = variant.ref(leaf)
            except (RegoError, CodeTooLarge, RecursionError):
                # (a constant name the copy could not take: the usual
                # function; nothing written for it stays, nor is named)
                del mg.extra_functions[n_before:]
                mg.specialisations = specialisations
                continue
            copies[(key, name)] = fn
            if len(mg.extra_functions) != n_before:
                changed.add(key)
    out = dict(pysrc)
    for key in sorted(changed):
        mg = prog.modules[key]
        out[key] = prog.render_module(mg, prog.module_functions[key] + mg.extra_functions)
    leaves = {id(el): el for el in prog.tree.walk() if isinstance(el, Leaf)}
    shared = argscan.lookups(prog, leaves)
    graph = _CallGraph(prog, out, shared)
    return out, _render_entries(prog, sigs, names, copies, shared, graph, out)


def _next_tag(mg) -> int:
    n = getattr(mg, "_entry_tags", 0)
    mg._entry_tags = n + 1
    return n


def _signatures(prog, pysrc: dict, sig_keys: list) -> list:
    """[(package key, selectors [(name, origin)])] of the signatures the
    generated package will list, in its order."""
    from ..engine import SignatureSetError, _selectors
    from ..runtime.errors import RegoRuntimeError
    from ..runtime.gen import make_signature

    try:
        mods = prog.load(pysrc)
    except Exception:  # (a module that does not load here: no entries, the engine's usual path)
        return []
    out = []
    for key in sig_keys:
        text = ref_text(key)
        try:
            sig = make_signature(mods[text], text)
            sels = _selectors(sig)
        except (RegoRuntimeError, SignatureSetError, KeyError):
            continue  # (BROKEN, or refused by the engine: no entry holds it)
        out.append((key, sels))
    return out


_DEF = re.compile(r"^def ([A-Za-z_][A-Za-z0-9_]*)\(", re.M)
_CALL = re.compile(r"\b([A-Za-z_][A-Za-z0-9_]*)\(")


class _CallGraph:
    """Which shared argument lookups the functions reached from a function
    may read, from the generated text (an approximation either way only
    changes what the entry's scan fills ahead, never a value)."""

    def __init__(self, prog, sources: dict, shared: dict):
        self.prog = prog
        self.shared = shared
        self.functions: dict[tuple, tuple] = {}  # (package, function) -> (keys read, callees)
        for key, src in sources.items():
            starts = [m.start() for m in _DEF.finditer(src)] + [len(src)]
            mg = prog.modules.get(key)
            links = mg.links if mg is not None else {}
            for a, b in zip(starts, starts[1:]):
                text = src[a:b]
                name = _DEF.match(text).group(1)
                keys = {k for k in shared if repr(k) in text}
                callees = set()
                for called in _CALL.findall(text):
                    target = links.get(called)
                    callees.add(target if target is not None else (key, called))
                self.functions[(key, name)] = (keys, callees)

    def reads(self, start: tuple) -> set:
        seen, todo, keys = {start}, [start], set()
        while todo:
            node = self.functions.get(todo.pop())
            if node is None:
                continue
            keys |= node[0]
            for callee in node[1]:
                if callee not in seen:
                    seen.add(callee)
                    todo.append(callee)
        return keys


def _render_entries(prog, sigs, names, copies, shared, graph, sources) -> str:
    from .rules import render

    inliner = _Inliner(sources)
    scans: dict[tuple, str] = {}  # the shared values an entry fills -> its scan function
    scan_sources = []

    functions = []  # (function name, kind text, [(index, link alias)])
    by_list: dict[tuple, str] = {}  # the calls of an entry -> its function (kinds that agree share it)
    table = []  # (event name, origin, function, packages)
    kinds: dict[str, list] = {}  # entry function -> the kinds it serves
    for name in names:
        for origin in _ORIGINS:
            members = []  # (package key, selected by this name)
            for key, sels in sigs:
                here = [n for n, o in sels if o == origin or o == "*"]
                if name in here:
                    members.append((key, True))
                elif "*" in here:
                    members.append((key, False))
            if not members:
                continue
            calls, starts = [], []
            for key, by_name in members:
                fn = (copies.get((key, name)) if by_name else None) or "tracee_match"
                starts.append((key, fn))
                calls.append(inliner.call(key, fn))
            packages = tuple(ref_text(key) for key, _ in members)
            fname = by_list.get(tuple(starts))
            if fname is None:
                fname = by_list[tuple(starts)] = f"_entry{len(by_list)}"
                read = [graph.reads(start) for start in starts]
                wanted = sorted(set().union(*read))
                scan = None
                if wanted:
                    # the names most signatures ask for are tested first
                    readers = {shared[k]: sum(any(shared[k2] == shared[k] for k2 in r) for r in read) for k in wanted}
                    order = sorted(readers, key=lambda n: (-readers[n], n))
                    scan = scans.get((tuple(wanted), tuple(order)))
                    if scan is None:
                        scan = scans[(tuple(wanted), tuple(order))] = f"_args{len(scans)}"
                        scan_sources.append(argscan.scan_function(scan, {k: shared[k] for k in wanted}, order))
                kinds[fname] = []
                functions.append((Code(fname), kinds[fname], [c.render() for c in calls], Code(scan) if scan else None,
                                  any(c.shared for c in calls)))
            kinds[fname].append(f"{name} from {origin}")
            table.append((name, origin, Code(fname), packages))
    functions = [(f, _kind_text(k, len(c)), c, scan, sv) for f, k, c, scan, sv in functions]
    return render(
        "entries.py.j2",
        functions=functions,
        scans=scan_sources,
        table=table,
        runtime=[Code(n) for n in sorted(inliner.runtime | {"_Raised", "_U", "_getk", "_values"})],
        links=sorted((Code(a), mod, Code(fn)) for (mod, fn), a in inliner.links.items()),
    ) + "\n"


_RUNTIME = "transpiler.runtime.gen"


def module_names(src: str) -> tuple[set[str], set[str], dict]:
    """(the names a generated module binds at its top level and in
    ``_link``, those of them imported from the runtime's glue, its
    functions by name)."""
    tree = pyast.parse(src)
    names: set[str] = set()
    runtime: set[str] = set()
    functions = {}
    lines = src.split("\n")
    for node in tree.body:
        if isinstance(node, pyast.FunctionDef):
            functions[node.name] = "\n".join(lines[node.lineno - 1:node.end_lineno])
        if isinstance(node, pyast.ImportFrom) and node.module == _RUNTIME and node.level == 0:
            runtime.update(a.asname or a.name for a in node.names)
        if isinstance(node, (pyast.FunctionDef, pyast.ClassDef)):
            names.add(node.name)
            if node.name == "_link":
                for inner in pyast.walk(node):
                    if isinstance(inner, pyast.Global):
                        names.update(inner.names)
        elif isinstance(node, pyast.Assign):
            for t in node.targets:
                names.update(n.id for n in pyast.walk(t) if isinstance(n, pyast.Name))
        elif isinstance(node, (pyast.Import, pyast.ImportFrom)):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
    return names, runtime, functions


class _Inliner:
    """The calls of the entries: a small function written in place
    (inline.py), else a call through an alias bound by ``_link``."""

    def __init__(self, sources: dict):
        self.sources = sources
        self.links: dict[tuple, str] = {}  # (package text, name) -> alias in the entries module
        self.prefix: dict[tuple, str] = {}  # package -> prefix of the aliases of its names
        self.modules: dict[tuple, tuple] = {}  # package -> module_names
        self.runtime: set[str] = set()  # runtime names the inlined code reads
        self.count = 0

    def alias(self, key, name: str) -> str:
        target = (ref_text(key), name)
        a = self.links.get(target)
        if a is None:
            prefix = self.prefix.setdefault(key, f"_m{len(self.prefix)}")
            a = self.links[target] = f"{prefix}__{name}"
        return a

    def call(self, key, fn: str) -> "_Call":
        info = self.modules.get(key)
        if info is None:
            info = self.modules[key] = module_names(self.sources[key])
        names, runtime, functions = info
        src = functions.get(fn)
        self.count += 1
        used = set()

        def alias(name):
            if name in runtime:
                used.add(name)
                return name
            return self.alias(key, name)

        done = inline.inline_body(src, names, f"__{self.count}", alias) if src is not None else None
        if done is None:
            return _Call(self.alias(key, fn), None, None)
        self.runtime |= used
        return _Call(None, done[0], f"{ref_text(key)}.{fn}, written here", done[1])


class _Call:
    __slots__ = ("alias", "lines", "label", "shared")

    def __init__(self, alias, lines, label, shared=False):
        self.alias, self.lines, self.label, self.shared = alias, lines, label, shared

    def render(self):
        if self.lines is None:
            return (Code(self.alias), None, None)
        return (None, [Code(line) for line in self.lines], self.label)


def _kind_text(kinds: list, n: int) -> str:
    return f"Events {', '.join(kinds)}: {n} signature(s)"
