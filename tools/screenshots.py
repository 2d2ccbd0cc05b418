"""Write PNGs of every page and dialog with the demo clinic, at two screen sizes in light and
dark, to look at them.

    .venv/bin/python tools/screenshots.py [OUT_DIR] [--size 1366x768] [--theme dark]

Writes OUT_DIR/<size>-<theme>/NN-name.png (OUT_DIR defaults to /tmp/screens) for 1366×768 and
1920×1080, light and dark, unless --size or --theme picks one. Each size and theme runs in a
process of its own on Qt's offscreen platform with a screen of that size, so the window's own
fit-to-screen logic sees it; at 1920×1080 the window is maximized, as a user with room does.
Dark is the Fusion style with the dark palette a dark desktop gives Qt. A line is printed for
each PNG with its size, and a warning when a dialog is larger than the screen.

Uses a throwaway database and throwaway workstation settings; never commit the PNGs. A script
run by hand, not a test (pytest collects only test_*.py).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

SIZES = {"1366x768": (1366, 768), "1920x1080": (1920, 1080)}
THEMES = ("light", "dark")
DEFAULT_OUT = Path(tempfile.gettempdir()) / "screens"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="Screenshots of every page and dialog")
    parser.add_argument("out", nargs="?", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--size", choices=sorted(SIZES), action="append")
    parser.add_argument("--theme", choices=THEMES, action="append")
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)  # a child run
    args = parser.parse_args(argv)
    if args.one:
        run_one(args.out, args.size[0], args.theme[0])
        return 0
    failed = 0
    for size in args.size or SIZES:
        width, height = SIZES[size]
        for theme in args.theme or THEMES:
            work = Path(tempfile.mkdtemp(prefix="screen-config-"))
            config = work / "screen.json"
            screen = {"name": "s", "x": 0, "y": 0, "width": width, "height": height}
            screen.update({"logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1})
            config.write_text(json.dumps({"screens": [screen]}))
            env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={config}")
            command = [sys.executable, __file__, str(args.out), "--one", "--size", size, "--theme", theme]
            failed |= subprocess.run(command, env=env, check=False).returncode
    return 1 if failed else 0


def run_one(root: Path, size: str, theme: str) -> None:
    """Every screen at one size and theme, into root/<size>-<theme>/."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from inventory_app.core.accounts import users as accounts
    from inventory_app.core.accounts.context import set_current_actor
    from inventory_app.db.session import open_database
    from inventory_app.ui.events import AppEvents
    from inventory_app.ui.shell.main_window import MainWindow

    out = root / f"{size}-{theme}"
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.png"):
        old.unlink()
    app = QApplication.instance() or QApplication([])
    if theme == "dark":
        _dark(app)
    work = Path(tempfile.mkdtemp(prefix="screens-"))
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(work))
    settings = QSettings(str(work / "ws.ini"), QSettings.Format.IniFormat)
    open_database(work / "screens.db")
    set_current_actor(accounts.create_first_admin("Ana Ruiz", "correct horse 1"))
    window = MainWindow(AppEvents(), settings, str(work / "screens.db"))
    if SIZES[size][0] > 1600:
        window.showMaximized()
    else:
        window.show()  # the size the app picks itself for this screen
    shots = Shots(out, window)
    shots.save(window, "welcome")
    _inventory(shots)
    _orders(shots)
    _shelf(shots)
    _catalog(shots)
    _trust(shots)
    _help(shots)
    _accounts(shots)
    shots.report()


class Shots:
    """Numbered PNGs in one folder, and the dialogs that do not fit the screen."""

    def __init__(self, out: Path, window) -> None:  # the main window
        self.out = out
        self.window = window
        self.number = 0
        self.too_big: list[str] = []

    def save(self, widget, name: str) -> None:  # any widget
        from PySide6.QtWidgets import QApplication

        QApplication.processEvents()
        self.number += 1
        path = self.out / f"{self.number:02d}-{name}.png"
        widget.grab().save(str(path))
        room = widget.screen().availableGeometry()
        size = widget.frameGeometry() if widget.isWindow() else widget.geometry()
        note = ""
        if size.width() > room.width() or size.height() > room.height():
            note = f"  LARGER THAN THE SCREEN ({room.width()}x{room.height()})"
            self.too_big.append(path.name)
        print(f"{path}  {size.width()}x{size.height()}{note}")

    def report(self) -> None:
        if self.too_big:
            print("Larger than the screen:", ", ".join(self.too_big))


