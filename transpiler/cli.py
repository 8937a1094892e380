"""The ``rego2py`` command.

``rego2py SRC... -o OUT`` transpiles; the other verbs are subcommands, each
implemented in its own module exposing ``add_arguments(parser)`` and
``run(args) -> int``.
"""

from __future__ import annotations

import argparse
import importlib
import sys

# verb -> (module, one-line help)
COMMANDS = {
    "transpile": ("transpiler.cmd_transpile", "transpile .rego files into a Python package"),
    "test": ("transpiler.cmd_test", "run the test_* rules of Rego test files (like opa test)"),
    "run": ("transpiler.cmd_run", "run signatures over a stream of Tracee events"),
    "conformance": ("transpiler.conformance", "run OPA's conformance cases"),
    "verify": ("transpiler.cmd_verify", "compare generated code with OPA on events"),
    "fmt": ("transpiler.cmd_fmt", "print Rego modules in canonical form"),
    "workload": ("transpiler.cmd_workload", "generate a Tracee event stream of a kernel build"),
    "bench": ("transpiler.cmd_bench", "measure generated code against OPA and decoding"),
    "fuzz": ("transpiler.cmd_fuzz", "differential fuzzing of the compiler against OPA"),
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="rego2py",
        description="Transpile Rego into Python and run it. "
        "`rego2py SRC... -o OUT` is short for `rego2py transpile SRC... -o OUT`.",
    )
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


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    if argv and argv[0] not in COMMANDS and argv[0] not in ("-h", "--help"):
        argv.insert(0, "transpile")
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    try:
        return int(args._module.run(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
