"""The audit log workbook: title, header, frozen panes, local times as dates, text never a formula."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook

from inventory_app.core.accounts import audit, audit_query
from inventory_app.core.accounts.audit import LABELS, Action
from inventory_app.core.accounts.audit_query import AuditFilter
from inventory_app.core.settings import office_settings, save_office_settings
from inventory_app.documents.audit_export import HEADERS, export_audit_log
from inventory_app.errors import InventoryError


def _log_some() -> None:
    audit.record_now(Action.SIGN_IN, "anna", "", user="anna")
    audit.record_now(Action.RECEIVE, "GLV-M", "+10 box", user="anna")
    audit.record_now(Action.USE, '=HYPERLINK("http://x")', "-2 @SUM(A1)", user="ben")
    audit.record_now(Action.SETTINGS, "office", "office_name", user="ben")


def test_workbook_has_title_header_frozen_panes_and_every_event(sqlite_db, tmp_path: Path) -> None:
    from dataclasses import replace

    save_office_settings(replace(office_settings(), office_name="Riverside Clinic"))
    _log_some()
    before = datetime.now()
    target = tmp_path / "Audit log.xlsx"
    expected = audit_query.find(AuditFilter())

    written = export_audit_log(target, AuditFilter())

    assert written == len(expected) >= 5  # the settings change was logged too
    ws = load_workbook(target).active
    title = ws["A1"].value
    assert title == f"Riverside Clinic — Audit log (all events), {written} events"
    assert tuple(c.value for c in ws[2]) == HEADERS
    assert ws.freeze_panes == "A3"
    assert ws.column_dimensions["A"].width >= 16 and ws.column_dimensions["E"].width >= 20
    body = [tuple(c.value for c in row) for row in ws.iter_rows(min_row=3)]
    assert len(body) == written
    for (when, who, what, obj, detail), row in zip(body, expected, strict=True):
        assert isinstance(when, datetime)  # a real Excel date, not text
        assert abs(when - audit_query.local_when(row)) < timedelta(seconds=1)
        assert abs(when - before) < timedelta(minutes=5)  # local clock, not UTC
        assert (who, what, obj or "", detail or "") == (row.user, LABELS[row.action], row.object, row.detail)


def test_formula_looking_text_is_stored_as_text(sqlite_db, tmp_path: Path) -> None:
    _log_some()
    target = tmp_path / "log.xlsx"
    export_audit_log(target, AuditFilter(user="ben", action=Action.USE))

    ws = load_workbook(target).active
    assert ws.max_row == 3
    obj, detail = ws["D3"], ws["E3"]
    assert obj.value == '=HYPERLINK("http://x")' and obj.data_type == "s"
    assert detail.value == "-2 @SUM(A1)" and detail.data_type == "s"
    assert obj.quotePrefix


def test_only_the_filtered_events_are_written_and_the_export_is_logged(db, tmp_path: Path) -> None:
    _log_some()
    target = tmp_path / "anna.xlsx"

    written = export_audit_log(target, AuditFilter(user="anna"))

    assert written == 2
    ws = load_workbook(target).active
    assert "user anna" in ws["A1"].value
    assert [ws.cell(row, 2).value for row in (3, 4)] == ["anna", "anna"]
    assert [ws.cell(row, 3).value for row in (3, 4)] == [LABELS[Action.RECEIVE], LABELS[Action.SIGN_IN]]
    newest = audit.events(limit=1)[0]
    assert (newest.action, newest.object) == (Action.EXPORT, "anna.xlsx")
    assert newest.detail == "audit log, 2 events"


def test_local_day_filter(db, tmp_path: Path) -> None:
    _log_some()
    today = date.today()
    assert audit_query.count(AuditFilter(start=today, end=today)) == 4
    assert audit_query.count(AuditFilter(end=today - timedelta(days=1))) == 0
    assert audit_query.count(AuditFilter(start=today + timedelta(days=1))) == 0
    target = tmp_path / "yesterday.xlsx"
    assert export_audit_log(target, AuditFilter(end=today - timedelta(days=1))) == 0
    ws = load_workbook(target).active
    assert ws.max_row == 2 and "0 events" in ws["A1"].value


def test_refuses_other_file_types_and_leaves_nothing(sqlite_db, tmp_path: Path) -> None:
    with pytest.raises(InventoryError, match="xlsx"):
        export_audit_log(tmp_path / "log.csv", AuditFilter())
    assert not (tmp_path / "log.csv").exists()
    assert audit.events(action=Action.EXPORT) == []


def test_control_characters_and_hidden_formula_starts_never_abort(sqlite_db, tmp_path: Path) -> None:
    audit.record_now(Action.ITEM, "\t=cmd|' /C calc'!A0", "bell\x07 and\x00 nul", user="+cmd")
    audit.record_now(Action.ITEM, "\r=1+1", "<img src=x>", user="ben")
    target = tmp_path / "odd.xlsx"

    assert export_audit_log(target, AuditFilter(action=Action.ITEM)) == 2

    ws = load_workbook(target).active
    newest, older = ws[3], ws[4]
    assert newest[3].value == "\n=1+1" and newest[3].data_type == "s"  # CR is stored as a line end
    assert newest[4].value == "<img src=x>"
    assert older[1].value == "+cmd" and older[1].data_type == "s" and older[1].quotePrefix
    assert older[3].value == "\t=cmd|' /C calc'!A0" and older[3].quotePrefix
    assert older[4].value == "bell and nul"
