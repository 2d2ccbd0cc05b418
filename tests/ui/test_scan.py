"""The scan box (Ctrl+K) driven with keystrokes, as a USB scanner types: code, then Enter."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from inventory_app.core import catalog, stock_queries
from inventory_app.ui import prompts
from inventory_app.ui.dialogs.item_dialog import ItemDialog
from inventory_app.ui.dialogs.stock_dialog import StockAction, StockDialog
from tests.ui.test_inventory_workflows import drive


def open_scan_box(window, qtbot):  # noqa: ANN001
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    box = window.scan_box
    assert box is not None
    qtbot.waitUntil(box.isVisible)
    return box


def scan(box, qtbot, code: str) -> None:  # noqa: ANN001
    box.code.clear()
    qtbot.keyClicks(box.code, code)
    qtbot.keyClick(box.code, Qt.Key.Key_Return)


def test_known_barcode_selects_the_item_and_offers_use(demo_window, qtbot, monkeypatch):  # noqa: ANN001
    row = next(r for r in stock_queries.list_items() if r.barcode and r.on_hand > 2)
    box = open_scan_box(demo_window, qtbot)
    scan(box, qtbot, row.barcode)
    assert demo_window.inventory_page.current_item_id() == row.id
    assert row.sku in box.found.text()
    assert box.use_button.isEnabled() and box.receive_button.isEnabled()

    def fill(dialog: StockDialog) -> None:
        assert dialog.focusWidget() is dialog.quantity
        dialog.quantity.setValue(2)
        dialog.submit()

    seen = drive(monkeypatch, StockDialog, fill)
    qtbot.mouseClick(box.use_button, Qt.MouseButton.LeftButton)
    assert [d.action for d in seen] == [StockAction.USE]
    assert seen[0].item.id == row.id
    assert catalog.item_detail(row.id).on_hand == row.on_hand - 2


def test_sku_in_any_case_offers_receive(demo_window, qtbot, monkeypatch):  # noqa: ANN001
    item_id = catalog.item_id_for("GLV-NIT-M")
    before = catalog.item_detail(item_id).on_hand
    demo_window.inventory_page.search.setText("gauze")  # hides the gloves: the scan clears it
    box = open_scan_box(demo_window, qtbot)
    scan(box, qtbot, "glv-nit-m")
    assert demo_window.inventory_page.current_item_id() == item_id

    def fill(dialog: StockDialog) -> None:
        dialog.quantity.setValue(5)
        dialog.submit()

    seen = drive(monkeypatch, StockDialog, fill)
    qtbot.mouseClick(box.receive_button, Qt.MouseButton.LeftButton)
    assert [d.action for d in seen] == [StockAction.RECEIVE]
    assert catalog.item_detail(item_id).on_hand == before + 5


def test_unknown_code_offers_to_create_the_item(demo_window, qtbot, monkeypatch):  # noqa: ANN001
    asked = []
    monkeypatch.setattr(prompts, "confirm", lambda _p, _t, text, yes="OK": asked.append(text) or True)

    def fill(dialog: ItemDialog) -> None:
        assert dialog.barcode.text() == "0012345678905"
        qtbot.keyClicks(dialog.sku, "NEW-SCAN-1")
        qtbot.keyClicks(dialog.name, "Scanned new thing")
        dialog.submit()

    seen = drive(monkeypatch, ItemDialog, fill)
    box = open_scan_box(demo_window, qtbot)
    scan(box, qtbot, "0012345678905")
    assert "0012345678905" in asked[0] and len(seen) == 1
    item_id = catalog.item_id_for("0012345678905")
    assert catalog.item_detail(item_id).sku == "NEW-SCAN-1"
    assert demo_window.inventory_page.current_item_id() == item_id


def test_unknown_code_declined_creates_nothing(demo_window, qtbot, monkeypatch):  # noqa: ANN001
    monkeypatch.setattr(prompts, "confirm", lambda *_a, **_k: False)
    seen = drive(monkeypatch, ItemDialog, lambda d: None)
    box = open_scan_box(demo_window, qtbot)
    count = len(stock_queries.list_items())
    scan(box, qtbot, "NOPE-404")
    assert seen == [] and len(stock_queries.list_items()) == count
    assert "NOPE-404" in box.found.text() and not box.use_button.isEnabled()
