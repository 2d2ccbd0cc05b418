"""The Audit log page: filters narrow the rows, export writes them, nothing can be edited or deleted,
and staff do not see it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QPushButton

from inventory_app.core.accounts import audit
from inventory_app.core.accounts.audit import LABELS, Action
from inventory_app.core.accounts.context import Actor, Role, set_current_actor
from inventory_app.ui.accounts import audit_page as audit_page_module
from inventory_app.ui.accounts.audit_table import AuditTableModel
from inventory_app.ui.shell.main_window import NAV_AUDIT, NAV_INVENTORY
from tests.ui.conftest import active, type_date


@pytest.fixture
def actor() -> Iterator[None]:
    yield
    set_current_actor(None)


def _log() -> None:
    audit.record_now(Action.SIGN_IN, "anna", "", user="anna")
    audit.record_now(Action.RECEIVE, "GLV-M", "+10 box", user="anna")
    audit.record_now(Action.USE, "GLV-M", "-2 box", user="ben")
    audit.record_now(Action.USE, "SYR-5", "-1 each", user="anna")


def _page(window):
    _log()
    window.nav.setCurrentRow(NAV_AUDIT)
    page = window.audit_page
    assert window.pages.currentWidget() is page
    return page


def _column(page, column: int) -> list[str]:
    model = page.model
    return [model.index(row, column).data() for row in range(model.rowCount())]


def test_newest_first_with_count(window) -> None:
    page = _page(window)
    assert _column(page, AuditTableModel.OBJECT) == ["SYR-5", "GLV-M", "GLV-M", "anna"]
    assert _column(page, AuditTableModel.WHAT)[0] == LABELS[Action.USE]
    assert page.count_label.text() == "4 events"
    when = _column(page, AuditTableModel.WHEN)[0]
    assert when.startswith(date.today().isoformat())  # local time, from the stored UTC time


def test_filters_by_user_action_and_date_narrow_the_rows(window, qtbot) -> None:
    page = _page(window)
    active(qtbot, window)
    users = [page.user_filter.itemText(i) for i in range(page.user_filter.count())]
    assert users == ["All users", "anna", "ben"]

    page.user_filter.setCurrentIndex(page.user_filter.findData("anna"))
    assert _column(page, AuditTableModel.WHO) == ["anna", "anna", "anna"]
    assert page.count_label.text() == "3 events"

    page.action_filter.setCurrentIndex(page.action_filter.findData(Action.USE))
    assert _column(page, AuditTableModel.OBJECT) == ["SYR-5"]
    assert page.count_label.text() == "1 event"

    page.clear_filters()
    assert page.model.rowCount() == 4
    yesterday = date.today() - timedelta(days=1)
    type_date(qtbot, page.end_filter, yesterday.isoformat())
    assert page.model.rowCount() == 0 and page.count_label.text() == "0 events"
    type_date(qtbot, page.start_filter, date.today().isoformat())
    assert page.model.rowCount() == 0 and page.count_label.text() == "The From day is after the To day."
    type_date(qtbot, page.end_filter, date.today().isoformat())
    assert page.model.rowCount() == 4


def test_a_long_log_says_how_many_are_shown(window, monkeypatch) -> None:
    monkeypatch.setattr(audit_page_module, "SHOWN_LIMIT", 3)
    page = _page(window)
    assert page.model.rowCount() == 3
    assert "4 events; showing the newest 3" in page.count_label.text()


def test_export_writes_the_filtered_rows(window, qtbot, monkeypatch, tmp_path) -> None:
    page = _page(window)
    page.user_filter.setCurrentIndex(page.user_filter.findData("anna"))
    page.action_filter.setCurrentIndex(page.action_filter.findData(Action.USE))
    target = tmp_path / "audit.xlsx"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(target), "Excel workbook (*.xlsx)")
    )
    with qtbot.waitSignal(page.saver.saved, timeout=10000):
        page.export_button.click()

    ws = load_workbook(target).active
    rows = [tuple(c.value for c in row)[1:4] for row in ws.iter_rows(min_row=3)]
    assert rows == [("anna", LABELS[Action.USE], "SYR-5")]
    assert "user anna" in ws["A1"].value
    # The export is logged; the page reloads and shows it (the filter still narrows to anna's use).
    assert audit.events(limit=1)[0].action == Action.EXPORT
    assert page.model.rowCount() == 1
    page.clear_filters()
    assert _column(page, AuditTableModel.WHAT)[0] == LABELS[Action.EXPORT]


def test_nothing_can_be_edited_or_deleted(window) -> None:
    page = _page(window)
    model = page.model
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            flags = model.flags(model.index(row, column))
            assert not flags & Qt.ItemFlag.ItemIsEditable
    assert not model.setData(model.index(0, AuditTableModel.OBJECT), "changed", Qt.ItemDataRole.EditRole)
    assert _column(page, AuditTableModel.OBJECT)[0] == "SYR-5"
    assert page.table.actions() == [] and page.actions() == []
    assert page.table.contextMenuPolicy() == Qt.ContextMenuPolicy.DefaultContextMenu
    buttons = [b.text().replace("&", "") for b in page.findChildren(QPushButton)]
    assert buttons == ["Clear filters", "Export to Excel…"]


def test_staff_do_not_see_the_audit_log(window, actor) -> None:
    assert not window.nav.isRowHidden(NAV_AUDIT)  # no accounts yet: shown
    window.nav.setCurrentRow(NAV_AUDIT)
    set_current_actor(Actor("sam", Role.STAFF))
    window.refresh()
    assert window.nav.isRowHidden(NAV_AUDIT)
    assert window.nav.currentRow() == NAV_INVENTORY
    set_current_actor(Actor("ada", Role.ADMIN))
    window.refresh()
    assert not window.nav.isRowHidden(NAV_AUDIT)


def test_audit_model_passes_qtmodeltester(window, qtmodeltester) -> None:
    page = _page(window)
    qtmodeltester.check(page.model)


def test_days_are_typed_as_a_date_or_a_month_and_a_non_date_is_refused(window, qtbot, monkeypatch) -> None:
    page = _page(window)
    active(qtbot, window)
    today = date.today()
    last_month = today.replace(day=1) - timedelta(days=1)

    type_date(qtbot, page.end_filter, f"{last_month:%m/%Y}")  # a month: up to its last day
    assert page.end_filter.reading.text() == f"= {last_month:%d %b %Y}"
    assert page.model.rowCount() == 0 and page.count_label.text() == "0 events"
    type_date(qtbot, page.end_filter, f"{today:%m/%Y}")
    assert page.model.rowCount() == 4 and page.count_label.text() == "4 events"
    type_date(qtbot, page.start_filter, today.isoformat())
    assert page.start_filter.reading.text() == f"= {today:%d %b %Y}"
    assert page.current_filter().start == today and page.model.rowCount() == 4

    # Not a date: said on the count line, and no events rather than all of them.
    type_date(qtbot, page.start_filter, "31/02/2027")
    assert page.start_filter.reading.text() == "not a date yet"
    assert page.count_label.text() == "From: February 2027 has no day 31."
    assert page.model.rowCount() == 0
    asked: list[object] = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **_k: asked.append(a) or ("", ""))
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    assert asked == [] and page.count_label.text() == "From: February 2027 has no day 31."

    type_date(qtbot, page.start_filter, "")  # empty: from any day
    assert page.current_filter().start is None and page.model.rowCount() == 4
