"""Lots of one item, first-expired first."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt

from inventory_app.core.types import LotRow
from inventory_app.ui.common import theme
from inventory_app.ui.common.tables import Column, RowTableModel, optional_key


def _tr(text: str) -> str:
    return QCoreApplication.translate("LotTableModel", text)


def _state(lot: LotRow) -> str:
    if lot.expired:
        return _tr("Expired")
    if lot.expires_on is None:
        return ""
    return _tr("{d} days left").format(d=(lot.expires_on - date.today()).days)


class LotTableModel(RowTableModel[LotRow]):
    extra_roles = frozenset({Qt.ItemDataRole.ForegroundRole.value})
    columns = (
        # A lot the box gave no number for is known by its expiry date.
        Column(_tr("Lot"), lambda x: x.lot_number or _tr("no lot number"), lambda x: x.lot_number.casefold()),
        Column(
            _tr("Expires"),
            lambda x: x.expires_on.isoformat() if x.expires_on else "",
            lambda x: optional_key(x.expires_on),
        ),
        Column(_tr("Quantity"), lambda x: str(x.quantity), lambda x: x.quantity, numeric=True),
        Column(_tr("State"), _state, lambda x: optional_key(x.expires_on)),
    )

    def extra_data(self, row: LotRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and row.expired:
            return theme.status_color("expired")
        return None
