"""Long work off the GUI thread: one helper on QThreadPool that hands back results
and errors on the GUI thread."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], signals: _Signals) -> None:
        super().__init__()
        self.fn = fn
        self.signals = signals

    @Slot()
    def run(self) -> None:
        try:
            result = self.fn()
        except BaseException as exc:  # handed to the GUI thread
            self.signals.failed.emit(exc)
        else:
            self.signals.done.emit(result)


_alive: set[_Signals] = set()


def run_in_background(
    fn: Callable[[], Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[BaseException], None],
) -> _Signals:
    """Run `fn()` on the thread pool; call `on_done(result)` or `on_error(exc)` on the GUI thread."""
    signals = _Signals()
    _alive.add(signals)

    def finished(result: Any) -> None:
        _alive.discard(signals)
        on_done(result)

    def failed(exc: BaseException) -> None:
        _alive.discard(signals)
        on_error(exc)

    signals.done.connect(finished)
    signals.failed.connect(failed)
    QThreadPool.globalInstance().start(_Job(fn, signals))
    return signals
