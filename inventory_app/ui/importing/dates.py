"""The preview's question about dates the file leaves open: is 01/06/2019 the 1st of June or January 6?

The core never guesses (`core.importing.reading`): when no value and nothing in a
file's locale tells, checking stops and this asks, with an example from the
file and what it would mean each way; nothing is imported until it is
answered. When the order came from the file's locale or from an earlier
answer, the same buttons stay, checked, so the reading can be changed.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QButtonGroup, QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from inventory_app.core.importing import values as iv
from inventory_app.core.importing.reading import DatesUnclear
from inventory_app.core.importing.readings import DATE_ORDERS, DateReading, Readings
from inventory_app.errors import ValidationError

_TITLES = {"dmy": "Day first", "mdy": "Month first", "ymd": "Year first"}


def _meaning(example: str, order: str) -> str | None:
    """What `example` means read in `order` ("1 June 2019"), or None when it is no date that way."""
    try:
        found = iv.a_date(example, "expires", order)
    except ValidationError:
        return None
    return f"{found.day} {found:%B %Y}" if found else None


class DatesQuestion(QFrame):
    """Three buttons (day, month, year first), each showing what the file's example would mean."""

    chosen = Signal(str)  # "dmy", "mdy" or "ymd"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        self.question_label = QLabel()
        self.question_label.setWordWrap(True)
        layout.addWidget(self.question_label)
        row = QHBoxLayout()
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QPushButton] = {}
        for order in DATE_ORDERS:
            button = QPushButton()
            button.setCheckable(True)
            button.setAutoDefault(False)
            self.group.addButton(button)
            button.clicked.connect(lambda _checked=False, o=order: self.chosen.emit(o))
            row.addWidget(button)
            self.buttons[order] = button
        row.addStretch(1)
        layout.addLayout(row)
        self.day_first_button = self.buttons["dmy"]
        self.month_first_button = self.buttons["mdy"]
        self.year_first_button = self.buttons["ymd"]
        self.hide()

    def _offer(self, example: str, current: str | None) -> None:
        self.group.setExclusive(False)
        for order, button in self.buttons.items():
            meaning = _meaning(example, order)
            title = self.tr(_TITLES[order])
            button.setText(
                f"{title}: {meaning}" if meaning else self.tr("{title} (not possible)").format(title=title)
            )
            button.setEnabled(meaning is not None)
            button.setChecked(order == current)
        self.group.setExclusive(True)
        self.show()

    def ask(self, unclear: DatesUnclear) -> None:
        """Nothing in the file tells: ask, with the file's example."""
        column = self.tr("column {letter}").format(letter=unclear.letter)
        if unclear.header:
            column += f" ({unclear.header})"
        self.question_label.setText(
            "<b>"
            + escape(self.tr("How are the dates in {column} written?").format(column=column))
            + "</b> "
            + escape(
                self.tr(
                    "{example} (row {row}) could be day first or month first, and no date in the file "
                    "tells which. Nothing is imported until you choose."
                ).format(example=unclear.example, row=unclear.example_row)
            )
        )
        self._offer(unclear.example, None)

    def show_reading(self, readings: Readings) -> None:
        """After checking: the buttons stay (checked) when the order was chosen or came from the
        file's locale, so it can be changed; dates whose own values tell need no buttons."""
        reading: DateReading | None = next((d for d in readings.dates if d.how != "values"), None)
        if reading is None:
            self.hide()
            return
        self.question_label.setText(escape(reading.sentence()))
        self._offer(reading.example, reading.order)
