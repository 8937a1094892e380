"""A short seeded fuzz run of `rego2py run` (tests/run_fuzz.py says what each
case checks and how to run a longer one)."""

from __future__ import annotations

import run_fuzz


def test_fuzz_run_short_seeded():
    # about 10 s of CPU: 20 mutated streams over the 186 findings of the sample
    assert run_fuzz.fuzz(seed=20261203, cases=20) == 186