def _dark(app) -> None:  # the QApplication
    """The Fusion style's dark palette, as Qt gives it on a desktop set to dark."""
    from PySide6.QtGui import QColor, QPalette

    window_text, window, base = QColor(240, 240, 240), QColor(50, 50, 50), QColor(36, 36, 36)
    role, group = QPalette.ColorRole, QPalette.ColorGroup
    palette = QPalette()
    colors = {
        role.WindowText: window_text,
        role.Text: window_text,
        role.ButtonText: window_text,
        role.BrightText: QColor(255, 255, 255),
        role.Window: window,
        role.Button: window,
        role.Base: base,
        role.Light: window.lighter(150),
        role.Midlight: window.darker(130).lighter(110),
        role.Mid: window.darker(130),
        role.Dark: window.darker(150),
        role.Shadow: window.darker(200),
    }
    for each, color in colors.items():
        palette.setColor(each, color)
    palette.setColor(role.AlternateBase, base.lighter(130))
    palette.setColor(role.Highlight, QColor(48, 140, 198))
    palette.setColor(role.HighlightedText, window_text)
    palette.setColor(role.Link, QColor(48, 140, 198))
    palette.setColor(role.LinkVisited, QColor(150, 120, 210))
    palette.setColor(role.ToolTipBase, window)
    palette.setColor(role.ToolTipText, window_text)
    placeholder = QColor(window_text)
    placeholder.setAlpha(128)
    palette.setColor(role.PlaceholderText, placeholder)
    for disabled in (role.WindowText, role.Text, role.ButtonText):
        palette.setColor(group.Disabled, disabled, QColor(130, 130, 130))
    palette.setColor(group.Disabled, role.Base, window)
    app.setStyle("Fusion")
    app.setPalette(palette)


def _inventory(shots: Shots) -> None:
    """The demo clinic's inventory with a vaccine selected, its tabs, and the item's dialogs."""
    from PySide6.QtWidgets import QDialog

    from inventory_app.core.catalog import items as catalog
    from inventory_app.documents.demo_catalog import load_bundled_demo
    from inventory_app.ui.catalog.item_dialog import ItemDialog
    from inventory_app.ui.inventory.stock_dialog import StockAction, StockDialog
    from inventory_app.ui.shell.main_window import NAV_INVENTORY

    window = shots.window
    load_bundled_demo()
    window.refresh()
    window.nav.setCurrentRow(NAV_INVENTORY)
    page = window.inventory_page
    page.select_item(catalog.item_id_for("VAC-FLU-Q"))
    shots.save(window, "inventory-details")
    page.panel.setCurrentIndex(1)
    shots.save(window, "inventory-history")
    page.panel.setCurrentIndex(2)
    shots.save(window, "inventory-lots")
    page.panel.setCurrentIndex(0)
    page.search.setText("glove")
    shots.save(window, "inventory-search")
    page.search.clear()
    page.select_item(catalog.item_id_for("VAC-FLU-Q"))

    item_id = catalog.item_id_for("VAC-FLU-Q")
    for action in StockAction:
        dialog = StockDialog(action, catalog.item_detail(item_id), window)
        dialog.show()
        shots.save(dialog, f"dialog-{action.value}")
        dialog.reject()
    use = StockDialog(StockAction.USE, catalog.item_detail(item_id), window)
    use.show()
    use.quantity.setValue(9999)
    use.submit()
    shots.save(use, "dialog-use-refused")
    use.reject()
    editor = ItemDialog(catalog.item_detail(item_id), window)
    editor.show()
    shots.save(editor, "item-editor")
    editor.sku.setText("")
    editor.par_level.setValue(0)
    editor.reorder_point.setValue(5)
    editor.submit()
    shots.save(editor, "item-editor-errors")
    editor.done(QDialog.DialogCode.Rejected)


