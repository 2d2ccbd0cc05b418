"""The person's say on the import preview, with real keys and clicks: a SKU made from a name typed
over in its cell (double-click or F2, type, Enter), checked with the file and the inventory; the
price column read per unit of issue or per purchase unit; the counts in items and lots; a row
whose only error is its price kept, with its stock, when only the valid rows are imported."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from inventory_app.core.catalog import items as catalog
from inventory_app.core.stock import queries as stock_queries
from inventory_app.ui.common import prompts
from inventory_app.ui.importing.wizard import ImportWizard, Step
from tests.ui.importing.test_import_structure_wizard import _workbook
from tests.ui.importing.test_import_wizard import preview_rows, to_preview, wait_step, wizard_for


@pytest.fixture(autouse=True)
def _no_message_boxes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    for name in ("error", "warn", "inform"):
        monkeypatch.setattr(prompts, name, lambda _parent, _title, text: shown.append(text))
    return shown


def _formulary(path: Path) -> Path:
    return _workbook(
        path,
        [
            ["ORTHO FORMULARY"],
            ["Description of item", "UOM", "Min qty"],
            ["BRACING"],
            ["Wrist brace, small", "each", 2],
            ["Wrist brace, large", "each", 2],
            ["Knee immobilizer", "each", 1],
        ],
    )


def _sku_cell(wizard: ImportWizard, row: int) -> QPoint:
    """The centre of the SKU cell of the file's row `row`, in the table's viewport."""
    model, table = wizard.preview_page.model, wizard.preview_page.table
    position = next(r for r in range(model.rowCount()) if model.index(r, model.ROW).data() == str(row))
    return table.visualRect(model.index(position, model.SKU)).center()


def _skus(wizard: ImportWizard) -> dict[int, str]:
    model = wizard.preview_page.model
    return {
        int(model.index(r, model.ROW).data()): model.index(r, model.SKU).data()
        for r in range(model.rowCount())
    }


def _double_click(qtbot, wizard: ImportWizard, row: int) -> None:
    """A person's double-click on the SKU cell: the press that picks the cell, then the double one."""
    viewport, where = wizard.preview_page.table.viewport(), _sku_cell(wizard, row)
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=where)
    qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=where)


def _type_sku(qtbot, wizard: ImportWizard, text: str) -> None:
    """Type into the open SKU editor (all of its text replaced), then Enter; wait for the check."""
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    qtbot.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    wait_step(qtbot, wizard, Step.PREVIEW)


def _made_skus_preview(qtbot, wizard: ImportWizard) -> None:
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    box = wizard.mapping_page.make_skus
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(6, box.height() // 2))
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    wait_step(qtbot, wizard, Step.PREVIEW)


def test_a_made_sku_is_typed_over_with_double_click_and_f2(window, qtbot, tmp_path):
    wizard = wizard_for(window, qtbot, _formulary(tmp_path / "formulary.xlsx"))
    _made_skus_preview(qtbot, wizard)
    assert _skus(wizard) == {4: "WRIST-BRACE-SMALL", 5: "WRIST-BRACE-LARGE", 6: "KNEE-IMMOBILIZER"}
    assert "double-click its SKU" in wizard.preview_page.columns_label.text()
    viewport = wizard.preview_page.table.viewport()

    _double_click(qtbot, wizard, 4)
    _type_sku(qtbot, wizard, "WRIST-S")
    qtbot.waitUntil(lambda: _skus(wizard)[4] == "WRIST-S")
    assert wizard.step is Step.PREVIEW  # Enter ended the typing; it did not press Import
    assert stock_queries.list_items() == []
    assert wizard.plan is not None and not wizard.plan.has_errors

    # F2 on another row's SKU, the same code typed: both rows are errors, nothing importable
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=_sku_cell(wizard, 5))
    qtbot.keyClick(wizard.preview_page.table, Qt.Key.Key_F2)
    _type_sku(qtbot, wizard, "wrist-s")
    qtbot.waitUntil(lambda: _skus(wizard)[5] == "wrist-s")
    rows = preview_rows(wizard)
    assert rows[5][0] == "Error" and "SKU wrist-s is typed for two items of the file" in rows[5][1]
    assert rows[4][0] == "Error"
    assert not wizard.import_button.isEnabled()

    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=_sku_cell(wizard, 5))
    qtbot.keyClick(wizard.preview_page.table, Qt.Key.Key_F2)
    _type_sku(qtbot, wizard, "WRIST-L")
    qtbot.waitUntil(lambda: _skus(wizard)[5] == "WRIST-L")
    assert wizard.import_button.isEnabled()
    qtbot.mouseClick(wizard.import_button, Qt.MouseButton.LeftButton)
    wait_step(qtbot, wizard, Step.DONE)
    names = {sku: catalog.item_detail(catalog.item_id_for(sku)).name for sku in ("WRIST-S", "WRIST-L")}
    assert names == {"WRIST-S": "Wrist brace, small", "WRIST-L": "Wrist brace, large"}
    assert catalog.item_detail(catalog.item_id_for("KNEE-IMMOBILIZER")).reorder_point == 1


