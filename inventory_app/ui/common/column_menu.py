"""Which columns a table shows: a right-click on its header lists them with check marks.

Tables start with the columns that fit beside the item panel at a laptop's width; the rest
are one right-click away, and the header's saved state keeps the choice."""

from __future__ import annotations

from collections.abc import Collection

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMenu, QTableView


def choose_columns(view: QTableView, hidden: Collection[int] = (), fixed: Collection[int] = ()) -> None:
    """Hide `hidden` columns now and let the user show or hide any column but the `fixed` ones
    from the header's context menu."""
    header = view.horizontalHeader()
    for column in hidden:
        header.setSectionHidden(column, True)
    header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    header.customContextMenuRequested.connect(lambda pos: _menu(view, pos, set(fixed)))


def column_menu(view: QTableView, fixed: Collection[int] = ()) -> QMenu:
    """The menu of columns with check marks (built anew each time: names never go stale)."""
    header = view.horizontalHeader()
    model = view.model()
    menu = QMenu(view)
    menu.setTitle(view.tr("Columns"))
    for column in range(header.count()):
        title = str(model.headerData(column, Qt.Orientation.Horizontal) or "").strip()
        if not title:
            continue
        action = menu.addAction(title)
        action.setCheckable(True)
        action.setChecked(not header.isSectionHidden(column))
        action.setEnabled(column not in fixed)
        action.toggled.connect(lambda shown, c=column: _show(view, c, shown))
    return menu


def _menu(view: QTableView, pos: QPoint, fixed: set[int]) -> None:
    run_menu(column_menu(view, fixed), view.horizontalHeader().mapToGlobal(pos))


def run_menu(menu: QMenu, where: QPoint) -> None:
    """Show `menu` at `where` until a choice is made (the seam tests replace)."""
    menu.exec(where)


def _show(view: QTableView, column: int, shown: bool) -> None:
    header = view.horizontalHeader()
    header.setSectionHidden(column, not shown)
    if shown and header.sectionSize(column) < 30:
        view.resizeColumnToContents(column)
