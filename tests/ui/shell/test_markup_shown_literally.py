"""RELIABILITY D6: names with markup are shown literally everywhere in the app.

An item, supplier, category, location, lot, note and user name carrying
`<b>Bold</b> <img src="MARKER.png"> &amp; <i>` is created (the user is a real account, signed
in, since only accounts' names are shown), then the main screens, the stock dialogs, the order
editor and confirmation boxes are opened with the real widgets. Every label, message box and
tooltip that shows one of those values must show exactly those characters:

- a label is PlainText (and its text is the raw value, not escaped twice), or it is RichText and
  the value inside it is escaped, so rendering the label's HTML gives back the raw value;
- every message box built has PlainText format;
- a tooltip (a widget's toolTip() or a model's ToolTipRole) is not rich text by Qt's own test
  (Qt.mightBeRichText, which QToolTip uses), or is rich and renders back to the raw value;
- the user's name reads exactly as typed where the app names who did something: the status bar,
  the item's history (By), the count's heading, the order's "created by", the lot trace, the
  audit log and the users list.

Nothing is shown as bold and no image is loaded: only an unescaped `<img>` in rich text would make
Qt load MARKER.png, and the format checks above rule that out (no resource hook is needed).
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QAbstractItemModel, QAbstractListModel, QModelIndex, Qt
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QLabel,
    QMessageBox,
    QWidget,
)

from inventory_app.core.accounts import users as accounts
from inventory_app.core.accounts.context import set_current_actor
from inventory_app.core.catalog import items as catalog
from inventory_app.core.catalog import suppliers
from inventory_app.core.purchasing import orders as purchasing
from inventory_app.core.shelf import counts
from inventory_app.core.stock import movements as stock
from inventory_app.core.types import ItemInput, SupplierInput
from inventory_app.documents.demo_catalog import load_bundled_demo
from inventory_app.ui.catalog.item_dialog import ItemDialog
from inventory_app.ui.catalog.supplier_dialog import SupplierDialog
from inventory_app.ui.inventory.stock_dialog import StockAction, StockDialog
from inventory_app.ui.purchasing.order_editor import OrderEditor
from inventory_app.ui.purchasing.receive_order_dialog import ReceiveOrderDialog
from inventory_app.ui.shell.main_window import (
    NAV_AUDIT,
    NAV_COUNTS,
    NAV_EXPIRING,
    NAV_INVENTORY,
    NAV_ORDERS,
    NAV_REORDER,
    NAV_REPORTS,
    NAV_SETTINGS,
    NAV_SUPPLIERS,
    NAV_USERS,
    MainWindow,
)

MARK = '<b>Bold</b> <img src="MARKER.png"> &amp; <i>'
SKU = "MRK<b>Bold</b>&amp;<i>"  # a SKU cannot hold spaces
SEEN = "Bold"  # in every text that quotes a marked value, raw or escaped
USER = f"Pat {MARK}"  # an account's name
TOOLTIP = Qt.ItemDataRole.ToolTipRole


def rendered(text: str, rich: bool) -> str:
    """What the user reads: the text itself, or the text of the HTML once laid out."""
    if not rich:
        return text
    doc = QTextDocument()
    doc.setHtml(text)
    return doc.toPlainText().replace("\u2028", "\n").replace("\u2029", "\n")


def shown_literally(text: str, rich: bool) -> bool:
    """Every marked value in `text` reads exactly as typed (no tag or entity lost or doubled)."""
    shown = rendered(text, rich)
    return shown.count(SEEN) == shown.count(MARK) + shown.count(SKU) > 0


class Checker:
    """Collects every place a marked value is shown, and every one shown wrongly."""

    def __init__(self) -> None:
        self.labels: set[str] = set()
        self.tooltips: set[str] = set()
        self.wrong: list[str] = []
        self.read: list[tuple[str, str]] = []  # (where, what the user reads) quoting a marked value

    def _wrong(self, problem: str) -> None:
        if problem not in self.wrong:  # a table and its header view share one model
            self.wrong.append(problem)

    def label(self, where: str, label: QLabel) -> None:
        text = label.text()
        if SEEN not in text:
            return
        self.labels.add(where)
        fmt = label.textFormat()
        if fmt == Qt.TextFormat.PlainText:
            ok = shown_literally(text, rich=False)
        elif fmt == Qt.TextFormat.RichText:
            ok = "&lt;b&gt;Bold" in text and "<b>Bold" not in text and shown_literally(text, rich=True)
        else:
            ok = False  # AutoText: Qt guesses from the value itself
        if not ok:
            self._wrong(f"{where}: label {fmt} {text!r}")
        self.read.append((where, rendered(text, fmt == Qt.TextFormat.RichText)))

    def shown(self, where: str, text: object) -> None:
        """A table cell or list entry: drawn as plain text by Qt's item views."""
        if isinstance(text, str) and SEEN in text:
            self.read.append((where, text))

    def reads(self, where: str, value: str, exact: bool = False) -> bool:
        """Whether some text checked in `where` (a prefix) shows `value` as typed."""
        return any(
            w.startswith(where) and (text == value if exact else value in text) for w, text in self.read
        )

    def tooltip(self, where: str, tip: object) -> None:
        if not isinstance(tip, str) or SEEN not in tip:
            return
        self.tooltips.add(where)
        if not shown_literally(tip, rich=GuiQt.mightBeRichText(tip)):
            self._wrong(f"{where}: tooltip {tip!r}")

    def model(self, where: str, model: QAbstractItemModel) -> None:
        """Tables and lists only: the app has no tree models."""
        top = QModelIndex()
        columns = 1 if isinstance(model, QAbstractListModel) else model.columnCount(top)
        for row in range(model.rowCount(top)):
            for column in range(columns):
                index = model.index(row, column, top)
                self.tooltip(f"{where} row {row} column {column}", model.data(index, TOOLTIP))
                self.shown(where, model.data(index, Qt.ItemDataRole.DisplayRole))
        for column in range(columns):
            self.tooltip(
                f"{where} heading {column}", model.headerData(column, Qt.Orientation.Horizontal, TOOLTIP)
            )

    def tree(self, where: str, root: QWidget) -> None:
        """Every visible label, widget tooltip and table model under `root`."""
        QApplication.processEvents()
        widgets = [root, *root.findChildren(QWidget)]
        for widget in widgets:
            if not widget.isVisible():
                continue
            self.tooltip(f"{where} {type(widget).__name__}", widget.toolTip())
            if isinstance(widget, QLabel):
                self.label(where, widget)
            if isinstance(widget, QAbstractItemView) and widget.model() is not None:
                self.model(f"{where} {type(widget.model()).__name__}", widget.model())
            if isinstance(widget, QComboBox):
                for index in range(widget.count()):
                    self.shown(f"{where} list", widget.itemText(index))


