"""Long work with a progress bar and a working Cancel, on top of `workers.run_in_background`.

The core's long functions take two plain callables, `progress(done, total)`
and `cancelled() -> bool`, and know nothing of Qt. This object hands them to
the work (which runs on the thread pool), turns progress calls into a signal
delivered on the GUI thread, and answers `cancelled()` from a flag the Cancel
button sets. A result that arrives after the task was cancelled, restarted or
its owner closed is dropped, so a slow worker can never act on a closed window.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from shiboken6 import isValid

from inventory_app.errors import OperationCancelled
from inventory_app.ui.common.workers import run_in_background

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]
Work = Callable[[Progress, Cancelled], Any]


class BackgroundTask(QObject):
    """One piece of work at a time; `start` while running cancels the previous one."""

    progress = Signal(int, int)  # done, total (total 0: unknown)
    running_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._generation = 0
        self._stop = threading.Event()
        self._running = False
        self._last_percent = -1

    @property
    def running(self) -> bool:
        return self._running

    def start(
        self,
        work: Work,
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
    ) -> None:
        """Run `work(progress, cancelled)` in the background; then `on_done(result)` or
        `on_error(exc)` on the GUI thread. After `cancel`, `on_error` gets OperationCancelled
        even when the work finished before it noticed."""
        self._stop.set()  # a previous run, if any, stops and its result is dropped
        self._generation += 1
        generation = self._generation
        stop = self._stop = threading.Event()
        self._last_percent = -1
        self._set_running(True)

        def report(done: int, total: int) -> None:
            if stop.is_set():
                return
            percent = int(done * 100 / total) if total > 0 else -1
            if percent == self._last_percent:
                return  # a signal per row would flood the GUI thread
            self._last_percent = percent
            try:
                self.progress.emit(done, total)
            except RuntimeError:  # the owner was closed while the work ran
                stop.set()

        def current() -> bool:
            return isValid(self) and generation == self._generation

        def done(result: Any) -> None:
            if current():
                self._set_running(False)
                if stop.is_set():  # finished before it noticed the Cancel: still cancelled
                    on_error(OperationCancelled(self.tr("Cancelled.")))
                else:
                    on_done(result)

        def failed(exc: BaseException) -> None:
            if current():
                self._set_running(False)
                on_error(exc)

        run_in_background(lambda: work(report, stop.is_set), done, failed)

    def cancel(self) -> None:
        """Ask the work to stop; it reports back through `on_error` when it notices."""
        self._stop.set()

    def abandon(self) -> None:
        """Stop the work and drop whatever it reports (its owner is going away)."""
        self._stop.set()
        self._generation += 1
        self._set_running(False)

    def _set_running(self, running: bool) -> None:
        if running != self._running:
            self._running = running
            self.running_changed.emit(running)
