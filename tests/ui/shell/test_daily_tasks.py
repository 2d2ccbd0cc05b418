"""The daily tasks of the supply room, done from the main window of the demo clinic and counted
in inputs: a typed character, a click or a chord is one input, and so is a whole scan (a
keyboard-wedge scanner types the code and Enter). Each test drives real key and mouse events,
checks the database afterwards, prints its count and fails when it is over the task's limit.

Seams, as elsewhere in the GUI tests: modal dialogs run through `drive`, the system print dialog
and `lp` through `Printer`, the file dialog through a patched `getOpenFileName`, and a drop from
outside the app is a QDropEvent (Qt offers no other way in)."""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrintDialog
from PySide6.QtWidgets import QApplication, QFileDialog

from inventory_app.core.catalog import items as catalog
from inventory_app.core.purchasing import orders as purchasing
from inventory_app.core.purchasing import reorder
from inventory_app.core.purchasing.types import OrderStatus, ReorderState
from inventory_app.core.stock import queries as stock_queries
from inventory_app.ui.common import printing, prompts
from inventory_app.ui.importing.wizard import ImportWizard, Step
from inventory_app.ui.inventory.stock_dialog import StockAction, StockDialog
from inventory_app.ui.purchasing.receive_order_dialog import ReceiveOrderDialog
from inventory_app.ui.shell.main_window import MainWindow
from tests.ui.conftest import active, click_row, drive, row_of
from tests.ui.importing import test_import_inputs as import_inputs
from tests.ui.inventory.test_receive_by_scanning import box_code, lots_of, ordered
from tests.ui.inventory.test_scan import Inputs
from tests.ui.shell.test_printing import Printer

CTRL = Qt.KeyboardModifier.ControlModifier
GLOVES = "GLV-NIT-M"
GLOVES_NAME = "Nitrile exam gloves, powder-free, medium"


# ---------------------------------------------------------------- counting


def report(task: str, inputs: Inputs, limit: int) -> None:
    """The count on its own line (`pytest -s` shows it), then the limit checked."""
    print(f"\n{task}: {inputs.count} inputs (limit {limit})")
    assert inputs.count <= limit, f"{task} took {inputs.count} inputs; the limit is {limit}"


def chord(inputs: Inputs, window: MainWindow, key: Qt.Key) -> None:
    """Ctrl+`key` where the keyboard sends it: to the focused widget (the window when none is)."""
    inputs.key(key, CTRL, widget=QApplication.focusWidget() or window)


def typed(inputs: Inputs, text: str) -> None:
    """`text` typed into the focused field: one input per character."""
    widget = inputs.focused()
    inputs.count += len(text)
    inputs.qtbot.keyClicks(widget, text)


def clicked_row(inputs: Inputs, table, row: int) -> None:
    inputs.count += 1
    click_row(inputs.qtbot, table, row)


@pytest.fixture
def main(demo_window: MainWindow, qtbot, monkeypatch) -> MainWindow:
    """The demo clinic's main window, active, on the inventory; any message box fails the test
    (each would be one more input)."""
    for name in ("error", "warn", "inform"):
        monkeypatch.setattr(prompts, name, lambda _p, _t, text: pytest.fail(f"message shown: {text}"))
    monkeypatch.setattr(prompts, "confirm", lambda _p, _t, text, yes="OK": pytest.fail(f"asked: {text}"))
    active(qtbot, demo_window)
    assert demo_window.pages.currentWidget() is demo_window.inventory_page
    return demo_window


def on_hand(sku: str) -> int:
    return catalog.item_detail(catalog.item_id_for(sku)).on_hand


# ---------------------------------------------------------------- 1 and 2: use two boxes of gloves


def test_use_two_boxes_of_gloves_by_scanning(main, qtbot):
    before = on_hand(GLOVES)
    barcode = catalog.item_detail(catalog.item_id_for(GLOVES)).barcode
    assert before > 2 and barcode
    inputs = Inputs(qtbot)
    chord(inputs, main, Qt.Key.Key_K)
    box = main.scan_box
    assert box is not None
    qtbot.waitUntil(lambda: QApplication.focusWidget() is box.code)
    inputs.scan(barcode)
    assert box.item is not None and box.item.sku == GLOVES
    assert QApplication.focusWidget() is box.quantity
    inputs.key(Qt.Key.Key_2)
    inputs.key(Qt.Key.Key_Return)
    assert on_hand(GLOVES) == before - 2
    last = stock_queries.history(catalog.item_id_for(GLOVES))[-1]
    assert (last.kind, last.quantity) == ("use", -2)
    report("use 2 boxes by scanning", inputs, 4)


