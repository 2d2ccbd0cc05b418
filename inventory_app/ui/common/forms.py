"""Small helpers the forms share: the red message under a field, grey hints, aligned labels."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QLabel, QWidget

from inventory_app.ui.common import theme


def error_label() -> QLabel:
    """A hidden red label that sits under a field until the core refuses its value."""
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)  # messages quote what was typed
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {theme.status_color('expired').name()};")
    label.hide()
    return label


def hint_label(text: str) -> QLabel:
    """A grey, wrapping explanation under a field or at the top of a group."""
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    label.setWordWrap(True)
    label.setStyleSheet("color: gray;")
    return label


def align_labels(forms: list[QFormLayout]) -> None:
    """Give the labels of forms stacked in one column the same width, so the fields line up."""
    labels = [
        label
        for form in forms
        for row in range(form.rowCount())
        if (item := form.itemAt(row, QFormLayout.ItemRole.LabelRole)) is not None
        and isinstance(label := item.widget(), QLabel)
    ]
    width = max((label.sizeHint().width() for label in labels), default=0)
    for label in labels:
        label.setMinimumWidth(width)


def grow_to_fit(window: QWidget) -> None:
    """Make a dialog tall enough for a wrapped message just shown in it. Qt does not count
    wrapped text in a window's minimum height, so the fields above would be squeezed instead;
    never taller than the screen."""
    layout = window.layout()
    if layout is None:
        return
    layout.activate()
    needed = layout.totalHeightForWidth(window.width()) if layout.hasHeightForWidth() else -1
    needed = max(needed, layout.totalMinimumSize().height())
    screen = window.screen()
    if screen is not None:
        needed = min(needed, screen.availableGeometry().height())
    if needed > window.height():
        window.resize(window.width(), needed)
