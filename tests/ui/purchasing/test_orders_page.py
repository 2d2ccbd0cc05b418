"""The Orders page and the Reorder page around the edges of the main workflow: filters,
overdue flags, currency, cancelling, refusals, new orders, assigning a supplier,
saving and opening order forms, and the table models under the model tester."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QFileDialog

from inventory_app.core.catalog import items as catalog
from inventory_app.core.changes import Changes
from inventory_app.core.purchasing import orders as purchasing
from inventory_app.core.purchasing.types import LineReceipt, OrderStatus, ReorderState
from inventory_app.core.settings import office_settings, save_office_settings
from inventory_app.core.types import ItemInput
from inventory_app.ui.catalog.supplier_choice import SupplierChoiceDialog
from inventory_app.ui.purchasing import order_actions
from inventory_app.ui.purchasing.order_editor import OrderEditor
from inventory_app.ui.purchasing.order_table import OrderFilter, OrderTableModel
from inventory_app.ui.purchasing.reorder_table import ReorderTableModel
from inventory_app.ui.shell.main_window import NAV_ORDERS, NAV_REORDER
from tests.ui.conftest import click_row
from tests.ui.purchasing.order_helpers import confirm_answers, drive, inventory_row, line_for, record_errors

NORTHGATE = "Northgate Medical Supply"


def _order(skus: list[str], quantity: int = 2) -> int:
    return purchasing.create_drafts([(catalog.item_id_for(s), quantity) for s in skus])[0].id


@pytest.fixture
def orders(demo_window):
    """One order in every status (one ordered order overdue), on the Orders page."""
    ids = {
        "draft": _order(["GLV-NIT-L"]),
        "ordered": _order(["EXM-PPR-21"]),
        "late": _order(["WND-TAP-TRN1"]),
        "partial": _order(["SYR-05ML"]),
        "received": _order(["NDL-27G-12"]),
        "cancelled": _order(["INF-WIP-BLC"]),
    }
    for key in ("ordered", "partial", "received", "cancelled"):
        purchasing.mark_ordered(ids[key])
    purchasing.mark_ordered(ids["late"], ordered_on=date.today() - timedelta(days=40))
    purchasing.receive(ids["partial"], [LineReceipt(line_for(ids["partial"], "SYR-05ML").id, 1)])
    purchasing.receive(ids["received"], [LineReceipt(line_for(ids["received"], "NDL-27G-12").id, 2)])
    purchasing.cancel(ids["cancelled"])
    demo_window.nav.setCurrentRow(NAV_ORDERS)
    demo_window.refresh()
    return ids


def _shown(page) -> set[int]:
    return {row.id for row in page.model.rows()}


def test_status_filters_and_counts(demo_window, orders):
    page = demo_window.orders_page
    expected = {
        OrderFilter.OPEN: {orders["draft"], orders["ordered"], orders["late"], orders["partial"]},
        OrderFilter.ALL: set(orders.values()),
        OrderFilter.DRAFT: {orders["draft"]},
        OrderFilter.ORDERED: {orders["ordered"], orders["late"]},
        OrderFilter.PARTIAL: {orders["partial"]},
        OrderFilter.RECEIVED: {orders["received"]},
        OrderFilter.CANCELLED: {orders["cancelled"]},
        OrderFilter.OVERDUE: {orders["late"]},
    }
    for wanted, ids in expected.items():
        page.set_filter(wanted)
        assert _shown(page) == ids, wanted
        if wanted is not OrderFilter.ALL:
            assert page.status_filter.currentText().endswith(f"({len(ids)})")
    page.search.setText("northgate")
    page.set_filter(OrderFilter.ALL)
    assert all(row.supplier == NORTHGATE for row in page.model.rows())
    assert "1 overdue" in demo_window.nav.item(NAV_ORDERS).text()


def test_overdue_is_a_word_an_icon_and_a_colour(demo_window, orders):
    page = demo_window.orders_page
    page.set_filter(OrderFilter.ALL)
    model = page.model
    late = model.index(model.position_of(orders["late"]), OrderTableModel.STATUS)
    on_time = model.index(model.position_of(orders["ordered"]), OrderTableModel.STATUS)
    assert "overdue" in late.data() and "days" in late.data()
    assert "overdue" not in on_time.data()
    assert late.data(Qt.ItemDataRole.DecorationRole) is not None  # an icon
    assert late.data(Qt.ItemDataRole.ForegroundRole) is not None  # and a colour
    assert on_time.data(Qt.ItemDataRole.ForegroundRole) is None
    assert "Overdue" in late.data(Qt.ItemDataRole.ToolTipRole)


def test_totals_use_the_office_currency(demo_window, orders):
    save_office_settings(replace(office_settings(), currency_symbol="€"))
    demo_window.events.changed.emit(Changes(settings=True, accounts=True), None)
    page = demo_window.orders_page
    model = page.model
    row = model.position_of(orders["draft"])
    total = purchasing.order_detail(orders["draft"]).total
    assert model.index(row, OrderTableModel.TOTAL).data() == f"€{total:,.2f}"


def test_buttons_follow_the_status(demo_window, orders):
    page = demo_window.orders_page
    page.set_filter(OrderFilter.ALL)
    allowed = {
        "draft": (True, False, True),
        "ordered": (False, True, True),
        "partial": (False, True, False),
        "received": (False, False, False),
        "cancelled": (False, False, False),
    }
    for key, (mark, receive, cancel) in allowed.items():
        assert page.select_order(orders[key])
        buttons = (page.mark_ordered_button, page.receive_button, page.cancel_button)
        assert tuple(b.isEnabled() for b in buttons) == (mark, receive, cancel), key


def test_cancel_needs_confirmation_and_clears_on_order(demo_window, orders, qtbot, monkeypatch):
    page = demo_window.orders_page
    page.set_filter(OrderFilter.ALL)
    page.select_order(orders["ordered"])
    assert inventory_row(demo_window, "EXM-PPR-21").on_order > 0
    asked = confirm_answers(monkeypatch, False, True)
    page.cancel_button.click()
    assert purchasing.order_detail(orders["ordered"]).status is OrderStatus.ORDERED
    page.cancel_button.click()
    assert len(asked) == 2 and "cannot be undone" in asked[0]
    assert purchasing.order_detail(orders["ordered"]).status is OrderStatus.CANCELLED
    assert inventory_row(demo_window, "EXM-PPR-21").on_order == 0
    assert page.current_order().id == orders["ordered"]  # type: ignore[union-attr]
    assert not page.cancel_button.isEnabled() and not page.receive_button.isEnabled()


def test_a_refused_change_shows_the_core_message(demo_window, orders, monkeypatch):
    page = demo_window.orders_page
    page.set_filter(OrderFilter.ALL)
    page.select_order(orders["draft"])
    purchasing.mark_ordered(orders["draft"])  # on another workstation, meanwhile
    confirm_answers(monkeypatch, True)
    shown = record_errors(monkeypatch)
    page.mark_ordered_button.click()
    assert shown and "only a draft can be marked as ordered" in shown[0]


def test_new_empty_order_for_a_supplier(demo_window, qtbot, monkeypatch):
    demo_window.nav.setCurrentRow(NAV_ORDERS)
    page = demo_window.orders_page
    supplier = next(s for s in catalog.suppliers() if s.name == NORTHGATE)

    def choose(dialog: SupplierChoiceDialog) -> None:
        dialog.supplier.setCurrentIndex(dialog.supplier.findData(supplier.id))
        dialog.ok_button.click()

    drive(monkeypatch, qtbot, SupplierChoiceDialog, choose)
    opened = drive(monkeypatch, qtbot, OrderEditor, lambda editor: editor.close_button.click())
    page.new_button.click()
    created = purchasing.list_orders()[0]
    assert created.supplier == NORTHGATE and created.status is OrderStatus.DRAFT and created.line_count == 0
    assert opened and opened[0].detail.summary.id == created.id
    assert page.current_order_id() == created.id
    assert not page.mark_ordered_button.isEnabled()  # nothing to order yet


def test_assign_a_supplier_to_an_unsupplied_item(demo_window, qtbot, monkeypatch):
    item = catalog.create_item(
        ItemInput(sku="CTN-BALL", name="Cotton balls, large", unit="bag", reorder_point=4, par_level=12)
    )
    demo_window.refresh()
    demo_window.nav.setCurrentRow(NAV_REORDER)
    page = demo_window.reorder_page
    model = page.model
    header = model.group_rows()[-1]
    assert model.row_at(header).supplier_id is None  # type: ignore[union-attr]
    assert "assign a supplier" in model.index(header, 0).data()
    position = model.position_of(item.id)
    assert position > header and not model.is_checked(item.id)
    assert not model.flags(model.index(position, ReorderTableModel.ITEM)) & Qt.ItemFlag.ItemIsUserCheckable
    page.select_item(item.id)
    assert page.assign_button.text().replace("&", "") == "Assign supplier…"
    supplier = next(s for s in catalog.suppliers() if s.name == NORTHGATE)

    def choose(dialog: SupplierChoiceDialog) -> None:
        dialog.supplier.setCurrentIndex(dialog.supplier.findData(supplier.id))
        dialog.ok_button.click()

    drive(monkeypatch, qtbot, SupplierChoiceDialog, choose)
    page.assign_button.click()
    after = catalog.item_detail(item.id)
    assert after.supplier_id == supplier.id
    assert replace(after, supplier_id=None) == replace(item, supplier_id=None)  # nothing else changed
    line = next(x for x in model.lines() if x.item_id == item.id)
    assert line.supplier == NORTHGATE and line.state is ReorderState.SUGGEST
    assert model.is_checked(item.id)
    assert inventory_row(demo_window, "CTN-BALL").supplier == NORTHGATE


def test_unsupplied_lines_cannot_be_ordered(demo_window, monkeypatch):
    catalog.create_item(ItemInput(sku="CTN-BALL", name="Cotton balls", reorder_point=4))
    demo_window.refresh()
    demo_window.nav.setCurrentRow(NAV_REORDER)
    page = demo_window.reorder_page
    item_id = catalog.item_id_for("CTN-BALL")
    assert not page.model.set_checked(item_id, True)
    assert item_id not in [i for i, _ in page.model.selections()]
    page.uncheck_all_button.click()
    shown = record_errors(monkeypatch)
    page.create_drafts()
    assert shown == ["Check at least one line to order."]
    assert purchasing.list_orders() == []


def test_table_models_pass_the_model_tester(demo_window, orders, qtmodeltester):
    demo_window.nav.setCurrentRow(NAV_REORDER)
    qtmodeltester.check(demo_window.reorder_page.model)
    demo_window.orders_page.set_filter(OrderFilter.ALL)
    qtmodeltester.check(demo_window.orders_page.model)
    editor = OrderEditor(purchasing.order_detail(orders["partial"]), demo_window.orders_page.actions)
    try:
        qtmodeltester.check(editor.model)
        editor.show_detail(purchasing.order_detail(orders["draft"]))
        qtmodeltester.check(editor.model)
    finally:
        editor.deleteLater()


# ---------------------------------------------------------------- order forms


@pytest.fixture
def save_to(monkeypatch, tmp_path):
    """Patch the save dialog to answer a path in tmp_path; records what it offered."""
    offered: list[str] = []

    def answer(name: str):
        def fake(_parent, _title, start, _filters):
            offered.append(start)
            return str(tmp_path / name), ""

        monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake))
        return offered

    return answer


needs_forms = pytest.mark.skipif(not order_actions.exports_available(), reason="no order forms module")


@needs_forms
def test_save_as_pdf_runs_in_the_background(demo_window, orders, qtbot, save_to, tmp_path):
    page = demo_window.orders_page
    page.set_filter(OrderFilter.ALL)
    page.select_order(orders["late"])
    offered = save_to("late order.pdf")
    with qtbot.waitSignal(page.actions.exported, timeout=30000) as signal:
        page.pdf_button.click()
        assert not page.pdf_button.isEnabled()  # busy while the worker writes
    written = Path(signal.args[0])
    assert written == tmp_path / "late order.pdf" and written.read_bytes().startswith(b"%PDF")
    number = purchasing.order_detail(orders["late"]).number
    assert Path(offered[0]).name == f"{number} {NORTHGATE}.pdf"
    assert page.pdf_button.isEnabled() and QApplication.overrideCursor() is None


@needs_forms
def test_save_as_excel_from_the_editor(demo_window, orders, qtbot, save_to, tmp_path, monkeypatch):
    save_to("order.xlsx")
    actions = demo_window.orders_page.actions
    editor = OrderEditor(purchasing.order_detail(orders["draft"]), actions, demo_window)
    qtbot.addWidget(editor)
    editor.show()
    with qtbot.waitSignal(actions.exported, timeout=30000):
        editor.excel_button.click()
    workbook = openpyxl.load_workbook(tmp_path / "order.xlsx")
    texts = {str(c.value) for ws in workbook for row in ws.iter_rows() for c in row if c.value is not None}
    number = purchasing.order_detail(orders["draft"]).number
    assert any(number in t for t in texts)


@needs_forms
def test_open_writes_a_temporary_pdf_and_opens_it(demo_window, orders, qtbot, monkeypatch):
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url) or True))
    page = demo_window.orders_page
    page.select_order(orders["draft"])
    with qtbot.waitSignal(page.actions.exported, timeout=30000):
        page.print_button.click()
    assert len(opened) == 1
    path = Path(opened[0].toLocalFile())
    assert path.suffix == ".pdf" and path.read_bytes().startswith(b"%PDF")


@needs_forms
def test_a_failed_export_shows_why(demo_window, orders, qtbot, monkeypatch, tmp_path):
    missing = tmp_path / "no such folder" / "x.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a: (str(missing), "")))
    shown = record_errors(monkeypatch)
    page = demo_window.orders_page
    page.select_order(orders["draft"])
    page.pdf_button.click()
    qtbot.waitUntil(lambda: bool(shown), timeout=30000)
    assert "does not exist" in shown[0]
    assert page.pdf_button.isEnabled() and not missing.exists()


@needs_forms
def test_closing_the_editor_during_an_export_is_safe(demo_window, orders, qtbot, monkeypatch, tmp_path):
    from shiboken6 import delete

    missing = tmp_path / "gone" / "x.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a: (str(missing), "")))
    shown = record_errors(monkeypatch)
    editor = OrderEditor(
        purchasing.order_detail(orders["draft"]), demo_window.orders_page.actions, demo_window
    )
    editor.show()
    editor.excel_button.click()
    delete(editor)  # closed before the worker reports back
    qtbot.waitUntil(lambda: bool(shown), timeout=30000)
    assert "does not exist" in shown[0]
    assert demo_window.orders_page.actions.running == 0


def test_assigning_a_supplier_loads_the_reorder_page_once(demo_window, qtbot, monkeypatch):
    """The window reloads the page on screen after a change; the page does not load itself again."""
    item = catalog.create_item(ItemInput(sku="CTN-BALL", name="Cotton balls", unit="bag", reorder_point=4))
    demo_window.refresh()
    nav = demo_window.nav
    qtbot.mouseClick(
        nav.viewport(), Qt.MouseButton.LeftButton, pos=nav.visualItemRect(nav.item(NAV_REORDER)).center()
    )
    page = demo_window.reorder_page
    click_row(qtbot, page.table, page.model.position_of(item.id))
    loads: list[int] = []
    real = page.refresh
    monkeypatch.setattr(page, "refresh", lambda *a, **k: (loads.append(1), real(*a, **k))[1])
    supplier = next(s for s in catalog.suppliers() if s.name == NORTHGATE)

    def choose(dialog: SupplierChoiceDialog) -> None:
        dialog.supplier.setFocus()
        qtbot.keyClicks(dialog.supplier, NORTHGATE)  # a list box finds the name as it is typed
        assert dialog.supplier.currentData() == supplier.id
        qtbot.keyClick(dialog.supplier, Qt.Key.Key_Return)

    drive(monkeypatch, qtbot, SupplierChoiceDialog, choose)
    qtbot.mouseClick(page.assign_button, Qt.MouseButton.LeftButton)
    assert catalog.item_detail(item.id).supplier_id == supplier.id
    assert loads == [1]
