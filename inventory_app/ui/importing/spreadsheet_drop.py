"""A spreadsheet dropped on the main window opens the import wizard with that file."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtGui import QDragEnterEvent, QDropEvent


def accept_spreadsheet_drag(event: QDragEnterEvent) -> None:
    """Accepts the drag only when it carries a file the import wizard can read."""
    from inventory_app.ui.importing.wizard import importable_path

    if importable_path(event.mimeData()):
        event.acceptProposedAction()


def open_dropped_spreadsheet(event: QDropEvent, open_import: Callable[[str], None]) -> None:
    """Accepts a dropped importable file and calls `open_import` with its path once the drop is over."""
    from inventory_app.ui.importing.wizard import importable_path

    path = importable_path(event.mimeData())
    if path:
        event.acceptProposedAction()
        # Not inside the drop: the wizard is modal, and the drag source waits for the drop to end.
        QTimer.singleShot(0, lambda: open_import(path))
