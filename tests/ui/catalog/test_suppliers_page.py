"""The Suppliers page driven through its real widgets: add, edit, archive, restore, search."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from inventory_app.core.catalog import items as catalog
from inventory_app.core.types import SupplierInput, SupplierRow
from inventory_app.documents.demo_catalog import load_bundled_demo
from inventory_app.ui.catalog.supplier_dialog import SupplierDialog
from inventory_app.ui.catalog.supplier_table import SupplierTableModel
from inventory_app.ui.catalog.suppliers_page import SuppliersPage
from inventory_app.ui.common import prompts
from inventory_app.ui.shell.main_window import NAV_SUPPLIERS
from tests.ui.conftest import drive, told

LEFT = Qt.MouseButton.LeftButton


def confirm_answers(monkeypatch, *answers: bool) -> list[str]:
    """Patch prompts.confirm to give `answers` in turn; returns the texts it was asked."""
    asked: list[str] = []
    queue = list(answers)

    def fake_confirm(_parent, _title: str, text: str, yes: str = "OK") -> bool:
        asked.append(text)
        return queue.pop(0)

    monkeypatch.setattr(prompts, "confirm", fake_confirm)
    return asked


@pytest.fixture
def page(sqlite_db, events, qtbot) -> Iterator[SuppliersPage]:
    """The page on its own, over an empty database."""
    widget = SuppliersPage(events)
    qtbot.addWidget(widget)
    widget.resize(1150, 700)
    widget.show()
    qtbot.waitExposed(widget)
    widget.refresh()
    yield widget


@pytest.fixture
def demo_page(sqlite_db, events, qtbot) -> Iterator[SuppliersPage]:
    """The page over the demo clinic's suppliers."""
    load_bundled_demo()
    widget = SuppliersPage(events)
    qtbot.addWidget(widget)
    widget.resize(1150, 700)
    widget.show()
    qtbot.waitExposed(widget)
    widget.refresh()
    yield widget


def names(page: SuppliersPage) -> list[str]:
    return [row.name for row in page.model.rows()]


def select(page: SuppliersPage, name: str) -> SupplierRow:
    row = next(r for r in page.model.rows() if r.name == name)
    assert page.select_supplier(row.id)
    return row


# ---------------------------------------------------------------- the table model


def _rows() -> list[SupplierRow]:
    return [
        SupplierRow(
            1, "Northgate Medical Supply", "NG-1", "Dana Whitfield", "555-0142", "o@ng.example", "1 Way"
        ),
        SupplierRow(2, "Bayview Healthcare", contact="Priya Raman", lead_time_days=1, item_count=12),
        SupplierRow(3, "Old Vendor", notes="gone", active=False),
    ]


def test_supplier_model_passes_qtmodeltester(qtmodeltester) -> None:
    model = SupplierTableModel()
    model.set_rows(_rows())
    qtmodeltester.check(model)
    model.sort(SupplierTableModel.ITEMS, Qt.SortOrder.DescendingOrder)
    assert [r.id for r in model.rows()][0] == 2
    model.set_filter("priya")
    assert [r.id for r in model.rows()] == [2]
    qtmodeltester.check(model)


def test_supplier_model_shows_lead_time_and_marks_archived_rows() -> None:
    model = SupplierTableModel()
    model.set_rows(_rows())
    by_id = {model.row_at(i).id: i for i in range(model.rowCount())}  # type: ignore[union-attr]
    lead = model.index(by_id[2], SupplierTableModel.LEAD_TIME)
    assert model.data(lead) == "1 day"
    archived = model.index(by_id[3], SupplierTableModel.NAME)
    assert model.data(archived) == "Old Vendor (archived)"
    assert model.data(archived, Qt.ItemDataRole.FontRole).italic()
    active = model.index(by_id[1], SupplierTableModel.NAME)
    assert model.data(active, Qt.ItemDataRole.FontRole) is None
    assert "1 Way" in model.data(active, Qt.ItemDataRole.ToolTipRole)


# ---------------------------------------------------------------- adding


