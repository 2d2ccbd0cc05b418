"""Write PNGs of the main screens with the demo data, to look at them.

    .venv/bin/python tests/ui/screenshots.py OUT_DIR

Uses a throwaway database and throwaway workstation settings; never commit the PNGs.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings, Qt, QThreadPool, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QDialog, QWidget  # noqa: E402

from inventory_app.core import catalog, purchasing, stock  # noqa: E402
from inventory_app.core.purchase_types import LineReceipt  # noqa: E402
from inventory_app.db.session import open_database  # noqa: E402
from inventory_app.documents.demo_catalog import load_bundled_demo  # noqa: E402
from inventory_app.ui.dialogs.item_dialog import ItemDialog  # noqa: E402
from inventory_app.ui.dialogs.order_editor import OrderEditor  # noqa: E402
from inventory_app.ui.dialogs.receive_order_dialog import ReceiveOrderDialog  # noqa: E402
from inventory_app.ui.dialogs.stock_dialog import StockAction, StockDialog  # noqa: E402
from inventory_app.ui.events import AppEvents  # noqa: E402
from inventory_app.ui.main_window import (  # noqa: E402
    NAV_COUNTS,
    NAV_EXPIRING,
    NAV_INVENTORY,
    NAV_ORDERS,
    NAV_REORDER,
    NAV_REPORTS,
    NAV_SETTINGS,
    NAV_SUPPLIERS,
    MainWindow,
)


def _save(widget: QWidget, path: Path) -> None:
    QApplication.processEvents()
    widget.grab().save(str(path))
    print(path)


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication([])
    work = Path(tempfile.mkdtemp(prefix="screens-"))
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(work))
    settings = QSettings(str(work / "ws.ini"), QSettings.Format.IniFormat)
    open_database(work / "screens.db")
    window = MainWindow(AppEvents(), settings, str(work / "screens.db"))
    window.resize(1360, 820)
    window.show()
    _save(window, out / "01-welcome.png")
    load_bundled_demo()
    window.events.catalog_changed.emit()
    window.nav.setCurrentRow(NAV_INVENTORY)
    page = window.inventory_page
    page.select_item(catalog.item_id_for("VAC-FLU-Q"))
    _save(window, out / "02-inventory.png")
    page.panel.setCurrentIndex(1)
    _save(window, out / "03-history.png")
    page.panel.setCurrentIndex(2)
    _save(window, out / "04-lots.png")
    page.search.setText("glove")
    _save(window, out / "05-search.png")
    page.search.clear()
    window.nav.setCurrentRow(NAV_EXPIRING)
    _save(window, out / "06-expiring.png")
    window.nav.setCurrentRow(NAV_SUPPLIERS)
    _save(window, out / "07-suppliers.png")
    window.nav.setCurrentRow(NAV_SETTINGS)
    _save(window, out / "08-settings.png")

    item_id = catalog.item_id_for("VAC-FLU-Q")
    for number, action in enumerate(StockAction, start=9):
        dialog = StockDialog(action, catalog.item_detail(item_id), window)
        dialog.show()
        _save(dialog, out / f"{number:02d}-dialog-{action.value}.png")
        dialog.reject()
    use = StockDialog(StockAction.USE, catalog.item_detail(item_id), window)
    use.show()
    use.quantity.setValue(9999)
    use.submit()
    _save(use, out / "13-dialog-use-refused.png")
    use.reject()
    editor = ItemDialog(catalog.item_detail(item_id), window)
    editor.show()
    _save(editor, out / "14-item-dialog.png")
    editor.sku.setText("")
    editor.par_level.setValue(0)
    editor.reorder_point.setValue(5)
    editor.submit()
    _save(editor, out / "15-item-dialog-errors.png")
    editor.done(QDialog.DialogCode.Rejected)
    _orders(window, out)
    _import_preview(window, work, out)
    _shelf(window, out)
    _trust(window, out)
    _accounts(window, out)
    QTimer.singleShot(0, app.quit)
    app.exec()


def _orders(window: MainWindow, out: Path) -> None:
    """Reorder view, drafts, an overdue and a partly received order, the editor, receiving."""
    window.nav.setCurrentRow(NAV_REORDER)
    reorder = window.reorder_page
    reorder.select_item(catalog.item_id_for("GLV-NIT-L"))
    _save(window, out / "16-reorder.png")
    reorder.create_drafts()  # one draft per supplier, then the Orders page
    _save(window, out / "17-orders-drafts.png")
    orders = {o.supplier: o for o in purchasing.list_orders()}
    long_ago = date.today() - timedelta(days=30)
    purchasing.mark_ordered(orders["Northgate Medical Supply"].id, ordered_on=long_ago)
    purchasing.mark_ordered(orders["Cascade Clinical Distributors"].id)
    summit = orders["Summit Biologics Distribution"].id
    purchasing.mark_ordered(summit)
    first = purchasing.order_detail(summit).lines[0]
    purchasing.receive(summit, [LineReceipt(first.id, 1, "LOT-A1", date.today() + timedelta(days=400))])
    window.events.catalog_changed.emit()
    window.nav.setCurrentRow(NAV_ORDERS)
    window.orders_page.set_filter(window.orders_page.model.status_filter.ALL)
    _save(window, out / "18-orders-all.png")
    window.nav.setCurrentRow(NAV_REORDER)
    _save(window, out / "19-reorder-after.png")
    window.nav.setCurrentRow(NAV_INVENTORY)
    window.inventory_page.table.sortByColumn(
        window.inventory_page.model.ON_ORDER, Qt.SortOrder.DescendingOrder
    )
    _save(window, out / "20-inventory-on-order.png")
    actions = window.orders_page.actions
    draft = next(o for o in purchasing.list_orders() if o.status == "draft")
    editor = OrderEditor(purchasing.order_detail(draft.id), actions, window)
    editor.show()
    editor.add_field.setText("glove")
    _save(editor, out / "21-order-editor-draft.png")
    editor.done(QDialog.DialogCode.Rejected)
    late = orders["Northgate Medical Supply"].id
    editor = OrderEditor(purchasing.order_detail(late), actions, window)
    editor.show()
    _save(editor, out / "22-order-editor-overdue.png")
    editor.done(QDialog.DialogCode.Rejected)
    receive = ReceiveOrderDialog(purchasing.order_detail(summit), window)
    receive.show()
    tracked = next(e for e in receive.entries if e.add_lot_button is not None)
    tracked.lot.setText("HB-2291")  # type: ignore[union-attr]
    receive.add_lot(tracked)
    receive.submit()  # refused: lots and dates missing
    _save(receive, out / "23-receive-dialog.png")
    receive.reject()


def _shelf(window: MainWindow, out: Path) -> None:
    """Expiring (with a lot traced), the scan box, a count in review, the reports."""
    window.nav.setCurrentRow(NAV_EXPIRING)
    expiring = window.expiring_page
    expiring.select_lot(expiring.model.rows()[0].lot_id)
    expiring.trace_selected()
    _save(window, out / "25-expiring-trace.png")
    window.scan()
    assert window.scan_box is not None
    window.scan_box.code.setText("GLV-NIT-M")
    window.scan_box.look_up()
    _save(window.scan_box, out / "26-scan-box.png")
    window.scan_box.close()
    window.nav.setCurrentRow(NAV_COUNTS)
    counts_page = window.counts_page
    counts_page.start_button.click()
    counts_page.model.counted_entered.emit(counts_page.model.rows()[1].id, "7")
    _save(window, out / "27-count-entry.png")
    counts_page.review_button.setChecked(True)
    _save(window, out / "28-count-review.png")
    window.nav.setCurrentRow(NAV_REPORTS)
    window.reports_page.select_item(catalog.item_id_for("VAC-FLU-Q"))
    _save(window, out / "29-reports.png")
    window.reports_page.tabs.setCurrentIndex(2)
    _save(window, out / "30-reports-spending.png")


def _import_preview(window: MainWindow, work: Path, out: Path) -> None:
    """The import wizard's preview of a count sheet: updates, new items, an error row."""
    import openpyxl

    from inventory_app.ui.import_wizard import ImportWizard

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
    path = work / "November count.xlsx"
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
    _save(wizard, out / "24-import-preview.png")
    wizard.done(QDialog.DialogCode.Rejected)


