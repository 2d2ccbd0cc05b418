"""The scan box (Ctrl+K) driven with keystrokes, as a USB scanner types: code, then Enter.

A found item has its quantity ready: type it and Enter records the use. GS1 codes of drug
and vaccine boxes are typed with their group separator (the key whose text is "\\x1d")."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from inventory_app.core.catalog import items as catalog
from inventory_app.core.stock import movements as stock
from inventory_app.core.stock import queries as stock_queries
from inventory_app.core.wording import counted
from inventory_app.ui.catalog.item_dialog import ItemDialog
from inventory_app.ui.common import prompts
from inventory_app.ui.inventory.attach_gtin_dialog import AttachGtinDialog
from inventory_app.ui.inventory.stock_dialog import StockAction, StockDialog
from tests.ui.conftest import drive

GS = "\x1d"
GLOVES = "GLV-NIT-M"  # demo barcode 048512790026
FLU = "VAC-FLU-Q"  # demo barcode 369218228539 (UPC-A); its GTIN-14 is 00369218228539
FLU_SCAN = "]d2010036921822853917270600" + f"10AB12C{GS}21SN0001"
NEW_GTIN = "00312345678906"


class Inputs:
    """A person's inputs, counted: each key, chord, click or whole scan is one."""

    def __init__(self, qtbot) -> None:
        self.qtbot = qtbot
        self.count = 0

    def focused(self):
        widget = QApplication.focusWidget()
        assert widget is not None, "nothing has the keyboard focus"
        return widget

    def key(self, key, modifier=Qt.KeyboardModifier.NoModifier, widget=None) -> None:
        self.count += 1
        self.qtbot.keyClick(widget or self.focused(), key, modifier)

    def scan(self, code: str, widget=None) -> None:
        """What a keyboard-wedge scanner types into the focused field: the code, then Enter."""
        self.count += 1
        type_code(self.qtbot, widget or self.focused(), code)
        self.qtbot.keyClick(widget or self.focused(), Qt.Key.Key_Return)

    def click(self, button) -> None:
        self.count += 1
        self.qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def type_code(qtbot, field, code: str) -> None:
    """Type `code` key by key; the group separator is the Ctrl+] key whose text is "\\x1d"."""
    for i, part in enumerate(code.split(GS)):
        if i:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                event = QKeyEvent(kind, Qt.Key.Key_BracketRight, Qt.KeyboardModifier.ControlModifier, GS)
                QApplication.sendEvent(field, event)
        if part:
            qtbot.keyClicks(field, part)


def open_scan_box(window, qtbot, inputs: Inputs | None = None):
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    (inputs or Inputs(qtbot)).key(Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier, widget=window)
    box = window.scan_box
    assert box is not None
    qtbot.waitUntil(box.isVisible)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is box.code)
    return box


def scan(box, qtbot, code: str) -> None:
    box.code.clear()
    type_code(qtbot, box.code, code)
    qtbot.keyClick(box.code, Qt.Key.Key_Return)


def messages(window) -> list[str]:
    seen: list[str] = []
    window.events.status_message.connect(seen.append)
    return seen


# ---------------------------------------------------------------- use by scanning


def test_use_two_boxes_in_four_inputs(demo_window, qtbot):
    item_id = catalog.item_id_for(GLOVES)
    before = catalog.item_detail(item_id)
    assert before.on_hand > 2
    said = messages(demo_window)
    inputs = Inputs(qtbot)
    box = open_scan_box(demo_window, qtbot, inputs)  # Ctrl+K
    inputs.scan(before.barcode)  # the scanner: code and Enter
    assert demo_window.inventory_page.current_item_id() == item_id
    assert QApplication.focusWidget() is box.quantity and box.quantity.value() == 1
    inputs.key(Qt.Key.Key_2)
    inputs.key(Qt.Key.Key_Return)
    assert inputs.count == 4
    after = catalog.item_detail(item_id)
    assert after.on_hand == before.on_hand - 2
    expected = f"Used 2 boxes of Nitrile exam gloves, powder-free, medium ({after.on_hand} left)."
    assert box.outcome.text() == expected and box.outcome.isVisible()
    assert said == [expected]
    assert demo_window.undo_offer.last is not None and demo_window.undo_offer.last.text == expected
    assert counted(after.on_hand, "box") in box.found.text()
    # Ready for the next scan: it replaces the last code.
    assert QApplication.focusWidget() is box.code and box.code.selectedText() == before.barcode
    inputs.scan(GLOVES.lower())
    inputs.key(Qt.Key.Key_Return)  # 1 is ready
    assert catalog.item_detail(item_id).on_hand == before.on_hand - 3


