"""The sheet as read (to pick the header row) and its columns (to say which field each holds).

`SheetRowsModel` shows the first rows of the sheet with the file's own row
numbers and column letters, the header row in bold and the rows above it
greyed, so a title block is plainly not data. `ColumnMappingModel` has one
line per column: its letter, heading, a few example values and the field it
is read as (or ignored), editable; giving a field to a second column takes it
from the first, because one field can only come from one column.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QApplication

from inventory_app.core.importing.columns import FIELD_HEADERS, column_letter
from inventory_app.core.importing.types import SourceRow

Index = QModelIndex | QPersistentModelIndex
DISPLAY = Qt.ItemDataRole.DisplayRole
EDIT = Qt.ItemDataRole.EditRole
FIELD_ROLE = Qt.ItemDataRole.UserRole + 10
MAX_SHOWN_COLUMNS = 60


def _tr(text: str) -> str:
    return QCoreApplication.translate("ImportSheetModels", text)


def cell_text(value: object) -> str:
    """A raw cell as the spreadsheet would show it."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    formula = getattr(value, "formula", None)
    if isinstance(formula, str):
        return formula
    return " ".join(str(value).split())


def _palette_color(role: QPalette.ColorRole) -> Any:
    app = QApplication.instance()
    return app.palette().color(role) if isinstance(app, QApplication) else None


