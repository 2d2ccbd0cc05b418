"""Tables of the Reports page: items ranked by use or cost, spending grouped.

Weekly use and weeks left are the item's rate as every screen shows it (`core.stock.use_rate`:
the last 8 weeks), whatever the period of the report; the headers say so."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from inventory_app.core.shelf.types import ItemUsage, SpendRow
from inventory_app.core.stock.use_rate import USE_WEEKS
from inventory_app.core.wording import counted
from inventory_app.ui.common.priced import PricedTableModel
from inventory_app.ui.common.tables import Column, optional_key, text_key


def _tr(text: str) -> str:
    return QCoreApplication.translate("ReportTables", text)


def _weeks(row: ItemUsage) -> str:
    left = row.weeks_left
    return "" if left is None else f"{left:,.1f}"


RATE_TIP = _tr("Average use per week over the last {n} weeks up to today (or the item's life when younger)")


class ItemUsageTableModel(PricedTableModel[ItemUsage]):
    ITEM, SKU, USED, COST, PER_WEEK, ON_HAND, WEEKS_LEFT, SUPPLIER = range(8)
    columns = (
        Column(_tr("Item"), lambda x: x.name, lambda x: text_key(x.name)),
        Column(_tr("SKU"), lambda x: x.sku, lambda x: text_key(x.sku)),
        Column(
            _tr("Used"),
            lambda x: counted(x.used, x.unit),
            lambda x: x.used,
            numeric=True,
            tooltip=_tr("Used in the period chosen above"),
        ),
        Column(_tr("Cost"), lambda x: str(x.cost), lambda x: x.cost, numeric=True),
        Column(
            _tr("Per week, last {n} weeks").format(n=USE_WEEKS),
            lambda x: f"{x.weekly_use:,.1f}",
            lambda x: x.weekly_use,
            numeric=True,
            tooltip=RATE_TIP.format(n=USE_WEEKS),
        ),
        Column(_tr("On hand"), lambda x: counted(x.on_hand, x.unit), lambda x: x.on_hand, numeric=True),
        Column(
            _tr("Weeks left"),
            _weeks,
            lambda x: optional_key(x.weeks_left),
            numeric=True,
            tooltip=_tr("On hand divided by the use per week of the last {n} weeks").format(n=USE_WEEKS),
        ),
        Column(_tr("Supplier"), lambda x: x.supplier, lambda x: text_key(x.supplier)),
    )
    money_columns = {COST: lambda x: x.cost}

    def row_id(self, row: ItemUsage) -> int:
        return row.item_id


class SpendTableModel(PricedTableModel[SpendRow]):
    NAME, SPENT, UNITS, RECEIPTS = range(4)
    columns = (
        Column(_tr("Name"), lambda x: x.name, lambda x: text_key(x.name)),
        Column(_tr("Spent"), lambda x: str(x.amount), lambda x: x.amount, numeric=True),
        Column(_tr("Units received"), lambda x: f"{x.units:,}", lambda x: x.units, numeric=True),
        Column(_tr("Receipts"), lambda x: f"{x.receipts:,}", lambda x: x.receipts, numeric=True),
    )
    money_columns = {SPENT: lambda x: x.amount}

    def row_id(self, row: SpendRow) -> object:
        return (row.key_id, row.name)
