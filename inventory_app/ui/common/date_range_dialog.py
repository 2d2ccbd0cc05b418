"""Ask for a range of days (both included), with the ranges an office asks about one click away:
this month, last month, this quarter ("what did we use this quarter?"), this year."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from inventory_app.ui.common.date_field import DateField


def _month_start(day: date) -> date:
    return day.replace(day=1)


def _quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def preset_ranges(today: date) -> list[tuple[str, date, date]]:
    """(name, first day, last day) of the usual ranges, as of `today`."""
    last_month_end = _month_start(today) - timedelta(days=1)
    last_quarter_end = _quarter_start(today) - timedelta(days=1)
    return [
        ("This month", _month_start(today), today),
        ("Last month", _month_start(last_month_end), last_month_end),
        ("Last 30 days", today - timedelta(days=29), today),
        ("This quarter", _quarter_start(today), today),
        ("Last quarter", _quarter_start(last_quarter_end), last_quarter_end),
        ("This year", date(today.year, 1, 1), today),
        ("Last year", date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)),
    ]


class DateRangeDialog(QDialog):
    def __init__(self, title: str, today: date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(360)
        self.today = today or date.today()
        self.ranges = preset_ranges(self.today)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.preset = QComboBox()
        for name, _start, _end in self.ranges:
            self.preset.addItem(self.tr(name))
        self.preset.addItem(self.tr("Other dates"))
        self.start = DateField(optional=False)
        self.end = DateField(optional=False)
        self._setting = False  # a preset is filling both fields
        form.addRow(self.tr("&Period:"), self.preset)
        form.addRow(self.tr("&From:"), self.start)
        form.addRow(self.tr("&To (included):"), self.end)
        layout.addLayout(form)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setTextFormat(Qt.TextFormat.PlainText)  # it may quote what was typed
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Export"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.preset.currentIndexChanged.connect(self._preset_chosen)
        self.start.edit.textChanged.connect(self._dates_changed)
        self.end.edit.textChanged.connect(self._dates_changed)
        self._preset_chosen(0)

    def _preset_chosen(self, index: int) -> None:
        if not 0 <= index < len(self.ranges):
            return
        _name, start, end = self.ranges[index]
        self._setting = True
        try:
            self.start.set_date(start)
            self.end.set_date(end)
        finally:
            self._setting = False
        self._dates_changed()

    def _dates_changed(self) -> None:
        if self._setting:
            return
        problem = self.problem()
        chosen = self.chosen() if problem is None else None
        matching = [i for i, (_n, s, e) in enumerate(self.ranges) if (s, e) == chosen]
        self.preset.blockSignals(True)
        self.preset.setCurrentIndex(matching[0] if matching else len(self.ranges))
        self.preset.blockSignals(False)
        self.error.setText(problem or "")
        self.ok_button.setEnabled(problem is None)

    def problem(self) -> str | None:
        """Why the days typed are not a period ("To: there is no month 13."), or None."""
        for name, field in ((self.tr("From"), self.start), (self.tr("To"), self.end)):
            why = field.problem()
            if why is not None:
                return self.tr("{field}: {why}.").format(field=name, why=why)
        start, end = self.chosen()
        return self.tr("The first day is after the last day.") if start > end else None

    def chosen(self) -> tuple[date, date]:
        """The days typed; `problem()` says first whether they are dates (else DateNotRead)."""
        start, end = self.start.value(), self.end.value()
        assert start is not None and end is not None  # neither field is optional
        return start, end

    def accept(self) -> None:
        if self.problem() is None:  # Enter in a field presses Export only for a period
            super().accept()

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, today: date | None = None) -> tuple[date, date] | None:
        dialog = cls(title, today, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.chosen()
