"""Text the office typed, shown exactly as typed where Qt would otherwise read it as HTML.

Qt treats a tooltip as rich text when it "might be" HTML (`Qt.mightBeRichText`), so an item
named `Gauze <b>4x4</b> <img src=x>` would show in bold and try to load an image. Tooltips that
quote names, notes or lot numbers go through `tooltip()`; labels use `plain_label()` or
`PlainText`, and labels that are deliberately rich escape every value with `html.escape`.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtWidgets import QLabel, QWidget


def tooltip(text: str) -> str:
    """`text` unchanged when Qt shows it as plain text; otherwise escaped inside a rich wrapper
    that keeps its line breaks and spaces, so the tooltip shows exactly these characters."""
    if not text or not GuiQt.mightBeRichText(text):
        return text
    return "<p style='white-space:pre-wrap'>" + escape(text, quote=False) + "</p>"


def plain_label(text: str = "", parent: QWidget | None = None) -> QLabel:
    """A label that never reads its text as HTML."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    return label