def test_more_than_on_hand_is_refused_in_the_box(demo_window, qtbot):
    item_id = catalog.item_id_for(GLOVES)
    on_hand = catalog.item_detail(item_id).on_hand
    history = stock_queries.history(item_id)
    said = messages(demo_window)
    box = open_scan_box(demo_window, qtbot)
    scan(box, qtbot, GLOVES)
    qtbot.keyClicks(box.quantity, str(on_hand + 5))
    qtbot.keyClick(box.quantity, Qt.Key.Key_Return)
    assert stock_queries.history(item_id) == history
    assert str(on_hand) in box.outcome.text() and box.outcome.isVisible()
    assert said == []
    # The quantity stays to be corrected; the smaller one is used.
    assert QApplication.focusWidget() is box.quantity
    qtbot.keyClicks(box.quantity, "1")
    qtbot.keyClick(box.quantity, Qt.Key.Key_Return)
    assert catalog.item_detail(item_id).on_hand == on_hand - 1


def test_the_use_button_records_the_quantity(demo_window, qtbot):
    row = next(r for r in stock_queries.list_items() if r.barcode and r.on_hand > 3 and r.sku != GLOVES)
    box = open_scan_box(demo_window, qtbot)
    scan(box, qtbot, row.barcode)
    assert row.sku in box.found.text()
    assert box.use_button.isEnabled() and box.receive_button.isEnabled()
    qtbot.keyClicks(box.quantity, "3")
    qtbot.mouseClick(box.use_button, Qt.MouseButton.LeftButton)
    assert catalog.item_detail(row.id).on_hand == row.on_hand - 3
    assert box.outcome.text().startswith(f"Used 3 {row.unit}")


def test_sku_in_any_case_offers_receive(demo_window, qtbot, monkeypatch):
    item_id = catalog.item_id_for(GLOVES)
    before = catalog.item_detail(item_id).on_hand
    demo_window.inventory_page.search.setText("gauze")  # hides the gloves: the scan clears it
    box = open_scan_box(demo_window, qtbot)
    scan(box, qtbot, "glv-nit-m")
    assert demo_window.inventory_page.current_item_id() == item_id

    def fill(dialog: StockDialog) -> None:
        dialog.quantity.setValue(5)
        dialog.submit()

    seen = drive(monkeypatch, qtbot, StockDialog, fill)
    qtbot.keyClick(box.quantity, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: len(seen) == 1)  # a mnemonic clicks after the button's press animation
    assert [d.action for d in seen] == [StockAction.RECEIVE]
    assert catalog.item_detail(item_id).on_hand == before + 5
    qtbot.waitUntil(lambda: QApplication.focusWidget() is box.code)


# ---------------------------------------------------------------- GS1 codes


def test_gs1_scan_finds_the_item_by_gtin_and_shows_lot_and_expiry(demo_window, qtbot):
    item_id = catalog.item_id_for(FLU)
    on_hand = catalog.item_detail(item_id).on_hand
    box = open_scan_box(demo_window, qtbot)
    scan(box, qtbot, FLU_SCAN)
    assert demo_window.inventory_page.current_item_id() == item_id
    assert box.scanned is not None and box.scanned.serial == "SN0001"  # the separator was kept
    assert "Lot AB12C, expires 2027-06-30, serial SN0001" in box.found.text()
    scan(box, qtbot, "(01)00369218228539(17)271100(10)XY-9")
    assert "Lot XY-9, expires 2027-11-30" in box.found.text()
    assert QApplication.focusWidget() is box.quantity
    qtbot.keyClick(box.quantity, Qt.Key.Key_Return)  # no lot XY-9 on hand: first to expire
    assert catalog.item_detail(item_id).on_hand == on_hand - 1


def test_use_after_a_gs1_scan_takes_the_lot_in_hand(demo_window, qtbot):
    item_id = catalog.item_id_for(FLU)
    stock.receive(item_id, 4, lot="AB12C", expires=date(2099, 6, 30))  # expires last: not FEFO's pick
    box = open_scan_box(demo_window, qtbot)
    scan(box, qtbot, FLU_SCAN)
    qtbot.keyClicks(box.quantity, "2")
    qtbot.keyClick(box.quantity, Qt.Key.Key_Return)
    last = stock_queries.history(item_id)[-1]
    assert (last.kind, last.quantity, last.lot_number) == ("use", -2, "AB12C")
    assert ", lot AB12C (" in box.outcome.text()


