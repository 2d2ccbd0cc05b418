"""File ▸ Export on the demo clinic: each export asks for a file, writes it in the background,
says where in the status bar, and the file is read back to check what is in it."""

from __future__ import annotations

import csv
from datetime import date, datetime, timedelta
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from inventory_app.core.catalog import items as catalog
from inventory_app.core.stock import queries as stock_queries
from inventory_app.core.types import Status
from inventory_app.ui.common import prompts
from inventory_app.ui.common.date_range_dialog import DateRangeDialog, preset_ranges
from inventory_app.ui.importing.export_menu import CSV_FILTER, XLSX_FILTER
from inventory_app.ui.importing.wizard import ImportWizard
from tests.ui import conftest as ui
from tests.ui.conftest import drive, type_date

TODAY = date.today().isoformat()


def save_as(
    monkeypatch: pytest.MonkeyPatch, path: Path, selected: str = XLSX_FILTER
) -> list[tuple[str, str]]:
    """Answer the save dialog with `path` and `selected` filter; returns (title, proposed path) asked."""
    asked: list[tuple[str, str]] = []

    def fake(_parent, title, start, _filters):
        asked.append((title, start))
        return str(path), selected

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake))
    return asked


def sheet_rows(path: Path) -> list[tuple[object, ...]]:
    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        return [tuple(r) for r in wb.worksheets[0].iter_rows(values_only=True)]
    finally:
        wb.close()


def by_sku(rows: list[tuple[object, ...]]) -> dict[object, dict[object, object]]:
    header = rows[0]
    return {r[header.index("SKU")]: dict(zip(header, r, strict=False)) for r in rows[1:]}


def run(qtbot, window, key: str) -> None:
    menu = window.export_menu
    with qtbot.waitSignal(menu.exported, timeout=30000):
        menu.actions[key].trigger()
    assert not menu.task.running and menu.actions[key].isEnabled()


def test_file_menu_holds_import_and_the_exports(window) -> None:
    texts = [a.text() for a in window.export_menu.menu.actions() if not a.isSeparator()]
    assert texts == [
        "&Inventory…",
        "&Needs reorder…",
        "&Movements…",
        "&Lots with expiry…",
        "Download import &template…",
    ]
    file_menu = window.menuBar().actions()[0].menu()
    assert window.import_action in file_menu.actions()
    assert window.export_menu.menu.menuAction() in file_menu.actions()


def test_inventory_export_writes_a_workbook(demo_window, qtbot, tmp_path, monkeypatch):
    path = tmp_path / "inventory.xlsx"
    asked = save_as(monkeypatch, path)
    run(qtbot, demo_window, "inventory")
    assert Path(asked[0][1]).name == f"Inventory {TODAY}.xlsx"
    rows = by_sku(sheet_rows(path))
    gloves = catalog.item_detail(catalog.item_id_for("GLV-NIT-L"))
    assert rows["GLV-NIT-L"]["Name"] == gloves.name
    assert rows["GLV-NIT-L"]["On hand"] == gloves.on_hand
    assert str(path) in demo_window.statusBar().currentMessage()


def test_the_chosen_filter_decides_csv(demo_window, qtbot, tmp_path, monkeypatch):
    save_as(monkeypatch, tmp_path / f"Inventory {TODAY}.xlsx", CSV_FILTER)
    run(qtbot, demo_window, "inventory")
    written = tmp_path / f"Inventory {TODAY}.csv"
    assert written.read_bytes().startswith(b"\xef\xbb\xbf")  # BOM, so Excel reads UTF-8
    with written.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    gloves = next(r for r in rows if r["SKU"] == "GLV-NIT-L")
    assert int(gloves["On hand"]) == catalog.item_detail(catalog.item_id_for("GLV-NIT-L")).on_hand
    assert not (tmp_path / f"Inventory {TODAY}.xlsx").exists()


