"""The import preview: what importing each row of the file would do, before anything is written.

One line per row of the file, with the file's own row number, the action
(new, update, unchanged, error) and in words what changes or why the row
cannot be imported, each reason pinned to its column letter. "Show only
errors" filters the Python list (fast at any size), as the design asks. When
the SKUs are made from the names, a row's SKU can be typed over (double-click
or F2): the model only passes the code on (`sku_typed`), and the wizard checks
the file again with it, so the core decides whether it is unique.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, QPersistentModelIndex, Qt, Signal

from inventory_app.core.importing.columns import FIELD_HEADERS
from inventory_app.core.importing.types import FieldChange, PlannedRow, RowAction, RowIssue
from inventory_app.core.types import Status
from inventory_app.ui.common import theme
from inventory_app.ui.common.tables import Column, RowTableModel, text_key


def _tr(text: str) -> str:
    return QCoreApplication.translate("ImportPreviewModel", text)


ACTION_WORDS = {
    RowAction.CREATE: _tr("New"),
    RowAction.UPDATE: _tr("Update"),
    RowAction.UNCHANGED: _tr("Unchanged"),
    RowAction.ERROR: _tr("Error"),
}
_ACTION_ORDER = {RowAction.ERROR: 0, RowAction.CREATE: 1, RowAction.UPDATE: 2, RowAction.UNCHANGED: 3}
_FOREGROUND = Qt.ItemDataRole.ForegroundRole.value
_BACKGROUND = Qt.ItemDataRole.BackgroundRole.value
_TOOLTIP = Qt.ItemDataRole.ToolTipRole.value


def value_text(value: object) -> str:
    """A cell value as the office would write it."""
    if value is None or value == "":
        return _tr("(empty)")
    if isinstance(value, bool):
        return _tr("yes") if value else _tr("no")
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def issue_text(issue: RowIssue) -> str:
    """A reason with its column, without the row number (the table shows that)."""
    if not issue.column:
        return issue.message
    where = _tr("Column {letter}").format(letter=issue.column)
    if issue.header:
        where += f" ({issue.header})"
    return f"{where}: {issue.message}"


def change_text(change: FieldChange) -> str:
    name = FIELD_HEADERS.get(change.field, change.field)
    return f"{name} {value_text(change.old)} → {value_text(change.new)}"


def lot_text(row: PlannedRow) -> str:
    """The row's lot: "lot L123", or "lot without a number (exp. 2027-03-31)"."""
    if row.lot or row.expires is None:
        return _tr("lot {lot}").format(lot=row.lot)
    return _tr("lot without a number (exp. {date})").format(date=row.expires.isoformat())


def details(row: PlannedRow) -> str:
    """What happens to the row, in words."""
    if row.action is RowAction.ERROR:
        text = "; ".join(issue_text(issue) for issue in row.issues)
        if row.without_price is not None:  # only its price is wrong: kept, without it, if asked
            kept = details(replace(row, action=row.without_price, issues=(), without_price=None))
            text += " — " + _tr("with only the valid rows: imported without its price ({what})").format(
                what=kept[:1].lower() + kept[1:]
            )
        return text
    if row.action is RowAction.CREATE:
        parts = [_tr("New item")]
        if row.lot or row.expires:
            parts.append(lot_text(row))
        if row.quantity_change:
            parts.append(_tr("opening stock {n}").format(n=f"{row.quantity_change:,}"))
        if row.heading:
            parts.append(_tr("category {name} (from the heading row above)").format(name=row.heading))
        return ", ".join(parts)
    if row.action is RowAction.UPDATE:
        changes = [change_text(c) for c in row.changes]
        if (
            (row.lot or row.expires)
            and row.quantity_change
            and not any(c.field == "quantity" for c in row.changes)
        ):
            changes.append(_tr("{lot} {n:+d}").format(lot=lot_text(row), n=row.quantity_change))
        return "; ".join(changes) or _tr("Stock {n:+d}").format(n=row.quantity_change)
    return _tr("Same as in the inventory")


class ImportPreviewModel(RowTableModel[PlannedRow]):
    ROW, ACTION, SKU, NAME, DETAILS = range(5)
    sku_typed = Signal(int, str)  # the row number in the file, the SKU typed for it
    columns = (
        Column(
            _tr("Row"),
            lambda r: str(r.row),
            lambda r: r.row,
            numeric=True,
            tooltip=_tr("The row number in the spreadsheet"),
        ),
        Column(_tr("Action"), lambda r: ACTION_WORDS[r.action], lambda r: (_ACTION_ORDER[r.action], r.row)),
        Column(_tr("SKU"), lambda r: r.sku, lambda r: text_key(r.sku)),
        Column(_tr("Name"), lambda r: r.name, lambda r: text_key(r.name)),
        Column(_tr("What happens"), details, lambda r: text_key(details(r))),
    )

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.all_rows: list[PlannedRow] = []
        self.only_errors = False
        self.skus_editable = False  # the SKUs were made from the names: each may be typed over

    def row_id(self, row: PlannedRow) -> int:
        return row.row

    def set_plan_rows(self, rows: Sequence[PlannedRow]) -> None:
        self.all_rows = list(rows)
        self._apply_filter()

    def set_only_errors(self, only: bool) -> None:
        self.only_errors = only
        self._apply_filter()

    def _apply_filter(self) -> None:
        if self.only_errors:
            self.set_rows([r for r in self.all_rows if r.action is RowAction.ERROR])
        else:
            self.set_rows(self.all_rows)

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        row = self.row_at(index.row()) if index.isValid() else None
        if self.skus_editable and index.column() == self.SKU and row is not None and row.sku:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.EditRole and index.column() == self.SKU:
            row = self.row_at(index.row())
            return row.sku if row is not None else None
        return super().data(index, role)

    def setData(
        self, index: QModelIndex | QPersistentModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole
    ) -> bool:
        row = self.row_at(index.row()) if index.isValid() else None
        if role != Qt.ItemDataRole.EditRole or index.column() != self.SKU or row is None:
            return False
        text = str(value or "").strip()
        if text != row.sku:
            self.sku_typed.emit(row.row, text)
        return True

    def extra_data(self, row: PlannedRow, column: int, role: int) -> Any:
        if role == _TOOLTIP and column == self.SKU and self.skus_editable and row.sku:
            return _tr("Made from the name; double-click or press F2 to type another SKU")
        if role == _TOOLTIP and column == self.DETAILS:
            if row.action is RowAction.ERROR:
                return "\n".join(str(issue) for issue in row.issues)
            return details(row)
        if row.action is not RowAction.ERROR:
            if role == _FOREGROUND and column == self.ACTION and row.action is RowAction.CREATE:
                return theme.status_color(Status.OK)
            return None
        if role == _FOREGROUND and column in (self.ACTION, self.DETAILS):
            return theme.status_color(Status.OUT)
        if role == _BACKGROUND:
            return theme.status_background(Status.OUT)
        return None