def _orders(shots: Shots) -> None:
    """Reorder, drafts, an overdue and a partly received order, the editor, receiving."""
    from PySide6.QtWidgets import QDialog

    from inventory_app.core.catalog import items as catalog
    from inventory_app.core.purchasing import orders as purchasing
    from inventory_app.core.purchasing.types import LineReceipt
    from inventory_app.ui.purchasing.order_editor import OrderEditor
    from inventory_app.ui.purchasing.receive_order_dialog import ReceiveOrderDialog
    from inventory_app.ui.shell.main_window import NAV_ORDERS, NAV_REORDER

    window = shots.window
    window.nav.setCurrentRow(NAV_REORDER)
    reorder = window.reorder_page
    reorder.select_item(catalog.item_id_for("GLV-NIT-L"))
    shots.save(window, "reorder")
    reorder.create_drafts()  # one draft per supplier, then the Orders page
    orders = {o.supplier: o for o in purchasing.list_orders()}
    long_ago = date.today() - timedelta(days=30)
    purchasing.mark_ordered(orders["Northgate Medical Supply"].id, ordered_on=long_ago)
    purchasing.mark_ordered(orders["Cascade Clinical Distributors"].id)
    summit = orders["Summit Biologics Distribution"].id
    purchasing.mark_ordered(summit)
    first = purchasing.order_detail(summit).lines[0]
    purchasing.receive(summit, [LineReceipt(first.id, 1, "LOT-A1", date.today() + timedelta(days=400))])
    window.refresh()
    window.nav.setCurrentRow(NAV_ORDERS)
    window.orders_page.set_filter(window.orders_page.model.status_filter.ALL)
    window.orders_page.select_order(summit)
    shots.save(window, "orders")
    actions = window.orders_page.actions
    draft = next(o for o in purchasing.list_orders() if o.status == "draft")
    editor = OrderEditor(purchasing.order_detail(draft.id), actions, window)
    editor.show()
    editor.add_field.setText("glove")
    shots.save(editor, "order-editor-draft")
    editor.done(QDialog.DialogCode.Rejected)
    late = orders["Northgate Medical Supply"].id
    editor = OrderEditor(purchasing.order_detail(late), actions, window)
    editor.show()
    shots.save(editor, "order-editor-overdue")
    editor.done(QDialog.DialogCode.Rejected)
    receive = ReceiveOrderDialog(purchasing.order_detail(summit), window)
    receive.show()
    shots.save(receive, "receive-order")
    tracked = next(e for e in receive.entries if e.add_lot_button is not None)
    tracked.lot.setText("HB-2291")  # type: ignore[union-attr]
    receive.add_lot(tracked)
    receive.submit()  # refused: lots and dates missing
    shots.save(receive, "receive-order-refused")
    receive.reject()


def _shelf(shots: Shots) -> None:
    """Expiring (with a lot traced), the scan box, a count open and in review, the reports."""
    from inventory_app.core.catalog import items as catalog
    from inventory_app.ui.shell.main_window import NAV_COUNTS, NAV_EXPIRING, NAV_REPORTS

    window = shots.window
    window.nav.setCurrentRow(NAV_EXPIRING)
    expiring = window.expiring_page
    shots.save(window, "expiring")
    expiring.select_lot(expiring.model.rows()[0].lot_id)
    expiring.trace_selected()
    shots.save(window, "expiring-trace")
    window.scan()
    assert window.scan_box is not None
    window.scan_box.code.setText("GLV-NIT-M")
    window.scan_box.look_up()
    shots.save(window.scan_box, "scan-box")
    window.scan_box.close()
    window.nav.setCurrentRow(NAV_COUNTS)
    counts_page = window.counts_page
    shots.save(window, "counts-start")
    counts_page.start_button.click()
    counts_page.model.counted_entered.emit(counts_page.model.rows()[1].id, "7")
    shots.save(window, "counts-open")
    counts_page.review_button.setChecked(True)
    shots.save(window, "counts-review")
    counts_page.review_button.setChecked(False)
    window.nav.setCurrentRow(NAV_REPORTS)
    window.reports_page.select_item(catalog.item_id_for("VAC-FLU-Q"))
    shots.save(window, "reports")
    window.reports_page.tabs.setCurrentIndex(1)
    shots.save(window, "reports-top-items")
    window.reports_page.tabs.setCurrentIndex(2)
    shots.save(window, "reports-spending")
    window.reports_page.tabs.setCurrentIndex(0)