def _trust(window: MainWindow, out: Path) -> None:
    """The audit log (all, then filtered), the restore dialog (with a damaged file), the settings'
    lock and backup fields (and a refused folder)."""
    from inventory_app.core import backups
    from inventory_app.core.audit import Action
    from inventory_app.ui.backup_dialogs import RestoreDialog
    from inventory_app.ui.main_window import NAV_AUDIT

    window.nav.setCurrentRow(NAV_AUDIT)
    page = window.audit_page
    _save(window, out / "40-audit-log.png")
    page.action_filter.setCurrentIndex(page.action_filter.findData(Action.ORDER_RECEIVE))
    page.start_filter.setDate(date.today())
    _save(window, out / "41-audit-log-filtered.png")
    page.clear_filters()
    first = backups.backup_now(kind="daily")
    stock.use(catalog.item_id_for("GLV-NIT-M"), 2)
    backups.backup_now()
    (first.parent / "inventory-20250101-120000-manual.db").write_bytes(b"not a database")
    dialog = RestoreDialog(window)
    dialog.show()
    _save(dialog, out / "42-restore-dialog.png")
    dialog.reject()
    window.nav.setCurrentRow(NAV_SETTINGS)
    settings_page = window.settings_page
    _save(window, out / "43-settings-lock-backups.png")
    settings_page.backup_folder.setText(str(first.parent / "no such folder"))
    settings_page.save()
    _save(window, out / "44-settings-folder-refused.png")
    settings_page.revert()


