"""The main window: side bar with what needs attention, the pages, the stock actions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from inventory_app import APP_NAME
from inventory_app.core import catalog, reorder, stock_queries
from inventory_app.core.context import current_actor
from inventory_app.core.item_filter import View
from inventory_app.core.types import AttentionCounts
from inventory_app.errors import InventoryError
from inventory_app.ui import prompts
from inventory_app.ui.dialogs.item_dialog import ItemDialog
from inventory_app.ui.dialogs.stock_dialog import StockAction, StockDialog, recorded_text
from inventory_app.ui.events import AppEvents
from inventory_app.ui.icons import icon
from inventory_app.ui.inventory_page import InventoryPage
from inventory_app.ui.side_bar import (
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
    SideBar,
)
from inventory_app.ui.welcome_page import WelcomePage

if TYPE_CHECKING:
    from inventory_app.ui.audit_page import AuditPage
    from inventory_app.ui.counts_page import CountsPage
    from inventory_app.ui.expiring_page import ExpiringPage
    from inventory_app.ui.orders_page import OrdersPage
    from inventory_app.ui.reorder_page import ReorderPage
    from inventory_app.ui.reports_page import ReportsPage
    from inventory_app.ui.scan import ScanBox
    from inventory_app.ui.settings_page import SettingsPage
    from inventory_app.ui.suppliers_page import SuppliersPage
    from inventory_app.ui.users_page import UsersPage

__all__ = [
    "NAV_AUDIT",
    "NAV_COUNTS",
    "NAV_EXPIRING",
    "NAV_INVENTORY",
    "NAV_ORDERS",
    "NAV_REORDER",
    "NAV_REPORTS",
    "NAV_SETTINGS",
    "NAV_SUPPLIERS",
    "NAV_USERS",
    "MainWindow",
]


class BusyCursor:
    """Shows the busy cursor for work that may take a moment on the GUI thread."""

    def __enter__(self) -> None:
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)

    def __exit__(self, *_exc: object) -> None:
        QApplication.restoreOverrideCursor()


class MainWindow(QMainWindow):
    def __init__(
        self, events: AppEvents, settings: QSettings, database_label: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.events = events
        self.settings = settings
        self.counts = AttentionCounts()
        self.setWindowTitle(APP_NAME)
        self.setWindowIcon(icon("inventory"))
        self.setAcceptDrops(True)  # a spreadsheet dropped on the window opens the import wizard

        self.nav = SideBar()
        self.nav.currentRowChanged.connect(self._navigate)

        self.pages = QStackedWidget()
        self.welcome_page = WelcomePage()
        self.inventory_page = InventoryPage(settings)
        for page in (self.welcome_page, self.inventory_page):
            self.pages.addWidget(page)
        # The other pages are built (and their modules imported) when first shown: start-up
        # only pays for the inventory.
        self._lazy_pages: dict[int, QWidget] = {}
        self.scan_box: ScanBox | None = None

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.nav)
        self.splitter.addWidget(self.pages)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)

        self._make_actions()
        self.database_label = QLabel()
        self.database_label.setTextFormat(Qt.TextFormat.PlainText)  # a file name, shown as it is
        self.database_label.setText(self.tr("Database: {db}").format(db=database_label))
        self.database_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.statusBar().addPermanentWidget(self.database_label)

        self.welcome_page.demo_requested.connect(self.load_demo)
        self.welcome_page.add_item_requested.connect(self.add_item)
        self.welcome_page.import_requested.connect(self.import_spreadsheet)
        self.inventory_page.current_item_changed.connect(self._update_actions)
        self.inventory_page.activated.connect(lambda _id: self.edit_item())
        self.inventory_page.panel.stock_changed.connect(self.events.stock_changed)
        self.events.stock_changed.connect(self._stock_changed)
        self.events.catalog_changed.connect(self.refresh)
        self.events.settings_changed.connect(self.refresh)
        self.events.status_message.connect(lambda text: self.statusBar().showMessage(text, 8000))

        self._restore_state()
        self.refresh()
        self.nav.setCurrentRow(NAV_INVENTORY)

    # ---------------------------------------------------------------- actions

    def _action(
        self, icon_name: str, text: str, shortcut: str | QKeySequence.StandardKey | None, slot, tip: str
    ) -> QAction:
        action = QAction(icon(icon_name), text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"{tip} ({keys})" if keys else tip)
        action.setStatusTip(tip)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _make_actions(self) -> None:
        self.add_action = self._action(
            "add", self.tr("&Add item…"), "Ctrl+N", self.add_item, self.tr("Add a new item")
        )
        self.edit_action = self._action(
            "edit", self.tr("&Edit item…"), "Ctrl+E", self.edit_item, self.tr("Edit the selected item")
        )
        self.receive_action = self._action(
            "receive",
            self.tr("&Receive…"),
            "Ctrl+R",
            lambda: self.stock_action(StockAction.RECEIVE),
            self.tr("Record stock that arrived"),
        )
        self.use_action = self._action(
            "use",
            self.tr("&Use…"),
            "Ctrl+U",
            lambda: self.stock_action(StockAction.USE),
            self.tr("Record stock taken for use"),
        )
        self.adjust_action = self._action(
            "adjust",
            self.tr("Ad&just…"),
            "Ctrl+J",
            lambda: self.stock_action(StockAction.ADJUST),
            self.tr("Correct the quantity on hand (after a count)"),
        )
        self.dispose_action = self._action(
            "dispose",
            self.tr("&Dispose…"),
            "Ctrl+D",
            lambda: self.stock_action(StockAction.DISPOSE),
            self.tr("Throw away expired, damaged or recalled stock"),
        )
        self.archive_action = self._action(
            "archive",
            self.tr("Arc&hive item"),
            None,
            self.archive_item,
            self.tr("Hide the item from lists and reordering; its history stays"),
        )
        self.scan_action = self._action(
            "search", self.tr("&Scan…"), "Ctrl+K", self.scan, self.tr("Find an item by scanning its barcode")
        )
        self.refresh_action = self._action(
            "reverse", self.tr("Re&fresh"), "F5", self.refresh, self.tr("Reload from the database")
        )
        self.item_actions = [
            self.edit_action,
            self.receive_action,
            self.use_action,
            self.adjust_action,
            self.dispose_action,
            self.archive_action,
        ]

        toolbar = QToolBar(self.tr("Stock actions"))
        toolbar.setObjectName("stock_toolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.setIconSize(QSize(20, 20))
        for action in (
            self.add_action,
            self.edit_action,
            None,
            self.receive_action,
            self.use_action,
            self.adjust_action,
            self.dispose_action,
            None,
            self.archive_action,
        ):
            if action is None:
                toolbar.addSeparator()
            else:
                toolbar.addAction(action)
        self.addToolBar(toolbar)
        self.toolbar = toolbar
        self.inventory_page.context_actions = [
            self.receive_action,
            self.use_action,
            self.adjust_action,
            self.dispose_action,
            None,
            self.edit_action,
            self.archive_action,
        ]

        menu = self.menuBar()
        file_menu = menu.addMenu(self.tr("&File"))
        self.import_action = file_menu.addAction(
            self.tr("&Import a spreadsheet…"), lambda: self.import_spreadsheet()
        )
        self.import_action.setShortcut(QKeySequence("Ctrl+I"))
        self.import_action.setStatusTip(self.tr("Add or update items from an .xlsx or .csv file"))
        from inventory_app.ui.export_menu import ExportMenu

        self.export_menu = ExportMenu(self, self.events, self.settings)
        file_menu.addMenu(self.export_menu.menu)
        from inventory_app.ui.backup_dialogs import BackupActions

        self.backup_actions = BackupActions(self, self.events, self.reload_hidden_pages)
        file_menu.addSeparator()
        file_menu.addAction(self.backup_actions.backup_action)
        file_menu.addAction(self.backup_actions.restore_action)
        file_menu.addSeparator()
        self.demo_action = file_menu.addAction(self.tr("Load &demo data"), self.load_demo)
        file_menu.addSeparator()
        from inventory_app.ui.window_session import WindowSession

        self.session = WindowSession(self, file_menu)  # signed-in account: role, lock, sign out
        file_menu.addSeparator()
        quit_action = file_menu.addAction(self.tr("&Quit"), self.close)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        item_menu = menu.addMenu(self.tr("&Item"))
        for action in [self.add_action, *self.inventory_page.context_actions]:
            if action is None:
                item_menu.addSeparator()
            else:
                item_menu.addAction(action)
        view_menu = menu.addMenu(self.tr("&View"))
        view_menu.addAction(self.refresh_action)
        find = view_menu.addAction(self.tr("&Find item"), self.find_item)
        find.setShortcut(QKeySequence.StandardKey.Find)
        view_menu.addAction(self.scan_action)
        self._update_actions()

    def _update_actions(self, *_args: object) -> None:
        has_item = (
            self.pages.currentWidget() is self.inventory_page
            and self.inventory_page.current_item_id() is not None
        )
        for action in self.item_actions:
            action.setEnabled(has_item)

    # ---------------------------------------------------------------- navigation

    def _navigate(self, row: int) -> None:
        if row < 0:
            return
        if row == NAV_INVENTORY or (row == NAV_EXPIRING and self.counts.items == 0):
            if self.counts.items == 0:
                self.pages.setCurrentWidget(self.welcome_page)
                self.welcome_page.refresh()
            else:
                self.pages.setCurrentWidget(self.inventory_page)
        else:
            page = self._page(row)
            page.refresh()  # type: ignore[attr-defined]
            self.pages.setCurrentWidget(page)
        self._update_actions()

    def scan(self) -> None:
        """The scan box (Ctrl+K); a found or created item is selected in the inventory."""
        if self.scan_box is None:
            from inventory_app.ui.scan import ScanBox

            self.scan_box = ScanBox(self)
            self.scan_box.item_found.connect(self.show_item)
            self.scan_box.item_created.connect(lambda item_id: (self.refresh(), self.show_item(item_id)))
        self.scan_box.start()

    def show_item(self, item_id: int) -> None:
        """The inventory with `item_id` selected, clearing filters that hide it."""
        self.nav.setCurrentRow(NAV_INVENTORY)
        page = self.inventory_page
        if not page.select_item(item_id):
            page.search.clear()
            page.category_filter.setCurrentIndex(0)
            page.location_filter.setCurrentIndex(0)
            page.set_view(View.ALL)
            page.select_item(item_id)

    def find_item(self) -> None:
        if self.counts.items:
            self.nav.setCurrentRow(NAV_INVENTORY)
            self.inventory_page.focus_search()

    # ---------------------------------------------------------------- pages built on demand

    def _page(self, row: int) -> QWidget:
        page = self._lazy_pages.get(row)
        if page is None:
            page = self._build_page(row)
            self._lazy_pages[row] = page
            self.pages.addWidget(page)
        return page

    def _build_page(self, row: int) -> QWidget:
        if row == NAV_EXPIRING:
            from inventory_app.ui.expiring_page import ExpiringPage

            return ExpiringPage(self.events, self.settings)
        if row == NAV_COUNTS:
            from inventory_app.ui.counts_page import CountsPage

            return CountsPage(self.events, self.settings)
        if row == NAV_REORDER:
            from inventory_app.ui.reorder_page import ReorderPage

            reorder_page = ReorderPage(self.events)
            reorder_page.drafts_created.connect(self.show_orders)
            return reorder_page
        if row == NAV_ORDERS:
            from inventory_app.ui.orders_page import OrdersPage

            return OrdersPage(self.events, self.settings)
        if row == NAV_SUPPLIERS:
            from inventory_app.ui.suppliers_page import SuppliersPage

            return SuppliersPage(self.events)
        if row == NAV_SETTINGS:
            from inventory_app.ui.settings_page import SettingsPage

            return SettingsPage(self.events)
        if row == NAV_USERS:
            from inventory_app.ui.users_page import UsersPage

            users_page = UsersPage(self.events)
            users_page.own_role_changed.connect(self.session.apply_role)
            return users_page
        if row == NAV_AUDIT:
            from inventory_app.ui.audit_page import AuditPage

            return AuditPage(self.events, self.settings)
        from inventory_app.ui.reports_page import ReportsPage

        return ReportsPage(self.events, self.settings)

    @property
    def reorder_page(self) -> ReorderPage:
        return self._page(NAV_REORDER)  # type: ignore[return-value]

    @property
    def orders_page(self) -> OrdersPage:
        return self._page(NAV_ORDERS)  # type: ignore[return-value]

    @property
    def suppliers_page(self) -> SuppliersPage:
        return self._page(NAV_SUPPLIERS)  # type: ignore[return-value]

    @property
    def settings_page(self) -> SettingsPage:
        return self._page(NAV_SETTINGS)  # type: ignore[return-value]

    @property
    def expiring_page(self) -> ExpiringPage:
        return self._page(NAV_EXPIRING)  # type: ignore[return-value]

    @property
    def counts_page(self) -> CountsPage:
        return self._page(NAV_COUNTS)  # type: ignore[return-value]

    @property
    def reports_page(self) -> ReportsPage:
        return self._page(NAV_REPORTS)  # type: ignore[return-value]

    @property
    def users_page(self) -> UsersPage:
        return self._page(NAV_USERS)  # type: ignore[return-value]

    @property
    def is_locked(self) -> bool:
        return self.session.is_locked

    @property
    def audit_page(self) -> AuditPage:
        return self._page(NAV_AUDIT)  # type: ignore[return-value]

    def show_admin_entries(self) -> None:
        """Administrator pages (the audit log) are hidden while a staff member is signed in;
        shown to an administrator, and when the database has no accounts yet."""
        actor = current_actor()
        staff = actor is not None and not actor.is_admin
        self.nav.setRowHidden(NAV_AUDIT, staff)
        self.backup_actions.restore_action.setVisible(not staff)
        if staff and self.nav.currentRow() == NAV_AUDIT:
            self.nav.setCurrentRow(NAV_INVENTORY)

    # ---------------------------------------------------------------- refreshing

    def refresh(self) -> None:
        self.show_admin_entries()
        with BusyCursor():
            rows = stock_queries.list_items()
            self.counts = stock_queries.attention_counts(rows=rows)
            self.nav.show_counts(self.counts, reorder.reorder_counts(rows))
            if self.counts.items:
                self.inventory_page.refresh(rows)
            if self.pages.currentWidget() is self.welcome_page and self.counts.items:
                self._navigate(self.nav.currentRow())
            elif self.pages.currentWidget() is self.inventory_page and not self.counts.items:
                self._navigate(NAV_INVENTORY)
            current = self.pages.currentWidget()
            if current in self._lazy_pages.values():
                current.refresh()  # type: ignore[attr-defined]
        self._update_actions()

    def reload_hidden_pages(self) -> None:
        """After the database was replaced (a restore): pages built earlier but not on screen reload
        (the window and the page on screen reload with the app events)."""
        for page in self._lazy_pages.values():
            if page is not self.pages.currentWidget():
                page.refresh()  # type: ignore[attr-defined]

    def _stock_changed(self, item_id: int) -> None:
        self.refresh()
        self.inventory_page.select_item(item_id)

    def show_orders(self, order_ids: list[int]) -> None:
        """After drafts were created: the Orders page with the new drafts, the first selected."""
        self.nav.setCurrentRow(NAV_ORDERS)
        from inventory_app.ui.models.order_table import OrderFilter

        self.orders_page.set_filter(OrderFilter.DRAFT)
        self.orders_page.show_orders(order_ids)

    # ---------------------------------------------------------------- doing

    def stock_action(self, action: StockAction) -> None:
        item_id = self.inventory_page.current_item_id()
        if item_id is None:
            return
        try:
            rows = StockDialog.ask(self, action, item_id)
        except InventoryError as exc:
            prompts.error(self, self.tr("Cannot do that"), str(exc))
            self.refresh()
            return
        if rows is None:
            return
        self.events.status_message.emit(recorded_text(action, rows))
        self.events.stock_changed.emit(item_id)

    def add_item(self) -> None:
        saved = ItemDialog.ask(self)
        if saved is None:
            return
        self.events.status_message.emit(self.tr("Added {sku}").format(sku=saved.sku))
        self.refresh()
        self.nav.setCurrentRow(NAV_INVENTORY)
        self._navigate(NAV_INVENTORY)
        self.inventory_page.select_item(saved.id)

    def edit_item(self) -> None:
        item_id = self.inventory_page.current_item_id()
        if item_id is None:
            return
        saved = ItemDialog.ask(self, item_id)
        if saved is not None:
            self.events.status_message.emit(self.tr("Saved {sku}").format(sku=saved.sku))
            self.refresh()

    def archive_item(self) -> None:
        row = self.inventory_page.current_row()
        if row is None:
            return
        text = self.tr(
            "Archive {sku} ({name})?\n\nIt disappears from the inventory and from reordering; "
            "its history is kept."
        ).format(sku=row.sku, name=row.name)
        if not prompts.confirm(self, self.tr("Archive item"), text, yes=self.tr("Archive")):
            return
        try:
            catalog.archive_item(row.id)
        except InventoryError as exc:
            prompts.error(self, self.tr("Cannot archive"), str(exc))
            return
        self.events.status_message.emit(self.tr("Archived {sku}").format(sku=row.sku))
        self.refresh()

    def load_demo(self) -> None:
        from inventory_app.documents.demo_catalog import load_bundled_demo

        if self.counts.items:
            prompts.inform(
                self,
                self.tr("Demo data"),
                self.tr("Demo data can only be loaded into an empty database."),
            )
            return
        try:
            with BusyCursor():
                summary = load_bundled_demo()
        except InventoryError as exc:
            prompts.error(self, self.tr("Demo data not loaded"), str(exc))
            return
        self.events.status_message.emit(self.tr("Loaded the demo clinic: {n} items").format(n=summary.items))
        self.events.catalog_changed.emit()

    def import_spreadsheet(self, path: str | None = None) -> None:
        """The import wizard, reading `path` straight away when given (a dropped file)."""
        from inventory_app.ui.import_wizard import ImportWizard

        ImportWizard.ask(self, self.events, self.settings, path)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        from inventory_app.ui.import_wizard import importable_path

        if importable_path(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        from inventory_app.ui.import_wizard import importable_path

        path = importable_path(event.mimeData())
        if path:
            event.acceptProposedAction()
            # Not inside the drop: the wizard is modal, and the drag source waits for the drop to end.
            QTimer.singleShot(0, lambda: self.import_spreadsheet(path))

    # ---------------------------------------------------------------- window state

    def _restore_state(self) -> None:
        geometry = self.settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1360, 820)
        state = self.settings.value("window/state")
        if state is not None:
            self.restoreState(state)
        splitter = self.settings.value("window/splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)
        else:
            self.splitter.setSizes([200, 1160])

    def save_state(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.setValue("window/splitter", self.splitter.saveState())
        self.inventory_page.save_state()
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.session.shut_down()
        self.save_state()
        self.backup_actions.backup_on_exit()
        super().closeEvent(event)