def test_a_second_label_with_only_lot_and_expiry_belongs_to_the_item_in_hand(demo_window, qtbot):
    box = open_scan_box(demo_window, qtbot)
    scan(box, qtbot, "0100369218228539")
    assert box.item is not None and box.item.sku == FLU
    scan(box, qtbot, "]C117280100" + "10LOT-2")
    assert box.item.sku == FLU and "Lot LOT-2, expires 2028-01-31" in box.found.text()
    assert box.scanned is not None and box.scanned.gtin == "00369218228539"


def test_unknown_gtin_is_attached_to_an_existing_item(demo_window, qtbot, monkeypatch):
    item_id = catalog.item_id_for(GLOVES)
    asked: list[str] = []
    monkeypatch.setattr(prompts, "choose", lambda _p, _t, text, answers: asked.append(text) or 0)
    replaced: list[str] = []
    monkeypatch.setattr(prompts, "confirm", lambda _p, _t, text, yes="OK": replaced.append(text) or True)

    def pick(dialog: AttachGtinDialog) -> None:
        assert QApplication.focusWidget() is dialog.picker.field
        qtbot.keyClicks(dialog.picker.field, GLOVES)
        qtbot.keyClick(dialog.picker.field, Qt.Key.Key_Return)

    seen = drive(monkeypatch, qtbot, AttachGtinDialog, pick)
    box = open_scan_box(demo_window, qtbot)
    scan(box, qtbot, f"01{NEW_GTIN}17270630" + "10G-77")
    assert NEW_GTIN in asked[0] and len(seen) == 1
    assert "048512790026" in replaced[0]  # the barcode it had
    assert catalog.item_detail(item_id).barcode == NEW_GTIN
    assert box.item is not None and box.item.id == item_id and "Lot G-77" in box.found.text()
    assert demo_window.inventory_page.current_item_id() == item_id
    qtbot.waitUntil(lambda: QApplication.focusWidget() is box.quantity)
    # The next scan of that box finds it straight away.
    scan(box, qtbot, f"]d201{NEW_GTIN}10G-78")
    assert len(asked) == 1 and box.item.id == item_id


def test_unknown_gtin_attach_cancelled_changes_nothing(demo_window, qtbot, monkeypatch):
    item_id = catalog.item_id_for(GLOVES)
    monkeypatch.setattr(prompts, "choose", lambda *_a: 0)
    monkeypatch.setattr(prompts, "confirm", lambda *_a, **_k: False)  # keep the old barcode

    def pick(dialog: AttachGtinDialog) -> None:
        qtbot.keyClicks(dialog.picker.field, GLOVES)
        qtbot.keyClick(dialog.picker.field, Qt.Key.Key_Return)
        assert dialog.isVisible()

    drive(monkeypatch, qtbot, AttachGtinDialog, pick)
    box = open_scan_box(demo_window, qtbot)
    scan(box, qtbot, f"01{NEW_GTIN}")
    assert catalog.item_detail(item_id).barcode == "048512790026"
    assert box.item is None and not box.quantity.isEnabled()
    assert NEW_GTIN in box.found.text()


def test_unknown_gtin_creates_a_lot_tracked_item(demo_window, qtbot, monkeypatch):
    monkeypatch.setattr(prompts, "choose", lambda *_a: 1)

    def fill(dialog: ItemDialog) -> None:
        assert dialog.barcode.text() == NEW_GTIN  # the GTIN, not the whole scan
        assert dialog.tracks_expiry.isChecked()
        qtbot.keyClicks(dialog.sku, "VAC-NEW")
        qtbot.keyClicks(dialog.name, "New vaccine")
        dialog.submit()

    seen = drive(monkeypatch, qtbot, ItemDialog, fill)
    box = open_scan_box(demo_window, qtbot)
    scan(box, qtbot, f"(01){NEW_GTIN}(17)270630(10)AB12C")
    assert len(seen) == 1
    item_id = catalog.item_id_for("VAC-NEW")
    assert catalog.item_detail(item_id).barcode == NEW_GTIN
    assert box.item is not None and box.item.id == item_id
    assert "Lot AB12C, expires 2027-06-30" in box.found.text()
    assert demo_window.inventory_page.current_item_id() == item_id


def test_unknown_gtin_declined_creates_nothing(demo_window, qtbot, monkeypatch):
    monkeypatch.setattr(prompts, "choose", lambda *_a: None)
    seen = drive(monkeypatch, qtbot, ItemDialog, lambda d: None)
    count = len(stock_queries.list_items())
    box = open_scan_box(demo_window, qtbot)
    scan(box, qtbot, f"01{NEW_GTIN}")
    assert seen == [] and len(stock_queries.list_items()) == count
    qtbot.waitUntil(lambda: QApplication.focusWidget() is box.code)