@pytest.fixture
def marked_window(sqlite_db, qsettings, events, qtbot) -> MainWindow:
    """The demo clinic, kept by an administrator whose account name carries markup, signed in."""
    set_current_actor(accounts.create_first_admin(USER, "correct horse 1"))
    load_bundled_demo()
    window = MainWindow(events, qsettings, "test.db")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def marked(marked_window):
    """Demo data plus a category, location, supplier, item, lots, order and count named with markup,
    all recorded by the signed-in user whose name carries markup too."""
    category = catalog.save_category(f"Cat {MARK}")
    location = catalog.save_location(f"Shelf {MARK}")
    supplier = suppliers.save_supplier(
        SupplierInput(
            name=f"Supplier {MARK}",
            account_number=f"ACC {MARK}",
            contact=f"Contact {MARK}",
            phone="555-0100",
            address=f"Street {MARK}",
            notes=f"Notes {MARK}",
        )
    )
    item = catalog.create_item(
        ItemInput(
            sku=SKU,
            name=f"Gauze {MARK}",
            unit=f"pad {MARK}",
            category_id=category.id,
            location_id=location.id,
            supplier_id=supplier.id,
            supplier_sku=f"SS {MARK}",
            purchase_unit=f"box {MARK}",
            units_per_purchase_unit=10,
            reorder_point=50,
            tracks_expiry=True,
            notes=f"Item notes {MARK}",
        )
    )
    today = date.today()
    stock.receive(item.id, 5, lot=f"OLD {MARK}", expires=today - timedelta(days=3), note=f"Note {MARK}")
    stock.receive(item.id, 7, lot=f"LOT {MARK}", expires=today + timedelta(days=10), note=f"Note {MARK}")
    order = purchasing.create_order(supplier.id, notes=f"Order notes {MARK}")
    purchasing.add_line(order.id, item.id, 3)
    count = counts.start_count(location_id=location.id, note=f"Count {MARK}")
    marked_window.refresh()
    return item, supplier, order, count


