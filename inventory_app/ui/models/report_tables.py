"""Tables of the Reports page: items ranked by use or cost, spending grouped."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from inventory_app.core.shelf_types import ItemUsage, SpendRow
from inventory_app.ui.models.base import Column, RowTableModel, optional_key, text_key


def _tr(text: str) -> str:
    return QCoreApplication.translate("ReportTables", text)


def _weeks(row: ItemUsage) -> str:
    left = row.weeks_left
    return "" if left is None else f"{left:,.1f}"


class ItemUsageTableModel(RowTableModel[ItemUsage]):
    columns = (
        Column(_tr("Item"), lambda x: x.name, lambda x: text_key(x.name)),
        Column(_tr("SKU"), lambda x: x.sku, lambda x: text_key(x.sku)),
        Column(_tr("Used"), lambda x: f"{x.used:,} {x.unit}", lambda x: x.used, numeric=True),
        Column(_tr("Cost"), lambda x: f"{x.cost:,.2f}", lambda x: x.cost, numeric=True),
        Column(_tr("Per week"), lambda x: f"{x.weekly_use:,.1f}", lambda x: x.weekly_use, numeric=True),
        Column(_tr("On hand"), lambda x: f"{x.on_hand:,}", lambda x: x.on_hand, numeric=True),
        Column(_tr("Weeks left"), _weeks, lambda x: optional_key(x.weeks_left), numeric=True),
        Column(_tr("Supplier"), lambda x: x.supplier, lambda x: text_key(x.supplier)),
    )

    def row_id(self, row: ItemUsage) -> int:
        return row.item_id


class SpendTableModel(RowTableModel[SpendRow]):
    columns = (
        Column(_tr("Name"), lambda x: x.name, lambda x: text_key(x.name)),
        Column(_tr("Spent"), lambda x: f"{x.amount:,.2f}", lambda x: x.amount, numeric=True),
        Column(_tr("Units received"), lambda x: f"{x.units:,}", lambda x: x.units, numeric=True),
        Column(_tr("Receipts"), lambda x: f"{x.receipts:,}", lambda x: x.receipts, numeric=True),
    )

    def row_id(self, row: SpendRow) -> object:
        return (row.key_id, row.name)
