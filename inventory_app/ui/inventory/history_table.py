"""The ledger of one item with its running balance, newest first."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QFont

from inventory_app.core.accounts.users import shown_user
from inventory_app.core.types import MovementKind, MovementRow, Status
from inventory_app.ui.common import theme
from inventory_app.ui.common.tables import DISPLAY, Column, Index, RowTableModel, optional_key


def _tr(text: str) -> str:
    return QCoreApplication.translate("HistoryTableModel", text)


KIND_WORDS = {
    MovementKind.RECEIVE: _tr("Received"),
    MovementKind.USE: _tr("Used"),
    MovementKind.ADJUST: _tr("Adjusted"),
    MovementKind.DISPOSE: _tr("Disposed"),
    MovementKind.REVERSAL: _tr("Reversal"),
}


def _kind(m: MovementRow) -> str:
    """What happened, with its reason when it has one: "Disposed · expired"."""
    word = KIND_WORDS[m.kind]
    if m.kind is MovementKind.REVERSAL and m.reversal_of:
        return f"{word} of #{m.reversal_of}"
    if m.reason and m.kind in (MovementKind.ADJUST, MovementKind.DISPOSE):
        word = f"{word} · {m.reason}"
    if m.reversed_by:
        return f"{word} (reversed)"
    return word


def _when(moment: datetime) -> str:
    """'07 Dec 14:03' this year, '07 Dec 2025 14:03' before: short enough for the item panel."""
    if moment.year == datetime.now().year:
        return moment.strftime("%d %b %H:%M")
    return moment.strftime("%d %b %Y %H:%M")


def _lot(m: MovementRow) -> str:
    """The lot of a movement; "no lot number" for a lot without one (it has an expiry date)."""
    return m.lot_number or (_tr("no lot number") if m.expires_on is not None else "")


class HistoryTableModel(RowTableModel[MovementRow]):
    _ROLE = Qt.ItemDataRole
    extra_roles = frozenset(r.value for r in (_ROLE.FontRole, _ROLE.ForegroundRole, _ROLE.ToolTipRole))
    WHEN, WHAT, CHANGE, BALANCE, LOT, REASON, BY, NOTE, NUMBER = range(9)
    # Beside the item panel the reason is in What, the number and note in each row's tool tip.
    HIDDEN_AT_FIRST = (REASON, NOTE, NUMBER)
    columns = (
        Column(_tr("When"), lambda m: _when(m.local_time), lambda m: m.id),
        Column(_tr("What"), _kind, lambda m: str(m.kind)),
        Column(_tr("Change"), lambda m: f"{m.quantity:+d}", lambda m: m.quantity, numeric=True),
        Column(
            _tr("Left"),
            lambda m: "" if m.balance is None else str(m.balance),
            lambda m: optional_key(m.balance),
            numeric=True,
            tooltip=_tr("Stock after this movement (including expired lots)"),
        ),
        Column(_tr("Lot"), _lot, lambda m: m.lot_number),
        Column(_tr("Reason"), lambda m: m.reason, lambda m: m.reason),
        Column(_tr("By"), lambda m: m.user, lambda m: m.user),
        Column(_tr("Note"), lambda m: m.note, lambda m: m.note),
        Column(
            _tr("No."),
            lambda m: str(m.id),
            lambda m: m.id,
            numeric=True,
            tooltip=_tr("Movement number (used to reverse it from the command line)"),
        ),
    )

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._sort_column = 0  # When: by movement number, so the ledger order is kept
        self._sort_order = Qt.SortOrder.DescendingOrder
        self._account_keys: Collection[str] = frozenset()

    def set_rows(self, rows: Sequence[MovementRow], account_keys: Collection[str] | None = None) -> None:
        """The movements; `account_keys` (`core.accounts.account_keys()`) says whose names to show
        in By: movements recorded without an account (the operating-system login) show nothing."""
        if account_keys is not None:
            self._account_keys = account_keys
        super().set_rows(rows)

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        if role == DISPLAY and index.column() == self.BY:
            row = self.row_at(index.row())
            return None if row is None else shown_user(row.user, self._account_keys)
        return super().data(index, role)

    def extra_data(self, row: MovementRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole:
            parts = [f"#{row.id}"] + ([row.note] if row.note else [])
            return " · ".join(parts)
        if role == Qt.ItemDataRole.FontRole and row.reversed_by:
            font = QFont()
            font.setStrikeOut(column == self.CHANGE)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and column == self.CHANGE:
            return theme.status_color(Status.OK if row.quantity > 0 else Status.OUT)
        return None
