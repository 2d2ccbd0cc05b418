"""The blank import template: expected headers, an example row, drop-down lists from the inventory."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from peewee import Database

from inventory_app.core.catalog import items as catalog
from inventory_app.core.importing.apply import apply_import
from inventory_app.core.importing.columns import FIELD_HEADERS, FIELDS
from inventory_app.core.importing.plan import plan_import
from inventory_app.core.types import ItemInput
from inventory_app.documents.importing import read_import
from inventory_app.documents.template import write_template
from inventory_app.errors import InventoryError


def _template(tmp_path: Path) -> Path:
    catalog.save_category("Gloves")
    catalog.save_category("=Vaccines")
    catalog.save_location("Vaccine fridge")
    catalog.create_item(ItemInput(sku="A1", name="x", unit="vial"))
    path = tmp_path / "template.xlsx"
    write_template(path)
    return path


def test_headers_example_row_and_lists(sqlite_db: Database, tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(_template(tmp_path))
    ws = wb["Items"]
    assert [c.value for c in ws[1]] == [FIELD_HEADERS[f] for f in FIELDS]
    assert all(c.font.b for c in ws[1]) and ws.freeze_panes == "A2"
    example = {FIELDS[i]: c.value for i, c in enumerate(ws[2])}
    assert example["sku"] == "EXAMPLE-1" and example["unit_cost"] == 6.45 and example["quantity"] == 14
    assert ws.max_row == 2
    lists = wb["Lists"]
    assert lists.sheet_state == "hidden"
    columns = {lists.cell(row=1, column=c).value: c for c in range(1, lists.max_column + 1)}

    def choices(header: str) -> list[str]:
        column = columns[header]
        values = [lists.cell(row=r, column=column).value for r in range(2, lists.max_row + 1)]
        return [v for v in values if v is not None]

    assert choices("Category") == ["=Vaccines", "Gloves"]
    assert lists.cell(row=2, column=columns["Category"]).data_type == "s"  # a name, not a formula
    assert "vial" in choices("Unit") and "box" in choices("Unit")
    assert choices("Location") == ["Vaccine fridge"]
    validations = {str(dv.sqref): dv.formula1 for dv in ws.data_validations.dataValidation}
    letter = {f: openpyxl.utils.get_column_letter(FIELDS.index(f) + 1) for f in FIELDS}
    assert validations[f"{letter['category']}2:{letter['category']}2000"] == "Lists!$A$2:$A$3"
    assert validations[f"{letter['location']}2:{letter['location']}2000"] == "Lists!$C$2:$C$2"
    assert f"{letter['unit']}2:{letter['unit']}2000" in validations
    assert f"{letter['tracks_expiry']}2:{letter['tracks_expiry']}2000" in validations


def test_the_template_as_it_is_imports_nothing_and_says_why(sqlite_db: Database, tmp_path: Path) -> None:
    plan = plan_import(read_import(_template(tmp_path)))
    assert plan.rows == () and not plan.changes_anything
    assert [s.reason for s in plan.skipped] == ["the template's example row skipped"]


def test_a_filled_in_template_imports(sqlite_db: Database, tmp_path: Path) -> None:
    path = _template(tmp_path)
    wb = openpyxl.load_workbook(path)
    row = ["GZ-44", "Gauze", "Wound care", "Room B", "pack", "case", 12, "Cascade", "C-1", 3.1, 2, 8, "no"]
    wb["Items"].append([*row, None, None, 5])
    wb.save(path)
    result = apply_import(plan_import(read_import(path)))
    assert (result.created, result.movements, result.new_categories) == (1, 1, 1)
    assert catalog.item_detail(catalog.item_id_for("GZ-44")).units_per_purchase_unit == 12


def test_the_template_is_an_xlsx(sqlite_db: Database, tmp_path: Path) -> None:
    with pytest.raises(InventoryError, match="name it .xlsx"):
        write_template(tmp_path / "template.csv")