def test_needs_reorder_export(demo_window, qtbot, tmp_path, monkeypatch):
    path = tmp_path / "reorder.xlsx"
    asked = save_as(monkeypatch, path)
    run(qtbot, demo_window, "low-stock")
    assert Path(asked[0][1]).name == f"Needs reorder {TODAY}.xlsx"
    rows = by_sku(sheet_rows(path))
    out = next(r for r in stock_queries.list_items() if r.status is Status.OUT)
    assert rows[out.sku]["On hand"] == 0
    ok = next(r for r in stock_queries.list_items() if r.status is Status.OK)
    assert ok.sku not in rows


def test_movements_export_asks_for_a_period(demo_window, qtbot, tmp_path, monkeypatch):
    path = tmp_path / "movements.xlsx"
    asked = save_as(monkeypatch, path)
    names = [name for name, _s, _e in preset_ranges(date.today())]

    def choose(dialog: DateRangeDialog) -> None:
        dialog.preset.setCurrentIndex(names.index("Last 30 days"))
        dialog.ok_button.click()

    drive(monkeypatch, qtbot, DateRangeDialog, choose)
    run(qtbot, demo_window, "movements")
    start = date.fromordinal(date.today().toordinal() - 29)
    assert Path(asked[0][1]).name == f"Movements {start.isoformat()} to {TODAY}.xlsx"
    rows = sheet_rows(path)
    assert rows[0][:3] == ("#", "When", "SKU") and len(rows) > 1
    whens = [r[1] for r in rows[1:]]
    assert all(isinstance(w, datetime) and start <= w.date() <= date.today() for w in whens)


def test_cancelling_the_period_asks_nothing_more(demo_window, qtbot, monkeypatch, tmp_path):
    asked = save_as(monkeypatch, tmp_path / "m.xlsx")
    drive(monkeypatch, qtbot, DateRangeDialog, lambda dialog: dialog.reject())
    demo_window.export_menu.actions["movements"].trigger()
    assert asked == [] and not demo_window.export_menu.task.running


def test_lots_export(demo_window, qtbot, tmp_path, monkeypatch):
    path = tmp_path / "lots.csv"
    asked = save_as(monkeypatch, path, CSV_FILTER)
    run(qtbot, demo_window, "lots")
    assert Path(asked[0][1]).name == f"Lots with expiry {TODAY}.xlsx"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    lots = stock_queries.lots(catalog.item_id_for("VAC-FLU-Q"))
    held = {lot.lot_number for lot in lots if lot.quantity > 0}
    assert held and held <= {r["Lot"] for r in rows if r["SKU"] == "VAC-FLU-Q"}


def test_import_template(demo_window, qtbot, tmp_path, monkeypatch):
    path = tmp_path / "template"  # no extension typed: .xlsx is added
    asked = save_as(monkeypatch, path, "")
    run(qtbot, demo_window, "template")
    assert Path(asked[0][1]).name == "Import template.xlsx"
    header = sheet_rows(tmp_path / "template.xlsx")[0]
    assert header[:2] == ("SKU", "Name") and "On hand" in header


def test_the_wizard_saves_the_template_too(window, qtbot, tmp_path, monkeypatch):
    save_as(monkeypatch, tmp_path / "blank.xlsx")
    wizard = ImportWizard(window.events, window.settings, window)
    qtbot.addWidget(wizard)
    wizard.file_page.template_button.click()
    assert sheet_rows(tmp_path / "blank.xlsx")[0][0] == "SKU"
    assert "blank.xlsx" in window.statusBar().currentMessage()


def test_a_failed_export_shows_the_core_message(demo_window, qtbot, tmp_path, monkeypatch):
    missing = tmp_path / "no such folder" / "inventory.xlsx"
    save_as(monkeypatch, missing)
    shown: list[str] = []
    monkeypatch.setattr(prompts, "error", lambda _p, _t, text: shown.append(text))
    menu = demo_window.export_menu
    with qtbot.waitSignal(menu.failed, timeout=30000):
        menu.actions["inventory"].trigger()
    assert len(shown) == 1 and "does not exist" in shown[0] and "Traceback" not in shown[0]
    assert not missing.exists() and menu.actions["inventory"].isEnabled()


