"""The inventory table: every active item, filtered and sorted in Python."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt

from inventory_app.core.stock.item_filter import ItemFilter, search_key
from inventory_app.core.types import ItemRow, Status
from inventory_app.core.wording import counted
from inventory_app.ui.common import theme
from inventory_app.ui.common.icons import icon
from inventory_app.ui.common.tables import Column, RowTableModel, optional_key, text_key


def _tr(text: str) -> str:
    return QCoreApplication.translate("ItemTableModel", text)


def _late(row: ItemRow) -> bool:
    return row.on_order > 0 and row.expected_on is not None and row.expected_on < date.today()


def _expected_text(row: ItemRow) -> str:
    if not row.on_order or row.expected_on is None:
        return ""
    if _late(row):
        return _tr("{date} late").format(date=row.expected_on.isoformat())
    return row.expected_on.isoformat()


_STATUS_ORDER = {Status.OUT: 0, Status.LOW: 1, Status.OK: 2}
_BACKGROUND = Qt.ItemDataRole.BackgroundRole.value
_FOREGROUND = Qt.ItemDataRole.ForegroundRole.value
_DECORATION = Qt.ItemDataRole.DecorationRole.value
_TOOLTIP = Qt.ItemDataRole.ToolTipRole.value


def _positions(rows: Sequence[ItemRow], wanted: dict[int, ItemRow]) -> dict[int, int]:
    """Where the rows with these ids are in `rows` (stops once all are found)."""
    found: dict[int, int] = {}
    for position, row in enumerate(rows):
        if row.id in wanted:
            found[row.id] = position
            if len(found) == len(wanted):
                break
    return found


class ItemTableModel(RowTableModel[ItemRow]):
    (
        STATUS,
        SKU,
        NAME,
        ON_HAND,
        EXPIRED,
        ON_ORDER,
        EXPECTED,
        UNIT,
        REORDER,
        PAR,
        EXPIRY,
        CATEGORY,
        LOCATION,
        SUPPLIER,
    ) = range(14)
    columns = (
        Column(_tr("Status"), lambda r: theme.STATUS_WORDS[r.status], lambda r: _STATUS_ORDER[r.status]),
        Column(_tr("SKU"), lambda r: r.sku, lambda r: r.sku.casefold()),
        Column(_tr("Name"), lambda r: r.name, lambda r: r.name.casefold()),
        Column(
            _tr("On hand"),
            lambda r: str(r.on_hand),
            lambda r: r.on_hand,
            numeric=True,
            tooltip=_tr("Usable stock in units of issue (expired stock is shown apart)"),
        ),
        Column(
            _tr("Expired"),
            lambda r: str(r.expired) if r.expired else "",
            lambda r: r.expired,
            numeric=True,
            tooltip=_tr("Expired stock still on the shelf: not usable, to be disposed of"),
        ),
        Column(
            _tr("On order"),
            lambda r: str(r.on_order) if r.on_order else "",
            lambda r: r.on_order,
            numeric=True,
            tooltip=_tr("Units of issue that open purchase orders will still bring"),
        ),
        Column(
            _tr("Expected"),
            _expected_text,
            lambda r: optional_key(r.expected_on),
            tooltip=_tr("When the first open order for the item is expected"),
        ),
        Column(_tr("Unit"), lambda r: r.unit, lambda r: r.unit.casefold()),
        Column(
            _tr("Reorder at"),
            lambda r: str(r.reorder_point),
            lambda r: r.reorder_point,
            numeric=True,
            tooltip=_tr("Reorder point: at or below this the item needs reordering"),
        ),
        Column(
            _tr("Par"),
            lambda r: "" if r.par_level is None else str(r.par_level),
            lambda r: optional_key(r.par_level),
            numeric=True,
            tooltip=_tr("Par level: the level to order up to"),
        ),
        Column(
            _tr("Next expiry"),
            lambda r: r.next_expiry.isoformat() if r.next_expiry else "",
            lambda r: optional_key(r.next_expiry),
        ),
        Column(_tr("Category"), lambda r: r.category, lambda r: text_key(r.category)),
        Column(_tr("Location"), lambda r: r.location, lambda r: text_key(r.location)),
        Column(_tr("Supplier"), lambda r: r.supplier, lambda r: text_key(r.supplier)),
    )

    extra_roles = frozenset({_BACKGROUND, _FOREGROUND, _DECORATION, _TOOLTIP})

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._all: list[ItemRow] = []
        self._keys: list[str] = []
        self._filter = ItemFilter()
        self.today = date.today()
        self._load_theme()

    @property
    def all_rows(self) -> list[ItemRow]:
        return self._all

    @property
    def item_filter(self) -> ItemFilter:
        return self._filter

    def set_rows(self, rows: Sequence[ItemRow]) -> None:
        self._all = list(rows)
        self._keys = [search_key(row) for row in self._all]
        self.today = date.today()
        self._load_theme()
        super().set_rows(self._filter.apply(self._all, self.today, self._keys))

    def update_rows(self, fresh: Sequence[ItemRow]) -> None:
        """Put `fresh` rows in place of the ones with the same id. A row that stays shown at the
        same place is redrawn alone (`dataChanged`: selection and scroll stay); a row that comes
        in, goes out of the filter or moves in the sort order re-filters the list."""
        by_id = {row.id: row for row in fresh}
        positions = _positions(self._all, by_id)
        if len(positions) != len(by_id):  # an item not loaded before (put back in use)
            self.set_rows([*(r for r in self._all if r.id not in by_id), *fresh])
            return
        shown = _positions(self._rows, by_id)
        reshuffle = False
        for item_id, row in by_id.items():
            old = self._all[positions[item_id]]
            key = search_key(row)
            self._all[positions[item_id]] = row
            self._keys[positions[item_id]] = key
            passes = bool(self._filter.apply([row], self.today, [key]))
            if passes != (item_id in shown) or self._sort_key_changed(old, row):
                reshuffle = True
        if reshuffle:
            super().set_rows(self._filter.apply(self._all, self.today, self._keys))
            return
        last = len(self.columns) - 1
        for item_id, position in shown.items():
            self._rows[position] = by_id[item_id]
            self.dataChanged.emit(self.index(position, 0), self.index(position, last))

    def _sort_key_changed(self, old: ItemRow, new: ItemRow) -> bool:
        column = self._sort_column
        if not 0 <= column < len(self.columns):
            return False
        key = self.columns[column].sort_key
        return bool(key(old) != key(new))

    def set_filter(self, item_filter: ItemFilter) -> None:
        if item_filter == self._filter:
            return
        self._filter = item_filter
        super().set_rows(self._filter.apply(self._all, self.today, self._keys))

    def _load_theme(self) -> None:
        """Colours and icons once per load, not once per painted cell."""
        self._fg = {s: theme.status_color(s) for s in Status}
        self._fg_expired = theme.status_color("expired")
        self._bg = {s: theme.status_background(s) for s in Status}
        self._icons = {s: icon(theme.STATUS_ICONS[s], self._fg[s]) for s in Status}
        self._late_icon = icon("expiring", self._fg[Status.OUT])

    def extra_data(self, row: ItemRow, column: int, role: int) -> Any:
        if role == _BACKGROUND:
            return self._bg[row.status]
        if role == _FOREGROUND:
            if column in (self.STATUS, self.ON_HAND) and row.status is not Status.OK:
                return self._fg[row.status]
            if column == self.EXPIRED and row.expired:
                return self._fg_expired
            if column == self.EXPIRY and row.next_expiry and row.expiring_soon(self.today):
                return self._fg[Status.LOW]
            if column == self.EXPECTED and _late(row):
                return self._fg[Status.OUT]
            return None
        if role == _DECORATION:
            if column == self.STATUS:
                return self._icons[row.status]
            if column == self.EXPECTED and _late(row):
                return self._late_icon
            return None
        if role == _TOOLTIP:
            return self._tooltip(row, column)
        return None

    def _tooltip(self, row: ItemRow, column: int) -> str | None:
        if column in (self.STATUS, self.ON_HAND):
            text = {
                Status.OUT: _tr("Out of stock: reorder now."),
                Status.LOW: _tr("Low: {n} on hand, reorder at {r}."),
                Status.OK: _tr("{n} on hand; reorder at {r}."),
            }[row.status].format(n=row.on_hand, r=row.reorder_point)
            if row.expired:
                text += " " + _tr("{e} expired, not usable: dispose of it.").format(e=row.expired)
            return text
        if column == self.EXPIRY and row.next_expiry:
            days = (row.next_expiry - self.today).days
            return _tr("Expires in {d} days").format(d=days)
        if column in (self.ON_ORDER, self.EXPECTED) and row.on_order:
            text = _tr("{n} on open orders").format(n=counted(row.on_order, row.unit))
            if row.expected_on is not None:
                days = (row.expected_on - self.today).days
                if days < 0:
                    text += " " + _tr("— overdue since {d} ({n} days late)").format(
                        d=row.expected_on.isoformat(), n=-days
                    )
                else:
                    text += " " + _tr("— expected {d}").format(d=row.expected_on.isoformat())
            return text
        if column == self.NAME:
            return row.name
        return None
