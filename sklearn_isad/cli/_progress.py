# Authors: The sklearn-isad developers
# SPDX-License-Identifier: BSD-3-Clause
"""Terminal progress bars and messages of the command line, on stderr."""

import sys
import time


class Console:
    """Where the command line writes its messages and progress bars.

    Parameters
    ----------
    verbosity : {0, 1, 2}, default=1
        0 (``--quiet``): errors only; 1: a closing summary per step;
        2 (``--verbose``): also settings and timings.
    stream : file-like or None, default=None
        Where messages go; ``sys.stderr`` when ``None``.
    progress : bool or None, default=None
        Draw progress bars; ``None`` draws them only when ``stream`` is a
        terminal and ``verbosity >= 1``.
    """

    def __init__(self, verbosity=1, stream=None, progress=None):
        self.verbosity = verbosity
        self.stream = sys.stderr if stream is None else stream
        if progress is None:
            isatty = getattr(self.stream, "isatty", None)
            progress = bool(isatty and isatty()) and verbosity >= 1
        self.progress_enabled = progress

    def info(self, message):
        """Write a message unless quiet."""
        if self.verbosity >= 1:
            self.stream.write(message + "\n")
            self.stream.flush()

    def debug(self, message):
        """Write a message in verbose mode only."""
        if self.verbosity >= 2:
            self.stream.write(message + "\n")
            self.stream.flush()

    def bar(self, label, total=None, unit=""):
        """Return a :class:`ProgressBar` (inert when bars are off)."""
        return ProgressBar(
            label,
            total=total,
            unit=unit,
            stream=self.stream,
            enabled=self.progress_enabled,
        )


class ProgressBar:
    """One-line progress bar redrawn in place with carriage returns.

    Parameters
    ----------
    label : str
        What is being done.
    total : int or None, default=None
        Number of steps, or ``None`` for a counter without a bar.
    unit : str, default=""
        Name of a step, shown after the count.
    stream : file-like
        Terminal to draw on.
    enabled : bool, default=True
        When False, nothing is ever written.
    """

    width = 30
    min_interval = 0.1

    def __init__(self, label, *, total=None, unit="", stream=None, enabled=True):
        self.label = label
        self.total = total
        self.unit = unit
        self.stream = stream
        self.enabled = enabled
        self.count = 0
        self._start = time.perf_counter()
        self._last_draw = 0.0

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def update(self, n=1):
        """Advance by ``n`` steps, redrawing at most ten times a second."""
        self.count += n
        if not self.enabled:
            return
        now = time.perf_counter()
        if now - self._last_draw >= self.min_interval:
            self._last_draw = now
            self._draw(now)

    def wrap(self, iterable):
        """Yield from ``iterable``, advancing by one per item."""
        for item in iterable:
            yield item
            self.update()

    def close(self):
        """Draw the final state and end the line."""
        if self.enabled:
            self._draw(time.perf_counter())
            self.stream.write("\n")
            self.stream.flush()
            self.enabled = False

    def _draw(self, now):
        elapsed = now - self._start
        unit = f" {self.unit}" if self.unit else ""
        if self.total:
            done = min(self.count / self.total, 1.0)
            filled = int(round(done * self.width))
            bar = "#" * filled + "." * (self.width - filled)
            text = (
                f"{self.label} [{bar}] {done:4.0%} "
                f"{self.count:,}/{self.total:,}{unit} {elapsed:.1f}s"
            )
        else:
            text = f"{self.label}: {self.count:,}{unit} {elapsed:.1f}s"
        self.stream.write("\r" + text + "\033[K")
        self.stream.flush()
