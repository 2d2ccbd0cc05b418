"""The lines of one purchase order. A draft's quantity and unit cost are edited in place:
the model only asks (`edit_requested`); the editor calls the core and reloads."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal

from inventory_app.core.purchasing.types import OrderLineRow, money
from inventory_app.core.types import Status
from inventory_app.core.wording import counted, money_text
from inventory_app.ui.common import theme
from inventory_app.ui.common.tables import DISPLAY, Column, Index, RowTableModel, text_key


def _tr(text: str) -> str:
    return QCoreApplication.translate("OrderLineTableModel", text)


def _received(row: OrderLineRow) -> str:
    if not row.received:
        return ""
    if row.received > row.quantity:
        return _tr("{n} (+{over})").format(n=row.received, over=row.received - row.quantity)
    return str(row.received)


class OrderLineTableModel(RowTableModel[OrderLineRow]):
    LINE, SKU, SUPPLIER_SKU, DESCRIPTION, PACK, QUANTITY, COST, TOTAL, RECEIVED = range(9)
    columns = (
        Column("#", lambda r: str(r.line_no), lambda r: r.line_no, numeric=True),
        Column(_tr("SKU"), lambda r: r.sku, lambda r: r.sku.casefold()),
        Column(_tr("Supplier SKU"), lambda r: r.supplier_sku, lambda r: text_key(r.supplier_sku)),
        Column(_tr("Description"), lambda r: r.description, lambda r: r.description.casefold()),
        Column(_tr("Purchase unit"), lambda r: r.purchase_unit_text, lambda r: r.purchase_unit_text),
        Column(
            _tr("Qty"),
            lambda r: str(r.quantity),
            lambda r: r.quantity,
            numeric=True,
            tooltip=_tr("Quantity in purchase units"),
        ),
        Column(_tr("Unit cost"), lambda r: money(r.unit_cost), lambda r: r.unit_cost, numeric=True),
        Column(_tr("Line total"), lambda r: money(r.line_total), lambda r: r.line_total, numeric=True),
        Column(
            _tr("Received"),
            _received,
            lambda r: r.received,
            numeric=True,
            tooltip=_tr("Purchase units received so far"),
        ),
    )

    # line id, quantity, unit cost: the user changed a cell of a draft
    edit_requested = Signal(int, int, object)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.editable = False
        self.currency = "$"
        self._done = theme.status_color(Status.OK)
        self._short = theme.status_color(Status.LOW)

    def set_order_rows(self, rows: list[OrderLineRow], editable: bool, currency: str) -> None:
        self.editable = editable
        self.currency = currency
        self._done = theme.status_color(Status.OK)
        self._short = theme.status_color(Status.LOW)
        self.set_rows(rows)

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if self.editable and index.isValid() and index.column() in (self.QUANTITY, self.COST):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        if role == Qt.ItemDataRole.EditRole and index.isValid():
            row = self.row_at(index.row())
            if row is None:
                return None
            if index.column() == self.QUANTITY:
                return row.quantity
            if index.column() == self.COST:
                return str(row.unit_cost)
        if role == DISPLAY and index.column() in (self.COST, self.TOTAL):
            row = self.row_at(index.row())
            if row is None:
                return None
            value = row.unit_cost if index.column() == self.COST else row.line_total
            return money_text(value, self.currency)
        return super().data(index, role)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not (self.editable and index.isValid() and role == Qt.ItemDataRole.EditRole):
            return False
        row = self.row_at(index.row())
        if row is None:
            return False
        quantity, cost = row.quantity, row.unit_cost
        try:
            if index.column() == self.QUANTITY:
                quantity = int(value)
            elif index.column() == self.COST:
                cost = Decimal(str(value))
            else:
                return False
        except (TypeError, ValueError, ArithmeticError):
            return False
        if (quantity, cost) == (row.quantity, row.unit_cost):
            return False
        self.edit_requested.emit(row.id, quantity, cost)
        return True

    def extra_data(self, row: OrderLineRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and column == self.RECEIVED and row.received:
            return self._done if row.received >= row.quantity else self._short
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == self.DESCRIPTION:
                return row.description
            if column == self.PACK:
                units = row.quantity * row.units_per_purchase_unit
                return _tr("{q} × {pack} = {n}").format(
                    q=row.quantity, pack=row.purchase_unit_text, n=counted(units, row.unit)
                )
            if column == self.RECEIVED:
                return _tr("{r} of {q} received; {o} outstanding").format(
                    r=row.received, q=row.quantity, o=row.outstanding
                )
            if column == self.SKU and row.tracks_expiry:
                return _tr("Tracks lots and expiry: enter the lot and date when receiving")
        return None
