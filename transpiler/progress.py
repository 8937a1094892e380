"""Progress of long work on stderr, the one implementation every command uses
(transpile, run, test, verify, conformance, bench).

On a terminal: one line redrawn in place (at most 5 times a second), a bar
when the total is known. Elsewhere (logs, CI): a plain line every ``every``
seconds, so a reader sees the work is alive. Nothing in the first ``grace``
seconds (short work stays silent) and nothing at all with ``quiet``.
``clear()`` wipes the line before other text is written on stderr.
The clock is a parameter, so tests drive it without sleeping.
"""

from __future__ import annotations

import sys
import time

WIDTH = 30  # characters of the bar


class Progress:
    def __init__(self, stream=None, every: float = 5.0, quiet: bool = False, total: int | None = None,
                 clock=time.monotonic, grace: float = 2.0, tty: bool | None = None):
        self.stream = stream if stream is not None else sys.stderr
        if tty is None:
            tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.tty = tty
        self.every = 0.2 if self.tty else every
        self.quiet = quiet
        self.total = total
        self.clock = clock
        self.grace = grace
        self.start = clock()
        self.last = None  # when the line was last written
        self.shown = False
        self.done = 0  # for callers counting work done by parts (run: bytes of finished files)

    def elapsed(self) -> float:
        return self.clock() - self.start

    def step(self, what: str, i: int | None = None, n: int | None = None) -> None:
        """Working on ``what``, item ``i`` (0-based) of ``n``."""
        self._show(what, None if i is None or not n else (i + 1, n))

    def update(self, pos: int, count: int | None = None, unit: str = "events") -> None:
        """``pos`` of ``total`` done (bytes, items); ``count`` things seen, with their rate."""
        what = ""
        if count is not None:
            rate = count / max(self.elapsed(), 1e-9)
            what = f"{count} {unit}  {rate:,.0f} {unit}/s"
        self._show(what, (pos, self.total) if self.total else None)

    def _show(self, what: str, frac: tuple | None) -> None:
        now = self.clock()
        if self.quiet or now - self.start < self.grace or (self.last is not None and now - self.last < self.every):
            return
        self.last = now
        if frac is not None and self.tty:
            share = min(frac[0] / max(frac[1], 1), 1.0)
            fill = int(share * WIDTH)
            head = f"[{'#' * fill}{'.' * (WIDTH - fill)}] {share * 100:5.1f}%"
            line = f"{head}  {what}" if what else head
        else:
            count = f" ({frac[0]}/{frac[1]})" if frac is not None else ""
            line = f"rego2py: {now - self.start:.0f}s: {what}{count}"
        if self.tty:
            self.stream.write("\r\x1b[K" + line[:150])
            self.shown = True
        else:
            self.stream.write(line + "\n")
        self.stream.flush()

    def clear(self) -> None:
        """Wipe the line on a terminal (before other text goes to stderr)."""
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.shown = False
            self.last = None  # redraw at the next update

    def finish(self) -> None:
        self.clear()
