"""rego2py: Rego signatures transpiled ahead of time into plain Python.

Keep this file free of imports: generated code imports ``transpiler.runtime``
only, which must not pull in lark, jinja2 or black.
"""

__version__ = "0.1.0"
