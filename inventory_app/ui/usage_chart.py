"""Use per week of one item as bars, drawn with QPainter (QtCharts is not installed).

Colours come from the palette so dark mode stays readable; the average is a
dashed line with its value written next to it, so the chart reads without colour.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from inventory_app.core.shelf_types import UsagePoint
from inventory_app.ui.plain_text import tooltip


class UsageChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.points: list[UsagePoint] = []
        self.unit = ""
        self.setMinimumSize(360, 180)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:
        return QSize(640, 240)

    def set_points(self, points: list[UsagePoint], unit: str = "") -> None:
        self.points = list(points)
        self.unit = unit
        total = sum(p.used for p in self.points)
        self.setToolTip(
            tooltip(self.tr("{n} {unit} used in {w} weeks").format(n=total, unit=unit, w=len(self.points)))
        )
        self.update()

    def average(self) -> float:
        return sum(p.used for p in self.points) / len(self.points) if self.points else 0.0

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text_pen = QPen(palette.color(QPalette.ColorRole.WindowText))
        metrics = painter.fontMetrics()
        line = metrics.height()
        left, right, top, bottom = metrics.horizontalAdvance("00000") + 8, 12, line, line * 2 + 6
        area = QRectF(left, top, max(10, self.width() - left - right), max(10, self.height() - top - bottom))
        painter.setPen(text_pen)
        if not self.points:
            painter.drawText(
                self.rect(), Qt.AlignmentFlag.AlignCenter, self.tr("Choose an item to see its use.")
            )
            return
        peak = max(max(p.used for p in self.points), 1)
        # Axis and the peak value.
        painter.drawLine(area.bottomLeft(), area.bottomRight())
        painter.drawText(
            QRectF(0, area.top() - line / 2, left - 6, line), Qt.AlignmentFlag.AlignRight, f"{peak:,}"
        )
        painter.drawText(
            QRectF(0, area.bottom() - line / 2, left - 6, line), Qt.AlignmentFlag.AlignRight, "0"
        )
        slot = area.width() / len(self.points)
        bar_colour = palette.color(QPalette.ColorRole.Highlight)
        label_every = max(1, int(metrics.horizontalAdvance("00-00  ") / slot) + 1)
        for i, point in enumerate(self.points):
            height = area.height() * point.used / peak
            bar = QRectF(area.left() + i * slot + slot * 0.15, area.bottom() - height, slot * 0.7, height)
            painter.fillRect(bar, bar_colour)
            if i % label_every == 0:
                painter.drawText(
                    QRectF(area.left() + i * slot - 10, area.bottom() + 3, slot + 20, line),
                    Qt.AlignmentFlag.AlignHCenter,
                    f"{point.start:%m-%d}",
                )
        average = self.average()
        y = area.bottom() - area.height() * average / peak
        pen = QPen(palette.color(QPalette.ColorRole.WindowText), 1, Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.drawLine(int(area.left()), int(y), int(area.right()), int(y))
        painter.setPen(text_pen)
        painter.drawText(
            QRectF(area.left(), self.height() - line - 2, area.width(), line),
            Qt.AlignmentFlag.AlignLeft,
            self.tr(
                "Weeks starting on the dates shown · dashed line: {a:.1f} {unit} a week over these weeks"
            ).format(a=average, unit=self.unit),
        )
