"""Monochrome SVG icons tinted with the palette's text colour (so dark mode stays readable).

Each icon is drawn when it is first painted, at the size and screen scale it is painted at
(menus, the side bar and the tool bar ask for different sizes), and kept: start-up draws only
the icons on screen, sharp on a high-resolution screen too. Disabled and selected icons are
drawn in the colours of disabled and selected text, as their labels are."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QByteArray, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QIcon, QIconEngine, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication

from inventory_app.resources import resource_path


def _render(data: QByteArray, size: QSize, scale: float, color: QColor) -> QPixmap:
    pixmap = QPixmap(size * scale)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    QSvgRenderer(data).render(painter, QRectF(pixmap.rect()))
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceIn)
    painter.fillRect(pixmap.rect(), color)
    painter.end()
    pixmap.setDevicePixelRatio(scale)
    return pixmap


class TintedSvgEngine(QIconEngine):
    """An SVG drawn in one colour, at each size and scale when first asked for (then kept)."""

    def __init__(self, data: QByteArray, color: QColor) -> None:
        super().__init__()
        self.data = data
        self.color = QColor(color)
        self._drawn: dict[tuple[int, int, float, QIcon.Mode], QPixmap] = {}

    def scaledPixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State, scale: float) -> QPixmap:
        key = (size.width(), size.height(), scale, mode)
        pixmap = self._drawn.get(key)
        if pixmap is None:
            pixmap = _render(self.data, size, scale, self._colour(mode))
            self._drawn[key] = pixmap
        return pixmap

    def _colour(self, mode: QIcon.Mode) -> QColor:
        """Disabled and selected icons take the colour of disabled and selected text, as their
        labels do; others their own."""
        if mode is QIcon.Mode.Disabled:
            return QApplication.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText)
        if mode is QIcon.Mode.Selected:
            return QApplication.palette().color(QPalette.ColorRole.HighlightedText)
        return self.color

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        return self.scaledPixmap(size, mode, state, 1.0)

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        scale = painter.device().devicePixelRatioF() if painter.device() is not None else 1.0
        painter.drawPixmap(rect, self.scaledPixmap(rect.size(), mode, state, scale))

    def clone(self) -> QIconEngine:
        return TintedSvgEngine(self.data, self.color)


@cache
def _icon(name: str, rgba: int) -> QIcon:
    data = QByteArray(resource_path("icons", f"{name}.svg").read_bytes())
    return QIcon(TintedSvgEngine(data, QColor.fromRgba(rgba)))


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
