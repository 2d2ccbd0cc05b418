"""A date field that takes dates as people type them and as boxes print them.

The text is read by `core.typed_dates` in the workstation's day/month habit; what it was read
as is shown beside the field ("= 30 Jun 2027"), so "01/06/2027" can never be taken the wrong
way round unnoticed. A calendar button opens a calendar at the date typed, or near today."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QLocale, QPoint, Qt, Signal
from PySide6.QtWidgets import (
    QCalendarWidget,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QToolButton,
    QWidget,
    QWidgetAction,
)

from inventory_app.core.typed_dates import (
    DateNotRead,
    DateOrder,
    example_for,
    order_of_format,
    read_typed_date,
)
from inventory_app.ui.common.icons import icon


def workstation_date_order() -> DateOrder:
    """Day first or month first, as this computer's language settings write short dates."""
    return order_of_format(QLocale().dateFormat(QLocale.FormatType.ShortFormat))


class DateField(QWidget):
    """A line to type a date in, a calendar button, and what the text was read as."""

    date_changed = Signal(object)  # date | None
    entered = Signal()  # Enter pressed, the field left after a change, or a day picked on the calendar

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        optional: bool = True,
        placeholder: str | None = None,
        order: DateOrder | None = None,
        compact: bool = False,
    ) -> None:
        super().__init__(parent)
        self.order: DateOrder = order or workstation_date_order()
        self.optional = optional
        self.edit = QLineEdit()
        # The app shows dates as 2027-06-30 everywhere, so that is the example; the habit of
        # this computer (30/06/2027 or 06/30/2027) is read too and named in the tool tip.
        self.edit.setPlaceholderText(placeholder or self.tr("e.g. 2027-06-30 or 06/2027"))
        self.edit.setToolTip(
            self.tr(
                "Type the date (2027-06-30 or {local}), or the month as printed on the box "
                "(06/2027 = 30 June)."
            ).format(local=example_for(self.order))
        )
        self.edit.setMinimumWidth(150)
        self.calendar_button = QToolButton()
        self.calendar_button.setIcon(icon("calendar"))
        self.calendar_button.setToolTip(self.tr("Pick the date on a calendar"))
        self.calendar_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes from field to field
        self.calendar_button.clicked.connect(self.open_calendar)
        self.reading = QLabel()
        self.reading.setTextFormat(Qt.TextFormat.PlainText)
        self.reading.setMinimumWidth(110)
        self.reading.setVisible(not compact)  # in a table cell: what was read is the tool tip
        self.compact = compact
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.calendar_button)
        layout.addWidget(self.reading)
        self.setFocusProxy(self.edit)
        self.calendar: QCalendarWidget | None = None
        self._menu: QMenu | None = None
        self._last: date | None = None
        self.edit.textChanged.connect(self._text_changed)
        self.edit.editingFinished.connect(self.entered)

    # ---------------------------------------------------------------- reading

    def value(self) -> date | None:
        """The date typed; None when the field is empty and `optional`. Raises DateNotRead when
        the text is not a date, or is empty in a field that needs a date (the message says why)."""
        text = self.edit.text().strip()
        if not text:
            if not self.optional:
                raise DateNotRead("no date was entered")
            return None
        return read_typed_date(text, self.order)

    def problem(self) -> str | None:
        """Why the text is not a date, or None when it is one (or empty)."""
        try:
            self.value()
        except DateNotRead as exc:
            return str(exc)
        return None

    def set_date(self, value: date | None) -> None:
        self.edit.setText(value.isoformat() if value is not None else "")

    def clear(self) -> None:
        self.edit.clear()

    def _text_changed(self, _text: str) -> None:
        try:
            value = self.value()
        except DateNotRead:
            value = None
            self.reading.setText(self.tr("not a date yet") if self.edit.text().strip() else "")
        else:
            self.reading.setText("" if value is None else f"= {value:%d %b %Y}")
        if self.compact:
            self.edit.setToolTip(self.reading.text() or self.edit.placeholderText())
        if value != self._last:
            self._last = value
            self.date_changed.emit(value)

    # ---------------------------------------------------------------- calendar

    def open_calendar(self) -> None:
        """A calendar under the field, at the date typed or at today's month."""
        if self._menu is None:
            self._menu = QMenu(self)
            self.calendar = QCalendarWidget()
            self.calendar.setGridVisible(True)
            self.calendar.clicked.connect(self._picked)
            self.calendar.activated.connect(self._picked)
            holder = QWidgetAction(self._menu)
            holder.setDefaultWidget(self.calendar)
            self._menu.addAction(holder)
        assert self.calendar is not None
        try:
            shown = self.value() or date.today()
        except DateNotRead:
            shown = date.today()
        self.calendar.setSelectedDate(QDate(shown.year, shown.month, shown.day))
        self.calendar.setCurrentPage(shown.year, shown.month)
        self._menu.popup(self.edit.mapToGlobal(QPoint(0, self.edit.height())))
        self.calendar.setFocus()

    def _picked(self, picked: QDate) -> None:
        self.set_date(date(picked.year(), picked.month(), picked.day()))
        if self._menu is not None:
            self._menu.close()
        self.edit.setFocus()
        self.entered.emit()
