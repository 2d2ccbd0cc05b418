"""Ask for a range of days (both included), with the ranges an office asks about one click away:
this month, last month, this quarter ("what did we use this quarter?"), this year."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)


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


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


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
        self.start = QDateEdit()
        self.end = QDateEdit()
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setMaximumDate(_qdate(self.today + timedelta(days=366)))
        form.addRow(self.tr("&Period:"), self.preset)
        form.addRow(self.tr("&From:"), self.start)
        form.addRow(self.tr("&To (included):"), self.end)
        layout.addLayout(form)
        self.error = QLabel()
        self.error.setWordWrap(True)
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
        self.start.dateChanged.connect(self._dates_changed)
        self.end.dateChanged.connect(self._dates_changed)
        self._preset_chosen(0)

    def _preset_chosen(self, index: int) -> None:
        if not 0 <= index < len(self.ranges):
            return
        _name, start, end = self.ranges[index]
        for edit, day in ((self.start, start), (self.end, end)):
            edit.blockSignals(True)
            edit.setDate(_qdate(day))
            edit.blockSignals(False)
        self._dates_changed()

    def _dates_changed(self) -> None:
        chosen = self.chosen()
        matching = [i for i, (_n, s, e) in enumerate(self.ranges) if (s, e) == chosen]
        self.preset.blockSignals(True)
        self.preset.setCurrentIndex(matching[0] if matching else len(self.ranges))
        self.preset.blockSignals(False)
        wrong = chosen[0] > chosen[1]
        self.error.setText(self.tr("The first day is after the last day.") if wrong else "")
        self.ok_button.setEnabled(not wrong)

    def chosen(self) -> tuple[date, date]:
        return _pydate(self.start.date()), _pydate(self.end.date())

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, today: date | None = None) -> tuple[date, date] | None:
        dialog = cls(title, today, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.chosen()
