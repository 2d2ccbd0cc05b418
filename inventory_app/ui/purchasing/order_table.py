"""The purchase order list, filtered by status and text in Python.

Overdue orders carry a word, an icon and a colour (never colour alone).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from enum import StrEnum
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt

from inventory_app.core.purchasing.types import STATUS_WORDS, OrderStatus, OrderSummary, money
from inventory_app.core.types import Status
from inventory_app.core.wording import money_text
from inventory_app.ui.common import theme
from inventory_app.ui.common.icons import icon
from inventory_app.ui.common.tables import DISPLAY, Column, Index, RowTableModel, optional_key


def _tr(text: str) -> str:
    return QCoreApplication.translate("OrderTableModel", text)


class OrderFilter(StrEnum):
    ALL = "all"
    OPEN = "open"
    DRAFT = "draft"
    ORDERED = "ordered"
    PARTIAL = "partial"
    RECEIVED = "received"
    CANCELLED = "cancelled"
    OVERDUE = "overdue"


FILTER_LABELS = {
    OrderFilter.OPEN: "Open (not yet received)",
    OrderFilter.ALL: "All orders",
    OrderFilter.DRAFT: "Draft",
    OrderFilter.ORDERED: "Ordered",
    OrderFilter.PARTIAL: "Partly received",
    OrderFilter.RECEIVED: "Received",
    OrderFilter.CANCELLED: "Cancelled",
    OrderFilter.OVERDUE: "Overdue",
}
OPEN = (OrderStatus.DRAFT, OrderStatus.ORDERED, OrderStatus.PARTIAL)


def matches(row: OrderSummary, wanted: OrderFilter, text: str = "") -> bool:
    if wanted is OrderFilter.OPEN and row.status not in OPEN:
        return False
    if wanted is OrderFilter.OVERDUE and not row.overdue:
        return False
    if wanted not in (OrderFilter.ALL, OrderFilter.OPEN, OrderFilter.OVERDUE) and row.status != wanted:
        return False
    haystack = f"{row.number} {row.supplier}".casefold()
    return all(word in haystack for word in text.casefold().split())


def status_text(row: OrderSummary) -> str:
    word = _tr(STATUS_WORDS[row.status])
    if row.overdue and row.expected_on is not None:
        days = (date.today() - row.expected_on).days
        if days == 1:
            return _tr("{status} · overdue 1 day").format(status=word)
        return _tr("{status} · overdue {n} days").format(status=word, n=days)
    return word


def _date(value: date | None) -> str:
    return value.isoformat() if value else ""


_STATUS_ORDER = {
    OrderStatus.DRAFT: 1,
    OrderStatus.ORDERED: 2,
    OrderStatus.PARTIAL: 3,
    OrderStatus.RECEIVED: 4,
    OrderStatus.CANCELLED: 5,
}
_STATUS_ICONS = {
    OrderStatus.DRAFT: "edit",
    OrderStatus.ORDERED: "orders",
    OrderStatus.PARTIAL: "receive",
    OrderStatus.RECEIVED: "ok",
    OrderStatus.CANCELLED: "out",
}


class OrderTableModel(RowTableModel[OrderSummary]):
    NUMBER, SUPPLIER, STATUS, CREATED, ORDERED, EXPECTED, LINES, TOTAL = range(8)
    columns = (
        Column(_tr("Number"), lambda r: r.number, lambda r: r.number),
        Column(_tr("Supplier"), lambda r: r.supplier, lambda r: r.supplier.casefold()),
        Column(
            _tr("Status"),
            status_text,
            lambda r: (0 if r.overdue else _STATUS_ORDER[r.status], r.number),
        ),
        Column(_tr("Created"), lambda r: r.created_at.date().isoformat(), lambda r: r.created_at),
        Column(_tr("Ordered"), lambda r: _date(r.ordered_on), lambda r: optional_key(r.ordered_on)),
        Column(
            _tr("Expected"),
            lambda r: _date(r.expected_on),
            lambda r: optional_key(r.expected_on),
            tooltip=_tr("Order date plus the supplier's lead time"),
        ),
        Column(_tr("Lines"), lambda r: str(r.line_count), lambda r: r.line_count, numeric=True),
        Column(_tr("Total"), lambda r: money(r.total), lambda r: r.total, numeric=True),
    )

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._all: list[OrderSummary] = []
        self._filter = OrderFilter.OPEN
        self._text = ""
        self.currency = "$"
        self._load_theme()

    @property
    def all_rows(self) -> list[OrderSummary]:
        return list(self._all)

    @property
    def status_filter(self) -> OrderFilter:
        return self._filter

    def set_rows(self, rows: Sequence[OrderSummary], currency: str | None = None) -> None:
        if currency is not None:
            self.currency = currency
        self._all = list(rows)
        self._load_theme()
        super().set_rows(self._filtered())

    def set_filter(self, wanted: OrderFilter, text: str = "") -> None:
        text = text.strip()
        if (wanted, text) == (self._filter, self._text):
            return
        self._filter, self._text = wanted, text
        super().set_rows(self._filtered())

    def count(self, wanted: OrderFilter) -> int:
        return sum(1 for row in self._all if matches(row, wanted))

    def _filtered(self) -> list[OrderSummary]:
        return [row for row in self._all if matches(row, self._filter, self._text)]

    def _load_theme(self) -> None:
        self._late = theme.status_color(Status.OUT)
        self._late_bg = theme.status_background(Status.OUT)
        self._done = theme.status_color(Status.OK)
        self._late_icon = icon("expiring", self._late)
        self._icons = {status: icon(name) for status, name in _STATUS_ICONS.items()}
        self._icons[OrderStatus.RECEIVED] = icon("ok", self._done)

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        if role == DISPLAY and index.column() == self.TOTAL:
            row = self.row_at(index.row())
            return money_text(row.total, self.currency) if row is not None else None
        return super().data(index, role)

    def extra_data(self, row: OrderSummary, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DecorationRole and column == self.STATUS:
            return self._late_icon if row.overdue else self._icons[row.status]
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.overdue and column in (self.STATUS, self.EXPECTED):
                return self._late
            return None
        if role == Qt.ItemDataRole.BackgroundRole and row.overdue:
            return self._late_bg
        if role == Qt.ItemDataRole.ToolTipRole and column in (self.STATUS, self.EXPECTED) and row.overdue:
            return _tr("Overdue: expected {d}. Call {s} to ask when it will arrive.").format(
                d=_date(row.expected_on), s=row.supplier
            )
        return None
