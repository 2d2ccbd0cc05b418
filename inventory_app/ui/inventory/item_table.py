"""The inventory table: every active item, filtered and sorted in Python."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from operator import attrgetter
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, Qt

from inventory_app.core.stock.item_filter import ItemFilter, search_key
from inventory_app.core.types import ItemRow, Status
from inventory_app.core.wording import counted
from inventory_app.ui.common import theme
from inventory_app.ui.common.icons import icon
from inventory_app.ui.common.tables import DISPLAY, Column, Index, RowTableModel, optional_key, text_key


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
_ALIGNMENT = Qt.ItemDataRole.TextAlignmentRole.value
# Painting a cell asks for the roles Display (0) to CheckState (10), each in its own call into
# Python: those are answered from one tuple per cell, built once per shown row.
_CELL_ROLES = Qt.ItemDataRole.CheckStateRole.value + 1
# Roles painting asks for that no cell answers: None at once.
_UNANSWERED = frozenset(
    r.value
    for r in (
        Qt.ItemDataRole.EditRole,
        Qt.ItemDataRole.StatusTipRole,
        Qt.ItemDataRole.WhatsThisRole,
        Qt.ItemDataRole.FontRole,
        Qt.ItemDataRole.CheckStateRole,
    )
)


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
        self._keys: list[str] | None = []  # search_key of each row of _all (None: not worked out)
        # At start-up the search keys wait until the table has painted (search_keys()).
        self.defer_search_keys = False
        # item id -> its position in _all, worked out when first needed after a load
        self._where: dict[int, int] | None = {}
        self._order: list[int] = []  # positions in _all, in the sort order
        self._matched: list[int] = []  # positions in _all of the rows shown, in the sort order
        self._filter = ItemFilter()
        self._cells: dict[int, tuple[tuple[Any, ...], ...]] = {}  # shown position -> its cells
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
        self._keys = None if self.defer_search_keys else [search_key(row) for row in self._all]
        self._where = None  # worked out at the first look-up by id
        self.today = date.today()
        self._load_theme()
        self._order = self._all_in_order()
        self._refilter()

    def search_keys(self) -> list[str]:
        """`search_key` of each row, worked out now if it was put off."""
        if self._keys is None:
            self._keys = [search_key(row) for row in self._all]
        return self._keys

    def update_rows(self, fresh: Sequence[ItemRow]) -> None:
        """Put `fresh` rows in place of the ones with the same id. A row that stays shown at the
        same place is redrawn alone (`dataChanged`: selection and scroll stay); a row that comes
        in, goes out of the filter or moves in the sort order re-filters the list."""
        by_id = {row.id: row for row in fresh}
        where = self._positions_by_id()
        positions = {item_id: where[item_id] for item_id in by_id if item_id in where}
        if len(positions) != len(by_id):  # an item not loaded before (put back in use)
            self.set_rows([*(r for r in self._all if r.id not in by_id), *fresh])
            return
        shown = {item_id: at for item_id in by_id if (at := self.position_of(item_id)) >= 0}
        reshuffle = False
        for item_id, row in by_id.items():
            old = self._all[positions[item_id]]
            key = search_key(row)
            self._all[positions[item_id]] = row
            self.search_keys()[positions[item_id]] = key
            passes = bool(self._filter.apply([row], self.today, [key]))
            if passes != (item_id in shown) or self._sort_key_changed(old, row):
                reshuffle = True
        if reshuffle:
            self._order = self._all_in_order()
            self._refilter()
            return
        last = len(self.columns) - 1
        for item_id, position in shown.items():
            self._rows[position] = by_id[item_id]
            self._texts.pop(position, None)
            self._cells.pop(position, None)
            self.dataChanged.emit(self.index(position, 0), self.index(position, last))

    def rows_by_id(self, row_ids: Sequence[int]) -> list[ItemRow]:
        """The rows held (shown or filtered out) with these ids, in that order; ids not held
        are left out."""
        where = self._positions_by_id()
        return [self._all[where[row_id]] for row_id in row_ids if row_id in where]

    def holds(self, row_id: int) -> bool:
        """True when the list holds the row (shown or filtered out)."""
        return row_id in self._positions_by_id()

    def _positions_by_id(self) -> dict[int, int]:
        if self._where is None:
            self._where = {row.id: position for position, row in enumerate(self._all)}
        return self._where

    def position_of(self, row_id: Any) -> int:
        where = self._positions_by_id().get(row_id)
        if where is None:
            return -1
        try:
            return self._matched.index(where)
        except ValueError:
            return -1

    def _sort_key_changed(self, old: ItemRow, new: ItemRow) -> bool:
        column = self._sort_column
        if not 0 <= column < len(self.columns):
            return False
        key = self.columns[column].sort_key
        return bool(key(old) != key(new))

    def set_filter(self, item_filter: ItemFilter) -> None:
        if item_filter == self._filter:
            return
        # Typing on in the search box looks only among the rows already shown.
        among = self._matched if item_filter.narrows(self._filter) else None
        self._filter = item_filter
        self._refilter(among)

    def _all_in_order(self) -> list[int]:
        """The positions of all rows in the sort order, ties in the order loaded: sorting the
        whole list once per load or sort means a filter change keeps its order by picking
        positions, without sorting."""
        return self._in_order([range(len(self._all))])[0]

    def _in_order(self, sequences: list[Sequence[int]]) -> list[list[int]]:
        """Each sequence of positions sorted by the sort column, as `sorted(rows,
        key=column.sort_key)` sorts their rows (stable; reversed when descending), the keys
        worked out once for all.

        Where the key puts empty values last, no key tuple is built per row: the rows with a
        value are sorted by it and the empty ones put after them (before them when
        descending) in their own order."""
        column = self._sort_column
        rows = self._all
        if not 0 <= column < len(self.columns):
            return [list(sequence) for sequence in sequences]
        descending = self._sort_order == Qt.SortOrder.DescendingOrder
        empty_last = _EMPTY_LAST.get(column)
        if empty_last is None:
            keys = list(map(self.columns[column].sort_key, rows))
            return [sorted(sequence, key=keys.__getitem__, reverse=descending) for sequence in sequences]
        field, is_text = empty_last
        values = list(map(attrgetter(field), rows))
        if is_text:
            values = [value.casefold() if value else None for value in values]
        ordered = []
        for sequence in sequences:
            present = [i for i in sequence if values[i] is not None]
            empty = [i for i in sequence if values[i] is None]
            present.sort(key=values.__getitem__, reverse=descending)
            ordered.append(empty + present if descending else present + empty)
        return ordered

    def _refilter(self, among: list[int] | None = None) -> None:
        """Show the rows that pass the filter, looking among these positions (by default all)."""
        self._matched = self._filter.matching(
            self._all,
            self.search_keys() if self._filter.text.strip() else (),
            self.today,
            self._order if among is None else among,
        )
        self.beginResetModel()
        self._rows = list(map(self._all.__getitem__, self._matched))
        self._texts.clear()
        self._cells.clear()
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the shown rows and the order of all rows (the view's call). The rows are kept
        in the current order at all times, so a call for the order they are in
        (QTableView.sortByColumn calls twice) does nothing."""
        if column == self._sort_column and order == self._sort_order:
            return
        self.layoutAboutToBeChanged.emit()
        kept = [(index, self.row_at(index.row())) for index in self.persistentIndexList()]
        self._sort_column, self._sort_order = column, order
        # The shown rows are sorted from the order they are shown in (rows that tie keep it);
        # the next filter change shows the rows that pass in the order of all rows loaded.
        self._order, self._matched = self._in_order([range(len(self._all)), self._matched])
        self._rows = list(map(self._all.__getitem__, self._matched))
        self._texts.clear()
        self._cells.clear()
        for index, row in kept:
            target = -1 if row is None else self.position_of(row.id)
            self.changePersistentIndex(
                index, self.index(target, index.column()) if target >= 0 else QModelIndex()
            )
        self.layoutChanged.emit()

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        if role in _UNANSWERED:
            return None
        if role < _CELL_ROLES and role != _TOOLTIP:
            cells = self._cells.get(index.row())
            if cells is None:
                cells = self._row_cells(index.row())
                if cells is None:
                    return None
            return cells[index.column()][role]
        return super().data(index, role)

    def _row_cells(self, position: int) -> tuple[tuple[Any, ...], ...] | None:
        """What painting each cell of the row at `position` asks for, by role: the same
        answers as `extra_data`, worked out once per row (tooltips are worked out when asked)."""
        if not 0 <= position < len(self._rows):
            return None
        row = self._rows[position]
        status = row.status
        fg: list[Any] = [None] * len(self.columns)
        decoration: list[Any] = [None] * len(self.columns)
        decoration[self.STATUS] = self._icons[status]
        if status is not Status.OK:
            fg[self.STATUS] = fg[self.ON_HAND] = self._fg[status]
        if row.expired:
            fg[self.EXPIRED] = self._fg_expired
        if row.next_expiry and row.expiring_soon(self.today):
            fg[self.EXPIRY] = self._fg[Status.LOW]
        if _late(row):
            fg[self.EXPECTED] = self._fg[Status.OUT]
            decoration[self.EXPECTED] = self._late_icon
        background = self._bg[status]
        cells = self._cells[position] = tuple(
            # Display, Decoration, Edit, ToolTip (asked for apart), StatusTip, WhatsThis, Font,
            # TextAlignment, Background, Foreground, CheckState
            (column.display(row), icon, None, None, None, None, None, alignment, background, colour, None)
            for column, icon, alignment, colour in zip(
                self.columns, decoration, self._alignments, fg, strict=True
            )
        )
        return cells

    # Qt's own (enabled and selectable, as RowTableModel's): asked for every painted cell, it
    # is answered without a call into Python.
    flags = QAbstractTableModel.flags

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


# Columns whose sort key puts empty values last (`optional_key`, `text_key`): the field, and
# whether it is text (compared case-insensitively, "" empty) rather than a value (None empty).
_EMPTY_LAST = {
    ItemTableModel.EXPECTED: ("expected_on", False),
    ItemTableModel.PAR: ("par_level", False),
    ItemTableModel.EXPIRY: ("next_expiry", False),
    ItemTableModel.CATEGORY: ("category", True),
    ItemTableModel.LOCATION: ("location", True),
    ItemTableModel.SUPPLIER: ("supplier", True),
}
