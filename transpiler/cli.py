"""The ``rego2py`` command.

``rego2py SRC... -o OUT`` transpiles; the other verbs are subcommands, each
implemented in its own module exposing ``add_arguments(parser)`` and
``run(args) -> int``.
"""

from __future__ import annotations

import argparse
import difflib
import importlib
import sys

# verb -> (module, one-line help)
COMMANDS = {
    "transpile": ("transpiler.cmd_transpile", "transpile .rego files into a Python package"),
    "eval": ("transpiler.cmd_eval", "evaluate a query against modules, data and input (like opa eval)"),
    "check": ("transpiler.cmd_check", "report every error in Rego files, write nothing (like opa check); --tracee VERSION: against Tracee's events"),
    "test": ("transpiler.cmd_test", "run the test_* rules of Rego test files (like opa test)"),
    "run": ("transpiler.cmd_run", "run signatures over a stream of Tracee events"),
    "conformance": ("transpiler.conformance", "run OPA's conformance cases"),
    "verify": ("transpiler.cmd_verify", "compare generated code with OPA on events"),
    "fmt": ("transpiler.cmd_fmt", "print Rego modules in canonical form"),
    "workload": ("transpiler.cmd_workload", "generate a Tracee event stream of a kernel build"),
    "bench": ("transpiler.cmd_bench", "measure generated code against OPA and decoding"),
    "fuzz": ("transpiler.cmd_fuzz", "differential fuzzing of the compiler against OPA"),
}

# the verbs that take --builtins FILE.py (users' own builtins, transpiler/custom_builtins.py)
CUSTOM_BUILTINS_VERBS = ("transpile", "run", "test", "verify")


class _Parser(argparse.ArgumentParser):
    """argparse, whose usage errors follow ``--format json``
    (``--error-format json``) when the command line asks for it."""

    json_errors: str | None = None  # "out" or "err": where the document goes

    def error(self, message: str):
        if _Parser.json_errors is None:
            super().error(message)
        from .diagnostics import Problem, report

        report([Problem(f"{self.prog}: {message}")], "json", stdout_used=_Parser.json_errors == "err")
        self.exit(2)


def _json_errors_wanted(argv: list[str]) -> str | None:
    """Where a JSON error document goes when argv asks for JSON errors
    (None: it does not): run's on stderr (its stdout is findings)."""
    pairs = list(zip(argv, argv[1:]))
    if ("--error-format", "json") in pairs or "--error-format=json" in argv:
        return "err"
    if any(p in pairs for p in (("--format", "json"), ("-f", "json"))) or "--format=json" in argv:
        return "out" if not argv or argv[0] != "run" else None  # run's --format is the findings'
    if argv and argv[0] == "eval" and not any(a in ("-f", "--format") or a.startswith("--format=") for a in argv):
        return "out"  # eval's format is json unless another is asked for
    return None


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="rego2py",
        description="Transpile Rego into Python and run it. "
        "`rego2py SRC... -o OUT` is short for `rego2py transpile SRC... -o OUT`.",
    )
    parser.add_argument("--version", action="version", version=f"rego2py {version()} (the semantics of OPA {OPA_VERSION})")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for verb, (modname, help_) in COMMANDS.items():
        try:
            mod = importlib.import_module(modname)
        except ModuleNotFoundError as exc:
            if exc.name != modname:
                _broken(sub, verb, exc)
            continue
        except Exception as exc:  # one broken verb must not take the others down
            _broken(sub, verb, exc)
            continue
        p = sub.add_parser(verb, help=help_, description=help_)
        mod.add_arguments(p)
        if verb in CUSTOM_BUILTINS_VERBS:
            from .custom_builtins import add_argument

            add_argument(p)
        p.set_defaults(_module=mod)
    return parser


class _Unavailable:
    def __init__(self, verb, exc):
        self.verb, self.exc = verb, exc

    def run(self, args) -> int:
        print(f"rego2py {self.verb}: unavailable: {self.exc}", file=sys.stderr)
        return 2


def _broken(sub, verb, exc) -> None:
    p = sub.add_parser(verb, help=f"(unavailable: {type(exc).__name__})")
    p.add_argument("rest", nargs=argparse.REMAINDER)
    p.set_defaults(_module=_Unavailable(verb, exc))


# The OPA release whose answers rego2py gives (the reference of the tests).
OPA_VERSION = "v1.20.2"


def version() -> str:
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as dist_version

    try:
        return dist_version("rego2py")
    except PackageNotFoundError:
        return "unknown"


def _unknown_command(word: str) -> str | None:
    """The error for a first word that is neither a command nor a source
    (``rego2py rn ...``), or None when it may be a path to transpile."""
    from pathlib import Path

    if word.startswith("-") or word in ("-h", "--help") or Path(word).exists():
        return None
    if word.endswith(".rego") or "/" in word or "\\" in word or "." in word:
        return None  # a missing source: transpile says so, with the path
    close = difflib.get_close_matches(word, COMMANDS, n=1)
    if close:
        return f"rego2py: unknown command '{word}' (did you mean '{close[0]}'?); commands: {', '.join(COMMANDS)}"
    return f"rego2py: '{word}' is neither a command nor a .rego file or directory; commands: {', '.join(COMMANDS)}"


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    _Parser.json_errors = _json_errors_wanted(argv)
    if argv and argv[0] not in COMMANDS:
        message = _unknown_command(argv[0])
        if message:
            if _Parser.json_errors:
                from .diagnostics import Problem, report

                report([Problem(message.removeprefix("rego2py: "))], "json", prog="rego2py")
            else:
                print(message, file=sys.stderr)
            return 2
    parser = build_parser()
    if argv and argv[0] not in COMMANDS and argv[0] not in ("-h", "--help", "--version"):
        argv.insert(0, "transpile")
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    if getattr(args, "builtins", None):
        from .custom_builtins import CustomBuiltinError, load_files

        try:
            load_files(args.builtins)
        except CustomBuiltinError as exc:
            print(f"rego2py {args.command}: {exc.message}", file=sys.stderr)
            return 2
    try:
        return int(args._module.run(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
