"""The window on a 1366×768 laptop: no taller or wider than the screen, the inventory's
columns without sideways scrolling, the item history without hidden columns, and any column
one right-click on the header away."""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QMenu

from inventory_app.ui.common import column_menu as column_menu_module
from inventory_app.ui.common.column_menu import column_menu
from inventory_app.ui.inventory.item_table import ItemTableModel
from inventory_app.ui.shell.main_window import MainWindow
from inventory_app.ui.shell.state import FRAME
from tests.ui.conftest import click_row, click_tab, row_of

LAPTOP = (1366 - FRAME[0], 768 - FRAME[1])


def test_the_first_window_is_no_larger_than_its_screen(demo_window):
    room = demo_window.screen().availableGeometry()
    assert demo_window.height() <= room.height()  # the test screen is 800 × 800
    assert demo_window.width() <= max(room.width(), demo_window.minimumSizeHint().width())
    assert demo_window.minimumSizeHint().width() <= 1000  # a 1024-pixel screen still works


def _laptop_window(qsettings, events, qtbot) -> MainWindow:
    window = MainWindow(events, qsettings, "test.db")
    qtbot.addWidget(window)
    window.resize(*LAPTOP)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_at_laptop_size_the_inventory_needs_no_sideways_scrolling(sqlite_db, qsettings, events, qtbot):
    from inventory_app.documents.demo_catalog import load_bundled_demo

    load_bundled_demo()
    window = _laptop_window(qsettings, events, qtbot)
    table = window.inventory_page.table
    header = table.horizontalHeader()
    assert header.length() <= table.viewport().width()
    assert table.columnWidth(ItemTableModel.NAME) >= 200  # names are read, not guessed
    # the item's history beside it shows every column it starts with
    click_row(qtbot, table, row_of(table, lambda r: r.sku == "GLV-NIT-M"))
    panel = window.inventory_page.panel
    click_tab(qtbot, panel, 1)
    qtbot.waitUntil(panel.history_view.isVisible)
    history = panel.history_view
    shown = [c for c in range(history.model().columnCount()) if not history.isColumnHidden(c)]
    assert len(shown) >= 6
    assert history.horizontalHeader().length() <= history.viewport().width()


def test_a_hidden_column_is_shown_from_the_header_menu(demo_window, qtbot, monkeypatch):
    table = demo_window.inventory_page.table
    assert table.isColumnHidden(ItemTableModel.CATEGORY)
    opened: list[QMenu] = []

    def choose(menu: QMenu, _where: QPoint) -> None:
        opened.append(menu)
        entry = next(a for a in menu.actions() if a.text() == "Category")
        entry.trigger()

    monkeypatch.setattr(column_menu_module, "run_menu", choose)
    header = table.horizontalHeader()
    pos = QPoint(header.sectionViewportPosition(ItemTableModel.SKU) + 10, header.height() // 2)
    header.customContextMenuRequested.emit(pos)  # what a right-click on the header sends
    assert opened and not table.isColumnHidden(ItemTableModel.CATEGORY)
    names = [a.text() for a in column_menu(table, fixed=(ItemTableModel.NAME,)).actions()]
    assert "Supplier" in names and "Name" in names