def test_a_wrong_check_digit_is_an_unknown_code(demo_window, qtbot, monkeypatch):
    asked: list[str] = []
    monkeypatch.setattr(prompts, "confirm", lambda _p, _t, text, yes="OK": asked.append(text) or False)
    monkeypatch.setattr(prompts, "choose", lambda *_a: 0 / 0)  # never asked
    box = open_scan_box(demo_window, qtbot)
    scan(box, qtbot, "0100369218228538")
    assert len(asked) == 1 and box.item is None


# ---------------------------------------------------------------- plain unknown codes


def test_unknown_code_offers_to_create_the_item(demo_window, qtbot, monkeypatch):
    asked = []
    monkeypatch.setattr(prompts, "confirm", lambda _p, _t, text, yes="OK": asked.append(text) or True)

    def fill(dialog: ItemDialog) -> None:
        assert dialog.barcode.text() == "0012345678905"
        qtbot.keyClicks(dialog.sku, "NEW-SCAN-1")
        qtbot.keyClicks(dialog.name, "Scanned new thing")
        dialog.submit()

    seen = drive(monkeypatch, qtbot, ItemDialog, fill)
    box = open_scan_box(demo_window, qtbot)
    scan(box, qtbot, "0012345678905")
    assert "0012345678905" in asked[0] and len(seen) == 1
    item_id = catalog.item_id_for("0012345678905")
    assert catalog.item_detail(item_id).sku == "NEW-SCAN-1"
    assert demo_window.inventory_page.current_item_id() == item_id


def test_unknown_code_declined_creates_nothing(demo_window, qtbot, monkeypatch):
    monkeypatch.setattr(prompts, "confirm", lambda *_a, **_k: False)
    seen = drive(monkeypatch, qtbot, ItemDialog, lambda d: None)
    box = open_scan_box(demo_window, qtbot)
    count = len(stock_queries.list_items())
    scan(box, qtbot, "NOPE-404")
    assert seen == [] and len(stock_queries.list_items()) == count
    assert "NOPE-404" in box.found.text() and not box.use_button.isEnabled()


# ---------------------------------------------------------------- receive with what the box says


def test_receive_from_the_scan_box_has_lot_and_expiry_filled(demo_window, qtbot, monkeypatch):
    item_id = catalog.item_id_for(FLU)
    on_hand = catalog.item_detail(item_id).on_hand
    box = open_scan_box(demo_window, qtbot)
    scan(box, qtbot, FLU_SCAN)
    seen: list[tuple[str, str]] = []

    def steps(dialog: StockDialog) -> None:
        seen.append((dialog.lot.currentText(), dialog.expires.edit.text()))
        qtbot.keyClicks(QApplication.focusWidget(), "3")
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)

    drive(monkeypatch, qtbot, StockDialog, steps)
    qtbot.keyClick(box.quantity, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: len(seen) == 1)  # a mnemonic clicks after the button's press animation
    assert seen == [("AB12C", "2027-06-30")]
    lot = next(x for x in stock_queries.lots(item_id) if x.lot_number == "AB12C")
    assert lot.quantity == 3 and lot.expires_on == date(2027, 6, 30)
    assert catalog.item_detail(item_id).on_hand == on_hand + 3


def test_a_box_scanned_into_the_lot_field_fills_lot_and_expiry_before_saving(demo_window, qtbot, monkeypatch):
    from tests.ui.conftest import active

    item_id = catalog.item_id_for(FLU)
    from tests.ui.conftest import click_item

    click_item(qtbot, demo_window, item_id)
    before = len(stock_queries.history(item_id))
    counts: list[int] = []

    def steps(dialog: StockDialog) -> None:
        qtbot.keyClicks(dialog.quantity, "2")
        qtbot.keyClick(dialog.quantity, Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is dialog.lot
        type_code(qtbot, dialog.lot, FLU_SCAN)
        qtbot.keyClick(dialog.lot, Qt.Key.Key_Return)  # the scanner's Enter
        counts.append(len(stock_queries.history(item_id)))  # nothing saved yet
        assert dialog.lot.currentText() == "AB12C" and dialog.expires.value() == date(2027, 6, 30)
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)  # the person's Enter

    drive(monkeypatch, qtbot, StockDialog, steps)
    active(qtbot, demo_window)
    qtbot.keyClick(demo_window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert counts == [before]
    lot = next(x for x in stock_queries.lots(item_id) if x.lot_number == "AB12C")
    assert lot.quantity == 2 and lot.expires_on == date(2027, 6, 30)