def test_a_typed_sku_an_item_of_another_name_has_is_refused(window, qtbot, tmp_path):
    from inventory_app.core.types import ItemInput

    catalog.create_item(ItemInput(sku="KNEE-1", name="Knee brace, hinged"))
    wizard = wizard_for(window, qtbot, _formulary(tmp_path / "formulary.xlsx"))
    _made_skus_preview(qtbot, wizard)
    _double_click(qtbot, wizard, 6)
    _type_sku(qtbot, wizard, "KNEE-1")
    qtbot.waitUntil(lambda: _skus(wizard)[6] == "KNEE-1")
    assert "already used by “Knee brace, hinged”" in preview_rows(wizard)[6][1]


def _price_list(path: Path, price: str = "0.25") -> Path:
    """A supplier's list: a bare "Price" heading, a bottle of 100 tablets, two lots of a vaccine."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Item code", "Product name", "Stock on hand", "Price", "Pack size", "Lot", "Expiry"])
        writer.writerow(["PARA-500", "Paracetamol 500mg", 300, price, 100, "", ""])
        writer.writerow(["VAC-FLU", "Influenza vaccine", 10, "12.50", 10, "FL01", "2030-01-31"])
        writer.writerow(["VAC-FLU", "Influenza vaccine", 5, "12.50", 10, "FL02", "2030-06-30"])
    return path


def test_the_price_column_is_read_per_unit_when_chosen(window, qtbot, tmp_path):
    wizard = wizard_for(window, qtbot, _price_list(tmp_path / "prices.csv"))
    to_preview(qtbot, wizard)
    page = wizard.preview_page
    choice = page.price_choice
    assert choice.isVisible()
    assert "column D (Price) are read as the price of one purchase unit" in choice.reading_label.text()
    assert "the heading does not say which" in choice.reading_label.text()
    assert choice.purchase_unit_button.isChecked() and not choice.unit_button.isChecked()
    # the counts are of items and lots, as the result will count them
    assert "2 items to create (1 with 2 lots)" in page.counts_label.text()
    assert "2 new lots" in page.counts_label.text() and "3 rows" in page.counts_label.text()

    button = choice.unit_button
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(8, button.height() // 2))
    qtbot.waitUntil(
        lambda: wizard.plan is not None and wizard.plan.price.per == "unit" and not wizard.task.running
    )
    assert "the price of one unit of issue, multiplied by the pack size" in choice.reading_label.text()
    assert "as chosen" in choice.reading_label.text() and choice.unit_button.isChecked()
    qtbot.mouseClick(wizard.import_button, Qt.MouseButton.LeftButton)
    wait_step(qtbot, wizard, Step.DONE)
    costs = {sku: catalog.item_detail(catalog.item_id_for(sku)).unit_cost for sku in ("PARA-500", "VAC-FLU")}
    assert costs == {"PARA-500": Decimal("25"), "VAC-FLU": Decimal("125")}
    assert "2 new items" in wizard.result_page.summary_label.text()


def test_only_valid_keeps_the_stock_of_a_row_whose_price_is_not_valid(window, qtbot, tmp_path):
    wizard = wizard_for(window, qtbot, _price_list(tmp_path / "prices.csv", price="25,00 EUR"))
    to_preview(qtbot, wizard)
    page = wizard.preview_page
    action, reason = preview_rows(wizard)[2]
    assert action == "Error" and "Column D (Price)" in reason
    assert "with only the valid rows: imported without its price (new item, opening stock 300)" in reason
    assert "1 of them without their price" in page.only_valid.text()
    assert not wizard.import_button.isEnabled()
    box = page.only_valid
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(6, box.height() // 2))
    assert wizard.import_button.isEnabled()
    qtbot.mouseClick(wizard.import_button, Qt.MouseButton.LeftButton)
    wait_step(qtbot, wizard, Step.DONE)
    item = catalog.item_detail(catalog.item_id_for("PARA-500"))
    assert (item.on_hand, item.unit_cost) == (300, Decimal("0"))
    assert "1 row was imported without its price (not valid); its stock was kept." in (
        wizard.result_page.summary_label.text()
    )