def test_use_two_boxes_of_gloves_by_typing_part_of_the_name(main, qtbot, monkeypatch):
    item_id = catalog.item_id_for(GLOVES)
    before = on_hand(GLOVES)
    inputs = Inputs(qtbot)

    def use_two(dialog: StockDialog) -> None:
        assert dialog.action is StockAction.USE
        assert QApplication.focusWidget() is dialog.quantity
        inputs.key(Qt.Key.Key_2)
        inputs.key(Qt.Key.Key_Return)

    seen = drive(monkeypatch, qtbot, StockDialog, use_two)
    chord(inputs, main, Qt.Key.Key_F)
    page = main.inventory_page
    assert QApplication.focusWidget() is page.search
    typed(inputs, "nit med")  # "nit…" and "med…": only the medium nitrile gloves have both
    assert page.model.rowCount() == 1
    inputs.key(Qt.Key.Key_Down)  # into the results
    assert QApplication.focusWidget() is page.table
    assert page.current_item_id() == item_id and page.current_row().name == GLOVES_NAME
    chord(inputs, main, Qt.Key.Key_U)
    assert len(seen) == 1
    assert on_hand(GLOVES) == before - 2
    last = stock_queries.history(item_id)[-1]
    assert (last.kind, last.quantity) == ("use", -2)
    report("use 2 boxes by typing part of the name", inputs, 12)


# ---------------------------------------------------------------- 3: receive a vaccine order by scanning


BOXES = {
    "VAC-FLU-Q": ("FQ2611A", "270600", date(2027, 6, 30)),
    "VAC-FLU-HD": ("HD-778", "270531", date(2027, 5, 31)),
    "VAC-TDAP": ("T9X4", "280100", date(2028, 1, 31)),
    "VAC-HEPB-ADL": ("HB20250", "271115", date(2027, 11, 15)),
    "VAC-MMR": ("M/3377", "261231", date(2026, 12, 31)),
}


def test_receive_a_five_line_vaccine_order_by_scanning_each_box(main, qtbot, monkeypatch):
    order_id = ordered(list(BOXES))  # placed earlier, through the core
    number = purchasing.order_detail(order_id).number
    before = {sku: lots_of(sku) for sku in BOXES}
    on_hand_before = {sku: on_hand(sku) for sku in BOXES}
    inputs = Inputs(qtbot)

    def scan_each_box(dialog: ReceiveOrderDialog) -> None:
        assert QApplication.focusWidget() is dialog.scan
        for sku, (lot, yymmdd, _) in BOXES.items():
            inputs.scan(box_code(sku, lot, yymmdd, serial=f"S{lot}"))
            assert QApplication.focusWidget() is dialog.scan, sku
        inputs.click(dialog.receive_button)

    seen = drive(monkeypatch, qtbot, ReceiveOrderDialog, scan_each_box)
    chord(inputs, main, Qt.Key.Key_4)
    page = main.orders_page
    qtbot.waitUntil(lambda: main.pages.currentWidget() is page)
    clicked_row(inputs, page.table, row_of(page.table, lambda row: row.number == number))
    assert page.current_order_id() == order_id
    inputs.click(page.receive_button)
    assert len(seen) == 1

    assert purchasing.order_detail(order_id).status is OrderStatus.RECEIVED
    for sku, (lot, _, expires) in BOXES.items():
        units = catalog.item_detail(catalog.item_id_for(sku)).units_per_purchase_unit
        assert lots_of(sku) == {**before[sku], lot: (expires, units)}, sku
        assert on_hand(sku) == on_hand_before[sku] + units, sku
    report("receive a 5-line vaccine order by scanning", inputs, 15)


# ---------------------------------------------------------------- 4: every low item onto draft orders


def test_all_low_items_onto_draft_orders(main, qtbot):
    suggested = [
        line
        for group in reorder.suggestions()
        for line in group.lines
        if line.state is ReorderState.SUGGEST and line.suggested_purchase_units > 0
    ]
    assert suggested and all(line.supplier_id is not None for line in suggested)
    drafts_before = {o.id for o in purchasing.list_orders(OrderStatus.DRAFT)}
    inputs = Inputs(qtbot)
    chord(inputs, main, Qt.Key.Key_3)
    page = main.reorder_page
    qtbot.waitUntil(lambda: main.pages.currentWidget() is page)
    inputs.key(Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier, widget=QApplication.focusWidget() or main)
    # A mnemonic clicks after the button's press animation; the new drafts are then shown.
    qtbot.waitUntil(lambda: main.pages.currentWidget() is main.orders_page)

    new = [o for o in purchasing.list_orders(OrderStatus.DRAFT) if o.id not in drafts_before]
    suppliers = Counter(o.supplier_id for o in new)
    assert set(suppliers) == {line.supplier_id for line in suggested}
    assert all(n == 1 for n in suppliers.values()), "one draft per supplier"
    on_drafts = {
        (o.supplier_id, line.item_id): line.quantity
        for o in new
        for line in purchasing.order_detail(o.id).lines
    }
    assert on_drafts == {
        (line.supplier_id, line.item_id): line.suggested_purchase_units for line in suggested
    }
    shown = main.orders_page.model
    assert {shown.row_at(i).id for i in range(shown.rowCount())} >= {o.id for o in new}
    report("all low items to draft orders", inputs, 2)