def test_add_supplier_invalid_email_is_shown_under_the_field_then_fixed(
    page: SuppliersPage,
    events,
    monkeypatch,
    qtbot,
) -> None:
    assert page.model.rowCount() == 0
    assert "No suppliers yet" in page.details.text()
    assert not page.edit_button.isEnabled() and not page.archive_button.isEnabled()

    def steps(dialog: SupplierDialog) -> None:
        qtbot.keyClicks(dialog.name, "Lakeside Medical")
        qtbot.keyClicks(dialog.contact, "Ana Ruiz")
        qtbot.keyClicks(dialog.phone, "(503) 555-0177")
        qtbot.keyClicks(dialog.email, "orders at lakeside")
        qtbot.keyClicks(dialog.address, "12 Lake Rd")
        qtbot.keyClick(dialog.address, Qt.Key.Key_Return)  # keyClicks cannot type a newline
        qtbot.keyClicks(dialog.address, "Salem, OR 97301")
        qtbot.keyClicks(dialog.account_number, "LK-4410")
        dialog.lead_time.setValue(5)
        qtbot.mouseClick(dialog.save_button, LEFT)

        error = dialog.errors["email"]
        assert error.isVisible()
        assert "does not look like an e-mail address" in error.text()
        assert error.parentWidget() is dialog.email.parentWidget()  # in the e-mail field's row
        assert error.geometry().top() >= dialog.email.geometry().bottom()  # right under it
        assert not any(label.isVisible() for f, label in dialog.errors.items() if f != "email")
        assert dialog.isVisible()
        assert catalog.suppliers() == []  # nothing saved

        dialog.email.clear()
        assert not error.isVisible()  # editing the field clears its message
        qtbot.keyClicks(dialog.email, "orders@lakeside.example.com")
        qtbot.mouseClick(dialog.save_button, LEFT)

    seen = drive(monkeypatch, qtbot, SupplierDialog, steps)
    with told(qtbot, events, "catalog"):
        qtbot.mouseClick(page.add_button, LEFT)

    assert len(seen) == 1 and seen[0].result() == QDialog.DialogCode.Accepted
    [saved] = catalog.suppliers()
    assert (saved.name, saved.email, saved.lead_time_days) == (
        "Lakeside Medical",
        "orders@lakeside.example.com",
        5,
    )
    assert saved.address == "12 Lake Rd\nSalem, OR 97301"
    assert names(page) == ["Lakeside Medical"]
    assert page.current_supplier_id() == saved.id  # the new supplier is selected
    assert "Lakeside Medical" in page.details.text() and "12 Lake Rd" in page.details.text()
    assert page.count_label.text() == "1 supplier"


def test_duplicate_name_refused_under_the_name_field(demo_page: SuppliersPage, monkeypatch, qtbot) -> None:
    before = len(catalog.suppliers())

    def steps(dialog: SupplierDialog) -> None:
        qtbot.keyClicks(dialog.name, "northgate medical supply")
        qtbot.mouseClick(dialog.save_button, LEFT)
        assert dialog.errors["name"].isVisible()
        assert "already exists" in dialog.errors["name"].text()
        qtbot.mouseClick(dialog.cancel_button, LEFT)

    drive(monkeypatch, qtbot, SupplierDialog, steps)
    qtbot.mouseClick(demo_page.add_button, LEFT)
    assert len(catalog.suppliers()) == before


def test_cancel_saves_nothing_and_emits_nothing(page: SuppliersPage, events, monkeypatch, qtbot) -> None:
    emitted: list[object] = []
    events.changed.connect(lambda changes, _who: emitted.append(changes))

    def steps(dialog: SupplierDialog) -> None:
        qtbot.keyClicks(dialog.name, "Never saved")
        qtbot.mouseClick(dialog.cancel_button, LEFT)

    drive(monkeypatch, qtbot, SupplierDialog, steps)
    qtbot.mouseClick(page.add_button, LEFT)
    assert catalog.suppliers() == [] and emitted == []


# ---------------------------------------------------------------- editing


def test_edit_with_enter_key_keeps_the_selection(
    demo_page: SuppliersPage, events, monkeypatch, qtbot
) -> None:
    row = select(demo_page, "Pinecrest Surgical Supply")

    def steps(dialog: SupplierDialog) -> None:
        assert dialog.windowTitle() == "Edit supplier"
        assert dialog.name.text() == "Pinecrest Surgical Supply"
        assert dialog.account_number.text() == row.account_number
        dialog.lead_time.setValue(12)
        dialog.phone.clear()
        qtbot.keyClicks(dialog.phone, "(208) 555-0000")
        qtbot.keyClicks(dialog.notes, "Order by noon")
        qtbot.mouseClick(dialog.save_button, LEFT)

    drive(monkeypatch, qtbot, SupplierDialog, steps)
    demo_page.table.setFocus()
    with told(qtbot, events, "catalog"):
        qtbot.keyClick(demo_page.table, Qt.Key.Key_Return)

    saved = catalog.supplier(row.id)
    assert (saved.lead_time_days, saved.phone, saved.notes) == (12, "(208) 555-0000", "Order by noon")
    assert demo_page.current_supplier_id() == row.id
    shown = demo_page.current_supplier()
    assert shown is not None and shown.lead_time_days == 12
    assert shown.item_count == row.item_count  # counts come back with the refresh
    assert "Order by noon" in demo_page.details.text()


