"""Receiving a purchase order by scanning the GS1 code of each box: the line is found by the
box's GTIN, its lot and expiry are filled in, one purchase unit is counted per box, and a box
of another lot gets a lot row of its own. Driven with real key events and mouse clicks."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from inventory_app.core.catalog import items as catalog
from inventory_app.core.purchasing import orders as purchasing
from inventory_app.core.purchasing.types import OrderStatus
from inventory_app.core.stock import queries as stock_queries
from inventory_app.ui.common import prompts
from inventory_app.ui.purchasing.receive_order_dialog import ReceiveOrderDialog
from inventory_app.ui.shell.main_window import NAV_ORDERS
from tests.ui.conftest import active, click_row, drive, row_of
from tests.ui.inventory.test_scan import GS, Inputs, type_code

LEFT = Qt.MouseButton.LeftButton
# Five vaccines of one supplier (demo UPC-A barcodes; a box's GTIN-14 is "00" + the UPC-A).
VACCINES = {
    "VAC-FLU-Q": "369218228539",
    "VAC-FLU-HD": "369218921546",
    "VAC-TDAP": "369218422555",
    "VAC-HEPB-ADL": "369218292561",
    "VAC-MMR": "369218723584",
}


def box_code(sku: str, lot: str, expires: str, serial: str = "") -> str:
    """A GS1 DataMatrix as a scanner types it: ]d2, (01) GTIN, (17) expiry, (10) lot, (21) serial."""
    code = f"]d201{VACCINES[sku].zfill(14)}17{expires}10{lot}"
    return code + (f"{GS}21{serial}" if serial else "")


def ordered(skus: list[str], quantity: int = 1) -> int:
    order_id = purchasing.create_drafts([(catalog.item_id_for(s), quantity) for s in skus])[0].id
    purchasing.mark_ordered(order_id)
    return order_id


def lots_of(sku: str) -> dict[str, tuple[date | None, int]]:
    rows = stock_queries.lots(catalog.item_id_for(sku), include_empty=True)
    return {row.lot_number: (row.expires_on, row.quantity) for row in rows}


def open_dialog(demo_window, qtbot, order_id: int) -> ReceiveOrderDialog:
    dialog = ReceiveOrderDialog(purchasing.order_detail(order_id), demo_window)
    qtbot.addWidget(dialog)
    dialog.show()
    active(qtbot, dialog)
    return dialog


def scan(qtbot, dialog: ReceiveOrderDialog, code: str) -> None:
    type_code(qtbot, dialog.scan, code)
    qtbot.keyClick(dialog.scan, Qt.Key.Key_Return)


def test_a_five_line_vaccine_order_is_received_by_scanning_in_nine_inputs(demo_window, qtbot, monkeypatch):
    order_id = ordered(list(VACCINES))
    number = purchasing.order_detail(order_id).number
    before = {sku: lots_of(sku) for sku in VACCINES}
    boxes = {
        "VAC-FLU-Q": ("FQ2611A", "270600", date(2027, 6, 30)),
        "VAC-FLU-HD": ("HD-778", "270531", date(2027, 5, 31)),
        "VAC-TDAP": ("T9X4", "280100", date(2028, 1, 31)),
        "VAC-HEPB-ADL": ("HB20250", "271115", date(2027, 11, 15)),
        "VAC-MMR": ("M/3377", "261231", date(2026, 12, 31)),
    }
    inputs = Inputs(qtbot)

    def receive_by_scanning(dialog: ReceiveOrderDialog) -> None:
        assert QApplication.focusWidget() is dialog.scan
        for sku, (lot, yymmdd, _) in boxes.items():
            inputs.scan(box_code(sku, lot, yymmdd, serial=f"S{lot}"))
            assert QApplication.focusWidget() is dialog.scan  # ready for the next box
        assert "VAC-MMR" in dialog.scan_note.text() and "M/3377" in dialog.scan_note.text()
        inputs.click(dialog.receive_button)

    seen = drive(monkeypatch, qtbot, ReceiveOrderDialog, receive_by_scanning)
    active(qtbot, demo_window)
    nav = demo_window.nav
    inputs.count += 1  # the Orders page, in the side bar
    qtbot.mouseClick(nav.viewport(), LEFT, pos=nav.visualItemRect(nav.item(NAV_ORDERS)).center())
    page = demo_window.orders_page
    qtbot.waitUntil(lambda: demo_window.pages.currentWidget() is page)
    inputs.count += 1  # the order
    click_row(qtbot, page.table, row_of(page.table, lambda row: row.number == number))
    assert page.current_order() is not None and page.current_order().id == order_id
    inputs.click(page.receive_button)
    assert len(seen) == 1 and inputs.count == 9

    assert purchasing.order_detail(order_id).status is OrderStatus.RECEIVED
    for sku, (lot, _, expires) in boxes.items():
        units = catalog.item_detail(catalog.item_id_for(sku)).units_per_purchase_unit
        assert lots_of(sku) == {**before[sku], lot: (expires, units)}, sku


def test_boxes_of_one_line_are_counted_by_lot(demo_window, qtbot, monkeypatch):
    order_id = ordered(["VAC-FLU-Q", "VAC-TDAP"], quantity=3)
    dialog = open_dialog(demo_window, qtbot, order_id)
    flu, tdap = dialog.entries
    assert flu.quantity.value() == 3  # what is outstanding, until a box is scanned
    scan(qtbot, dialog, box_code("VAC-FLU-Q", "A1", "270630"))
    assert (flu.quantity.value(), tdap.quantity.value()) == (1, 0)  # counting boxes from now on
    assert flu.lot is not None and flu.lot.text() == "A1"
    scan(qtbot, dialog, box_code("VAC-FLU-Q", "A1", "270630", serial="2"))
    assert flu.quantity.value() == 2 and len(dialog.entries) == 2
    scan(qtbot, dialog, f"(01)00{VACCINES['VAC-FLU-Q']}(17)271000(10)B2")  # the printed form
    assert len(dialog.entries) == 3
    extra = dialog.entries[1]
    assert extra.extra_lot and extra.line.id == flu.line.id
    assert (extra.quantity.value(), extra.lot.text()) == (1, "B2")
    assert "B2" in dialog.scan_note.text() and "2027-10-31" in dialog.scan_note.text()
    scan(qtbot, dialog, box_code("VAC-FLU-Q", "A1", "270630", serial="3"))
    assert (flu.quantity.value(), extra.quantity.value()) == (3, 1)
    asked: list[str] = []
    monkeypatch.setattr(prompts, "confirm", lambda _p, _t, text, yes="OK": asked.append(text) or False)
    qtbot.mouseClick(dialog.receive_button, LEFT)  # 4 of 3 ordered: asked first, and declined
    assert len(asked) == 1 and "4 would be received but 3 were ordered" in asked[0]
    assert dialog.isVisible() and purchasing.order_detail(order_id).status is OrderStatus.ORDERED
    dialog.reject()


def test_receive_what_was_scanned(demo_window, qtbot, monkeypatch):
    order_id = ordered(["VAC-FLU-Q", "VAC-TDAP"], quantity=3)
    dialog = open_dialog(demo_window, qtbot, order_id)
    scan(qtbot, dialog, box_code("VAC-FLU-Q", "A1", "270630"))
    scan(qtbot, dialog, box_code("VAC-FLU-Q", "B2", "271031"))
    scan(qtbot, dialog, box_code("VAC-FLU-Q", "A1", "270630"))
    qtbot.mouseClick(dialog.receive_button, LEFT)
    assert not dialog.isVisible()
    units = catalog.item_detail(catalog.item_id_for("VAC-FLU-Q")).units_per_purchase_unit
    flu = lots_of("VAC-FLU-Q")
    assert flu["A1"] == (date(2027, 6, 30), 2 * units) and flu["B2"] == (date(2027, 10, 31), units)
    detail = purchasing.order_detail(order_id)
    assert [line.received for line in detail.lines] == [3, 0]  # the unscanned line: nothing
    assert detail.status is OrderStatus.PARTIAL


def test_boxes_that_are_not_on_the_order_are_refused(demo_window, qtbot):
    order_id = ordered(["VAC-FLU-Q"], quantity=2)
    dialog = open_dialog(demo_window, qtbot, order_id)
    scan(qtbot, dialog, box_code("VAC-MMR", "M1", "270630"))
    assert "VAC-MMR" in dialog.error_label.text() and "is not on" in dialog.error_label.text()
    scan(qtbot, dialog, "]d20100312345678906" + "10X")
    assert "00312345678906" in dialog.error_label.text()
    scan(qtbot, dialog, "]C117270630" + "10X")
    assert "GTIN" in dialog.error_label.text()
    assert dialog.entries[0].quantity.value() == 2  # nothing counted yet
    assert dialog.isVisible() and QApplication.focusWidget() is dialog.scan
    dialog.reject()
