"""Notices when nobody has used the app for a while (keys, mouse, wheel, touch).

One application-wide event filter restarts a clock on each input; a single
timer checks the clock when the idle time could be up, and re-arms for the
rest otherwise, so input costs one clock restart and no timer churn. While the
app is locked, shortcuts of menu actions are swallowed here.
"""

from __future__ import annotations

from PySide6.QtCore import QElapsedTimer, QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication

INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TabletPress,
    }
)
MINUTE_MS = 60_000


class IdleWatch(QObject):
    """Emits `idle` once after `interval_ms` without input (0: never), until `restart`."""

    idle = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.interval_ms = 0
        self.block_shortcuts = False
        self._clock = QElapsedTimer()
        self._clock.start()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._check)
        self._filtering = False

    def set_minutes(self, minutes: int) -> None:
        self.set_interval_ms(max(0, int(minutes)) * MINUTE_MS)

    def set_interval_ms(self, interval_ms: int) -> None:
        """The idle time (a test seam in milliseconds); restarts the watch."""
        self.interval_ms = max(0, int(interval_ms))
        self.restart()

    def restart(self) -> None:
        """Start counting from now (after an unlock or a new setting)."""
        self._clock.restart()
        self._install(True)
        if self.interval_ms > 0:
            self._timer.start(self.interval_ms)
        else:
            self._timer.stop()

    def stop(self) -> None:
        """No idle signal until `restart` (while locked, or with nobody signed in)."""
        self._timer.stop()

    @property
    def running(self) -> bool:
        return self._timer.isActive()

    def idle_ms(self) -> int:
        """Milliseconds since the last input."""
        return int(self._clock.elapsed())

    def remaining_ms(self) -> int:
        """Milliseconds left before `idle` fires, or -1 when the watch is not running."""
        if not self.running:
            return -1
        return max(0, self.interval_ms - self.idle_ms())

    def _install(self, on: bool) -> None:
        app = QApplication.instance()
        if app is None or on == self._filtering:
            return
        if on:
            app.installEventFilter(self)
        else:
            app.removeEventFilter(self)
        self._filtering = on

    def shut_down(self) -> None:
        """Stop and stop watching input (the window is closing)."""
        self._timer.stop()
        self._install(False)

    def _check(self) -> None:
        if self.interval_ms <= 0:
            return
        left = self.interval_ms - self.idle_ms()
        if left > 0:
            self._timer.start(left)
            return
        self.idle.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt's name
        kind = event.type()
        if kind in INPUT_EVENTS:
            self._clock.restart()
        elif self.block_shortcuts and kind == QEvent.Type.Shortcut and isinstance(watched, QAction):
            return True
        return False