class SheetRowsModel(QAbstractTableModel):
    """The first rows of a sheet, read-only; the header row marked."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[SourceRow] = []
        self._width = 0
        self.header_row: int | None = None

    def set_rows(self, rows: Sequence[SourceRow], header_row: int | None) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._width = min(max((len(r.values) for r in self._rows), default=0), MAX_SHOWN_COLUMNS)
        self.header_row = header_row
        self.endResetModel()

    def set_header_row(self, number: int | None) -> None:
        self.header_row = number
        if self._rows and self._width:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, self._width - 1))

    def row_number(self, position: int) -> int | None:
        return self._rows[position].number if 0 <= position < len(self._rows) else None

    def position_of(self, number: int | None) -> int:
        for position, row in enumerate(self._rows):
            if row.number == number:
                return position
        return -1

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._width

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> Any:
        if role != DISPLAY or section < 0:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return column_letter(section) if section < self._width else None
        return str(self._rows[section].number) if section < len(self._rows) else None

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == DISPLAY:
            values = row.values
            return cell_text(values[index.column()]) if index.column() < len(values) else ""
        is_header = row.number == self.header_row
        if role == Qt.ItemDataRole.FontRole and is_header:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole and is_header:
            return _palette_color(QPalette.ColorRole.AlternateBase)
        above = self.header_row is not None and row.number < self.header_row
        if role == Qt.ItemDataRole.ForegroundRole and above:
            return _palette_color(QPalette.ColorRole.PlaceholderText)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


@dataclass(frozen=True, slots=True)
class ColumnChoice:
    """One column of the sheet and the field it is read as (None: ignored)."""

    index: int
    header: str
    examples: tuple[str, ...]
    field: str | None
    auto: str | None  # what the synonyms say
    remembered: bool = False
    note: str = ""  # why the synonyms leave it out

    @property
    def letter(self) -> str:
        return column_letter(self.index)

    @property
    def by_hand(self) -> bool:
        return self.field != self.auto


def field_title(field: str | None) -> str:
    return FIELD_HEADERS[field] if field else _tr("— ignore —")


class ColumnMappingModel(QAbstractTableModel):
    """Columns of the sheet and the field each is imported as; the last column is editable."""

    LETTER, HEADER, EXAMPLES, FIELD, NOTE = range(5)
    TITLES = (_tr("Column"), _tr("Heading in the file"), _tr("Examples"), _tr("Import as"), _tr("Note"))
    choices_changed = Signal()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._choices: list[ColumnChoice] = []

    def set_choices(self, choices: Sequence[ColumnChoice]) -> None:
        self.beginResetModel()
        self._choices = list(choices)
        self.endResetModel()
        self.choices_changed.emit()

    def choices(self) -> list[ColumnChoice]:
        return list(self._choices)

    def fields(self) -> dict[str, int]:
        """Field → column index, as the import will read it."""
        return {c.field: c.index for c in self._choices if c.field}

    def letter_of(self, field: str) -> str:
        """The letter of the column read as `field`, or ""."""
        return next((c.letter for c in self._choices if c.field == field), "")

    def hand_choices(self) -> dict[int, str | None]:
        """Column index → field (None: ignore) where it differs from the synonyms."""
        return {c.index: c.field for c in self._choices if c.by_hand}

    def set_field(self, position: int, field: str | None) -> None:
        """Read column `position` (a row of this table) as `field`; another column that had it
        is ignored from now on."""
        if not 0 <= position < len(self._choices) or (field is not None and field not in FIELD_HEADERS):
            return
        if self._choices[position].field == field:
            return
        for other, choice in enumerate(self._choices):
            if other != position and field is not None and choice.field == field:
                self._choices[other] = replace(choice, field=None, remembered=False)
                self._changed(other)
        self._choices[position] = replace(self._choices[position], field=field, remembered=False)
        self._changed(position)
        self.choices_changed.emit()

    def _changed(self, position: int) -> None:
        self.dataChanged.emit(self.index(position, 0), self.index(position, len(self.TITLES) - 1))

    def _note(self, choice: ColumnChoice) -> str:
        if choice.remembered and choice.by_hand:
            return _tr("As mapped last time")
        if choice.by_hand:
            return _tr("Chosen by hand")
        if choice.field:
            return _tr("Recognised")
        return choice.note or (_tr("Not recognised: ignored") if choice.header else _tr("No heading"))

    # ---- Qt model interface
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._choices)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.TITLES)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == DISPLAY and 0 <= section < len(self.TITLES):
            return self.TITLES[section]
        return None

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._choices):
            return None
        choice = self._choices[index.row()]
        column = index.column()
        if role == DISPLAY:
            return (
                choice.letter,
                choice.header,
                "; ".join(choice.examples),
                field_title(choice.field),
                self._note(choice),
            )[column]
        if role == EDIT and column == self.FIELD:
            return choice.field or ""
        if role == FIELD_ROLE:
            return choice.field
        if role == Qt.ItemDataRole.FontRole and column == self.FIELD and choice.by_hand:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and not choice.field and column != self.FIELD:
            return _palette_color(QPalette.ColorRole.PlaceholderText)
        return None

    def setData(self, index: Index, value: Any, role: int = EDIT) -> bool:
        if role != EDIT or not index.isValid() or index.column() != self.FIELD:
            return False
        field = str(value) if value else None
        if field is not None and field not in FIELD_HEADERS:
            return False
        self.set_field(index.row(), field)
        return True

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == self.FIELD:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags


def build_choices(
    headers: Sequence[str],
    width: int,
    examples: Mapping[int, tuple[str, ...]],
    auto: Mapping[str, int],
    notes: Mapping[int, str],
    remembered: Mapping[int, str | None],
) -> list[ColumnChoice]:
    """One choice per column that has a heading or values; the remembered hand mapping applied
    (a field it gives a column is taken from any other column)."""
    auto_by_index = {index: field for field, index in auto.items()}
    choices: dict[int, ColumnChoice] = {}
    for index in range(width):
        header = headers[index] if index < len(headers) else ""
        if not header and not examples.get(index):
            continue
        field = auto_by_index.get(index)
        choices[index] = ColumnChoice(
            index, header, examples.get(index, ()), field, field, note=notes.get(index, "")
        )
    for index, field in remembered.items():
        if index not in choices or (field is not None and field not in FIELD_HEADERS):
            continue
        if field is not None:
            for other, choice in choices.items():
                if other != index and choice.field == field:
                    choices[other] = replace(choice, field=None, remembered=True)
        choices[index] = replace(choices[index], field=field, remembered=True)
    return [choices[i] for i in sorted(choices)]
