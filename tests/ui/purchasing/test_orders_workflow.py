"""From "what is low" to goods received, through the real widgets: the reorder view, draft
orders, the PO editor, marking as ordered, receiving in parts with lots, and the
inventory's statuses and on-order column after every step."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt

from inventory_app.core.catalog import items as catalog
from inventory_app.core.changes import Changes
from inventory_app.core.purchasing import orders as purchasing
from inventory_app.core.purchasing import reorder
from inventory_app.core.purchasing.types import LineReceipt, OrderStatus, ReorderState
from inventory_app.core.stock import movements as stock
from inventory_app.core.stock import queries as stock_queries
from inventory_app.core.types import Status
from inventory_app.ui.purchasing.order_editor import OrderEditor
from inventory_app.ui.purchasing.order_line_table import OrderLineTableModel
from inventory_app.ui.purchasing.receive_order_dialog import ReceiveOrderDialog
from inventory_app.ui.purchasing.reorder_table import ReorderTableModel
from inventory_app.ui.shell.main_window import NAV_INVENTORY, NAV_ORDERS, NAV_REORDER
from tests.ui.purchasing.order_helpers import confirm_answers, drive, inventory_row, line_for, nav_text

LEFT = Qt.MouseButton.LeftButton
SUMMIT = "Summit Biologics Distribution"


def group_row(model: ReorderTableModel, supplier: str) -> int:
    return next(r for r in model.group_rows() if model.row_at(r).supplier == supplier)  # type: ignore[union-attr]


def test_reorder_view_groups_low_items_by_supplier(demo_window, qtbot):
    demo_window.nav.setCurrentRow(NAV_REORDER)
    page = demo_window.reorder_page
    assert demo_window.pages.currentWidget() is page
    groups = reorder.suggestions()
    model = page.model
    assert [model.row_at(r).supplier for r in model.group_rows()] == [g.supplier for g in groups]  # type: ignore[union-attr]
    suggested = [line for g in groups for line in g.lines if line.state is ReorderState.SUGGEST]
    assert f"{len(suggested)} to order" in nav_text(demo_window, NAV_REORDER)
    for line in suggested:  # suggested lines start checked, at the suggested quantity
        assert (
            model.is_checked(line.item_id) and model.quantity(line.item_id) == line.suggested_purchase_units
        )
    # A group header spans the table and says what it holds.
    header = group_row(model, SUMMIT)
    assert page.table.columnSpan(header, 0) == model.columnCount()
    assert "to order" in model.index(header, 0).data()
    # Selecting a line shows its whole reasoning under the table.
    gloves = catalog.item_id_for("GLV-NIT-L")
    assert page.select_item(gloves)
    line = next(x for x in model.lines() if x.item_id == gloves)
    assert line.reason in page.why_label.text().replace("&gt;", ">")
    assert model.index(model.position_of(gloves), ReorderTableModel.WHY).data().startswith("need ")
    orders, lines, total = model.checked_summary()
    assert orders == len(groups) and lines == len(suggested)
    assert f"{orders} orders · {lines} lines" in page.summary_label.text()
    assert page.create_button.isEnabled()


def test_checks_and_quantities_follow_the_user(demo_window, qtbot):
    demo_window.nav.setCurrentRow(NAV_REORDER)
    model = demo_window.reorder_page.model
    header = group_row(model, SUMMIT)
    check = Qt.ItemDataRole.CheckStateRole
    assert model.index(header, 0).data(check) == Qt.CheckState.Checked
    first = model.line_at(header + 1)
    assert model.setData(
        model.index(header + 1, ReorderTableModel.ITEM), Qt.CheckState.Unchecked.value, check
    )
    assert model.index(header, 0).data(check) == Qt.CheckState.PartiallyChecked
    assert model.setData(model.index(header, 0), Qt.CheckState.Unchecked.value, check)
    assert all(not model.is_checked(i) for i in model.row_at(header).item_ids)  # type: ignore[union-attr]
    # Typing a quantity checks the line; 0 unchecks it.
    assert model.setData(model.index(header + 1, ReorderTableModel.ORDER), 4)
    assert model.is_checked(first.item_id) and model.quantity(first.item_id) == 4
    assert model.setData(model.index(header + 1, ReorderTableModel.ORDER), 0)
    assert not model.is_checked(first.item_id)
    demo_window.reorder_page.uncheck_all_button.click()
    assert model.selections() == []
    assert not demo_window.reorder_page.create_button.isEnabled()
    demo_window.reorder_page.check_all_button.click()
    assert len(model.selections()) == model.to_order_count()


def test_reorder_to_received(demo_window, qtbot, monkeypatch):
    """The issue's workflow: reorder view → drafts → edit → ordered → partly received → received."""
    win = demo_window
    win.nav.setCurrentRow(NAV_REORDER)
    page = win.reorder_page
    model = page.model
    page.uncheck_all_button.click()
    header = group_row(model, SUMMIT)
    model.setData(model.index(header, 0), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    hpv = catalog.item_id_for("VAC-HPV9")
    before = inventory_row(win, "VAC-HPV9")
    assert before.status is Status.LOW and before.on_order == 0

    # 1. One click: a draft for Summit only, shown on the Orders page.
    qtbot.mouseClick(page.create_button, LEFT)
    orders_page = win.orders_page
    assert win.pages.currentWidget() is orders_page and win.nav.currentRow() == NAV_ORDERS
    draft = orders_page.current_order()
    assert draft is not None and draft.supplier == SUMMIT and draft.status is OrderStatus.DRAFT
    assert [o.id for o in purchasing.list_orders()] == [draft.id]
    assert "1 draft" in nav_text(win, NAV_ORDERS)
    assert model.is_checked(hpv) is False  # now "in draft": not suggested again
    assert next(x for x in model.lines() if x.item_id == hpv).state is ReorderState.IN_DRAFT

    # 2. Edit the draft: quantity in the table, an item added by SKU, a line removed, notes.
    def edit(editor: OrderEditor) -> None:
        lines = editor.model
        position = lines.position_of(line_for(draft.id, "VAC-HPV9").id)
        assert lines.flags(lines.index(position, OrderLineTableModel.QUANTITY)) & Qt.ItemFlag.ItemIsEditable
        assert lines.setData(lines.index(position, OrderLineTableModel.QUANTITY), 3)
        qtbot.keyClicks(editor.add_field, "vac-flu-q")
        qtbot.keyClick(editor.add_field, Qt.Key.Key_Return)
        assert editor.add_field.text() == "" and not editor.error_label.isVisible()
        assert editor.isVisible()  # Enter added the item; it did not close the editor
        editor.select_line(line_for(draft.id, "MED-LID-1EPI").id)
        qtbot.mouseClick(editor.remove_button, LEFT)
        qtbot.keyClicks(editor.notes, "Deliver to the back door")
        qtbot.mouseClick(editor.close_button, LEFT)

    drive(monkeypatch, qtbot, OrderEditor, edit)
    orders_page.table.setFocus()
    qtbot.keyClick(orders_page.table, Qt.Key.Key_Return)
    detail = purchasing.order_detail(draft.id)
    assert {line.sku: line.quantity for line in detail.lines} == {
        "VAC-HPV9": 3,
        "VAC-HEPB-ADL": 1,
        "VAC-FLU-Q": 1,
    }
    assert detail.notes == "Deliver to the back door"
    assert orders_page.current_order().line_count == 3  # type: ignore[union-attr]

    # 3. Mark as ordered: on order and expected date reach the inventory.
    asked = confirm_answers(monkeypatch, True)
    qtbot.mouseClick(orders_page.mark_ordered_button, LEFT)
    assert "expected in" in asked[0]
    lead = catalog.supplier(draft.supplier_id).lead_time_days
    summary = purchasing.order_detail(draft.id).summary
    assert summary.status is OrderStatus.ORDERED and summary.expected_on == date.today() + timedelta(
        days=lead
    )
    row = inventory_row(win, "VAC-HPV9")
    assert row.on_order == 3 * 10 and row.expected_on == summary.expected_on and row.status is Status.LOW
    table = win.inventory_page.model
    position = table.position_of(hpv)
    assert table.index(position, table.ON_ORDER).data() == "30"
    assert table.index(position, table.EXPECTED).data() == summary.expected_on.isoformat()
    assert "1 open" in nav_text(win, NAV_ORDERS)
    assert not orders_page.mark_ordered_button.isEnabled() and orders_page.receive_button.isEnabled()

    # 4. Receive part of it: one pack of HPV in lot HPV-A; nothing else yet.
    expires = date.today() + timedelta(days=500)

    def partly(dialog: ReceiveOrderDialog) -> None:
        qtbot.mouseClick(dialog.none_button, LEFT)
        entry = next(e for e in dialog.entries if e.line.sku == "VAC-HPV9")
        entry.quantity.setValue(1)
        entry.lot.setText("HPV-A")  # type: ignore[union-attr]
        qtbot.keyClicks(entry.expires.edit, (expires).isoformat())  # type: ignore[union-attr]
        qtbot.mouseClick(dialog.receive_button, LEFT)

    drive(monkeypatch, qtbot, ReceiveOrderDialog, partly)
    qtbot.mouseClick(orders_page.receive_button, LEFT)
    assert purchasing.order_detail(draft.id).status is OrderStatus.PARTIAL
    row = inventory_row(win, "VAC-HPV9")
    assert row.on_hand == before.on_hand + 10 and row.status is Status.OK and row.on_order == 20
    lot = next(x for x in stock_queries.lots(hpv) if x.lot_number == "HPV-A")
    assert lot.quantity == 10 and lot.expires_on == expires
    assert orders_page.current_order().status is OrderStatus.PARTIAL  # type: ignore[union-attr]

    # 5. Receive the rest: HPV in two lots (Add lot), the others with their lots.
    def rest(dialog: ReceiveOrderDialog) -> None:
        entry = next(e for e in dialog.entries if e.line.sku == "VAC-HPV9")
        assert entry.quantity.value() == 2  # starts at what is outstanding
        entry.quantity.setValue(1)
        entry.lot.setText("HPV-B")  # type: ignore[union-attr]
        qtbot.keyClicks(entry.expires.edit, (expires).isoformat())  # type: ignore[union-attr]
        qtbot.mouseClick(entry.add_lot_button, LEFT)
        extra = dialog.entries[dialog.entries.index(entry) + 1]
        assert extra.extra_lot and extra.line.id == entry.line.id
        extra.quantity.setValue(1)
        extra.lot.setText("HPV-C")  # type: ignore[union-attr]
        qtbot.keyClicks(extra.expires.edit, (expires + timedelta(days=30)).isoformat())  # type: ignore[union-attr]
        for sku, lot_number in (("VAC-HEPB-ADL", "HB-1"), ("VAC-FLU-Q", "FL-9")):
            other = next(e for e in dialog.entries if e.line.sku == sku)
            other.lot.setText(lot_number)  # type: ignore[union-attr]
            qtbot.keyClicks(other.expires.edit, (expires).isoformat())  # type: ignore[union-attr]
        qtbot.mouseClick(dialog.receive_button, LEFT)

    drive(monkeypatch, qtbot, ReceiveOrderDialog, rest)
    qtbot.mouseClick(orders_page.receive_button, LEFT)
    assert purchasing.order_detail(draft.id).status is OrderStatus.RECEIVED
    lots = {x.lot_number: x.quantity for x in stock_queries.lots(hpv)}
    assert lots["HPV-B"] == 10 and lots["HPV-C"] == 10
    row = inventory_row(win, "VAC-HPV9")
    assert row.on_hand == before.on_hand + 30 and row.on_order == 0 and row.expected_on is None
    assert inventory_row(win, "VAC-HEPB-ADL").status is Status.OK
    assert not orders_page.receive_button.isEnabled() and not orders_page.cancel_button.isEnabled()
    assert "Orders" == nav_text(win, NAV_ORDERS).strip()
    win.nav.setCurrentRow(NAV_INVENTORY)
    assert win.inventory_page.model.index(win.inventory_page.model.position_of(hpv), 0).data() == "OK"


def test_reversing_a_receipt_reopens_the_order(demo_window, qtbot, monkeypatch):
    """A delivery booked twice by mistake is undone from the item's history."""
    item_id = catalog.item_id_for("GLV-NIT-L")
    order = purchasing.create_drafts([(item_id, 2)])[0]
    purchasing.mark_ordered(order.id)
    purchasing.receive(order.id, [LineReceipt(line_for(order.id, "GLV-NIT-L").id, 2)])
    demo_window.refresh()
    assert demo_window.inventory_page.select_item(item_id)
    panel = demo_window.inventory_page.panel
    panel.history_view.selectRow(0)  # newest first: the receipt
    assert panel.selected_movement().kind == "receive"  # type: ignore[union-attr]
    confirm_answers(monkeypatch, True)
    qtbot.mouseClick(panel.reverse_button, LEFT)
    assert purchasing.order_detail(order.id).status is OrderStatus.ORDERED
    assert inventory_row(demo_window, "GLV-NIT-L").on_order == 20
    assert "1 open" in nav_text(demo_window, NAV_ORDERS)


def test_side_bar_counts_follow_orders(demo_window, qtbot):
    gloves = catalog.item_id_for("GLV-NIT-L")
    order = purchasing.create_drafts([(gloves, 2)])[0]
    purchasing.mark_ordered(order.id, ordered_on=date.today() - timedelta(days=60))
    demo_window.refresh()  # what the Orders page says after marking ordered
    stock.receive(catalog.item_id_for("GLV-NIT-M"), 1)
    demo_window.events.changed.emit(Changes.of_items([catalog.item_id_for("GLV-NIT-M")]), None)
    assert "1 overdue" in nav_text(demo_window, NAV_ORDERS)
    groups = reorder.suggestions()
    to_order = sum(1 for g in groups for x in g.lines if x.state is ReorderState.SUGGEST)
    assert f"{to_order} to order" in nav_text(demo_window, NAV_REORDER)
    row = inventory_row(demo_window, "GLV-NIT-L")
    table = demo_window.inventory_page.model
    text = table.index(table.position_of(gloves), table.EXPECTED).data()
    assert "late" in text and table.index(table.position_of(gloves), table.EXPECTED).data(
        Qt.ItemDataRole.DecorationRole
    )
    assert row.expected_on is not None and row.expected_on < date.today()
