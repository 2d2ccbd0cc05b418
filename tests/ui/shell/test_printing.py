"""Printing the app's PDFs on a chosen printer, sending a purchase order to its supplier,
and saying so when the system cannot open a written file.

The system print dialog (QPrintDialog.exec), `lp` (subprocess.run), the save dialog and
QDesktopServices.openUrl are patched at the seam; everything else is the real window,
driven by clicks and keys."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt, QUrl, QUrlQuery
from PySide6.QtGui import QDesktopServices
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog

from inventory_app.core.catalog import items as catalog
from inventory_app.core.purchasing import orders as purchasing
from inventory_app.core.types import SupplierInput
from inventory_app.ui.common import printing, prompts
from inventory_app.ui.purchasing.order_table import OrderFilter
from inventory_app.ui.shell.main_window import NAV_ORDERS
from tests.ui.conftest import active, click_row, drive, row_of
from tests.ui.shelf.test_counts_page import start_location_count

NORTHGATE_EMAIL = "orders@northgatemedical.example.com"


class Printer:
    """The print dialog answered and `lp` recorded: what a person chose, what was run."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, name: str = "Front desk", copies: int = 1) -> None:
        self.name = name
        self.copies = copies
        self.accept = True
        self.dialogs = 0
        self.commands: list[list[str]] = []
        self.files: list[bytes] = []
        self.answer = subprocess.CompletedProcess([], 0, "request id is Front_desk-7 (1 file(s))\n", "")
        monkeypatch.setattr(QPrintDialog, "exec", lambda dialog: self._exec(dialog))
        monkeypatch.setattr(QPrinter, "printerName", lambda _self: self.name)
        monkeypatch.setattr(printing, "lp_available", lambda: True)
        monkeypatch.setattr(printing.subprocess, "run", self._run)

    def _exec(self, dialog: QPrintDialog) -> int:
        self.dialogs += 1
        dialog.printer().setCopyCount(self.copies)
        return QDialog.DialogCode.Accepted if self.accept else QDialog.DialogCode.Rejected

    def _run(self, command: list[str], **_kwargs: Any) -> subprocess.CompletedProcess[str]:
        self.commands.append(list(command))
        self.files.append(Path(command[-1]).read_bytes())  # what lp read, before anything else
        return self.answer

    def printed_text(self, index: int = -1) -> str:
        path = Path(self.commands[index][-1])
        assert self.files[index].startswith(b"%PDF") and self.files[index].rstrip().endswith(b"%%EOF")
        return " ".join(page.extract_text() for page in PdfReader(path).pages)


