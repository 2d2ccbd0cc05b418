"""How many inputs a person needs to import a workbook whose headings are all recognised, and
where Enter goes on each step of the wizard. Real key and mouse events throughout: keys go to
whatever has the focus, as a keyboard sends them; the drop is a QDropEvent on the main window
(Qt has no other way in for a drag from outside); the file dialog is patched at its seam."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import QCoreApplication, QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QComboBox, QFileDialog, QWidget

from inventory_app.core.catalog import items as catalog
from inventory_app.core.stock import queries as stock_queries
from inventory_app.ui.common import prompts
from inventory_app.ui.importing.sheet_table import ColumnMappingModel
from inventory_app.ui.importing.wizard import ImportWizard, Step
from inventory_app.ui.shell.main_window import MainWindow
from tests.ui.conftest import drive

DROP_LIMIT = 5  # the drop, then Enter (Import), Enter (Done)
MENU_LIMIT = 6  # Ctrl+I, the file, then the rest

HEADERS = [
    "Item #",
    "Description",
    "Category",
    "Location",
    "Qty on hand",
    "Min",
    "Par",
    "Vendor",
    "Unit cost",
]
ROWS = [
    ["GLV-NIT-M", "Nitrile exam gloves, medium", "Gloves", "Supply Room A", 14, 6, 20, "Northgate", 6.45],
    ["SYR-3ML", "Syringe 3 mL luer lock", "Syringes", "Supply Room A", 120, 40, 200, "Cascade", 0.21],
    ["GAU-4X4", "Gauze sponges 4x4", "Wound care", "Exam 2", 3, 2, 8, "Northgate", 11.75],
    ["PAP-EXAM", "Exam table paper 21 in", "Paper", "Closet", 9, 4, 12, "Office Depot", 38],
]


def office_workbook(path: Path, headers: list[str] = HEADERS) -> Path:
    """The supply list as an office keeps it: a title row and a blank row above the headings."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Supply list"
    ws.append(["Riverside Family Clinic: supply room, counted 3 November"])
    ws.append([])
    ws.append(headers)
    for row in ROWS:
        ws.append(row[: len(headers)])
    wb.save(path)
    return path


