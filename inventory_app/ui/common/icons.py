"""Monochrome SVG icons tinted with the palette's text colour (so dark mode stays readable)."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication

from inventory_app.resources import resource_path

SIZES = (16, 24)  # Qt scales to other sizes; every rendered size costs start-up time


def _render(name: str, size: int, color: QColor) -> QPixmap:
    data = resource_path("icons", f"{name}.svg").read_bytes()
    renderer = QSvgRenderer(QByteArray(data))
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceIn)
    painter.fillRect(pixmap.rect(), color)
    painter.end()
    return pixmap


@cache
def _icon(name: str, rgba: int) -> QIcon:
    color = QColor.fromRgba(rgba)
    result = QIcon()
    for size in SIZES:
        result.addPixmap(_render(name, size, color))
    return result


@cache
def app_icon() -> QIcon:
    """The program's own icon in colour (resources/icons/supply-room.svg): windows, the task bar."""
    return QIcon(str(resource_path("icons", "supply-room.svg")))


def icon(name: str, color: QColor | None = None) -> QIcon:
    """The named icon from resources/icons, in `color` or the palette's text colour."""
    if color is None:
        app = QApplication.instance()
        palette = app.palette() if isinstance(app, QApplication) else QPalette()
        color = palette.color(QPalette.ColorRole.WindowText)
    return _icon(name, color.rgba())
