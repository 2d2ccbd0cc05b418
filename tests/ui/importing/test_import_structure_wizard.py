"""The wizard on real lists' shapes: the preview says which column became each field and a
guess can be changed on the columns step; a formulary without codes gets SKUs made from the
names when the box is ticked, with the categories of its heading rows."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QComboBox

from inventory_app.core.catalog import items as catalog
from inventory_app.core.stock import queries as stock_queries
from inventory_app.ui.common import prompts
from inventory_app.ui.importing.sheet_table import ColumnMappingModel
from inventory_app.ui.importing.wizard import Step
from tests.ui.conftest import choose_in_combo
from tests.ui.importing.test_import_wizard import back_to, preview_rows, to_preview, wait_step, wizard_for


@pytest.fixture(autouse=True)
def _no_message_boxes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    for name in ("error", "warn", "inform"):
        monkeypatch.setattr(prompts, name, lambda _parent, _title, text: shown.append(text))
    return shown


def _workbook(path: Path, rows: list[list[object]]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Products"
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def _product_list(path: Path) -> Path:
    return _workbook(
        path,
        [
            ["Product master — exported 2025-04-30"],
            [],
            ["code", "description", "dosage form", "fullproductname", "Physical QOH"],
            ["C100", "Product description goes here.", "tablet", "Paracetamol 500mg tablets", 1000],
            ["C200", "Product description goes here.", "ampoule", "Oxytocin 10IU/ml injection", 40],
        ],
    )


def test_the_preview_says_name_from_which_column_and_the_guess_can_be_changed(window, qtbot, tmp_path):
    wizard = wizard_for(window, qtbot, _product_list(tmp_path / "products.xlsx"))
    to_preview(qtbot, wizard)
    shown = wizard.preview_page.columns_label.text()
    assert "Name ← column D (fullproductname)" in shown
    assert "Notes ← column B (description): a description; the name is column D" in shown
    assert "On hand ← column E (Physical QOH)" in shown
    assert wizard.preview_page.columns_label.isVisible()

    # Back on the columns step, the description is chosen as the name in its drop-down.
    back_to(qtbot, wizard, Step.COLUMNS)
    model = wizard.mapping_page.model
    combo = wizard.mapping_page.table.indexWidget(model.index(1, ColumnMappingModel.FIELD))
    assert isinstance(combo, QComboBox)
    choose_in_combo(qtbot, combo, combo.itemText(combo.findData("name")))
    assert model.fields()["name"] == 1 and "notes" not in model.fields()
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    wait_step(qtbot, wizard, Step.PREVIEW)
    assert "Name ← column B (description), mapped by hand" in wizard.preview_page.columns_label.text()
    qtbot.mouseClick(wizard.import_button, Qt.MouseButton.LeftButton)
    assert {r.sku: r.name for r in stock_queries.list_items()} == {
        "C100": "Product description goes here.",
        "C200": "Product description goes here.",
    }


def _formulary(path: Path) -> Path:
    return _workbook(
        path,
        [
            ["ORTHO & FIRST AID FORMULARY"],
            ["Description of item", "UOM", "Min qty"],
            ["BRACING"],
            ["Wrist brace, small", "each", 2],
            ["Knee immobilizer", "each", 1],
            ["FIRST-AID/GEN MED"],
            ["Gauze 4x4 sterile", "pack", 10],
        ],
    )


def test_a_formulary_without_codes_is_imported_with_skus_made_from_the_names(window, qtbot, tmp_path):
    wizard = wizard_for(window, qtbot, _formulary(tmp_path / "formulary.xlsx"))
    assert wizard.step is Step.SHEET  # no SKU column: someone has to decide
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    page = wizard.mapping_page
    assert wizard.step is Step.COLUMNS and not wizard.next_button.isEnabled()
    box = page.make_skus  # clicked on its box, as a person would
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(6, box.height() // 2))
    assert page.make_skus.isChecked() and wizard.next_button.isEnabled()
    assert "made from the names in column A" in page.summary_label.text()
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    wait_step(qtbot, wizard, Step.PREVIEW)
    preview = wizard.preview_page
    assert "SKU ← made from the names in column A (Description of item)" in preview.columns_label.text()
    model = preview.model
    skus = {
        int(model.index(r, model.ROW).data()): model.index(r, model.SKU).data()
        for r in range(model.rowCount())
    }
    assert skus == {4: "WRIST-BRACE-SMALL", 5: "KNEE-IMMOBILIZER", 7: "GAUZE-4X4-STERILE"}
    rows = preview_rows(wizard)
    assert rows[7] == ("New", "New item, category FIRST-AID/GEN MED (from the heading row above)")
    assert "row 3 (category heading “BRACING” for the rows below)" in preview.notes_label.text()
    qtbot.mouseClick(wizard.import_button, Qt.MouseButton.LeftButton)
    wait_step(qtbot, wizard, Step.DONE)
    assert "3 new items" in wizard.result_page.summary_label.text()
    item = catalog.item_detail(catalog.item_id_for("WRIST-BRACE-SMALL"))
    assert (item.name, item.reorder_point) == ("Wrist brace, small", 2)
    assert item.category_id == catalog.category_id_for("BRACING", create=False)