# ---------------------------------------------------------------- 5: a purchase order to the printer


def test_a_purchase_order_to_the_printer(main, qtbot, monkeypatch):
    order_id = purchasing.create_drafts([(catalog.item_id_for(GLOVES), 3)])[0].id
    number = purchasing.order_detail(order_id).number
    inputs = Inputs(qtbot)
    printer = Printer(monkeypatch, copies=2)
    answer = QPrintDialog.exec  # the Printer's answer: the person's choices

    def ok(dialog: QPrintDialog) -> int:
        inputs.count += 1  # OK in the print dialog
        return answer(dialog)

    monkeypatch.setattr(QPrintDialog, "exec", ok)
    chord(inputs, main, Qt.Key.Key_4)
    page = main.orders_page
    qtbot.waitUntil(lambda: main.pages.currentWidget() is page)
    clicked_row(inputs, page.table, row_of(page.table, lambda row: row.id == order_id))
    assert page.current_order_id() == order_id
    chord(inputs, main, Qt.Key.Key_P)
    qtbot.waitUntil(lambda: bool(printer.commands), timeout=30000)

    [command] = printer.commands
    path = Path(command[-1])
    assert command[:-1] == ["lp", "-d", "Front desk", "-n", "2", "--"]
    assert path.name == f"{number} Northgate Medical Supply.pdf"
    assert path.parent == printing.print_folder()
    text = printer.printed_text()
    assert number in text and GLOVES in text
    assert printer.dialogs == 1
    report("a purchase order to the printer", inputs, 4)


# ---------------------------------------------------------------- 6: import a workbook


def import_steps(inputs: Inputs, qtbot, first_key: bool):
    """The wizard's steps: (Choose a file…), then Enter on Import and Enter on Done."""

    def steps(wizard: ImportWizard) -> None:
        import_inputs.active(qtbot, wizard)
        if first_key:
            assert wizard.step is Step.FILE
            inputs.key(Qt.Key.Key_Return)  # "Choose a file…"
        qtbot.waitUntil(lambda: wizard.step is Step.PREVIEW and not wizard.task.running, timeout=20000)
        assert wizard.skipped_to_preview, "every heading is recognised: straight to the preview"
        inputs.key(Qt.Key.Key_Return)  # Import
        assert wizard.step is Step.DONE
        inputs.key(Qt.Key.Key_Return)  # Done
        assert not wizard.isVisible()

    return steps


def imported(before: set[str]) -> None:
    """The demo's items stay; the workbook's new ones are added and its gloves updated."""
    rows = {r.sku: r for r in stock_queries.list_items()}
    assert set(rows) == before | {row[0] for row in import_inputs.ROWS}
    for sku, name, _category, location, quantity, minimum, par, _vendor, cost in import_inputs.ROWS:
        detail = catalog.item_detail(rows[sku].id)
        if sku not in before:
            assert (detail.name, rows[sku].location) == (name, location), sku
        assert (detail.on_hand, detail.reorder_point, detail.par_level) == (quantity, minimum, par), sku
        # "Unit cost" is the price of one unit of issue: the item keeps that of a purchase unit.
        assert detail.unit_cost == Decimal(str(cost)) * detail.units_per_purchase_unit, sku


def items_before_import() -> set[str]:
    """The demo's SKUs; its medium gloves are on the workbook too, at their price per box."""
    assert on_hand(GLOVES) == 14
    gloves = catalog.item_detail(catalog.item_id_for(GLOVES))
    assert gloves.unit_cost == Decimal("6.45") * gloves.units_per_purchase_unit
    return {r.sku for r in stock_queries.list_items()}


def test_import_a_dropped_workbook(main, qtbot, tmp_path, monkeypatch):
    path = import_inputs.office_workbook(tmp_path / "Supply list.xlsx")
    before = items_before_import()
    inputs = Inputs(qtbot)
    seen = drive(monkeypatch, qtbot, ImportWizard, import_steps(inputs, qtbot, first_key=False))
    inputs.count += 1  # the drop
    import_inputs.Inputs(qtbot).drop(main, path)
    qtbot.waitUntil(lambda: bool(seen) and not seen[0].isVisible(), timeout=20000)
    assert seen[0].import_result is not None
    imported(before)
    report("import a workbook by drag and drop", inputs, 5)


def test_import_a_workbook_from_the_menu(main, qtbot, tmp_path, monkeypatch):
    path = import_inputs.office_workbook(tmp_path / "Supply list.xlsx")
    before = items_before_import()
    inputs = Inputs(qtbot)

    def choose(*_args: object) -> tuple[str, str]:
        inputs.count += 1  # one choice in the real file dialog
        return str(path), ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(choose))
    seen = drive(monkeypatch, qtbot, ImportWizard, import_steps(inputs, qtbot, first_key=True))
    chord(inputs, main, Qt.Key.Key_I)
    assert len(seen) == 1 and seen[0].import_result is not None
    imported(before)
    report("import a workbook from the menu", inputs, 6)
