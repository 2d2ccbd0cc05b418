"""The lines of one count: counted quantities typed in place; expected, difference and value
only in the review (entry is blind, like the printed sheet)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal

from inventory_app.core.shelf.count_types import CountLineRow
from inventory_app.core.types import Status
from inventory_app.ui.common import theme
from inventory_app.ui.common.priced import PricedTableModel
from inventory_app.ui.common.tables import Column, Index, optional_key, text_key


def _tr(text: str) -> str:
    return QCoreApplication.translate("CountLineTableModel", text)


def _signed(value: object) -> str:
    if value is None:
        return ""
    return f"{value:+,}" if isinstance(value, int) else f"{value:+,.2f}"


class CountLineTableModel(PricedTableModel[CountLineRow]):
    ITEM, SKU, LOCATION, LOT, UNIT, COUNTED, EXPECTED, DIFFERENCE, VALUE = range(9)
    REVIEW_ONLY = (EXPECTED, DIFFERENCE, VALUE)
    counted_entered = Signal(int, str)  # line id, the text typed
    extra_roles = frozenset({Qt.ItemDataRole.ForegroundRole.value, Qt.ItemDataRole.ToolTipRole.value})
    columns = (
        Column(_tr("Item"), lambda x: x.name, lambda x: text_key(x.name)),
        Column(_tr("SKU"), lambda x: x.sku, lambda x: text_key(x.sku)),
        Column(_tr("Location"), lambda x: x.location, lambda x: text_key(x.location)),
        Column(_tr("Lot"), lambda x: x.lot_text, lambda x: text_key(x.lot_number)),
        Column(_tr("Unit"), lambda x: x.unit, lambda x: text_key(x.unit)),
        Column(
            _tr("Counted"),
            lambda x: "" if x.counted is None else f"{x.counted:,}",
            lambda x: optional_key(x.counted),
            numeric=True,
            tooltip=_tr("Type the quantity on the shelf; Enter moves to the next line"),
        ),
        Column(_tr("Expected"), lambda x: f"{x.expected:,}", lambda x: x.expected, numeric=True),
        Column(
            _tr("Difference"), lambda x: _signed(x.difference), lambda x: optional_key(x.difference), True
        ),
        Column(_tr("Value"), lambda x: _signed(x.value), lambda x: optional_key(x.value), numeric=True),
    )
    money_columns = {VALUE: lambda x: x.value}
    signed_columns = frozenset({VALUE})

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.editable = True

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if self.editable and index.isValid() and index.column() == self.COUNTED:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.EditRole and index.isValid() and index.column() == self.COUNTED:
            row = self.row_at(index.row())
            return "" if row is None or row.counted is None else str(row.counted)
        return super().data(index, role)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or index.column() != self.COUNTED:
            return False
        row = self.row_at(index.row())
        if row is None:
            return False
        self.counted_entered.emit(row.id, str(value).strip())
        return True

    def replace_row(self, line: CountLineRow) -> None:
        position = self.position_of(line.id)
        if position < 0:
            return
        self._rows[position] = line
        self._texts.pop(position, None)
        self.dataChanged.emit(self.index(position, 0), self.index(position, len(self.columns) - 1))

    def extra_data(self, row: CountLineRow, column: int, role: int) -> Any:
        if column not in (self.DIFFERENCE, self.VALUE):
            return None
        if role == Qt.ItemDataRole.ForegroundRole and row.difference:
            return theme.status_color(Status.OUT if row.difference < 0 else Status.OK)
        if role == Qt.ItemDataRole.ToolTipRole and row.moved:
            return _tr("{n:+} moved since the count started; the difference allows for it").format(
                n=row.moved
            )
        return None