class Inputs:
    """The person's inputs, counted as they are sent."""

    def __init__(self, qtbot) -> None:
        self.qtbot = qtbot
        self.log: list[str] = []

    def focus(self) -> QWidget:
        widget = QApplication.focusWidget()
        assert widget is not None, "nothing has the keyboard focus"
        return widget

    def key(self, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
        self.log.append(f"key {key.name}" + (f"+{modifier.name}" if modifier.value else ""))
        self.qtbot.keyClick(self.focus(), key, modifier)

    def drop(self, window: MainWindow, path: Path) -> None:
        self.log.append(f"drop {path.name}")
        mime = QMimeData()
        mime.setUrls([QUrl.fromLocalFile(str(path))])
        buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
        enter = QDragEnterEvent(QPoint(400, 300), Qt.DropAction.CopyAction, mime, buttons, mods)
        QCoreApplication.sendEvent(window, enter)
        assert enter.isAccepted()
        drop = QDropEvent(QPointF(400, 300), Qt.DropAction.CopyAction, mime, buttons, mods)
        QCoreApplication.sendEvent(window, drop)
        assert drop.isAccepted()


@pytest.fixture
def active_window(window: MainWindow, qtbot, monkeypatch) -> MainWindow:
    for name in ("error", "warn", "inform"):
        monkeypatch.setattr(prompts, name, lambda _p, _t, text: pytest.fail(f"message shown: {text}"))
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def active(qtbot, wizard: ImportWizard) -> None:
    wizard.activateWindow()
    qtbot.waitUntil(wizard.isActiveWindow)


def wait_step(qtbot, wizard: ImportWizard, step: Step) -> None:
    qtbot.waitUntil(lambda: wizard.step is step and not wizard.task.running, timeout=20000)


def enter_to_import_and_done(qtbot, inputs: Inputs, wizard: ImportWizard) -> None:
    wait_step(qtbot, wizard, Step.PREVIEW)
    assert wizard.skipped_to_preview and wizard.plan is not None and wizard.plan.counts["create"] == 4
    inputs.key(Qt.Key.Key_Return)  # Import
    assert wizard.step is Step.DONE
    inputs.key(Qt.Key.Key_Return)  # Done
    assert not wizard.isVisible()


def imported_as_in_the_file() -> None:
    assert {r.sku for r in stock_queries.list_items()} == {r[0] for r in ROWS}
    gloves = catalog.item_detail(catalog.item_id_for("GLV-NIT-M"))
    assert (gloves.on_hand, gloves.reorder_point, gloves.par_level, str(gloves.unit_cost)) == (
        14,
        6,
        20,
        "6.45",
    )


def test_a_dropped_workbook_is_imported_in_three_inputs(active_window, qtbot, tmp_path, monkeypatch):
    path = office_workbook(tmp_path / "Supply list.xlsx")
    inputs = Inputs(qtbot)

    def steps(wizard: ImportWizard) -> None:
        active(qtbot, wizard)
        enter_to_import_and_done(qtbot, inputs, wizard)

    seen = drive(monkeypatch, qtbot, ImportWizard, steps)
    inputs.drop(active_window, path)
    qtbot.waitUntil(lambda: bool(seen) and not seen[0].isVisible(), timeout=20000)
    print(f"\ndropped workbook imported in {len(inputs.log)} inputs: {inputs.log}")
    assert seen[0].import_result is not None and seen[0].import_result.created == 4
    imported_as_in_the_file()
    assert active_window.pages.currentWidget() is active_window.inventory_page
    assert len(inputs.log) <= DROP_LIMIT


def test_a_workbook_from_the_menu_is_imported_in_five_inputs(active_window, qtbot, tmp_path, monkeypatch):
    path = office_workbook(tmp_path / "Supply list.xlsx")
    inputs = Inputs(qtbot)

    def choose(*_args: object) -> tuple[str, str]:
        inputs.log.append(f"file dialog: {path.name}")  # one choice in the real dialog
        return str(path), ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(choose))

    def steps(wizard: ImportWizard) -> None:
        active(qtbot, wizard)
        assert wizard.step is Step.FILE
        inputs.key(Qt.Key.Key_Return)  # "Choose a file…", the first step's main button
        enter_to_import_and_done(qtbot, inputs, wizard)

    seen = drive(monkeypatch, qtbot, ImportWizard, steps)
    inputs.key(Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    assert len(seen) == 1
    print(f"\nworkbook imported from the menu in {len(inputs.log)} inputs: {inputs.log}")
    imported_as_in_the_file()
    assert len(inputs.log) <= MENU_LIMIT


def tab_to(inputs: Inputs, widget: QWidget) -> None:
    """Press Tab until `widget` has the focus, as a keyboard user reaches it."""
    for _ in range(60):
        if widget.hasFocus():
            return
        inputs.key(Qt.Key.Key_Tab)
    pytest.fail(f"Tab never reaches {widget!r}")


def test_enter_presses_the_main_button_on_every_step_never_cancel(
    active_window, qtbot, tmp_path, monkeypatch
):
    # One heading nobody recognises ("Shelf life"), so the sheet and columns steps are shown.
    path = office_workbook(tmp_path / "list.xlsx", [*HEADERS, "Shelf life"])
    inputs = Inputs(qtbot)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *_a: (str(path), "")))

    def steps(wizard: ImportWizard) -> None:
        active(qtbot, wizard)
        inputs.key(Qt.Key.Key_Return)  # Choose a file…
        wait_step(qtbot, wizard, Step.SHEET)
        assert not wizard.skipped_to_preview and wizard.header_row == 3
        tab_to(inputs, wizard.cancel_button)
        inputs.key(Qt.Key.Key_Return)
        assert wizard.isVisible() and wizard.step is Step.COLUMNS
        combo = wizard.mapping_page.table.indexWidget(
            wizard.mapping_page.model.index(9, ColumnMappingModel.FIELD)
        )
        assert isinstance(combo, QComboBox)
        tab_to(inputs, combo)
        inputs.key(Qt.Key.Key_Return)
        wait_step(qtbot, wizard, Step.PREVIEW)
        assert wizard.isVisible()
        tab_to(inputs, wizard.cancel_button)
        inputs.key(Qt.Key.Key_Return)
        assert wizard.step is Step.DONE
        assert wizard.finish_button.hasFocus()
        inputs.key(Qt.Key.Key_Return)
        assert not wizard.isVisible() and wizard.result() == ImportWizard.DialogCode.Accepted

    seen = drive(monkeypatch, qtbot, ImportWizard, steps)
    active_window.import_action.trigger()
    assert seen and seen[0].import_result is not None and seen[0].import_result.created == 4
    imported_as_in_the_file()
