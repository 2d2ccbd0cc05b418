"""The import wizard driven through its real widgets: the office's workbook in, row by row.

Reading and checking run on the thread pool, so these tests wait for the
wizard's step (qtbot.waitUntil), never sleep. A new file whose headings and
columns are all recognised goes straight to the preview (steps 2 and 3 have
nothing to decide); tests of those steps go Back to them, as a person would. The modal wizard is run through
`drive()` (its exec replaced by the test's own steps on the real dialog);
file dialogs and message boxes are patched at their seams.
"""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QThreadPool, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QComboBox, QFileDialog

from inventory_app.core.catalog import items as catalog
from inventory_app.core.importing.types import PlannedRow, RowAction, RowIssue, SourceRow
from inventory_app.core.stock import queries as stock_queries
from inventory_app.core.types import ItemInput
from inventory_app.documents import importing, xlsx_in
from inventory_app.ui.common import prompts
from inventory_app.ui.importing import wizard as import_wizard
from inventory_app.ui.importing.preview_table import ImportPreviewModel
from inventory_app.ui.importing.sheet_table import ColumnChoice, ColumnMappingModel, SheetRowsModel
from inventory_app.ui.importing.wizard import ImportWizard, Step
from tests.ui.conftest import drive, told

HEADERS = ["Item #", "Description", "Qty", "Min", "Max", "Vendor", "Unit cost"]
ROWS = [
    ["GLV-NIT-M", "Nitrile exam gloves, medium", 14, 6, 20, "Northgate Medical Supply", "$6.45"],
    ["SYR-3ML", "Syringe 3 mL luer lock", "12", 4, 10, "Cascade Clinical", 14.2],
    ["GAU-4X4", "Gauze sponges 4x4", 3, 2, 8, "Northgate Medical Supply", "11.75"],
]


