"""RELIABILITY B4 in the window: pressing OK again, or a double-click that gets through, saves a
movement once. The dialog carries one request key from opening to closing."""

from __future__ import annotations

from PySide6.QtCore import Qt

from inventory_app.core.catalog import items as catalog
from inventory_app.core.stock import queries as stock_queries
from inventory_app.errors import DatabaseProblem
from inventory_app.ui.inventory import stock_dialog
from inventory_app.ui.inventory.stock_dialog import StockAction, StockDialog
from tests.ui.conftest import drive
from tests.ui.inventory.test_inventory_workflows import select_sku

LEFT = Qt.MouseButton.LeftButton
LOST = "The connection to the database server was lost; nothing was saved. Check the network and try again."


def saved_but_unacknowledged(monkeypatch, module, name: str) -> list[str]:
    """Make `module.name` save for real, but the first time report the connection lost
    afterwards (as when it drops while COMMIT is answered). Returns the calls made."""
    real = getattr(module, name)
    calls: list[str] = []

    def call(*args, **kwargs):
        calls.append(name)
        rows = real(*args, **kwargs)
        if len(calls) == 1:
            raise DatabaseProblem(LOST)
        return rows

    monkeypatch.setattr(module, name, call)
    return calls


def test_ok_again_after_an_unclear_failure_saves_once(demo_window, qtbot, monkeypatch) -> None:
    """The connection drops while COMMIT is answered: the receipt was saved, the dialog could not
    know. The assistant presses OK again: told it is already recorded, nothing doubled."""
    item_id = select_sku(demo_window, "GLV-NIT-M")
    before = catalog.item_detail(item_id).on_hand
    history = len(stock_queries.history(item_id))
    calls = saved_but_unacknowledged(monkeypatch, stock_dialog.stock, "receive")
    shown: list[str] = []

    def fill(dialog: StockDialog) -> None:
        dialog.quantity.setValue(6)
        qtbot.mouseClick(dialog.ok_button, LEFT)
        shown.append(dialog.error_label.text())
        assert dialog.isVisible()  # still open, saying what went wrong
        qtbot.mouseClick(dialog.ok_button, LEFT)

    messages: list[str] = []
    demo_window.events.status_message.connect(messages.append)
    drive(monkeypatch, qtbot, StockDialog, fill)
    demo_window.stock_action(StockAction.RECEIVE)

    assert shown == [LOST]
    assert len(calls) == 2
    assert catalog.item_detail(item_id).on_hand == before + 6
    assert len(stock_queries.history(item_id)) == history + 1
    assert messages[-1] == "Already recorded: nothing more was saved."


def test_a_double_click_on_ok_records_one_movement(demo_window, qtbot, monkeypatch) -> None:
    item_id = select_sku(demo_window, "GLV-NIT-M")
    before = catalog.item_detail(item_id).on_hand
    history = len(stock_queries.history(item_id))

    def fill(dialog: StockDialog) -> None:
        dialog.quantity.setValue(2)
        qtbot.mouseDClick(dialog.ok_button, LEFT)
        dialog.submit()  # a click that reaches the button before the dialog has gone

    drive(monkeypatch, qtbot, StockDialog, fill)
    demo_window.stock_action(StockAction.USE)
    assert catalog.item_detail(item_id).on_hand == before - 2
    assert len(stock_queries.history(item_id)) == history + 1


def test_receive_again_on_an_order_after_an_unclear_failure_books_once(
    demo_window, qtbot, monkeypatch
) -> None:
    """The same for receiving a purchase order: the delivery is booked once."""
    from inventory_app.core.purchasing import orders as purchasing
    from inventory_app.ui.purchasing import receive_order_dialog
    from inventory_app.ui.purchasing.receive_order_dialog import ReceiveOrderDialog

    item_id = catalog.item_id_for("GLV-NIT-L")
    order_id = purchasing.create_drafts([(item_id, 2)])[0].id
    purchasing.mark_ordered(order_id)
    before = catalog.item_detail(item_id).on_hand
    calls = saved_but_unacknowledged(monkeypatch, receive_order_dialog.purchasing, "receive")
    shown: list[str] = []

    def press_twice(dialog: ReceiveOrderDialog) -> None:
        dialog.entries[0].quantity.setValue(2)
        qtbot.mouseClick(dialog.receive_button, LEFT)
        shown.append(dialog.error_label.text())
        qtbot.mouseClick(dialog.receive_button, LEFT)

    drive(monkeypatch, qtbot, ReceiveOrderDialog, press_twice)
    assert ReceiveOrderDialog.ask(demo_window, order_id, demo_window.events) == []
    assert shown == [LOST] and len(calls) == 2
    line = purchasing.order_detail(order_id).lines[0]
    assert line.received == 2
    assert catalog.item_detail(item_id).on_hand == before + 2 * line.units_per_purchase_unit
    model = demo_window.inventory_page.model  # the inventory shows it, though no press "saved"
    assert model.all_rows[
        model.all_rows.index(next(r for r in model.all_rows if r.id == item_id))
    ].on_hand == (before + 2 * line.units_per_purchase_unit)
