"""Status colours derived from the palette, always paired with an icon and a word."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from inventory_app.core.types import Status

_LIGHT = {Status.OUT: "#c62828", Status.LOW: "#b26a00", Status.OK: "#2e7d32", "expired": "#c62828"}
_DARK = {Status.OUT: "#ef9a9a", Status.LOW: "#ffcc80", Status.OK: "#a5d6a7", "expired": "#ef9a9a"}
_LIGHT_BG = {Status.OUT: "#fdecea", Status.LOW: "#fff4e0"}
_DARK_BG = {Status.OUT: "#4a2323", Status.LOW: "#4a3a1a"}

STATUS_WORDS = {Status.OK: "OK", Status.LOW: "Low", Status.OUT: "Out"}
STATUS_ICONS = {Status.OK: "ok", Status.LOW: "low", Status.OUT: "out"}


def is_dark() -> bool:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return False
    return app.palette().color(QPalette.ColorRole.Base).lightness() < 128


def status_color(status: Status | str) -> QColor:
    return QColor((_DARK if is_dark() else _LIGHT)[status])


def status_background(status: Status) -> QColor | None:
    table = _DARK_BG if is_dark() else _LIGHT_BG
    return QColor(table[status]) if status in table else None
