"""App-wide events, passed to the pages by `app.py` (not a QApplication subclass)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class AppEvents(QObject):
    changed = Signal(object, object)  # core.changes.Changes, and who made it (or None)
    stock_changed = Signal(int)  # item id whose stock changed (sent on as `changed`)
    catalog_changed = Signal()  # items, suppliers, categories or locations changed
    settings_changed = Signal()
    status_message = Signal(str)
    stock_recorded = Signal(object)  # undo_offer.StockRecorded: a stock action just saved
