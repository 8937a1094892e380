"""Semantic passes and code generation: Rego modules in, Python modules out."""

from .program import Program, compile_program

__all__ = ["Program", "compile_program"]
