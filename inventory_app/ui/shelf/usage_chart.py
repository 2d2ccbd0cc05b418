"""Use per week of one item as bars, drawn with QPainter (QtCharts is not installed).

Colours come from the palette so dark mode stays readable; the item's average
weekly use (the one figure every screen shows: the last 8 weeks, `core.stock.use_rate`)
is a dashed line with its value written under it, so the chart reads without colour.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from inventory_app.core.shelf.types import UsagePoint
from inventory_app.core.stock.use_rate import USE_WEEKS, per_week_text
from inventory_app.core.wording import counted
from inventory_app.ui.common.plain_text import tooltip


class UsageChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.points: list[UsagePoint] = []
        self.unit = ""
        self.weekly_use = 0.0
        self.setMinimumSize(360, 180)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:
        return QSize(640, 240)

    def set_points(self, points: list[UsagePoint], unit: str = "", weekly_use: float = 0.0) -> None:
        """The bars, and the item's weekly use (`core.stock.use_rate`) drawn as the dashed line."""
        self.points = list(points)
        self.unit = unit
        self.weekly_use = weekly_use
        total = sum(p.used for p in self.points)
        self.setToolTip(
            tooltip(
                self.tr("{n} used in {w}").format(
                    n=counted(total, unit) if unit else total,
                    w=counted(len(self.points), self.tr("week")),
                )
            )
        )
        self.update()

    def average(self) -> float:
        """The dashed line: the item's weekly use as shown everywhere (last 8 weeks)."""
        return self.weekly_use

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
        peak = max(max(p.used for p in self.points), math.ceil(self.weekly_use), 1)
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
            self.tr("Weeks starting on the dates shown · dashed line: {a} per week, last {w} weeks").format(
                a=per_week_text(average, self.unit), w=USE_WEEKS
            ),
        )
