"""Progress of long work on stderr: a line rewritten in place on a terminal,
else a plain line every few seconds (logs and CI see that it is alive)."""

from __future__ import annotations

import sys
import time


class Progress:
    def __init__(self, stream=None, every: float = 5.0, quiet: bool = False):
        self.stream = stream if stream is not None else sys.stderr
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.every = 0.2 if self.tty else every
        self.quiet = quiet
        self.start = time.monotonic()
        self.last = self.start
        self.shown = False

    def step(self, what: str, i: int | None = None, n: int | None = None) -> None:
        now = time.monotonic()
        if self.quiet or now - self.last < self.every or now - self.start < 2.0:
            return
        self.last = now
        count = f" ({i + 1}/{n})" if i is not None and n else ""
        line = f"rego2py: {now - self.start:.0f}s: {what}{count}"
        if self.tty:
            self.stream.write("\r\x1b[K" + line[:150])
            self.shown = True
        else:
            self.stream.write(line + "\n")
        self.stream.flush()

    def done(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.shown = False