def _catalog(shots: Shots) -> None:
    """Suppliers and the supplier editor, the import wizard's preview, the labels dialog."""
    import openpyxl
    from PySide6.QtCore import QThreadPool
    from PySide6.QtWidgets import QApplication, QDialog

    from inventory_app.core.catalog import items as catalog
    from inventory_app.core.catalog import suppliers
    from inventory_app.ui.catalog.labels_dialog import LabelsDialog
    from inventory_app.ui.catalog.supplier_dialog import SupplierDialog
    from inventory_app.ui.importing.wizard import ImportWizard
    from inventory_app.ui.shell.main_window import NAV_SUPPLIERS

    window = shots.window
    window.nav.setCurrentRow(NAV_SUPPLIERS)
    shots.save(window, "suppliers")
    northgate = next(s for s in suppliers.suppliers() if s.name == "Northgate Medical Supply")
    dialog = SupplierDialog(suppliers.supplier(northgate.id), window)
    dialog.show()
    shots.save(dialog, "supplier-editor")
    dialog.done(QDialog.DialogCode.Rejected)

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Riverside Family Clinic: shelf count, November"])
    ws.append([])
    ws.append(["Item #", "Description", "Qty", "Min", "Max", "Vendor", "Shelf"])
    ws.append(["DX-ECG-ELC", "ECG tab electrodes, resting, 100/pk", 4, 3, 10, "Northgate Medical Supply"])
    ws.append(["DX-SPC-CUP", "Specimen cups 4 oz, sterile, screw cap", "1,200", 40, 120, None])
    ws.append(["DX-LNC-SAF", "Safety lancets 21G, sterile", 4, 2, 6])
    ws.append(
        ["WND-STERI", "Skin closure strips 1/4 x 4 in", 12, 4, 20, "Northgate Medical Supply", "Cabinet C"]
    )
    ws.append(["PAP-TOWEL", "Paper towels, multifold", 2.5, 1, 4, "Office Depot", "Supply Room B"])
    ws.append(
        ["MASK-N95", "N95 respirators, size M", 6, 10, 4, "Cascade Clinical Distributors", "Supply Room A"]
    )
    ws.append([None, "Total", "=SUM(C4:C9)"])
    path = Path(tempfile.mkdtemp(prefix="screens-import-")) / "November count.xlsx"
    wb.save(path)
    wizard = ImportWizard(window.events, window.settings, window)
    wizard.show()
    wizard.open_file(str(path))
    for _ in range(2):  # read, then check: each in the background
        QThreadPool.globalInstance().waitForDone()
        QApplication.processEvents()
        wizard.next_button.click()
    QThreadPool.globalInstance().waitForDone()
    QApplication.processEvents()
    shots.save(wizard, "import-preview")
    wizard.done(QDialog.DialogCode.Rejected)

    labels = LabelsDialog([catalog.item_id_for("VAC-FLU-Q"), catalog.item_id_for("GLV-NIT-M")], window)
    labels.show()
    shots.save(labels, "labels")
    labels.done(QDialog.DialogCode.Rejected)


def _trust(shots: Shots) -> None:
    """Settings (and a refused folder), the audit log (all, then filtered), the restore dialog
    (with a damaged file)."""
    from PySide6.QtWidgets import QDialog

    from inventory_app.core.accounts.audit import Action
    from inventory_app.core.backups import backup as backups
    from inventory_app.core.catalog import items as catalog
    from inventory_app.core.stock import movements as stock
    from inventory_app.ui.backups.restore_dialog import RestoreDialog
    from inventory_app.ui.shell.main_window import NAV_AUDIT, NAV_SETTINGS

    window = shots.window
    first = backups.backup_now(kind="daily")
    stock.use(catalog.item_id_for("GLV-NIT-M"), 2)
    backups.backup_now()
    (first.parent / "inventory-20250101-120000-manual.db").write_bytes(b"not a database")
    window.nav.setCurrentRow(NAV_SETTINGS)
    settings_page = window.settings_page
    shots.save(window, "settings")
    settings_page.backup_folder.setText(str(first.parent / "no such folder"))
    settings_page.save()
    shots.save(window, "settings-folder-refused")
    settings_page.revert()
    window.nav.setCurrentRow(NAV_AUDIT)
    page = window.audit_page
    shots.save(window, "audit-log")
    page.action_filter.setCurrentIndex(page.action_filter.findData(Action.ORDER_RECEIVE))
    start = page.start_filter
    (start.set_date if hasattr(start, "set_date") else start.setDate)(date.today())
    shots.save(window, "audit-log-filtered")
    page.clear_filters()
    dialog = RestoreDialog(window)
    dialog.show()
    shots.save(dialog, "restore")
    dialog.done(QDialog.DialogCode.Rejected)


