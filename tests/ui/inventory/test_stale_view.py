"""RELIABILITY A12 in the window: a stale screen (A sees 10, B uses 8, A uses 5).

The window shows 10 on hand; the assistant opens Use and types 5; meanwhile another
workstation (a core call on a connection of its own, as another computer would) uses 8. Pressing
Use is refused with the plain "only 2 on hand" (the message box seam is patched), nothing is
written, and the table and the item panel show 2 without anyone pressing refresh.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt

from inventory_app.core.catalog import items as catalog
from inventory_app.core.stock import movements as stock
from inventory_app.core.stock import queries as stock_queries
from inventory_app.core.types import ItemInput
from inventory_app.db.connection import current_database
from inventory_app.ui.common import prompts
from inventory_app.ui.inventory.stock_dialog import StockAction, StockDialog
from tests.ui.conftest import drive


def _other_workstation_uses(item_id: int, quantity: int) -> None:
    """`stock.use` on another connection (its own thread), committed before this returns."""
    failures: list[BaseException] = []

    def run() -> None:
        db = current_database()
        try:
            stock.use(item_id, quantity)
        except BaseException as exc:  # re-raised below
            failures.append(exc)
        finally:
            db.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=30)
    assert not thread.is_alive() and failures == []


def _shown_on_hand(window, item_id: int) -> int:
    return next(r.on_hand for r in window.inventory_page.model.all_rows if r.id == item_id)


def test_a12_a_stale_use_is_refused_with_what_is_left_and_the_view_refreshes(
    window,
    qtbot,
    monkeypatch,
) -> None:
    item = catalog.create_item(ItemInput(sku="GLV-M", name="Gloves, medium", unit="box"))
    stock.receive(item.id, 10)
    window.refresh()
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.inventory_page)
    assert window.inventory_page.select_item(item.id)
    assert _shown_on_hand(window, item.id) == 10
    assert ">10 boxes<" in window.inventory_page.panel.details_label.text()
    ledger_before = stock_queries.history(item.id)

    errors: list[tuple[str, str]] = []
    monkeypatch.setattr(prompts, "error", lambda _parent, title, text: errors.append((title, text)))
    seen: list[str] = []

    def steps(dialog: StockDialog) -> None:
        seen.append(dialog.on_hand_label.text())
        dialog.quantity.setValue(5)
        _other_workstation_uses(item.id, 8)  # while the assistant is typing
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    drive(monkeypatch, qtbot, StockDialog, steps)
    window.use_action.trigger()

    assert seen == ["On hand: 10 boxes"]  # what A saw when deciding
    assert len(errors) == 1, errors
    title, text = errors[0]
    assert "only 2 on hand" in text and "GLV-M" in text
    assert "\n" not in text and "Traceback" not in text
    # B's use is the only new line in the ledger: A's was not written.
    history = stock_queries.history(item.id)
    assert len(history) == len(ledger_before) + 1 and history[-1].quantity == -8
    # The view shows what is really there, without a manual refresh.
    qtbot.waitUntil(lambda: _shown_on_hand(window, item.id) == 2)
    assert window.inventory_page.current_item_id() == item.id
    assert ">2 boxes<" in window.inventory_page.panel.details_label.text()


def test_asking_for_more_than_the_dialog_shows_keeps_the_dialog_open(window, qtbot, monkeypatch) -> None:
    """The other side of the rule: when nothing changed elsewhere, the refusal stays in the dialog
    (the assistant can correct the number) and no message box is shown."""
    item = catalog.create_item(ItemInput(sku="GLV-M", name="Gloves, medium", unit="box"))
    stock.receive(item.id, 10)
    window.refresh()
    assert window.inventory_page.select_item(item.id)
    errors: list[str] = []
    monkeypatch.setattr(prompts, "error", lambda _parent, _title, text: errors.append(text))
    inline: list[str] = []

    def steps(dialog: StockDialog) -> None:
        dialog.quantity.setValue(12)
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        inline.append(dialog.error_label.text() if dialog.isVisible() else "closed")
        dialog.quantity.setValue(4)
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    drive(monkeypatch, qtbot, StockDialog, steps)
    window.use_action.trigger()
    assert errors == []
    assert len(inline) == 1 and "only 10 on hand" in inline[0]
    qtbot.waitUntil(lambda: _shown_on_hand(window, item.id) == 6)


def test_a12_the_same_through_the_scan_box(window, qtbot, monkeypatch) -> None:
    from tests.ui.inventory.test_scan import open_scan_box, scan

    item = catalog.create_item(ItemInput(sku="GLV-M", name="Gloves, medium", unit="box", barcode="0123456"))
    stock.receive(item.id, 10)
    window.refresh()
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.inventory_page)
    box = open_scan_box(window, qtbot)
    scan(box, qtbot, "0123456")
    assert "10 boxes on hand" in box.found.text()
    errors: list[str] = []
    monkeypatch.setattr(prompts, "error", lambda _parent, _title, text: errors.append(text))
    # The box says 10; another workstation uses 8; Use 5 is refused in the box, which reloads.
    _other_workstation_uses(item.id, 8)
    qtbot.keyClicks(box.quantity, "5")
    qtbot.keyClick(box.quantity, Qt.Key.Key_Return)
    assert errors == [] and "only 2 on hand" in box.outcome.text()
    assert "2 boxes on hand" in box.found.text()
    qtbot.waitUntil(lambda: _shown_on_hand(window, item.id) == 2)
    assert catalog.item_detail(item.id).on_hand == 2


def test_a12_cancelling_a_dialog_that_showed_fresher_numbers_refreshes_the_table(
    window,
    qtbot,
    monkeypatch,
) -> None:
    """The table says 10; another workstation uses 8; the Use dialog opens with the fresh 2 and
    the assistant cancels: the table follows what the dialog showed."""
    item = catalog.create_item(ItemInput(sku="GLV-M", name="Gloves, medium", unit="box"))
    stock.receive(item.id, 10)
    window.refresh()
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.inventory_page)
    assert window.inventory_page.select_item(item.id)
    _other_workstation_uses(item.id, 8)
    assert _shown_on_hand(window, item.id) == 10  # stale until something reads again
    seen: list[int] = []
    drive(monkeypatch, qtbot, StockDialog, lambda dialog: seen.append(dialog.item.on_hand))
    window.stock_action(StockAction.USE)
    assert seen == [2]
    assert _shown_on_hand(window, item.id) == 2
    assert window.inventory_page.current_item_id() == item.id
