"""Lots expiring soon or expired, soonest first: days left in words, colour and icon."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt

from inventory_app.core.shelf.types import ExpiringLot
from inventory_app.core.types import Status
from inventory_app.core.wording import counted
from inventory_app.ui.common import theme
from inventory_app.ui.common.icons import icon
from inventory_app.ui.common.priced import PricedTableModel
from inventory_app.ui.common.tables import Column, text_key


def _tr(text: str) -> str:
    return QCoreApplication.translate("ExpiringTableModel", text)


def days_left_text(days: int) -> str:
    """Words, never colour alone: "Expired 3 days ago", "Expires today", "12 days left"."""
    if days < -1:
        return _tr("Expired {n} days ago").format(n=-days)
    if days == -1:
        return _tr("Expired yesterday")
    if days == 0:
        return _tr("Expires today")
    if days == 1:
        return _tr("1 day left")
    return _tr("{n} days left").format(n=days)


class ExpiringTableModel(PricedTableModel[ExpiringLot]):
    ITEM, SKU, LOT, EXPIRES, DAYS, QUANTITY, VALUE, LOCATION = range(8)
    extra_roles = frozenset(
        {
            Qt.ItemDataRole.ForegroundRole.value,
            Qt.ItemDataRole.DecorationRole.value,
            Qt.ItemDataRole.ToolTipRole.value,
        }
    )
    columns = (
        Column(_tr("Item"), lambda x: x.name, lambda x: text_key(x.name)),
        Column(_tr("SKU"), lambda x: x.sku, lambda x: text_key(x.sku)),
        Column(_tr("Lot"), lambda x: x.lot_number or _tr("no lot number"), lambda x: text_key(x.lot_number)),
        Column(_tr("Expires"), lambda x: x.expires_on.isoformat(), lambda x: x.expires_on),
        Column(_tr("Days left"), lambda x: days_left_text(x.days_left), lambda x: x.days_left),
        Column(_tr("Quantity"), lambda x: counted(x.quantity, x.unit), lambda x: x.quantity, numeric=True),
        Column(_tr("Value"), lambda x: str(x.value), lambda x: x.value, numeric=True),
        Column(_tr("Location"), lambda x: x.location, lambda x: text_key(x.location)),
    )
    money_columns = {VALUE: lambda x: x.value}

    def row_id(self, row: ExpiringLot) -> int:
        return row.lot_id

    def extra_data(self, row: ExpiringLot, column: int, role: int) -> Any:
        if column != self.DAYS:
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            return theme.status_color("expired" if row.expired else Status.LOW)
        if role == Qt.ItemDataRole.DecorationRole:
            return icon("out" if row.expired else "expiring")
        if role == Qt.ItemDataRole.ToolTipRole:
            if row.expired:
                return _tr("Expired: not usable; dispose of it")
            return _tr("Within its {n}-day warning window").format(n=row.window_days)
        return None
