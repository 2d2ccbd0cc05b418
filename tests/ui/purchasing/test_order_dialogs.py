"""The PO editor and the receive dialog on their own: finding items to add, refused edits,
over-receipt confirmation, missing lots, and scanning to a line."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from inventory_app.core.catalog import items as catalog
from inventory_app.core.purchasing import orders as purchasing
from inventory_app.core.purchasing.types import OrderStatus
from inventory_app.core.stock import queries as stock_queries
from inventory_app.ui.common.item_picker import SEPARATOR
from inventory_app.ui.purchasing.order_editor import OrderEditor
from inventory_app.ui.purchasing.order_line_table import OrderLineTableModel
from inventory_app.ui.purchasing.receive_order_dialog import ReceiveOrderDialog
from tests.ui.purchasing.order_helpers import confirm_answers, drive, inventory_row, line_for, record_errors

LEFT = Qt.MouseButton.LeftButton


def _draft(skus: list[str], quantity: int = 2) -> int:
    return purchasing.create_drafts([(catalog.item_id_for(s), quantity) for s in skus])[0].id


def _ordered(skus: list[str], quantity: int = 2) -> int:
    order_id = _draft(skus, quantity)
    purchasing.mark_ordered(order_id)
    return order_id


@pytest.fixture
def editor_for(demo_window, qtbot):
    def make(order_id: int) -> OrderEditor:
        editor = OrderEditor(purchasing.order_detail(order_id), demo_window.orders_page.actions, demo_window)
        qtbot.addWidget(editor)
        editor.show()
        qtbot.waitExposed(editor)
        return editor

    return make


def test_add_by_barcode_by_name_and_refusals(demo_window, editor_for, qtbot):
    order_id = _draft(["GLV-NIT-L"])
    editor = editor_for(order_id)
    with_barcode = next(r for r in stock_queries.list_items() if r.barcode and r.sku != "GLV-NIT-L")
    for text in (with_barcode.barcode, "Toner cartridge, cyan"):
        editor.add_field.setText(text)
        editor.add_button.click()
        assert not editor.error_label.isVisible(), editor.error_label.text()
    skus = {line.sku for line in purchasing.order_detail(order_id).lines}
    assert skus == {"GLV-NIT-L", with_barcode.sku, "OFF-TNR-CYN"}
    editor.add_field.setText("glove")
    editor.add_button.click()
    assert "items match “glove”: pick one" in editor.error_label.text()
    editor.add_field.setText("no-such-thing")
    editor.add_button.click()
    assert "No item has" in editor.error_label.text()
    # A completer entry names the item exactly; the same item again adds to its line.
    entry = next(e for e in editor.completer.model().stringList() if e.startswith(f"GLV-NIT-L{SEPARATOR}"))
    editor.add_quantity.setValue(3)
    editor.add_field.setText(entry)
    editor.add_button.click()
    assert line_for(order_id, "GLV-NIT-L").quantity == 5
    assert editor.model.rowCount() == 3
    assert editor.total_label.text().count("$") == 1


def test_completer_offers_the_suppliers_items_first(demo_window, editor_for):
    editor = editor_for(_draft(["GLV-NIT-L"]))
    entries = editor.completer.model().stringList()
    ours = {r.sku for r in stock_queries.list_items() if r.supplier == "Northgate Medical Supply"}
    first = [e.split(SEPARATOR)[0] for e in entries[: len(ours)]]
    assert set(first) == ours


def test_refused_line_edit_shows_the_core_message(demo_window, editor_for, monkeypatch):
    order_id = _draft(["GLV-NIT-L"])
    editor = editor_for(order_id)
    shown = record_errors(monkeypatch)
    model = editor.model
    assert model.setData(model.index(0, OrderLineTableModel.COST), "-4")
    assert len(shown) == 1 and "cannot be negative" in shown[0]
    assert line_for(order_id, "GLV-NIT-L").unit_cost >= 0
    assert model.setData(model.index(0, OrderLineTableModel.QUANTITY), 0)
    assert len(shown) == 2 and line_for(order_id, "GLV-NIT-L").quantity == 2
    assert model.setData(model.index(0, OrderLineTableModel.COST), "12.5")
    assert line_for(order_id, "GLV-NIT-L").unit_cost == 12.5
    assert "$25.00" in editor.total_label.text()


def test_ordered_lines_cannot_be_edited(demo_window, editor_for):
    editor = editor_for(_ordered(["GLV-NIT-L"]))
    model = editor.model
    assert not model.flags(model.index(0, OrderLineTableModel.QUANTITY)) & Qt.ItemFlag.ItemIsEditable
    assert not model.setData(model.index(0, OrderLineTableModel.QUANTITY), 9)
    assert not editor.add_row.isVisible() and not editor.remove_button.isVisible()
    assert not editor.mark_ordered_button.isEnabled() and editor.receive_button.isEnabled()


def test_delete_key_removes_the_selected_draft_line(demo_window, editor_for, qtbot):
    order_id = _draft(["GLV-NIT-L", "EXM-PPR-21"])
    editor = editor_for(order_id)
    editor.select_line(line_for(order_id, "EXM-PPR-21").id)
    editor.table.setFocus()
    qtbot.keyClick(editor.table, Qt.Key.Key_Delete)
    assert [line.sku for line in purchasing.order_detail(order_id).lines] == ["GLV-NIT-L"]
    assert editor.model.rowCount() == 1


def test_over_receipt_needs_confirmation(demo_window, editor_for, qtbot, monkeypatch):
    order_id = _ordered(["GLV-NIT-L"], quantity=2)
    before = inventory_row(demo_window, "GLV-NIT-L").on_hand
    asked = confirm_answers(monkeypatch, False, True)
    states = []

    def over(dialog: ReceiveOrderDialog) -> None:
        dialog.entries[0].quantity.setValue(3)
        qtbot.mouseClick(dialog.receive_button, LEFT)
        states.append((dialog.isVisible(), purchasing.order_detail(order_id).status))
        qtbot.mouseClick(dialog.receive_button, LEFT)

    drive(monkeypatch, qtbot, ReceiveOrderDialog, over)
    editor = editor_for(order_id)
    qtbot.mouseClick(editor.receive_button, LEFT)
    assert states == [(True, OrderStatus.ORDERED)]  # declined: still open, nothing booked
    assert len(asked) == 2 and "3 would be received but 2 were ordered" in asked[0]
    line = line_for(order_id, "GLV-NIT-L")
    assert line.received == 3 and purchasing.order_detail(order_id).status is OrderStatus.RECEIVED
    assert inventory_row(demo_window, "GLV-NIT-L").on_hand == before + 30
    assert editor.model.index(0, OrderLineTableModel.RECEIVED).data() == "3 (+1)"
    assert "Received" in editor.fact_labels["status"].text()
    assert not editor.receive_button.isEnabled()


def test_tracked_line_without_lot_is_refused_in_the_dialog(demo_window, qtbot, monkeypatch):
    order_id = _ordered(["VAC-HPV9"], quantity=1)
    errors = []

    def no_lot(dialog: ReceiveOrderDialog) -> None:
        qtbot.mouseClick(dialog.receive_button, LEFT)
        errors.append(dialog.error_label.text())
        vaccine = next(e for e in dialog.entries if e.line.sku == "VAC-HPV9")
        vaccine.lot.setText("HPV-7")  # type: ignore[union-attr]
        qtbot.keyClicks(vaccine.expires.edit, (date.today() + timedelta(days=365)).isoformat())  # type: ignore[union-attr]
        qtbot.mouseClick(dialog.receive_button, LEFT)

    drive(monkeypatch, qtbot, ReceiveOrderDialog, no_lot)
    assert ReceiveOrderDialog.ask(demo_window, order_id, demo_window.events)
    assert "VAC-HPV9" in errors[0] and "expiry date" in errors[0]
    assert purchasing.order_detail(order_id).status is OrderStatus.RECEIVED


def test_an_expired_lot_is_asked_about_before_the_order_is_received(demo_window, qtbot, monkeypatch):
    order_id = _ordered(["VAC-HPV9"], quantity=1)
    item_id = catalog.item_id_for("VAC-HPV9")
    before = catalog.item_detail(item_id).expired
    past = date.today() - timedelta(days=1)
    asked = confirm_answers(monkeypatch, False, True)
    states = []

    def expired(dialog: ReceiveOrderDialog) -> None:
        vaccine = dialog.entries[0]
        qtbot.mouseClick(vaccine.lot, LEFT)  # type: ignore[arg-type]
        qtbot.keyClicks(vaccine.lot, "HPV-OLD")  # type: ignore[arg-type]
        qtbot.mouseClick(vaccine.expires.edit, LEFT)  # type: ignore[union-attr]
        qtbot.keyClicks(vaccine.expires.edit, past.isoformat())  # type: ignore[union-attr]
        qtbot.mouseClick(dialog.receive_button, LEFT)
        states.append((dialog.isVisible(), purchasing.order_detail(order_id).status))
        qtbot.mouseClick(dialog.receive_button, LEFT)

    drive(monkeypatch, qtbot, ReceiveOrderDialog, expired)
    assert ReceiveOrderDialog.ask(demo_window, order_id, demo_window.events)
    assert states == [(True, OrderStatus.ORDERED)]  # declined: still open, nothing booked
    assert len(asked) == 2
    assert f"Line 1, VAC-HPV9: lot HPV-OLD expired on {past.isoformat()}." in asked[0]
    assert purchasing.order_detail(order_id).status is OrderStatus.RECEIVED
    assert catalog.item_detail(item_id).expired == before + 10  # a pack of 10, expired


def test_a_box_with_an_expiry_and_no_lot_number_is_received(demo_window, qtbot, monkeypatch):
    """The expiry typed and the lot left empty: the lot without a number of that date; another
    lot row of the same line with a number is a lot of its own."""
    order_id = _ordered(["VAC-HPV9"], quantity=3)
    item_id = catalog.item_id_for("VAC-HPV9")
    before = {
        (x.lot_number, x.expires_on): x.quantity for x in stock_queries.lots(item_id, include_empty=True)
    }
    plain, numbered = date.today() + timedelta(days=400), date.today() + timedelta(days=500)

    def expiry_only(dialog: ReceiveOrderDialog) -> None:
        entry = dialog.entries[0]
        qtbot.mouseClick(entry.quantity, LEFT)
        qtbot.keyClick(entry.quantity, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClicks(entry.quantity, "2")
        qtbot.mouseClick(entry.expires.edit, LEFT)  # type: ignore[union-attr]
        qtbot.keyClicks(entry.expires.edit, plain.isoformat())  # type: ignore[union-attr]
        qtbot.mouseClick(entry.add_lot_button, LEFT)
        extra = dialog.entries[1]
        assert QApplication.focusWidget() is extra.quantity
        qtbot.keyClick(extra.quantity, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClicks(extra.quantity, "1")
        qtbot.mouseClick(extra.lot, LEFT)  # type: ignore[arg-type]
        qtbot.keyClicks(extra.lot, "HPV-9")  # type: ignore[arg-type]
        qtbot.mouseClick(extra.expires.edit, LEFT)  # type: ignore[union-attr]
        qtbot.keyClicks(extra.expires.edit, numbered.isoformat())  # type: ignore[union-attr]
        assert entry.lot.text() == ""  # type: ignore[union-attr]
        assert [(e.quantity.value(), e.lot.text()) for e in dialog.entries] == [(2, ""), (1, "HPV-9")]  # type: ignore[union-attr]
        qtbot.mouseClick(dialog.receive_button, LEFT)

    asked = confirm_answers(monkeypatch)  # nothing more than ordered: never asked
    drive(monkeypatch, qtbot, ReceiveOrderDialog, expiry_only)
    assert ReceiveOrderDialog.ask(demo_window, order_id, demo_window.events)
    assert asked == []
    assert purchasing.order_detail(order_id).status is OrderStatus.RECEIVED
    after = {
        (x.lot_number, x.expires_on): x.quantity for x in stock_queries.lots(item_id, include_empty=True)
    }
    added = {
        key: quantity - before.get(key, 0) for key, quantity in after.items() if quantity != before.get(key)
    }
    assert added == {("", plain): 20, ("HPV-9", numbered): 10}  # packs of 10 syringes


def test_scan_jumps_to_the_line_and_enter_never_submits(demo_window, qtbot):
    order_id = _ordered(["GLV-NIT-L", "EXM-PPR-21", "WND-TAP-TRN1"], quantity=1)
    dialog = ReceiveOrderDialog(purchasing.order_detail(order_id), demo_window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClicks(dialog.scan, "exm-ppr-21")
    qtbot.keyClick(dialog.scan, Qt.Key.Key_Return)
    entry = next(e for e in dialog.entries if e.line.sku == "EXM-PPR-21")
    assert QApplication.focusWidget() is entry.quantity
    assert dialog.table.currentRow() == dialog.entries.index(entry)
    qtbot.keyClicks(entry.quantity, "0")
    qtbot.keyClick(entry.quantity, Qt.Key.Key_Return)  # back to the scan field, nothing booked
    assert QApplication.focusWidget() is dialog.scan
    assert dialog.isVisible() and purchasing.order_detail(order_id).status is OrderStatus.ORDERED
    dialog.scan.setText("VAC-HPV9")
    qtbot.keyClick(dialog.scan, Qt.Key.Key_Return)
    assert "is not on" in dialog.error_label.text()
    dialog.scan.setText("nothing-like-it")
    qtbot.keyClick(dialog.scan, Qt.Key.Key_Return)
    assert "No item has" in dialog.error_label.text()
    assert dialog.isVisible()
    dialog.reject()


def test_extra_lot_rows_can_be_removed(demo_window, qtbot):
    order_id = _ordered(["VAC-HPV9"], quantity=2)
    dialog = ReceiveOrderDialog(purchasing.order_detail(order_id), demo_window)
    qtbot.addWidget(dialog)
    entry = dialog.entries[0]
    extra = dialog.add_lot(entry)
    assert len(dialog.entries) == 2 == dialog.table.rowCount() and extra.quantity.value() == 0
    qtbot.mouseClick(extra.add_lot_button, LEFT)  # "Remove" on an extra lot
    assert dialog.entries == [entry] and dialog.table.rowCount() == 1
    dialog.clear_quantities()
    assert dialog.receipts() == []
    dialog.fill_outstanding()
    assert [r.quantity for r in dialog.receipts()] == [2]


def test_the_total_has_the_office_currency_and_created_by_names_an_account_only(demo_window, editor_for):
    from dataclasses import replace

    from inventory_app.core.settings import office_settings, save_office_settings

    save_office_settings(replace(office_settings(), currency_symbol="CHF"))
    order_id = _draft(["GLV-NIT-M"])
    detail = purchasing.order_detail(order_id)
    editor = editor_for(order_id)
    assert f"CHF {detail.total:,.2f}" in editor.total_label.text()
    assert detail.created_by  # the operating-system login is kept in the stored order
    created = editor.fact_labels["created"].text()
    assert created == detail.summary.created_at.date().isoformat()  # and not shown
    line = editor.model.index(0, OrderLineTableModel.TOTAL).data()
    assert line == f"CHF {detail.lines[0].line_total:,.2f}"


def test_created_by_the_signed_in_account(admin_window, qtbot):
    order_id = _draft(["GLV-NIT-M"])
    editor = OrderEditor(purchasing.order_detail(order_id), admin_window.orders_page.actions, admin_window)
    qtbot.addWidget(editor)
    assert editor.fact_labels["created"].text().endswith(" by Ana")
