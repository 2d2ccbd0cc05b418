"""The suppliers table, filtered by name or contact in Python (the list is short,
but the same shape as the inventory table keeps the pages alike)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt

from inventory_app.core.types import SupplierRow
from inventory_app.ui.catalog.named_table import archived_data
from inventory_app.ui.common.tables import Column, RowTableModel, text_key


def _tr(text: str) -> str:
    return QCoreApplication.translate("SupplierTableModel", text)


def _name(row: SupplierRow) -> str:
    return row.name if row.active else _tr("{name} (archived)").format(name=row.name)


def _lead_time(row: SupplierRow) -> str:
    if row.lead_time_days == 1:
        return _tr("1 day")
    return _tr("{n} days").format(n=row.lead_time_days)


def search_text(row: SupplierRow) -> str:
    return f"{row.name} {row.contact}".casefold()


def matches(row: SupplierRow, text: str) -> bool:
    """Every word of `text` appears in the supplier's name or contact."""
    haystack = search_text(row)
    return all(word in haystack for word in text.casefold().split())


class SupplierTableModel(RowTableModel[SupplierRow]):
    NAME, CONTACT, PHONE, EMAIL, ACCOUNT, LEAD_TIME, ITEMS = range(7)
    columns = (
        Column(_tr("Name"), _name, lambda r: r.name.casefold()),
        Column(_tr("Contact"), lambda r: r.contact, lambda r: text_key(r.contact)),
        Column(_tr("Phone"), lambda r: r.phone, lambda r: text_key(r.phone)),
        Column(_tr("E-mail"), lambda r: r.email, lambda r: text_key(r.email)),
        Column(
            _tr("Account no."),
            lambda r: r.account_number,
            lambda r: text_key(r.account_number),
            tooltip=_tr("Our account number with them"),
        ),
        Column(
            _tr("Lead time"),
            _lead_time,
            lambda r: r.lead_time_days,
            numeric=True,
            tooltip=_tr("Days from ordering to delivery"),
        ),
        Column(
            _tr("Items"),
            lambda r: str(r.item_count),
            lambda r: r.item_count,
            numeric=True,
            tooltip=_tr("Active items bought from this supplier"),
        ),
    )

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._all: list[SupplierRow] = []
        self._text = ""

    @property
    def all_rows(self) -> list[SupplierRow]:
        return list(self._all)

    @property
    def filter_text(self) -> str:
        return self._text

    def set_rows(self, rows: Sequence[SupplierRow]) -> None:
        self._all = list(rows)
        super().set_rows(self._filtered())

    def set_filter(self, text: str) -> None:
        text = text.strip()
        if text == self._text:
            return
        self._text = text
        super().set_rows(self._filtered())

    def _filtered(self) -> list[SupplierRow]:
        if not self._text:
            return list(self._all)
        return [row for row in self._all if matches(row, self._text)]

    def extra_data(self, row: SupplierRow, column: int, role: int) -> Any:
        archived = archived_data(row.active, role, _tr("Archived: not offered for items or orders"))
        if archived is not None:
            return archived
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == self.NAME and row.address:
                return f"{row.name}\n{row.address}"
            if column == self.EMAIL and row.email:
                return row.email
        return None
