"""After a change only what shows it is redrawn: a stock action (here undone from the status
bar's Undo, which works on every page) reloads the page on screen when that page shows stock
(Reorder, Audit log) and leaves one that does not (Suppliers) alone; the inventory row follows
either way."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from inventory_app.core.catalog import items as catalog
from inventory_app.ui.inventory.stock_dialog import StockDialog
from inventory_app.ui.shell.main_window import NAV_AUDIT, NAV_REORDER, NAV_SUPPLIERS
from tests.ui.conftest import active, click_item, click_nav, drive, type_into_focus

LEFT = Qt.MouseButton.LeftButton


def _use_two(window, qtbot, monkeypatch, item_id: int) -> None:
    click_item(qtbot, window, item_id)

    def two(dialog: StockDialog) -> None:
        type_into_focus(qtbot, "2")
        qtbot.keyClick(dialog.quantity, Qt.Key.Key_Return)

    drive(monkeypatch, qtbot, StockDialog, two)
    qtbot.keyClick(window.inventory_page.table, Qt.Key.Key_U, Qt.KeyboardModifier.ControlModifier)


@pytest.mark.parametrize(("row", "reloads"), [(NAV_SUPPLIERS, False), (NAV_REORDER, True), (NAV_AUDIT, True)])
def test_undoing_a_use_on_another_page_reloads_it_only_when_it_shows_stock(
    demo_window, qtbot, monkeypatch, row: int, reloads: bool
) -> None:
    window = demo_window
    active(qtbot, window)
    item_id = catalog.item_id_for("GLV-NIT-M")
    before = catalog.item_detail(item_id).on_hand
    _use_two(window, qtbot, monkeypatch, item_id)
    assert catalog.item_detail(item_id).on_hand == before - 2

    click_nav(qtbot, window, row)
    page = window.pages.currentWidget()
    loads: list[int] = []
    real = page.refresh
    monkeypatch.setattr(page, "refresh", lambda *a, **k: (loads.append(1), real(*a, **k))[1])
    qtbot.mouseClick(window.undo_offer.button, LEFT)

    assert catalog.item_detail(item_id).on_hand == before
    assert loads == ([1] if reloads else [])
    model = window.inventory_page.model
    assert model.row_at(model.position_of(item_id)).on_hand == before  # the row followed