def record_boxes(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Every message box shown, as (kind, text)."""
    shown: list[tuple[str, str]] = []
    for kind in ("error", "warn", "inform"):
        monkeypatch.setattr(prompts, kind, lambda _p, _t, text, kind=kind: shown.append((kind, text)))
    return shown


# ---------------------------------------------------------------- print_pdf itself


@pytest.fixture
def pdf(tmp_path: Path) -> Path:
    path = tmp_path / "PO-0001 Northgate Medical Supply.pdf"
    path.write_bytes(b"%PDF-1.4\n%%EOF\n")
    return path


def test_print_sends_the_pdf_to_the_chosen_printer_with_lp(qapp, monkeypatch, pdf: Path) -> None:
    printer = Printer(monkeypatch, copies=3)
    said: list[str] = []
    assert printing.print_pdf(None, pdf, said.append)
    assert printer.commands == [["lp", "-d", "Front desk", "-n", "3", "--", str(pdf)]]
    assert said == [f"Sent {pdf.name} to Front desk"]


def test_one_copy_on_the_default_printer_is_plain_lp(qapp, monkeypatch, pdf: Path) -> None:
    printer = Printer(monkeypatch, name="")
    assert printing.print_pdf(None, pdf)
    assert printer.commands == [["lp", "--", str(pdf)]]
    assert printing.lp_command(pdf, printing.PrintChoice("Back office", 2, (2, 3))) == [
        "lp", "-d", "Back office", "-n", "2", "-P", "2-3", "--", str(pdf),
    ]  # fmt: skip


def test_cancelling_the_print_dialog_prints_nothing(qapp, monkeypatch, pdf: Path) -> None:
    printer = Printer(monkeypatch)
    printer.accept = False
    shown = record_boxes(monkeypatch)
    assert not printing.print_pdf(None, pdf)
    assert printer.dialogs == 1 and printer.commands == [] and shown == []


def test_a_refused_job_shows_what_lp_said(qapp, monkeypatch, pdf: Path) -> None:
    printer = Printer(monkeypatch)
    printer.answer = subprocess.CompletedProcess([], 1, "", "lp: The printer or class does not exist.\n")
    shown = record_boxes(monkeypatch)
    assert not printing.print_pdf(None, pdf)
    assert shown == [
        ("error", "The printing system refused the job: lp: The printer or class does not exist.")
    ]


def test_without_lp_the_user_is_told_where_the_pdf_is(qapp, monkeypatch, pdf: Path) -> None:
    printer = Printer(monkeypatch)
    monkeypatch.setattr(printing, "lp_available", lambda: False)
    shown = record_boxes(monkeypatch)
    assert not printing.print_pdf(None, pdf)
    assert printer.commands == []
    [(kind, text)] = shown
    assert kind == "error" and "“lp”" in text and str(pdf) in text


def test_on_windows_the_shell_print_verb_prints(qapp, monkeypatch, pdf: Path) -> None:
    printer = Printer(monkeypatch)
    started: list[tuple[str, str]] = []
    monkeypatch.setattr(printing.sys, "platform", "win32")
    monkeypatch.setattr(
        printing.os, "startfile", lambda path, verb: started.append((path, verb)), raising=False
    )
    said: list[str] = []
    assert printing.print_pdf(None, pdf, said.append)
    assert started == [(str(pdf), "print")] and printer.commands == []
    assert said == [f"Sent {pdf.name} to the default printer"]


def test_open_file_that_no_program_opens_names_the_file_and_its_folder(qapp, monkeypatch, pdf: Path) -> None:
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda _url: False))
    shown = record_boxes(monkeypatch)
    assert not printing.open_file(None, pdf)
    [(kind, text)] = shown
    assert kind == "warn" and pdf.name in text and str(pdf.parent) in text


# ---------------------------------------------------------------- purchase orders


@pytest.fixture
def orders_page(demo_window, qtbot):
    """The Orders page with a draft for Northgate, its row clicked by the user."""
    order_id = purchasing.create_drafts([(catalog.item_id_for("GLV-NIT-M"), 3)])[0].id
    demo_window.nav.setCurrentRow(NAV_ORDERS)
    page = demo_window.orders_page
    page.refresh()
    page.set_filter(OrderFilter.ALL)
    row = row_of(page.table, lambda r: r.id == order_id)
    click_row(qtbot, page.table, row)
    assert page.current_order_id() == order_id
    active(qtbot, demo_window)
    return page


def test_ctrl_p_prints_the_selected_purchase_order(orders_page, qtbot, monkeypatch) -> None:
    printer = Printer(monkeypatch, copies=2)
    number = orders_page.current_order().number
    qtbot.keyClick(orders_page.table, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(printer.commands), timeout=30000)
    [command] = printer.commands
    path = Path(command[-1])
    assert command[:-1] == ["lp", "-d", "Front desk", "-n", "2", "--"]
    assert path.name == f"{number} Northgate Medical Supply.pdf"
    assert path.parent == printing.print_folder()
    assert number in printer.printed_text() and "GLV-NIT-M" in printer.printed_text()


def test_the_print_button_prints_too(orders_page, qtbot, monkeypatch) -> None:
    printer = Printer(monkeypatch)
    qtbot.mouseClick(orders_page.print_order_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(printer.commands), timeout=30000)
    assert orders_page.current_order().number in printer.printed_text()


def _save_to(monkeypatch, path: Path) -> list[str]:
    offered: list[str] = []

    def answer(_parent, _title, start, _filters):
        offered.append(start)
        return str(path), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(answer))
    return offered


def test_send_to_supplier_saves_the_pdf_and_starts_an_email_naming_it(
    orders_page, qtbot, monkeypatch, tmp_path: Path
) -> None:
    number = orders_page.current_order().number
    target = tmp_path / f"{number} Northgate Medical Supply.pdf"
    offered = _save_to(monkeypatch, target)
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url) or True))
    shown = record_boxes(monkeypatch)

    qtbot.mouseClick(orders_page.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(opened), timeout=30000)

    assert Path(offered[0]).name == f"{number} Northgate Medical Supply.pdf"
    assert number in PdfReader(target).pages[0].extract_text()
    [url] = opened
    assert url.scheme() == "mailto" and url.path() == NORTHGATE_EMAIL
    query = QUrlQuery(url)
    decoded = QUrl.ComponentFormattingOption.FullyDecoded
    assert query.queryItemValue("subject", decoded) == f"Purchase order {number}"
    assert str(target) in query.queryItemValue("body", decoded)
    assert shown == []


def test_send_to_a_supplier_without_email_still_saves_and_says_so(
    orders_page, qtbot, monkeypatch, tmp_path: Path
) -> None:
    summary = orders_page.current_order()
    current = catalog.supplier(summary.supplier_id)
    catalog.save_supplier(
        SupplierInput(name=current.name, account_number=current.account_number, email=""), current.id
    )
    target = tmp_path / "po.pdf"
    _save_to(monkeypatch, target)
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url) or True))
    shown = record_boxes(monkeypatch)

    qtbot.mouseClick(orders_page.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(shown), timeout=30000)

    [(kind, text)] = shown
    assert kind == "inform" and "no e-mail address" in text and str(target) in text
    assert opened == [] and target.read_bytes().startswith(b"%PDF")


def test_when_no_email_program_opens_the_user_learns_where_the_pdf_is(
    orders_page, qtbot, monkeypatch, tmp_path: Path
) -> None:
    target = tmp_path / "po.pdf"
    _save_to(monkeypatch, target)
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda _url: False))
    shown = record_boxes(monkeypatch)

    qtbot.mouseClick(orders_page.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(shown), timeout=30000)

    [(kind, text)] = shown
    assert kind == "warn" and "e-mail program could not be opened" in text
    assert str(target) in text and NORTHGATE_EMAIL in text


def test_open_pdf_that_no_viewer_opens_says_where_it_is(orders_page, qtbot, monkeypatch) -> None:
    tried: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: tried.append(url) and False))
    shown = record_boxes(monkeypatch)

    qtbot.mouseClick(orders_page.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(shown), timeout=30000)

    written = Path(tried[0].toLocalFile())
    [(kind, text)] = shown
    assert kind == "warn" and written.name in text and str(written.parent) in text
    assert written.read_bytes().startswith(b"%PDF")


# ---------------------------------------------------------------- count sheets and labels


def test_ctrl_p_prints_the_count_sheet(demo_window, qtbot, monkeypatch) -> None:
    printer = Printer(monkeypatch)
    page = start_location_count(demo_window)
    active(qtbot, demo_window)
    click_row(qtbot, page.table, 0, column=0)
    assert page.table.hasFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(printer.commands), timeout=30000)
    [command] = printer.commands
    assert command[:4] == ["lp", "-d", "Front desk", "--"]
    assert Path(command[-1]).parent == printing.print_folder()
    assert "Supply Room A" in printer.printed_text()


def test_labels_print_from_the_labels_dialog(demo_window, qtbot, monkeypatch) -> None:
    from inventory_app.ui.catalog.labels_dialog import LabelsDialog
    from tests.ui.shelf.test_reports_page import open_page

    printer = Printer(monkeypatch)
    page = open_page(demo_window)
    page.select_item(catalog.item_id_for("GLV-NIT-L"))

    def choose_and_print(dialog: LabelsDialog) -> None:
        assert dialog.checked_ids() == [catalog.item_id_for("GLV-NIT-L")]
        qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)

    seen = drive(monkeypatch, qtbot, LabelsDialog, choose_and_print)
    qtbot.mouseClick(page.labels_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(printer.commands), timeout=30000)
    assert len(seen) == 1
    text = printer.printed_text()
    assert "GLV-NIT-L" in text and "large" in text


def test_ctrl_p_in_the_labels_dialog_prints(demo_window, qtbot, monkeypatch) -> None:
    from inventory_app.ui.catalog.labels_dialog import LabelsDialog
    from tests.ui.shelf.test_reports_page import open_page

    printer = Printer(monkeypatch)
    page = open_page(demo_window)
    page.select_item(catalog.item_id_for("GLV-NIT-M"))

    def press_ctrl_p(dialog: LabelsDialog) -> None:
        qtbot.keyClick(dialog.items, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: not dialog.isVisible())  # a shortcut clicks its button after a moment

    drive(monkeypatch, qtbot, LabelsDialog, press_ctrl_p)
    qtbot.mouseClick(page.labels_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(printer.commands), timeout=30000)
    assert "GLV-NIT-M" in printer.printed_text()


def test_ctrl_p_prints_the_waste_log(demo_window, qtbot, monkeypatch) -> None:
    from tests.ui.shelf.test_expiring_page import open_page

    printer = Printer(monkeypatch)
    page = open_page(demo_window)
    active(qtbot, demo_window)
    click_row(qtbot, page.table, 0, column=0)
    qtbot.keyClick(page.table, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(printer.commands), timeout=30000)
    [command] = printer.commands
    assert Path(command[-1]).parent == printing.print_folder()
    assert "waste" in printer.printed_text().lower()


# ---------------------------------------------------------------- the Reports page


def test_ctrl_p_prints_the_reports_page_for_its_period(demo_window, qtbot, monkeypatch) -> None:
    from inventory_app.ui.shelf.report_tables import ItemUsageTableModel, SpendTableModel
    from tests.core.shelf.shelf_helpers import receive_order
    from tests.ui.shelf.test_reports_page import open_page

    receive_order(catalog.item_id_for("GLV-NIT-M"), 2)  # something spent in the period
    printer = Printer(monkeypatch)
    page = open_page(demo_window)
    start, end = page.period()
    active(qtbot, demo_window)
    view = page.tabs.currentWidget()
    click_row(qtbot, view, 0)
    assert view.hasFocus()
    qtbot.keyClick(view, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(printer.commands), timeout=30000)

    [command] = printer.commands
    path = Path(command[-1])
    assert command[:-1] == ["lp", "-d", "Front desk", "--"]
    assert path.name == f"Usage and spending {start} to {end}.pdf"
    assert path.parent == printing.print_folder()
    text = " ".join(printer.printed_text().split())
    assert f"{start} to {end}" in text and "Per week, last 8 weeks" in text

    def shown(model, row: int, column: int) -> str:
        return model.data(model.index(row, column))

    assert page.by_use.rowCount() and page.by_supplier.rowCount()
    for model in (page.by_use, page.by_cost):
        for row in range(model.rowCount()):
            for column in (ItemUsageTableModel.SKU, ItemUsageTableModel.COST, ItemUsageTableModel.USED):
                assert shown(model, row, column) in text, shown(model, row, column)
    for model in (page.by_supplier, page.by_category):
        for row in range(model.rowCount()):
            figures = [shown(model, row, c) for c in (SpendTableModel.SPENT, SpendTableModel.UNITS)]
            assert all(figure in text for figure in figures), figures