def _accounts(window: MainWindow, out: Path) -> None:
    """Creating the administrator, signing in, the lock screen (also over a dialog), the Users
    page, and the window of a staff user."""
    from inventory_app.core import accounts
    from inventory_app.core.context import Role, set_current_actor
    from inventory_app.ui.main_window import NAV_USERS
    from inventory_app.ui.sign_in import CreateAdminDialog, SignInDialog

    create = CreateAdminDialog()
    create.show()
    create.name.setText("Ana Ruiz")
    create.password.setText("short")
    create.repeat.setText("short")
    create.submit()
    _save(create, out / "31-create-admin.png")
    create.password.setText("correct horse 1")
    create.repeat.setText("correct horse 1")
    create.submit()
    assert create.actor is not None
    set_current_actor(create.actor)
    accounts.add_user("Sam Lee", "battery staple 2", Role.STAFF)
    sign_in = SignInDialog()
    sign_in.show()
    sign_in.name.setText("Sam Lee")
    sign_in.password.setText("wrong password")
    sign_in.submit()
    _save(sign_in, out / "32-sign-in-wrong.png")
    sign_in.reject()
    window.session.apply_role()
    window.nav.setCurrentRow(NAV_USERS)
    window.users_page.refresh()
    window.users_page.select("Sam Lee")
    _save(window, out / "33-users.png")
    window.nav.setCurrentRow(NAV_INVENTORY)
    window.inventory_page.select_item(catalog.item_id_for("VAC-FLU-Q"))
    window.session.lock_now()
    window.session.lock.screen.password.setText("typo")
    window.session.lock.unlock("typo")
    _save(window, out / "34-locked.png")
    window.session.lock.unlock("correct horse 1")
    dialog = StockDialog(StockAction.RECEIVE, catalog.item_detail(catalog.item_id_for("VAC-FLU-Q")), window)
    dialog.open()
    dialog.note.setText("box 3 torn")
    window.session.lock_now()
    _save(dialog, out / "35-locked-dialog.png")
    window.session.lock.unlock("correct horse 1")
    _save(dialog, out / "36-dialog-after-unlock.png")
    dialog.reject()
    set_current_actor(accounts.sign_in("Sam Lee", "battery staple 2"))
    window.session.apply_role()
    window.inventory_page.panel.setCurrentIndex(1)
    window.inventory_page.panel.history_view.selectRow(0)
    _save(window, out / "37-staff-window.png")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots"))