def test_date_range_presets_and_a_reversed_range(qtbot) -> None:
    today = date(2026, 11, 27)
    ranges = {name: (start, end) for name, start, end in preset_ranges(today)}
    assert ranges["Last month"] == (date(2026, 10, 1), date(2026, 10, 31))
    assert ranges["This quarter"] == (date(2026, 10, 1), today)
    assert ranges["Last quarter"] == (date(2026, 7, 1), date(2026, 9, 30))
    dialog = DateRangeDialog("Export movements", today)
    qtbot.addWidget(dialog)
    dialog.show()
    ui.active(qtbot, dialog)
    assert dialog.chosen() == (date(2026, 11, 1), today)  # this month
    type_date(qtbot, dialog.start, "2026-11-28")  # Enter does not export a reversed period
    assert dialog.isVisible() and dialog.result() != DateRangeDialog.DialogCode.Accepted
    assert not dialog.ok_button.isEnabled() and dialog.error.text() == "The first day is after the last day."
    assert dialog.preset.currentText() == "Other dates"
    type_date(qtbot, dialog.start, "10/2026", enter=False)  # a month: its last day
    assert dialog.chosen() == (date(2026, 10, 31), today) and dialog.ok_button.isEnabled()
    assert dialog.error.text() == ""


def test_movements_for_a_typed_period_a_day_and_a_month(demo_window, qtbot, tmp_path, monkeypatch):
    """The period typed as a day (2027-06-30) and as a month (06/2027, its last day); a text that
    is not a date is refused in the dialog, and Enter exports only once the period reads."""
    path = tmp_path / "movements.xlsx"
    asked = save_as(monkeypatch, path)
    today = date.today()
    start = today - timedelta(days=29)
    month_end = (today.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)

    def choose(dialog: DateRangeDialog) -> None:
        type_date(qtbot, dialog.start, start.isoformat(), enter=False)
        type_date(qtbot, dialog.end, f"{today.year}-13-01")  # Enter: refused, nothing exported
        assert dialog.isVisible() and not dialog.ok_button.isEnabled()
        assert dialog.error.text() == "To: there is no month 13."
        assert dialog.end.reading.text() == "not a date yet"
        type_date(qtbot, dialog.end, f"{today:%m/%Y}")  # Enter presses Export
        assert not dialog.isVisible()

    dialogs = ui.drive(monkeypatch, qtbot, DateRangeDialog, choose)
    run(qtbot, demo_window, "movements")
    assert [d.result() for d in dialogs] == [DateRangeDialog.DialogCode.Accepted]
    assert Path(asked[0][1]).name == f"Movements {start.isoformat()} to {month_end.isoformat()}.xlsx"
    rows = sheet_rows(path)
    assert rows[0][:3] == ("#", "When", "SKU") and len(rows) > 1
    whens = [r[1].date() for r in rows[1:]]
    assert min(whens) >= start and max(whens) <= month_end


def test_a_text_that_is_not_a_date_keeps_the_dialog_open(qtbot) -> None:
    dialog = DateRangeDialog("Export movements", date(2026, 11, 27))
    qtbot.addWidget(dialog)
    dialog.show()
    ui.active(qtbot, dialog)
    type_date(qtbot, dialog.start, "yesterday")
    assert dialog.isVisible() and dialog.error.text() == "From: “yesterday” is not a month."
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)  # disabled: nothing happens
    assert dialog.isVisible() and dialog.result() != DateRangeDialog.DialogCode.Accepted
    type_date(qtbot, dialog.start, "")
    assert dialog.error.text() == "From: no date was entered." and not dialog.ok_button.isEnabled()
