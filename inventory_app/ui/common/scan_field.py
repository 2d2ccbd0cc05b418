"""A code field a barcode scanner can type a GS1 code into.

A keyboard-wedge scanner types the group separator of a GS1 DataMatrix or GS1-128
(FNC1, ASCII 29) as a key whose text is "\\x1d" (the Ctrl+] chord). QLineEdit drops
control characters, so the lot "AB12C" followed by the serial "21SN1" would arrive as
the lot "AB12C21SN1"; this field keeps the separator where it was typed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit

from inventory_app.core.catalog.gs1 import GROUP_SEPARATOR


def is_group_separator(event: QKeyEvent) -> bool:
    """Whether the key is the scanner's group separator (its text, or Ctrl+] without one)."""
    if event.text() == GROUP_SEPARATOR:
        return True
    return (
        event.key() == Qt.Key.Key_BracketRight
        and bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        and not event.text().isprintable()
    )


class ScanField(QLineEdit):
    """A QLineEdit that keeps the GS1 group separator a scanner types."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if is_group_separator(event) and not self.isReadOnly():
            self.insert(GROUP_SEPARATOR)
            event.accept()
            return
        super().keyPressEvent(event)
