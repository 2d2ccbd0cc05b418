"""The Counts page: start, type counts (Enter moves down), scan to a line, review, post or abandon."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit
from pytestqt.modeltest import ModelTester

from inventory_app.core.catalog import items as catalog
from inventory_app.core.settings import office_settings, save_office_settings
from inventory_app.core.shelf import counts
from inventory_app.core.shelf.count_types import CountStatus
from inventory_app.core.wording import counted
from inventory_app.ui.common import prompts
from inventory_app.ui.shelf.count_line_table import CountLineTableModel
from inventory_app.ui.shell.main_window import NAV_COUNTS


def start_location_count(window, location: str = "Supply Room A"):
    window.nav.setCurrentRow(NAV_COUNTS)
    page = window.counts_page
    assert window.pages.currentWidget() is page
    page.scope.setCurrentIndex(page.scope.findData("location"))
    page.which.setCurrentIndex(page.which.findText(location))
    page.start_button.click()
    assert page.detail is not None and page.model.rowCount() > 2
    return page


def editor_of(page):
    editors = [e for e in page.table.findChildren(QLineEdit) if e.isVisible()]
    assert len(editors) == 1
    return editors[0]


def type_count(page, qtbot, position: int, text: str) -> None:
    page.edit_line(position)
    editor = editor_of(page)
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)


def plain_line(page) -> int:
    """A line without lots (an item that does not track expiry)."""
    return next(i for i, r in enumerate(page.model.rows()) if not r.tracks_expiry)


def test_enter_review_post_changes_stock(demo_window, qtbot, monkeypatch):
    save_office_settings(replace(office_settings(), currency_symbol="€"))
    page = start_location_count(demo_window)
    assert all(page.table.isColumnHidden(c) for c in CountLineTableModel.REVIEW_ONLY)  # blind
    first = plain_line(page)
    line = page.model.row_at(first)
    type_count(page, qtbot, first, str(line.expected + 3))
    # Enter saved the count and moved to the next line, ready to type.
    qtbot.waitUntil(lambda: page.table.currentIndex().row() == first + 1 and bool(editor_of(page)))
    assert counts.count_detail(page.detail.summary.id).lines[first].counted == line.expected + 3
    page.review_button.setChecked(True)
    assert not page.table.isColumnHidden(CountLineTableModel.DIFFERENCE)
    assert page.model.index(first, CountLineTableModel.DIFFERENCE).data() == "+3"
    worth = page.model.row_at(first).value
    assert worth > 0 and page.model.index(first, CountLineTableModel.VALUE).data() == f"+€{worth:,.2f}"
    assert f"· 1 difference, net value +€{worth:,.2f}" in page.heading.text()
    assert f"1 of {counted(page.model.rowCount(), 'line')} counted" in page.heading.text()
    assert " by " not in page.heading.text()  # nobody signed in: the login recorded is not shown
    asked = []
    monkeypatch.setattr(prompts, "confirm", lambda _p, _t, text, yes="OK": asked.append(text) or True)
    monkeypatch.setattr(prompts, "inform", lambda *_a: None)
    before = catalog.item_detail(line.item_id).on_hand
    qtbot.mouseClick(page.post_button, Qt.MouseButton.LeftButton)
    assert f"1 line differs (net value +€{worth:,.2f})" in asked[0]
    assert catalog.item_detail(line.item_id).on_hand == before + 3
    assert not page.count_area.isVisible()
    assert counts.list_counts(CountStatus.OPEN) == []


def test_save_continue_and_abandon_changes_nothing(demo_window, qtbot, monkeypatch):
    page = start_location_count(demo_window)
    first = plain_line(page)
    line = page.model.row_at(first)
    type_count(page, qtbot, first, "0")
    page.close_button.click()
    assert not page.count_area.isVisible()
    page.refresh()
    assert page.open_counts.count() == 1 and "1 of" in page.open_counts.itemText(0)
    page.continue_button.click()
    assert page.model.row_at(first).counted == 0
    monkeypatch.setattr(prompts, "confirm", lambda *_a, **_k: True)
    before = catalog.item_detail(line.item_id).on_hand
    qtbot.mouseClick(page.abandon_button, Qt.MouseButton.LeftButton)
    assert catalog.item_detail(line.item_id).on_hand == before != 0
    assert counts.list_counts(CountStatus.OPEN) == [] and page.open_counts.count() == 0


def test_scan_selects_the_line(demo_window, qtbot):
    page = start_location_count(demo_window)
    target = page.model.rows()[-1]
    qtbot.keyClicks(page.scan_field, target.sku.lower())
    qtbot.keyClick(page.scan_field, Qt.Key.Key_Return)
    assert page.table.currentIndex().row() == page.model.rowCount() - 1
    assert page.table.currentIndex().column() == CountLineTableModel.COUNTED
    qtbot.keyClicks(page.scan_field, "NOT-HERE")
    qtbot.keyClick(page.scan_field, Qt.Key.Key_Return)
    assert "NOT-HERE" in page.message.text()


def test_count_sheet_printed_in_the_background(demo_window, qtbot, monkeypatch, tmp_path):
    page = start_location_count(demo_window)
    target = tmp_path / "sheet.pdf"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(target), "PDF document (*.pdf)")
    )
    with qtbot.waitSignal(page.saver.saved, timeout=15000):
        page.sheet_button.click()
    assert target.read_bytes().startswith(b"%PDF")


def test_count_line_model_passes_the_model_tester(demo_window, qtbot):
    page = start_location_count(demo_window)
    model = CountLineTableModel()
    tester = ModelTester(qtbot._request.config)
    tester.check(model)
    model.set_rows(page.model.rows())
    tester.check(model)


def test_the_heading_names_the_account_that_started_the_count(admin_window):
    page = start_location_count(admin_window)
    n = page.model.rowCount()
    assert " by Ana · 0 of " + counted(n, "line") + " counted" in page.heading.text()
    assert page.detail.summary.started_by == "Ana"


def test_the_open_counts_entry_fits_and_follows_each_count_entered(demo_window, qtbot):
    from tests.ui.conftest import active, choose_in_combo, click_row, type_into_focus

    demo_window.nav.setCurrentRow(NAV_COUNTS)
    page = demo_window.counts_page
    choose_in_combo(qtbot, page.scope, page.scope.itemText(page.scope.findData("all")))
    qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
    n = page.model.rowCount()
    assert n >= 100  # a three-digit line count, the one that was cut off
    box = page.open_counts
    assert box.currentText().endswith(f"· 0 of {n} counted")
    qtbot.waitUntil(lambda: box.width() >= box.sizeHint().width())  # the layout gave it the room
    assert box.fontMetrics().horizontalAdvance(box.currentText()) < box.width()

    active(qtbot, demo_window)
    first = plain_line(page)
    line_id = page.model.row_at(first).id
    click_row(qtbot, page.table, first, column=page.model.ITEM)  # the keyboard goes to Counted
    type_into_focus(qtbot, "7")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)

    def saved() -> dict[int, int | None]:
        return {line.id: line.counted for line in counts.count_detail(page.detail.summary.id).lines}

    qtbot.waitUntil(lambda: saved()[line_id] == 7)
    assert sum(c is not None for c in saved().values()) == 1
    assert f"1 of {counted(n, 'line')} counted" in page.heading.text()
    assert box.currentText().endswith(f"· 1 of {n} counted")
    assert box.fontMetrics().horizontalAdvance(box.currentText()) < box.width()