def workbook(path: Path, rows: list[list[object]], headers: list[str] = HEADERS) -> Path:
    """A workbook as an office keeps it: a title and a date above the headings."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Supplies"
    ws.append(["Riverside Family Clinic: supply room"])
    ws.merge_cells("A1:E1")
    ws.append(["Updated", "2026-11-01"])
    ws.append([])
    ws.append(headers)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


@pytest.fixture
def messages(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(prompts, "error", lambda _parent, _title, text: shown.append(text))
    monkeypatch.setattr(prompts, "warn", lambda _parent, _title, text: shown.append(text))
    monkeypatch.setattr(prompts, "inform", lambda _parent, _title, text: shown.append(text))
    return shown


def wizard_for(window, qtbot, path: Path | None = None) -> ImportWizard:
    """The wizard with `path` read: on the sheet step, or on the preview when nothing needed deciding."""
    wizard = ImportWizard(window.events, window.settings, window)
    qtbot.addWidget(wizard)
    wizard.show()
    if path is not None:
        wizard.open_file(str(path))
        qtbot.waitUntil(
            lambda: wizard.step in (Step.SHEET, Step.PREVIEW) and not wizard.task.running, timeout=20000
        )
    return wizard


def wait_step(qtbot, wizard: ImportWizard, step: Step) -> None:
    qtbot.waitUntil(lambda: wizard.step is step and not wizard.task.running, timeout=20000)


def to_preview(qtbot, wizard: ImportWizard) -> None:
    if wizard.step is Step.SHEET:
        qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    if wizard.step is Step.COLUMNS:
        qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    wait_step(qtbot, wizard, Step.PREVIEW)


def back_to(qtbot, wizard: ImportWizard, step: Step) -> None:
    while wizard.step > step:
        qtbot.mouseClick(wizard.back_button, Qt.MouseButton.LeftButton)
    assert wizard.step is step


def preview_rows(wizard: ImportWizard) -> dict[int, tuple[str, str]]:
    model = wizard.preview_page.model
    return {
        int(model.index(r, model.ROW).data()): (
            model.index(r, model.ACTION).data(),
            model.index(r, model.DETAILS).data(),
        )
        for r in range(model.rowCount())
    }


# ---------------------------------------------------------------- the whole way


def test_import_an_office_workbook_into_an_empty_database(window, qtbot, tmp_path, monkeypatch, messages):
    path = workbook(tmp_path / "Supply list.xlsx", ROWS)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a: (str(path), "")))
    seen = []

    def steps(wizard: ImportWizard) -> None:
        seen.append(wizard)
        assert wizard.step is Step.FILE and not wizard.next_button.isEnabled()
        qtbot.mouseClick(wizard.file_page.choose_button, Qt.MouseButton.LeftButton)
        # Headings found and every column recognised: straight to the preview, which says so.
        wait_step(qtbot, wizard, Step.PREVIEW)
        assert wizard.skipped_to_preview
        found = wizard.preview_page.found_label
        assert (
            found.isVisibleTo(wizard) and "Headings on row 4: all 7 columns were recognised" in found.text()
        )
        back_to(qtbot, wizard, Step.SHEET)  # Back still shows the steps passed over
        assert wizard.sheet_page.header_spin.value() == 4  # below the title, the date and a blank row
        assert wizard.sheet_page.header_spin.text() == "4"
        assert "found on row 4" in wizard.sheet_page.info_label.text()
        qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
        fields = wizard.mapping_page.model.fields()
        assert fields == {
            "sku": 0,
            "name": 1,
            "quantity": 2,
            "reorder_point": 3,
            "par_level": 4,
            "supplier": 5,
            "unit_cost": 6,
        }
        qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
        wait_step(qtbot, wizard, Step.PREVIEW)
        assert not wizard.preview_page.found_label.isVisibleTo(wizard)  # the user went through them
        assert wizard.plan is not None and wizard.plan.counts["create"] == 3
        assert "3 items to create" in wizard.preview_page.counts_label.text()
        assert "Cascade Clinical" in wizard.preview_page.notes_label.text()  # a new supplier, listed
        assert not wizard.preview_page.only_valid.isVisibleTo(wizard)
        assert wizard.import_button.isEnabled()
        with told(qtbot, window.events, "catalog", 5000):
            qtbot.mouseClick(wizard.import_button, Qt.MouseButton.LeftButton)
        assert wizard.step is Step.DONE
        assert "3 new items" in wizard.result_page.summary_label.text()
        assert not wizard.cancel_button.isVisibleTo(wizard)
        qtbot.mouseClick(wizard.finish_button, Qt.MouseButton.LeftButton)

    drive(monkeypatch, qtbot, ImportWizard, steps)
    window.import_action.trigger()
    assert seen and seen[0].import_result is not None and seen[0].import_result.created == 3
    assert messages == []
    assert window.pages.currentWidget() is window.inventory_page
    assert {r.sku for r in window.inventory_page.model.rows()} == {"GLV-NIT-M", "SYR-3ML", "GAU-4X4"}
    gloves = catalog.item_detail(catalog.item_id_for("GLV-NIT-M"))
    assert (gloves.on_hand, gloves.reorder_point, gloves.par_level, str(gloves.unit_cost)) == (
        14,
        6,
        20,
        "6.45",
    )
    assert catalog.item_detail(catalog.item_id_for("SYR-3ML")).on_hand == 12
    assert "Imported Supply list.xlsx" in window.statusBar().currentMessage()


def test_welcome_page_button_opens_the_wizard(window, qtbot, monkeypatch):
    seen = drive(monkeypatch, qtbot, ImportWizard, lambda wizard: wizard.reject())
    qtbot.mouseClick(window.welcome_page.import_button, Qt.MouseButton.LeftButton)
    assert len(seen) == 1 and seen[0].step is Step.FILE


def test_a_csv_file_with_semicolons(window, qtbot, tmp_path, messages):
    path = tmp_path / "export.csv"
    path.write_bytes("SKU;Name;Qty\r\nPAP-EXAM;Exam table paper;10\r\n".encode("utf-8-sig"))
    wizard = wizard_for(window, qtbot, path)
    assert wizard.header_row == 1 and not wizard.sheet_page.sheet_combo.isEnabled()
    assert "Headings on row 1: all 3 columns" in wizard.preview_page.found_label.text()
    back_to(qtbot, wizard, Step.SHEET)
    # The field shows the row found, as the sentence beside it says (row 1 is not "none").
    assert wizard.sheet_page.header_spin.text() == "1"
    assert "found on row 1" in wizard.sheet_page.info_label.text()
    to_preview(qtbot, wizard)
    qtbot.mouseClick(wizard.import_button, Qt.MouseButton.LeftButton)
    assert catalog.item_detail(catalog.item_id_for("PAP-EXAM")).on_hand == 10
    assert messages == []


# ---------------------------------------------------------------- errors in rows


def test_error_rows_show_row_and_column_and_import_needs_only_valid(window, qtbot, tmp_path, messages):
    rows = [
        *ROWS,
        ["PAP-TOWEL", "Paper towels", 2.5, 1, 4, "Office Depot", 38],
        ["MASK", "Masks", 10, 6, 3, "", 7],
    ]
    wizard = wizard_for(window, qtbot, workbook(tmp_path / "errors.xlsx", rows))
    to_preview(qtbot, wizard)
    shown = preview_rows(wizard)
    action, reason = shown[8]  # the file's row 8: 4 rows above the data, then the 4th item
    assert action == "Error"
    assert "Column C (Qty)" in reason and "fraction" in reason
    assert shown[9][0] == "Error" and "Column E (Max)" in shown[9][1]
    assert shown[5][0] == "New"
    assert "2 rows with errors" in wizard.preview_page.counts_label.text()

    wizard.preview_page.only_errors.setChecked(True)
    assert sorted(preview_rows(wizard)) == [8, 9]
    wizard.preview_page.only_errors.setChecked(False)
    assert len(preview_rows(wizard)) == 5

    assert not wizard.import_button.isEnabled()  # refused until the user chooses the valid rows
    wizard.import_now()
    assert stock_queries.list_items() == []
    assert wizard.preview_page.only_valid.isVisibleTo(wizard)
    assert "3 to write" in wizard.preview_page.only_valid.text()
    wizard.preview_page.only_valid.setChecked(True)
    assert wizard.import_button.isEnabled()
    qtbot.mouseClick(wizard.import_button, Qt.MouseButton.LeftButton)
    assert wizard.step is Step.DONE
    assert {r.sku for r in stock_queries.list_items()} == {"GLV-NIT-M", "SYR-3ML", "GAU-4X4"}
    assert "2 rows with errors were left out" in wizard.result_page.summary_label.text()
    assert messages == []


# ---------------------------------------------------------------- cancelling


def test_cancel_while_reading_leaves_the_database_unchanged(window, qtbot, tmp_path, monkeypatch, messages):
    started = threading.Event()
    real = importing.read_sheet

    def slow_read(path, sheet=None, *, progress=None, cancelled=None):
        started.set()
        for _ in range(1000):  # hold the worker until the test has pressed Cancel
            if cancelled():
                break
            threading.Event().wait(0.01)
        return real(path, sheet, progress=progress, cancelled=cancelled)

    monkeypatch.setattr(xlsx_in, "CHECK_EVERY", 1)  # the reader looks at Cancel on every row
    monkeypatch.setattr(import_wizard, "read_sheet", slow_read)
    wizard = wizard_for(window, qtbot)
    wizard.open_file(str(workbook(tmp_path / "big.xlsx", ROWS)))
    qtbot.waitUntil(started.is_set, timeout=5000)
    assert wizard.task.running and wizard.progress_bar.isVisible()
    assert "Reading big.xlsx" in wizard.progress_label.text()
    assert not wizard.next_button.isEnabled() and not wizard.back_button.isEnabled()
    qtbot.mouseClick(
        wizard.cancel_button, Qt.MouseButton.LeftButton
    )  # stops the reading; the wizard stays open
    qtbot.waitUntil(lambda: not wizard.task.running, timeout=10000)
    assert wizard.isVisible() and wizard.step is Step.FILE
    assert wizard.sheet is None and not wizard.progress_bar.isVisible()
    assert "Cancelled" in wizard.progress_label.text()
    assert stock_queries.list_items() == [] and messages == []


def test_closing_the_wizard_while_reading_is_safe(window, qtbot, tmp_path, monkeypatch, messages):
    started, finished = threading.Event(), threading.Event()
    real = importing.read_sheet

    def slow_read(path, sheet=None, *, progress=None, cancelled=None):
        started.set()
        try:
            for _ in range(1000):
                if cancelled():
                    break
                threading.Event().wait(0.01)
            return real(path, sheet, progress=progress, cancelled=cancelled)
        finally:
            finished.set()

    monkeypatch.setattr(import_wizard, "read_sheet", slow_read)
    wizard = wizard_for(window, qtbot)
    wizard.open_file(str(workbook(tmp_path / "list.xlsx", ROWS)))
    qtbot.waitUntil(started.is_set, timeout=5000)
    wizard.close()  # the window's close box: the reading is abandoned, not waited for
    assert not wizard.isVisible()
    qtbot.waitUntil(finished.is_set, timeout=10000)
    qtbot.waitUntil(lambda: QThreadPool.globalInstance().activeThreadCount() == 0, timeout=10000)
    assert wizard.sheet is None and messages == []


def test_cancel_while_checking_then_check_again(window, qtbot, tmp_path, monkeypatch, messages):
    started = threading.Event()
    real = import_wizard.plan_import

    def slow_plan(source, *, progress=None, cancelled=None, dates=None, **choices):
        started.set()
        for _ in range(1000):
            if cancelled():
                break
            threading.Event().wait(0.01)
        return real(source, progress=progress, cancelled=cancelled, dates=dates, **choices)

    monkeypatch.setattr(import_wizard, "plan_import", slow_plan)
    wizard = wizard_for(window, qtbot)
    wizard.open_file(str(workbook(tmp_path / "list.xlsx", ROWS)))  # every column recognised: checked at once
    qtbot.waitUntil(started.is_set, timeout=5000)
    assert wizard.task.running and "Checking 3 rows" in wizard.progress_label.text()
    qtbot.mouseClick(wizard.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not wizard.task.running, timeout=10000)
    assert wizard.step is Step.SHEET and wizard.plan is None and wizard.isVisible()
    assert "Cancelled" in wizard.progress_label.text()
    started.clear()
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    assert wizard.step is Step.COLUMNS
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(started.is_set, timeout=5000)
    qtbot.mouseClick(wizard.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not wizard.task.running, timeout=10000)
    assert wizard.step is Step.COLUMNS and wizard.plan is None
    monkeypatch.setattr(import_wizard, "plan_import", real)
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    wait_step(qtbot, wizard, Step.PREVIEW)
    assert wizard.plan is not None and wizard.plan.counts["create"] == 3
    assert stock_queries.list_items() == [] and messages == []


# ---------------------------------------------------------------- refusals


def test_a_renamed_pdf_gives_one_plain_message(window, qtbot, tmp_path, messages):
    path = tmp_path / "catalog.xlsx"
    path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n")
    wizard = wizard_for(window, qtbot)
    wizard.open_file(str(path))
    qtbot.waitUntil(lambda: bool(messages), timeout=10000)
    assert len(messages) == 1
    assert "catalog.xlsx is a PDF document, not a spreadsheet" in messages[0]
    assert "Traceback" not in messages[0]
    assert wizard.step is Step.FILE and wizard.sheet is None and not wizard.next_button.isEnabled()
    assert stock_queries.list_items() == []


def test_a_file_changed_after_the_preview_is_checked_again(window, qtbot, tmp_path, messages):
    path = workbook(tmp_path / "list.xlsx", ROWS)
    wizard = wizard_for(window, qtbot, path)
    to_preview(qtbot, wizard)
    workbook(path, [*ROWS, ["BND-ADH", "Adhesive bandages", 18, 6, 24, "Northgate Medical Supply", 3.1]])
    wizard.stamp = (0, 0)  # as if saved again in Excel after the preview (mtime can be coarse)
    qtbot.mouseClick(wizard.import_button, Qt.MouseButton.LeftButton)
    assert len(messages) == 1 and "was changed after it was checked" in messages[0]
    assert stock_queries.list_items() == []
    wait_step(qtbot, wizard, Step.PREVIEW)
    assert wizard.plan is not None and wizard.plan.counts["create"] == 4  # the file as it is now


def test_inventory_changed_since_the_preview_refuses_then_shows_it_as_it_is(
    window, qtbot, tmp_path, messages
):
    wizard = wizard_for(window, qtbot, workbook(tmp_path / "list.xlsx", ROWS))
    to_preview(qtbot, wizard)
    catalog.create_item(ItemInput(sku="GAU-4X4", name="Gauze sponges 4x4"))  # another workstation
    qtbot.mouseClick(wizard.import_button, Qt.MouseButton.LeftButton)
    assert len(messages) == 1 and "changed since" in messages[0] and "nothing was imported" in messages[0]
    assert "SKU GAU-4X4 was added" in messages[0]
    assert [r.sku for r in stock_queries.list_items()] == ["GAU-4X4"]
    wait_step(qtbot, wizard, Step.PREVIEW)
    assert preview_rows(wizard)[7][0] == "Update"


def test_the_same_file_twice_warns_before_importing_again(window, qtbot, tmp_path, monkeypatch, messages):
    path = workbook(tmp_path / "list.xlsx", ROWS)
    first = wizard_for(window, qtbot, path)
    to_preview(qtbot, first)
    qtbot.mouseClick(first.import_button, Qt.MouseButton.LeftButton)
    first.accept()

    again = wizard_for(window, qtbot, path)
    to_preview(qtbot, again)
    assert again.preview_page.previous_label.isVisibleTo(again)
    assert "imported before" in again.preview_page.previous_label.text()
    assert "nothing to import" in again.preview_page.previous_label.text()
    assert " by " not in again.preview_page.previous_label.text()  # no account: the login is not named
    assert not again.import_button.isEnabled()  # every row unchanged

    item_id = catalog.item_id_for("GAU-4X4")
    from inventory_app.core.stock import movements as stock

    stock.use(item_id, 2)  # used since: importing the old count again would undo it
    qtbot.mouseClick(again.back_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(again.next_button, Qt.MouseButton.LeftButton)
    wait_step(qtbot, again, Step.PREVIEW)
    assert again.import_button.isEnabled()
    assert "undoes any stock used" in again.preview_page.previous_label.text()
    asked: list[str] = []
    monkeypatch.setattr(prompts, "confirm", lambda _p, _t, text, yes="OK": asked.append(text) or False)
    qtbot.mouseClick(again.import_button, Qt.MouseButton.LeftButton)
    assert len(asked) == 1 and again.step is Step.PREVIEW
    assert catalog.item_detail(item_id).on_hand == 1


# ---------------------------------------------------------------- columns


def test_hand_mapping_is_remembered_for_the_next_file_with_the_same_headings(
    window, qtbot, tmp_path, messages
):
    headers = ["Stock code", "Description", "Qty", "Aisle"]
    first = wizard_for(
        window, qtbot, workbook(tmp_path / "march.xlsx", [["A-1", "Gauze", 3, "Room 2"]], headers)
    )
    qtbot.mouseClick(first.next_button, Qt.MouseButton.LeftButton)
    model = first.mapping_page.model
    assert "sku" not in model.fields() and not first.next_button.isEnabled()
    assert "Choose the column that holds the SKU" in first.mapping_page.summary_label.text()
    model.set_field(0, "sku")
    combo = first.mapping_page.table.indexWidget(model.index(3, ColumnMappingModel.FIELD))
    assert isinstance(combo, QComboBox)
    combo.setCurrentIndex(combo.findData("location"))  # the real drop-down, as a user picks
    assert model.fields() == {"sku": 0, "name": 1, "quantity": 2, "location": 3}
    assert first.next_button.isEnabled()
    qtbot.mouseClick(first.next_button, Qt.MouseButton.LeftButton)
    wait_step(qtbot, first, Step.PREVIEW)
    qtbot.mouseClick(first.import_button, Qt.MouseButton.LeftButton)
    assert [(r.sku, r.location) for r in stock_queries.list_items()] == [("A-1", "Room 2")]
    first.accept()

    headers_again = ["stock  CODE", "description", "QTY", "Aisle "]
    second = wizard_for(
        window, qtbot, workbook(tmp_path / "april.xlsx", [["B-2", "Tape", 5, "Room 3"]], headers_again)
    )
    # Mapped by hand last time, so nothing to decide now: straight to the preview.
    assert second.step is Step.PREVIEW and second.skipped_to_preview
    back_to(qtbot, second, Step.COLUMNS)
    model = second.mapping_page.model
    assert model.fields() == {"sku": 0, "name": 1, "quantity": 2, "location": 3}
    assert model.index(0, ColumnMappingModel.NOTE).data() == "As mapped last time"
    assert second.next_button.isEnabled()
    qtbot.mouseClick(
        second.mapping_page.reset_button, Qt.MouseButton.LeftButton
    )  # back to the headings alone
    assert "sku" not in model.fields()


def test_giving_a_field_to_another_column_takes_it_from_the_first(window, qtbot, tmp_path):
    wizard = wizard_for(window, qtbot, workbook(tmp_path / "list.xlsx", ROWS))
    back_to(qtbot, wizard, Step.COLUMNS)
    model = wizard.mapping_page.model
    model.set_field(1, "notes")
    model.set_field(5, "name")  # the Vendor column read as the name
    assert model.fields()["name"] == 5 and "supplier" not in model.fields()
    assert model.index(1, ColumnMappingModel.FIELD).data() == "Notes"
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    wait_step(qtbot, wizard, Step.PREVIEW)
    assert wizard.plan is not None
    assert wizard.plan.source.columns.fields["name"] == 5
    assert wizard.plan.source.columns.fields["notes"] == 1


def test_a_column_without_a_heading_is_mapped_by_its_letter(window, qtbot, tmp_path):
    rows = [["GLV-NIT-M", "Gloves", 14, None, "Supply Room A"]]
    wizard = wizard_for(window, qtbot, workbook(tmp_path / "list.xlsx", rows, ["SKU", "Name", "Qty"]))
    assert wizard.step is Step.SHEET  # values without a heading: someone has to say what they are
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    model = wizard.mapping_page.model
    letters = [c.letter for c in model.choices()]
    assert letters == ["A", "B", "C", "E"]  # E has values but no heading; D has neither
    assert model.index(3, ColumnMappingModel.NOTE).data() == "No heading"
    model.set_field(3, "location")
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    wait_step(qtbot, wizard, Step.PREVIEW)
    qtbot.mouseClick(wizard.import_button, Qt.MouseButton.LeftButton)
    assert [(r.sku, r.location) for r in stock_queries.list_items()] == [("GLV-NIT-M", "Supply Room A")]


def test_choosing_another_header_row(window, qtbot, tmp_path):
    wizard = wizard_for(window, qtbot, workbook(tmp_path / "list.xlsx", ROWS))
    back_to(qtbot, wizard, Step.SHEET)
    page = wizard.sheet_page
    page.table.clicked.emit(page.model.index(page.model.position_of(2), 0))  # the "Updated" row
    assert wizard.header_row == 2 and page.header_spin.value() == 2
    wizard.set_header_row(3)  # blank in the file: refused, the choice stays
    assert wizard.header_row == 2 and "Row 3 is empty" in page.info_label.text()
    page.table.clicked.emit(page.model.index(page.model.position_of(4), 0))
    assert wizard.header_row == 4


# ---------------------------------------------------------------- dropping a file


def _drop_events(path: Path) -> tuple[QDragEnterEvent, QDropEvent, QMimeData]:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    enter = QDragEnterEvent(
        QPoint(50, 50),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    drop = QDropEvent(
        QPointF(50, 50),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    return enter, drop, mime


def test_dropping_a_spreadsheet_on_the_window_opens_the_wizard(window, qtbot, tmp_path, monkeypatch):
    path = workbook(tmp_path / "dropped.xlsx", ROWS)
    steps_seen: list[Step] = []

    def steps(wizard: ImportWizard) -> None:
        wait_step(qtbot, wizard, Step.PREVIEW)  # every column recognised
        steps_seen.append(wizard.step)
        wizard.reject()

    seen = drive(monkeypatch, qtbot, ImportWizard, steps)
    enter, drop, _mime = _drop_events(path)
    window.dragEnterEvent(enter)
    assert enter.isAccepted()
    window.dropEvent(drop)
    qtbot.waitUntil(lambda: bool(steps_seen), timeout=20000)
    assert seen[0].path == path and steps_seen == [Step.PREVIEW]


def test_other_files_are_not_taken(window, tmp_path):
    enter, _drop, _mime = _drop_events(tmp_path / "report.pdf")
    enter.setAccepted(False)
    window.dragEnterEvent(enter)
    assert not enter.isAccepted()


# ---------------------------------------------------------------- table models


def test_preview_model(qtmodeltester) -> None:
    model = ImportPreviewModel()
    issue = RowIssue(6, "C", "quantity", "Quantity cannot be negative (-2).", "Qty")
    model.set_plan_rows(
        [
            PlannedRow(5, "GLV-M", "Gloves", RowAction.CREATE, quantity_change=1200),
            PlannedRow(6, "MASK", "Masks", RowAction.ERROR, issues=(issue,)),
            PlannedRow(7, "GAU", "Gauze", RowAction.UNCHANGED),
            PlannedRow(8, "KIT", "Kits", RowAction.CREATE, quantity_change=3, expires=date(2026, 12, 31)),
            PlannedRow(9, "KIT2", "Kits", RowAction.UPDATE, lot="L7", quantity_change=-2),
            PlannedRow(10, "KIT3", "Kits", RowAction.UPDATE, quantity_change=4, expires=date(2027, 1, 5)),
        ]
    )
    qtmodeltester.check(model)
    assert model.index(0, model.DETAILS).data() == "New item, opening stock 1,200"
    assert (
        model.index(3, model.DETAILS).data()
        == "New item, lot without a number (exp. 2026-12-31), opening stock 3"
    )
    assert model.index(4, model.DETAILS).data() == "lot L7 -2"
    assert model.index(5, model.DETAILS).data() == "lot without a number (exp. 2027-01-05) +4"
    assert model.index(1, model.DETAILS).data() == "Column C (Qty): Quantity cannot be negative (-2)."
    model.set_only_errors(True)
    qtmodeltester.check(model)
    assert model.rowCount() == 1
    model.sort(model.ACTION)
    qtmodeltester.check(model)


def test_sheet_and_mapping_models(qtmodeltester) -> None:
    rows = SheetRowsModel()
    rows.set_rows(
        [SourceRow(1, ("Title",)), SourceRow(3, ("SKU", "Qty", None, "Notes")), SourceRow(4, ("A", 1))], 3
    )
    qtmodeltester.check(rows)
    assert rows.headerData(1, Qt.Orientation.Vertical) == "3"
    assert rows.headerData(3, Qt.Orientation.Horizontal) == "D"
    mapping = ColumnMappingModel()
    mapping.set_choices(
        [
            ColumnChoice(0, "SKU", ("A",), "sku", "sku"),
            ColumnChoice(1, "Qty", ("1",), "quantity", "quantity"),
            ColumnChoice(3, "Notes", (), None, None),
        ]
    )
    qtmodeltester.check(mapping)
    assert mapping.setData(mapping.index(2, mapping.FIELD), "notes")
    assert not mapping.setData(mapping.index(2, mapping.FIELD), "no such field")
    assert mapping.hand_choices() == {3: "notes"}
    qtmodeltester.check(mapping)


def test_choosing_another_sheet(window, qtbot, tmp_path, messages):
    wb = openpyxl.Workbook()
    wb.active.title = "Read me"
    wb.active.append(["This workbook lists the supplies on the second sheet."])
    items = wb.create_sheet("Items")
    items.append(["SKU", "Name", "On hand"])
    items.append(["TAPE-1", "Paper tape 1 in", 12])
    wb.create_sheet("Empty")
    path = tmp_path / "sheets.xlsx"
    wb.save(path)
    wizard = wizard_for(window, qtbot, path)
    page = wizard.sheet_page
    assert page.sheet_combo.isEnabled() and wizard.header_row is None
    assert page.header_spin.text() == "none"
    assert "No row of column headings" in page.info_label.text() and not wizard.next_button.isEnabled()
    page.sheet_chosen.emit("Empty")
    wait_step(qtbot, wizard, Step.SHEET)
    assert "“Empty” is empty" in page.info_label.text()
    page.sheet_chosen.emit("Items")
    qtbot.waitUntil(lambda: wizard.header_row == 1, timeout=20000)
    assert page.sheet_combo.currentText() == "Items"
    to_preview(qtbot, wizard)
    qtbot.mouseClick(wizard.import_button, Qt.MouseButton.LeftButton)
    assert catalog.item_detail(catalog.item_id_for("TAPE-1")).on_hand == 12
    assert messages == []


def test_an_earlier_import_names_the_account_that_made_it(office_accounts) -> None:
    from types import SimpleNamespace

    from inventory_app.core.importing.types import PreviousImport
    from inventory_app.ui.importing.steps import previous_text

    plan = SimpleNamespace(changes_anything=False)
    by_ana = previous_text(plan, PreviousImport("list.xlsx", "2026-03-02 09:00:00", "Ana"))  # type: ignore[arg-type]
    by_login = previous_text(plan, PreviousImport("list.xlsx", "2026-03-02 09:00:00", "root"))  # type: ignore[arg-type]
    assert " by Ana, and the inventory still matches it" in by_ana
    assert " by " not in by_login and "root" not in by_login
