"""Item > Archived items…: an archived item is found again and put back in use, by clicking it
and pressing Enter or by double-clicking it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from inventory_app.core.catalog import items as catalog
from inventory_app.core.stock import queries as stock_queries
from inventory_app.ui.catalog.archived_items_dialog import ArchivedItemsDialog
from inventory_app.ui.shell.main_window import MainWindow
from tests.ui.conftest import choose_menu, click_row, drive, press, row_of


def archive(window: MainWindow, *skus: str) -> list[int]:
    ids = [catalog.item_id_for(sku) for sku in skus]
    for item_id in ids:
        catalog.archive_item(item_id)
    window.refresh()
    return ids


def shown_ids(window: MainWindow) -> list[int]:
    return [r.id for r in window.inventory_page.model.all_rows]


def item_menu_entries(window: MainWindow) -> list[str]:
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Item")
    return [a.text() for a in menu.actions()]


def test_an_archived_item_is_put_back_in_use_with_a_click_and_enter(
    demo_window: MainWindow,
    monkeypatch,
    qtbot,
) -> None:
    skus = [r.sku for r in stock_queries.list_items()[:2]]
    first, second = archive(demo_window, *skus)
    assert second not in shown_ids(demo_window)
    assert "Archi&ved items…" in item_menu_entries(demo_window)

    def steps(dialog: ArchivedItemsDialog) -> None:
        assert [r.sku for r in dialog.model.rows()] == sorted(skus)
        assert not dialog.put_back_button.isEnabled()  # nothing chosen yet
        click_row(qtbot, dialog.table, row_of(dialog.table, lambda r: r.id == second))
        assert dialog.put_back_button.isEnabled()
        focused = QApplication.focusWidget()
        assert focused is dialog.table
        press(qtbot, focused, Qt.Key.Key_Return)

    seen = drive(monkeypatch, qtbot, ArchivedItemsDialog, steps)
    choose_menu(qtbot, demo_window, "Item", "Archived items…")
    assert seen[0].result() == seen[0].DialogCode.Accepted
    assert catalog.item_detail(second).active
    assert not catalog.item_detail(first).active  # only the one chosen
    assert second in shown_ids(demo_window)
    assert demo_window.inventory_page.current_item_id() == second
    assert demo_window.statusBar().currentMessage() == f"Put back {skus[1]} in use"


def test_staff_put_an_item_back_with_a_double_click(staff_window: MainWindow, monkeypatch, qtbot) -> None:
    sku = stock_queries.list_items()[0].sku
    (item_id,) = archive(staff_window, sku)

    def steps(dialog: ArchivedItemsDialog) -> None:
        # A person's double-click: the press that picks the row, then the double one.
        row = row_of(dialog.table, lambda r: r.id == item_id)
        click_row(qtbot, dialog.table, row)
        click_row(qtbot, dialog.table, row, double=True)

    drive(monkeypatch, qtbot, ArchivedItemsDialog, steps)
    choose_menu(qtbot, staff_window, "Item", "Archived items…")
    assert catalog.item_detail(item_id).active
    assert item_id in shown_ids(staff_window)
    assert staff_window.statusBar().currentMessage() == f"Put back {sku} in use"


def test_no_archived_items_says_so_and_enter_just_closes(
    demo_window: MainWindow,
    monkeypatch,
    qtbot,
) -> None:
    before = shown_ids(demo_window)

    def steps(dialog: ArchivedItemsDialog) -> None:
        assert dialog.empty_label.isVisible() and dialog.empty_label.text() == "No archived items."
        assert not dialog.table.isVisible()
        assert not dialog.put_back_button.isEnabled()
        press(qtbot, QApplication.focusWidget(), Qt.Key.Key_Return)  # Close has the keyboard
        assert not dialog.isVisible()

    seen = drive(monkeypatch, qtbot, ArchivedItemsDialog, steps)
    choose_menu(qtbot, demo_window, "Item", "Archived items…")
    assert seen[0].result() == seen[0].DialogCode.Rejected
    assert shown_ids(demo_window) == before
    assert "in use" not in demo_window.statusBar().currentMessage()


def test_the_archived_list_shows_sku_name_unit_and_on_hand(demo_window: MainWindow) -> None:
    row = max(stock_queries.list_items(), key=lambda r: r.on_hand)
    archive(demo_window, row.sku)
    (archived,) = stock_queries.archived_items()
    assert (archived.sku, archived.name, archived.unit, archived.on_hand) == (
        row.sku,
        row.name,
        row.unit,
        row.on_hand,
    )
    dialog = ArchivedItemsDialog([archived], demo_window)
    model = dialog.model
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(4)] == [
        "SKU",
        "Name",
        "Unit",
        "On hand",
    ]
    assert [model.index(0, c).data() for c in range(4)] == [row.sku, row.name, row.unit, str(row.on_hand)]
    dialog.deleteLater()
