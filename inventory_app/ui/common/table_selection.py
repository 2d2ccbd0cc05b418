"""The selected row of a table over a RowTableModel: found and set by the row's id, and
opened with Enter."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QTableView

from inventory_app.ui.common.tables import RowTableModel

T = TypeVar("T")


def selected_row(table: QTableView, model: RowTableModel[T]) -> T | None:
    """The row the user selected: the current one if it is selected, else the only selected row.

    Both orders of Qt's signals give the same answer: a mouse click makes the row current and
    then selects it, the arrow keys select it and then make it current."""
    selection = table.selectionModel()
    index = selection.currentIndex()
    if index.isValid() and selection.isRowSelected(index.row()):
        return model.row_at(index.row())
    rows = {i.row() for i in selection.selectedIndexes()}
    if len(rows) == 1:
        return model.row_at(rows.pop())
    return None


def on_selection_changed(table: QTableView, slot: Callable[[], object]) -> None:
    """Call `slot()` whenever the selected row changes, by mouse or by keyboard (after the
    selection is applied; `currentRowChanged` comes before a click's selection)."""
    table.selectionModel().selectionChanged.connect(lambda *_args: slot())


def select_row_id(table: QTableView, model: RowTableModel[Any], row_id: object, scroll: bool = True) -> bool:
    """Make the row with `row_id` current and selected; False when it is not shown."""
    position = model.position_of(row_id)
    if position < 0:
        return False
    index = model.index(position, 0)
    table.selectionModel().setCurrentIndex(
        index,
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    if scroll:
        table.scrollTo(index)
    return True


ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class _EnterOpens(QObject):
    def __init__(self, table: QTableView, has_row: Callable[[], bool], open_row: Callable[[], None]) -> None:
        super().__init__(table)
        self.has_row = has_row
        self.open_row = open_row
        table.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt's name
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in ENTER_KEYS
            and self.has_row()
        ):
            self.open_row()
            return True
        return False


def enter_opens(table: QTableView, has_row: Callable[[], bool], open_row: Callable[[], None]) -> QObject:
    """Make Enter on `table` call `open_row()` when `has_row()` (a row is selected)."""
    return _EnterOpens(table, has_row, open_row)