@pytest.fixture
def boxes(monkeypatch):
    """Every QMessageBox the app builds, recorded at exec() and answered with its first button."""
    built: list[QMessageBox] = []

    def fake_exec(box: QMessageBox) -> int:
        built.append(box)
        box.show()
        QApplication.processEvents()
        buttons = box.buttons()
        accept = next((b for b in buttons if box.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole), None)
        if accept is not None:
            accept.click()
        box.hide()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    return built


def test_names_with_markup_are_shown_literally(marked_window, marked, boxes, qtbot):
    item, supplier, order, count = marked
    check = Checker()
    window = marked_window
    check.tree("status bar", window.statusBar())

    # The side bar, then the inventory with the item selected, on each tab of its panel.
    window.nav.setCurrentRow(NAV_INVENTORY)
    page = window.inventory_page
    assert page.select_item(item.id)
    for tab in range(page.panel.count()):
        page.panel.setCurrentIndex(tab)
        check.tree(f"inventory tab {tab}", window)
    assert any(where.startswith("inventory") for where in check.labels)

    window.nav.setCurrentRow(NAV_EXPIRING)
    expiring = window.expiring_page
    lot = next(r for r in expiring.model.rows() if r.item_id == item.id and not r.expired)
    assert expiring.select_lot(lot.lot_id)
    expiring.trace_selected()
    check.tree("expiring", window)
    assert shown_literally(expiring.trace_view.toHtml(), rich=True), expiring.trace_view.toHtml()
    assert f"by {USER}" in rendered(expiring.trace_view.toHtml(), rich=True)  # who received the lot

    window.nav.setCurrentRow(NAV_REORDER)
    assert window.reorder_page.select_item(item.id)
    check.tree("reorder", window)

    window.nav.setCurrentRow(NAV_ORDERS)
    assert window.orders_page.select_order(order.id)
    check.tree("orders", window)
    editor = OrderEditor(purchasing.order_detail(order.id), window.orders_page.actions, window)
    qtbot.addWidget(editor)
    editor.show()
    check.tree("order editor", editor)
    editor.done(QDialog.DialogCode.Rejected)
    purchasing.mark_ordered(order.id)
    receive = ReceiveOrderDialog(purchasing.order_detail(order.id), window)
    qtbot.addWidget(receive)
    receive.show()
    check.tree("receive dialog", receive)
    receive.reject()

    window.nav.setCurrentRow(NAV_SUPPLIERS)
    assert window.suppliers_page.select_supplier(supplier.id)
    check.tree("suppliers", window)

    window.nav.setCurrentRow(NAV_COUNTS)
    window.counts_page.show_count(count.summary.id)
    window.counts_page.scan_field.setText(f"X{MARK}")  # not on the count: the message quotes it
    window.counts_page.scan()
    assert MARK in window.counts_page.message.text()
    check.tree("counts", window)

    window.nav.setCurrentRow(NAV_REPORTS)
    window.reports_page.select_item(item.id)
    for tab in range(window.reports_page.tabs.count()):
        window.reports_page.tabs.setCurrentIndex(tab)
        check.tree(f"reports tab {tab}", window)

    window.nav.setCurrentRow(NAV_AUDIT)
    check.tree("audit log", window)

    window.nav.setCurrentRow(NAV_SETTINGS)  # the category and location lists
    check.tree("settings", window)

    window.nav.setCurrentRow(NAV_USERS)
    check.tree("users", window)

    adding = ItemDialog(None, window)
    qtbot.addWidget(adding)
    adding.show()
    adding.sku.setText(SKU)
    adding.name.setText("Another")
    adding.submit()  # refused: the SKU is taken, and the message quotes it
    check.tree("item dialog", adding)
    adding.done(QDialog.DialogCode.Rejected)
    another = SupplierDialog(None, window)
    qtbot.addWidget(another)
    another.show()
    another.name.setText(f"Supplier {MARK}")
    another.submit()  # refused: the name is taken, and the message under the field quotes it
    check.tree("supplier dialog", another)
    another.done(QDialog.DialogCode.Rejected)

    for action in StockAction:
        dialog = StockDialog(action, catalog.item_detail(item.id), window)
        qtbot.addWidget(dialog)
        dialog.show()
        if action is StockAction.USE:
            dialog.quantity.setValue(9999)
            dialog.submit()  # refused: the message names the item or lot
            assert dialog.error_label.isVisible()
        check.tree(f"stock dialog {action.value}", dialog)
        dialog.reject()

    window.scan()  # the scan box names the item it found
    assert window.scan_box is not None
    window.scan_box.code.setText(SKU)
    window.scan_box.look_up()
    assert "Gauze" in window.scan_box.found.text()
    check.tree("scan box", window.scan_box)
    window.scan_box.close()

    # Confirmations built for real: dispose of the expired marked lot, archive the marked item.
    window.nav.setCurrentRow(NAV_EXPIRING)
    expired = next(r for r in expiring.model.rows() if r.item_id == item.id and r.expired)
    assert expiring.select_lot(expired.lot_id)
    expiring.dispose_selected()
    window.nav.setCurrentRow(NAV_INVENTORY)
    assert page.select_item(item.id)
    window.archive_item()
    assert not catalog.item_detail(item.id).active  # the box was answered with its Archive button

    assert len(boxes) >= 2
    for box in boxes:
        assert box.textFormat() == Qt.TextFormat.PlainText, box.text()
    assert any(MARK in box.text() for box in boxes)
    for where in (
        "counts",
        "order editor",
        "receive dialog",
        "reports tab 0",
        "suppliers",
        "item dialog",
        "supplier dialog",
    ):
        assert where in check.labels, f"no label quoting a marked value checked in {where}"
    assert check.wrong == [], "\n".join(check.wrong)
    assert check.tooltips, "some tooltip quotes a marked value (the tables' long names)"
    # The user's name, where the app says who: read exactly as the account is named.
    assert check.reads("status bar", USER)
    assert check.reads("inventory tab 1 HistoryTableModel", USER, exact=True)  # By
    assert check.reads("counts", f"by {USER}")  # the count's heading
    assert check.reads("order editor", f"by {USER}")  # created by
    assert check.reads("audit log AuditTableModel", USER, exact=True)
    assert check.reads("audit log list", USER, exact=True)  # the user filter
    assert check.reads("users", USER, exact=True)


def test_signed_in_name_and_database_file_shown_literally(sqlite_db, qsettings, events, qtbot):
    """The status bar names the signed-in user and the database file: both as typed."""
    admin = accounts.create_first_admin(f"Pat {MARK}", "correct horse 1")
    set_current_actor(admin)
    window = MainWindow(events, qsettings, f"clinic {MARK}.db")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    check = Checker()
    check.tree("status bar", window.statusBar())
    assert check.labels == {"status bar"}
    assert window.session.signed_in_label.isVisible() and window.database_label.isVisible()
    assert f"Pat {MARK}" in window.session.signed_in_label.text()
    assert f"clinic {MARK}.db" in window.database_label.text()
    assert check.wrong == [], "\n".join(check.wrong)
