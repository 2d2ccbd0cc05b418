"""The selected row of a table over a RowTableModel, found and set by the row's id."""

from __future__ import annotations

from typing import Any, TypeVar

from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QTableView

from inventory_app.ui.models.base import RowTableModel

T = TypeVar("T")


def selected_row(table: QTableView, model: RowTableModel[T]) -> T | None:
    """The row under the current index, if that row is selected."""
    index = table.selectionModel().currentIndex()
    if not index.isValid() or not table.selectionModel().isRowSelected(index.row()):
        return None
    return model.row_at(index.row())


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
