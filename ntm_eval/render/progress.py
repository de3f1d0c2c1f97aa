"""A progress bar on stderr for long runs (`batch`, `validate`), drawn by rich.progress.

Shown only when stderr is a terminal, and only once the run has lasted `DELAY` seconds (about
two): a short run, a pipe, a file, CI logs and `CliRunner` see nothing at all. The bar is
transient — it is erased when the phase ends, before anything else is printed — and never
touches stdout. rich is imported only when a bar is actually drawn, so start-up stays lean.

    with progress_bar("progress.batch", lang) as bar:
        report = run_batch(..., progress=bar.callback)  # None when no bar can be shown

`bar.callback(done, total)` is what the run layer calls as units complete (total None: not
known; the bar then pulses and counts). A phase without counts (writing the report) is a
spinner with the elapsed time: `progress_bar("progress.writing", lang)`, no callback used.

Before the bar is drawn, the first call after `DELAY` draws it; a timer thread draws it too
when no call comes (a slow sheet being opened, a report being written). Tests pass their own
console (`force_terminal=True`), a fake `clock` and `timer=False`, so none of them sleeps.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from typing import Any, Callable, Optional

DELAY = 2.0  # seconds before a bar appears


def stderr_is_terminal() -> bool:
    """A bar only on a real terminal: not piped, not captured, not a dumb terminal."""
    try:
        return bool(sys.stderr.isatty()) and os.environ.get("TERM") != "dumb"
    except (AttributeError, ValueError):  # no stderr, or a closed one
        return False


class Bar:
    """A lazily drawn progress bar for one phase of a run; a context manager."""

    counted = True

    def __init__(self, label: str, console: Any = None, clock: Callable[[], float] = time.monotonic,
                 delay: float = DELAY, timer: bool = True, enabled: bool = True):
        self.label = label
        self.enabled = enabled
        self._console = console
        self._clock = clock
        self._delay = delay
        self._use_timer = timer
        self._start = clock()
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None
        self._progress: Any = None  # rich.progress.Progress once drawn
        self._task: Any = None
        self._done = 0
        self._total: int | None = None
        self._closed = False
        self.drawn = False  # whether a bar was ever drawn (for tests)

    @property
    def callback(self) -> Optional[Callable[[int, Optional[int]], None]]:
        """What to give the run layer: the bar's update, or None when no bar can be shown (the
        run then skips counting its units)."""
        return self.update if self.enabled else None

    def __enter__(self) -> "Bar":
        if self.enabled and self._use_timer:
            self._timer = threading.Timer(max(self._delay - (self._clock() - self._start), 0.0), self._tick)
            self._timer.daemon = True
            self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def update(self, done: int, total: int | None = None) -> None:
        """`done` units of `total` (None: not known) are complete."""
        with self._lock:
            if self._closed:
                return
            self._done, self._total = done, total
            if self._progress is None:
                if self._clock() - self._start < self._delay:
                    return
                self._draw()
            self._progress.update(self._task, completed=done, total=total, refresh=not self._use_timer)

    def poll(self) -> None:
        """Draw the bar if the phase has lasted `DELAY` (what the timer thread does)."""
        with self._lock:
            if not self._closed and self._progress is None and self._clock() - self._start >= self._delay:
                self._draw()

    def _tick(self) -> None:  # the timer: DELAY has passed, whatever the clock says
        with self._lock:
            if not self._closed and self._progress is None:
                self._draw()

    def _columns(self) -> list[Any]:
        from rich.progress import (BarColumn, MofNCompleteColumn, SpinnerColumn, TextColumn, TimeElapsedColumn,
                                   TimeRemainingColumn)

        return [SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                TimeElapsedColumn(), TimeRemainingColumn()]

    def _draw(self) -> None:
        """Start the rich bar (under the lock) with what is known so far."""
        from rich.progress import Progress

        console = self._console
        if console is None:
            from rich.console import Console

            console = Console(file=sys.stderr, stderr=True)
        # real runs: rich refreshes in its own thread and prints stray stderr lines above the bar;
        # tests (no timer): every update refreshes, nothing is redirected
        self._progress = Progress(*self._columns(), console=console, transient=True, auto_refresh=self._use_timer,
                                  redirect_stdout=False, redirect_stderr=self._use_timer, get_time=self._clock)
        self._task = self._progress.add_task(self.label, total=self._total, completed=self._done)
        self._progress.tasks[-1].start_time = self._start  # elapsed time counts from the phase's start
        self._progress.start()
        self.drawn = True
        if not self._use_timer:
            self._progress.refresh()

    def close(self) -> None:
        """End the phase: stop the timer, erase the bar (if it was drawn)."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            if self._timer is not None:
                self._timer.cancel()
            if self._progress is not None:
                if self.counted and self._total is None:  # the count is known now: the bar ends full
                    self._progress.update(self._task, total=self._done, completed=self._done)
                if not self._use_timer:
                    self._progress.refresh()
                self._progress.stop()


class Spinner(Bar):
    """A phase without counts (writing a report): a spinner, its label and the elapsed time."""

    counted = False

    def _columns(self) -> list[Any]:
        from rich.progress import SpinnerColumn, TextColumn, TimeElapsedColumn

        return [SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn()]


def progress_bar(key: str, lang: str, console: Any = None, clock: Callable[[], float] = time.monotonic,
                 delay: float = DELAY, timer: bool = True, counted: bool = True, enabled: bool | None = None) -> Bar:
    """The bar of one phase, labelled with message `key`. Shown on stderr only when it is a
    terminal (or on the `console` given); `counted=False`: a spinner (no counts)."""
    from ntm_eval.messages import t

    if enabled is None:
        enabled = console is not None or stderr_is_terminal()
    cls = Bar if counted else Spinner
    return cls(t(key, lang), console=console, clock=clock, delay=delay, timer=timer, enabled=enabled)