def _help(shots: Shots) -> None:
    """Help's guide, shortcuts and About."""
    from PySide6.QtWidgets import QDialog

    from inventory_app.ui.shell.help_dialogs import AboutDialog, GuideDialog, ShortcutsDialog
    from inventory_app.ui.shell.help_menu import shortcut_groups

    window = shots.window
    menu = window.help_menu
    guide = GuideDialog(window)
    guide.show()
    shots.save(guide, "help-guide")
    guide.close()
    dialog = ShortcutsDialog(shortcut_groups(window, menu.pages, menu.page_widgets()), window)
    dialog.show()
    shots.save(dialog, "help-shortcuts")
    dialog.done(QDialog.DialogCode.Rejected)
    about = AboutDialog(menu.about_facts(), window)
    about.show()
    shots.save(about, "help-about")
    about.done(QDialog.DialogCode.Rejected)


def _accounts(shots: Shots) -> None:
    """The Users page, creating the administrator and signing in, the lock screen (also over a
    dialog), and the window of a staff user."""
    from inventory_app.core.accounts import users as accounts
    from inventory_app.core.accounts.context import Role, set_current_actor
    from inventory_app.core.catalog import items as catalog
    from inventory_app.db.session import open_database
    from inventory_app.ui.accounts.sign_in import CreateAdminDialog, SignInDialog
    from inventory_app.ui.inventory.stock_dialog import StockAction, StockDialog
    from inventory_app.ui.shell.main_window import NAV_INVENTORY, NAV_USERS

    window = shots.window
    accounts.add_user("Sam Lee", "battery staple 2", Role.STAFF)
    window.session.apply_role()
    window.nav.setCurrentRow(NAV_USERS)
    window.users_page.refresh()
    window.users_page.select("Sam Lee")
    shots.save(window, "users")
    sign_in = SignInDialog()
    sign_in.show()
    sign_in.name.setText("Sam Lee")
    sign_in.password.setText("wrong password")
    sign_in.submit()
    shots.save(sign_in, "sign-in-wrong")
    sign_in.reject()
    window.nav.setCurrentRow(NAV_INVENTORY)
    window.inventory_page.select_item(catalog.item_id_for("VAC-FLU-Q"))
    window.session.lock_now()
    window.session.lock.screen.password.setText("typo")
    window.session.lock.unlock("typo")
    shots.save(window, "locked")
    window.session.lock.unlock("correct horse 1")
    dialog = StockDialog(StockAction.RECEIVE, catalog.item_detail(catalog.item_id_for("VAC-FLU-Q")), window)
    dialog.open()
    dialog.note.setText("box 3 torn")
    window.session.lock_now()
    shots.save(dialog, "locked-dialog")
    window.session.lock.unlock("correct horse 1")
    dialog.reject()
    set_current_actor(accounts.sign_in("Sam Lee", "battery staple 2"))
    window.session.apply_role()
    window.inventory_page.panel.setCurrentIndex(1)
    window.inventory_page.panel.history_view.selectRow(0)
    shots.save(window, "staff-window")
    # A new office: creating the administrator, on a database of its own.
    open_database(Path(tempfile.mkdtemp(prefix="screens-new-")) / "new.db")
    set_current_actor(None)
    create = CreateAdminDialog()
    create.show()
    create.name.setText("Ana Ruiz")
    create.password.setText("short")
    create.repeat.setText("short")
    create.submit()
    shots.save(create, "create-admin-refused")
    create.reject()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
