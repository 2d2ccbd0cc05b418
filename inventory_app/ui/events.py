"""App-wide events, passed to the pages by `app.py` (not a QApplication subclass)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class AppEvents(QObject):
    # What an action changed (core.changes.Changes) and who made it (the page or dialog that
    # shows the outcome itself, or None), sent once per action by ui.common.operations.
    changed = Signal(object, object)
    status_message = Signal(str)
    stock_recorded = Signal(object)  # undo_offer.StockRecorded: a stock action just saved

    def __init__(self) -> None:
        super().__init__()
        # What this window is writing in the background, in words (operations.Operation): no
        # second write starts meanwhile, and the timers that read the database wait.
        self.write_in_progress: str | None = None