def test_double_click_and_edit_button_open_the_editor(demo_page: SuppliersPage, monkeypatch, qtbot) -> None:
    opened: list[str] = []

    def look_and_cancel(dialog: SupplierDialog) -> None:
        opened.append(dialog.name.text())
        qtbot.mouseClick(dialog.cancel_button, LEFT)

    drive(monkeypatch, qtbot, SupplierDialog, look_and_cancel)
    row = select(demo_page, "Ridgeline Diagnostics")
    rect = demo_page.table.visualRect(demo_page.model.index(demo_page.model.position_of(row.id), 0))
    qtbot.mouseClick(demo_page.table.viewport(), LEFT, pos=rect.center())  # the view needs the press
    qtbot.mouseDClick(demo_page.table.viewport(), LEFT, pos=rect.center())
    qtbot.mouseClick(demo_page.edit_button, LEFT)
    assert opened == ["Ridgeline Diagnostics"] * 2


# ---------------------------------------------------------------- archiving and restoring


def test_archive_asks_first_then_hides_and_restore_brings_back(
    demo_page: SuppliersPage,
    events,
    monkeypatch,
    qtbot,
) -> None:
    row = select(demo_page, "Northgate Medical Supply")
    total = demo_page.model.rowCount()
    asked = confirm_answers(monkeypatch, False, True)

    qtbot.mouseClick(demo_page.archive_button, LEFT)  # answered Cancel
    assert "Northgate Medical Supply" in names(demo_page) and catalog.supplier(row.id).active
    assert f"{row.item_count} active items" in asked[0]

    with told(qtbot, events, "catalog"):
        qtbot.mouseClick(demo_page.archive_button, LEFT)  # answered Archive
    assert not catalog.supplier(row.id).active
    assert "Northgate Medical Supply" not in names(demo_page)
    assert demo_page.model.rowCount() == total - 1
    assert not demo_page.restore_button.isVisible()

    qtbot.mouseClick(demo_page.show_archived, LEFT)
    assert demo_page.restore_button.isVisible()
    assert demo_page.model.rowCount() == total
    select(demo_page, "Northgate Medical Supply")
    assert demo_page.restore_button.isEnabled() and not demo_page.archive_button.isEnabled()
    assert "archived" in demo_page.details.text()
    with told(qtbot, events, "catalog"):
        qtbot.mouseClick(demo_page.restore_button, LEFT)
    assert catalog.supplier(row.id).active
    assert demo_page.current_supplier_id() == row.id
    assert demo_page.archive_button.isEnabled() and not demo_page.restore_button.isEnabled()
    assert len(asked) == 2  # restoring needs no confirmation


# ---------------------------------------------------------------- searching and refreshing


def test_search_filters_by_name_and_contact(demo_page: SuppliersPage, qtbot) -> None:
    total = demo_page.model.rowCount()
    qtbot.keyClicks(demo_page.search, "brennan")  # a contact's surname
    assert names(demo_page) == ["Pinecrest Surgical Supply"]
    assert demo_page.count_label.text() == f"1 of {total} suppliers"
    demo_page.search.clear()
    qtbot.keyClicks(demo_page.search, "MEDICAL")
    assert names(demo_page) and all("medical" in n.lower() for n in names(demo_page))
    demo_page.search.clear()
    qtbot.keyClicks(demo_page.search, "no such supplier")
    assert names(demo_page) == []
    assert "Select a supplier" in demo_page.details.text()
    demo_page.search.clear()
    assert demo_page.model.rowCount() == total
    assert demo_page.count_label.text() == f"{total} suppliers"


def test_refresh_keeps_selection_and_search(demo_page: SuppliersPage, qtbot) -> None:
    qtbot.keyClicks(demo_page.search, "supply")
    row = select(demo_page, "Pinecrest Surgical Supply")
    catalog.save_supplier(SupplierInput(name="Another Supply Co"))  # changed elsewhere
    demo_page.refresh()
    assert "Another Supply Co" in names(demo_page)
    assert demo_page.current_supplier_id() == row.id
    assert demo_page.search.text() == "supply"


def test_main_window_shows_the_suppliers_page(demo_window, qtbot) -> None:
    demo_window.nav.setCurrentRow(NAV_SUPPLIERS)
    page = demo_window.suppliers_page
    assert demo_window.pages.currentWidget() is page
    assert sorted(names(page), key=str.casefold) == [s.name for s in catalog.suppliers()]
    assert all(r.item_count > 0 for r in page.model.rows())
