"""A table model over a list of frozen rows, sorted in Python (fast at any size).

Subclasses declare `columns`; each column says how to show a row, how to sort
it (a native value), and how to align it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from inventory_app.ui.common.plain_text import tooltip

T = TypeVar("T")

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2
ID_ROLE = Qt.ItemDataRole.UserRole + 3

# Plain ints: data() is called for every visible cell and role, so comparisons must be cheap.
DISPLAY = Qt.ItemDataRole.DisplayRole.value
ALIGNMENT = Qt.ItemDataRole.TextAlignmentRole.value
TOOLTIP = Qt.ItemDataRole.ToolTipRole.value

Index = QModelIndex | QPersistentModelIndex
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


@dataclass(frozen=True)
class Column(Generic[T]):
    title: str
    display: Callable[[T], str]
    sort_key: Callable[[T], Any]
    numeric: bool = False
    tooltip: str = ""


def text_key(value: str | None) -> tuple[int, str]:
    """Sorts empty text last, case-insensitively."""
    return (1, "") if not value else (0, value.casefold())


def optional_key(value: Any) -> tuple[int, Any]:
    """Sorts None last."""
    return (1, 0) if value is None else (0, value)


class RowTableModel(QAbstractTableModel, Generic[T]):
    columns: Sequence[Column[T]] = ()
    # Roles answered by `extra_data` (colours, icons, tooltips, fonts), as ints.
    extra_roles: frozenset[int] = frozenset(
        r.value
        for r in (
            Qt.ItemDataRole.DecorationRole,
            Qt.ItemDataRole.ForegroundRole,
            Qt.ItemDataRole.BackgroundRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.FontRole,
        )
    )

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[T] = []
        self._texts: dict[int, tuple[str, ...]] = {}
        self._alignments = [int(RIGHT if c.numeric else LEFT) for c in self.columns]
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.AscendingOrder

    # ---- data in
    def set_rows(self, rows: Sequence[T]) -> None:
        self.beginResetModel()
        self._rows = self._sorted(list(rows))
        self._texts.clear()
        self.endResetModel()

    def rows(self) -> list[T]:
        return list(self._rows)

    def row_at(self, row: int) -> T | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_id(self, row: T) -> Any:
        return getattr(row, "id", None)

    def position_of(self, row_id: Any) -> int:
        for position, row in enumerate(self._rows):
            if self.row_id(row) == row_id:
                return position
        return -1

    # ---- Qt model interface
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        column = self.columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.title
        if role == Qt.ItemDataRole.ToolTipRole and column.tooltip:
            return column.tooltip
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(RIGHT if column.numeric else LEFT)
        return None

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        if role == DISPLAY:
            position = index.row()
            texts = self._texts.get(position)
            if texts is None:
                if not 0 <= position < len(self._rows):
                    return None
                row = self._rows[position]
                texts = self._texts[position] = tuple(c.display(row) for c in self.columns)
            return texts[index.column()]
        if role == ALIGNMENT:
            return self._alignments[index.column()] if index.isValid() else None
        if role in self.extra_roles:
            if not index.isValid():
                return None
            value = self.extra_data(self._rows[index.row()], index.column(), role)
            # Tooltips quote names and notes: shown literally, never as HTML.
            return tooltip(value) if role == TOOLTIP and isinstance(value, str) else value
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role == SORT_ROLE:
            return self.columns[index.column()].sort_key(row)
        if role == ROW_ROLE:
            return row
        if role == ID_ROLE:
            return self.row_id(row)
        return None

    def extra_data(self, row: T, column: int, role: int) -> Any:
        """Colours, icons, tooltips: for subclasses."""
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sort_column, self._sort_order = column, order
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        kept = {index.row(): self._rows[index.row()] for index in persistent if index.row() < len(self._rows)}
        self._rows = self._sorted(self._rows)
        self._texts.clear()
        if kept:
            wanted = {id(row) for row in kept.values()}
            moved = {id(row): pos for pos, row in enumerate(self._rows) if id(row) in wanted}
            for index in persistent:
                row = kept.get(index.row())
                target = moved.get(id(row), -1) if row is not None else -1
                self.changePersistentIndex(
                    index, self.index(target, index.column()) if target >= 0 else QModelIndex()
                )
        self.layoutChanged.emit()

    def _sorted(self, rows: list[T]) -> list[T]:
        if not 0 <= self._sort_column < len(self.columns):
            return rows
        key = self.columns[self._sort_column].sort_key
        return sorted(rows, key=key, reverse=self._sort_order == Qt.SortOrder.DescendingOrder)
