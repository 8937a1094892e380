"""Find the grammar/ and templates/ folders relative to the package.

In a wheel they are installed inside the package (``transpiler/grammar``);
in a source checkout (editable install) they sit beside it.
"""

from pathlib import Path

_HERE = Path(__file__).resolve().parent


def resource_dir(name: str) -> Path:
    for candidate in (_HERE / name, _HERE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"rego2py is installed without its {name}/ folder")
