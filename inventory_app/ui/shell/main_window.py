"""The main window: side bar with what needs attention, the pages, the stock actions.

Its parts live beside it: the actions, tool bar and menus (window_menus), the pages built on
demand (lazy_pages), what the stock and item actions do (item_commands), the window layout kept
between runs (window_state), spreadsheets dropped on the window (spreadsheet_drop) and the
signed-in account (window_session)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QLabel, QMainWindow, QMenu, QSplitter, QStackedWidget, QToolBar, QWidget

from inventory_app import APP_NAME
from inventory_app.core.accounts.context import current_actor
from inventory_app.core.changes import KINDS, Changes
from inventory_app.core.stock import queries as stock_queries
from inventory_app.core.stock.item_filter import View
from inventory_app.core.types import AttentionCounts, ItemRow
from inventory_app.ui.common.busy_cursor import BusyCursor
from inventory_app.ui.common.icons import app_icon
from inventory_app.ui.events import AppEvents
from inventory_app.ui.importing.spreadsheet_drop import accept_spreadsheet_drag, open_dropped_spreadsheet
from inventory_app.ui.inventory.inventory_page import InventoryPage
from inventory_app.ui.inventory.stock_action import StockAction
from inventory_app.ui.inventory.undo_offer import UndoOffer
from inventory_app.ui.shell import item_commands
from inventory_app.ui.shell.help_menu import HelpMenu
from inventory_app.ui.shell.menus import add_file_entries, build_actions_and_menus
from inventory_app.ui.shell.page_shortcuts import PageShortcuts
from inventory_app.ui.shell.pages import LazyPages
from inventory_app.ui.shell.session import WindowSession
from inventory_app.ui.shell.side_bar import (
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
from inventory_app.ui.shell.state import restore_window_state, save_window_state

if TYPE_CHECKING:
    from inventory_app.ui.accounts.audit_page import AuditPage
    from inventory_app.ui.accounts.users_page import UsersPage
    from inventory_app.ui.backups.backup_dialogs import BackupActions
    from inventory_app.ui.catalog.suppliers_page import SuppliersPage
    from inventory_app.ui.importing.export_menu import ExportMenu
    from inventory_app.ui.purchasing.orders_page import OrdersPage
    from inventory_app.ui.purchasing.reorder_page import ReorderPage
    from inventory_app.ui.settings.settings_page import SettingsPage
    from inventory_app.ui.shelf.counts_page import CountsPage
    from inventory_app.ui.shelf.expiring_page import ExpiringPage
    from inventory_app.ui.shelf.reports_page import ReportsPage
    from inventory_app.ui.shell.scan import ScanBox
    from inventory_app.ui.shell.welcome_page import WelcomePage

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


class MainWindow(QMainWindow):
    # Once, when what start-up leaves for after the first paint is done (see counts_pending).
    started = Signal()

    # Set by menus.build_actions_and_menus (its MenuWindow protocol lists what it uses).
    add_action: QAction
    edit_action: QAction
    receive_action: QAction
    use_action: QAction
    adjust_action: QAction
    dispose_action: QAction
    archive_action: QAction
    archived_action: QAction  # the archived items, to put one back in use
    scan_action: QAction
    refresh_action: QAction
    import_action: QAction
    demo_action: QAction
    item_actions: list[QAction]  # enabled while an item is selected in the inventory
    toolbar: QToolBar
    file_menu: QMenu
    file_entries_before: QAction  # where File ▸ Export and the backups go (add_file_entries)
    session: WindowSession  # signed-in account: role, lock, sign out (see add_session_entries)
    help_menu: HelpMenu

    def __init__(
        self, events: AppEvents, settings: QSettings, database_label: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.events = events
        self.settings = settings
        self.database_name = database_label
        self.counts = AttentionCounts()
        self._drafted: dict[int, int] = {}  # units in draft orders, per item (the side bar's)
        self._reorder_counts: tuple[int, int, int] | None = None  # the side bar's (reorder_counts)
        self._counts_due: list[ItemRow] | None = None  # rows read before the first paint
        self._file_entries: tuple[ExportMenu, BackupActions] | None = None  # after the first paint
        self._automatic_backups = False
        self._started = False  # (see `started`)
        self.setWindowTitle(APP_NAME)
        self.setWindowIcon(app_icon())
        self.setAcceptDrops(True)  # a spreadsheet dropped on the window opens the import wizard

        self.nav = SideBar()
        self.nav.currentRowChanged.connect(self._navigate)
        self.page_shortcuts = PageShortcuts(self, self.nav)  # Ctrl+1 … Ctrl+9, by shown row

        self.pages = QStackedWidget()
        self._welcome: WelcomePage | None = None  # built when the office has no items
        self.inventory_page = InventoryPage(settings)
        self.pages.addWidget(self.inventory_page)
        # The other pages are built (and their modules imported) when first shown: start-up
        # only pays for the inventory.
        self.lazy_pages = LazyPages(
            self.pages, events, settings, self.show_orders, lambda: self.session.apply_role()
        )
        self._lazy_pages: dict[int, QWidget] = self.lazy_pages.built
        self.scan_box: ScanBox | None = None

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.nav)
        self.splitter.addWidget(self.pages)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)

        self.undo_offer = UndoOffer(self, self.statusBar(), events)  # Ctrl+Z after a stock action
        build_actions_and_menus(self, self)
        self.file_menu.aboutToShow.connect(self._add_file_entries)  # (opened before they were added)
        self.help_menu = HelpMenu(self, self.page_shortcuts, self.database_name, self.page)
        self._update_actions()
        self.database_label = QLabel()
        self.database_label.setTextFormat(Qt.TextFormat.PlainText)  # a file name, shown as it is
        self.database_label.setText(self.tr("Database: {db}").format(db=database_label))
        self.database_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.statusBar().addPermanentWidget(self.database_label)

        self.inventory_page.first_painted.connect(self._after_first_paint)
        self.inventory_page.current_item_changed.connect(self._update_actions)
        self.inventory_page.activated.connect(lambda _id: self.edit_item())
        self.inventory_page.panel.reverse_confirmed.connect(
            lambda movement_id, item_id: item_commands.reverse_movement(self, self, movement_id, item_id)
        )
        self.events.changed.connect(self._changed)
        self.events.status_message.connect(lambda text: self.statusBar().showMessage(text, 8000))

        restore_window_state(self, settings, self.splitter)
        self.refresh()
        self.nav.setCurrentRow(NAV_INVENTORY)
        if self._counts_due is None:  # no table to paint first (a new office's welcome page)
            QTimer.singleShot(0, self, self._after_first_paint)

    @property
    def welcome_page(self) -> WelcomePage:
        """The page a new office starts on (built when first needed)."""
        if self._welcome is None:
            from inventory_app.ui.shell.welcome_page import WelcomePage

            self._welcome = WelcomePage()
            self.pages.insertWidget(0, self._welcome)
            self._welcome.demo_requested.connect(self.load_demo)
            self._welcome.add_item_requested.connect(self.add_item)
            self._welcome.import_requested.connect(self.import_spreadsheet)
        return self._welcome

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

    def show_inventory(self, item_id: int | None = None) -> None:
        """The inventory (the welcome page while there are no items), `item_id` selected if given."""
        self.nav.setCurrentRow(NAV_INVENTORY)
        self._navigate(NAV_INVENTORY)
        if item_id is not None:
            self.inventory_page.select_item(item_id)

    def scan(self) -> None:
        """The scan box (Ctrl+K); a found or created item is selected in the inventory."""
        if self.scan_box is None:
            from inventory_app.ui.shell.scan import ScanBox

            self.scan_box = ScanBox(self, self.events)
            self.scan_box.item_found.connect(self.show_item)
            self.scan_box.item_created.connect(self.show_item)  # (the runner redrew the inventory)
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

    def show_orders(self, order_ids: list[int]) -> None:
        """After drafts were created: the Orders page with the new drafts, the first selected."""
        self.nav.setCurrentRow(NAV_ORDERS)
        from inventory_app.ui.purchasing.order_table import OrderFilter

        self.orders_page.set_filter(OrderFilter.DRAFT)
        self.orders_page.show_orders(order_ids)

    # ---------------------------------------------------------------- pages built on demand

    def _page(self, row: int) -> QWidget:
        return self.lazy_pages.page(row)

    def page(self, row: int) -> QWidget:
        """The page for side bar `row`: the inventory, or another page (built if need be)."""
        return self.inventory_page if row == NAV_INVENTORY else self._page(row)

    def built_pages(self) -> list[QWidget]:
        """The pages other than the inventory built so far."""
        return list(self._lazy_pages.values())

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
    def audit_page(self) -> AuditPage:
        return self._page(NAV_AUDIT)  # type: ignore[return-value]

    def add_session_entries(self, file_menu: QMenu) -> None:
        """The signed-in account (role, lock, sign out), its entries added to `file_menu`."""
        self.session = WindowSession(self, self, file_menu)

    @property
    def is_locked(self) -> bool:
        return self.session.is_locked

    def show_admin_entries(self) -> None:
        """Administrator pages (the audit log) are hidden while a staff member is signed in;
        shown to an administrator, and when the database has no accounts yet."""
        actor = current_actor()
        staff = actor is not None and not actor.is_admin
        self.nav.setRowHidden(NAV_AUDIT, staff)
        if self._file_entries is not None:
            self.backup_actions.restore_action.setVisible(not staff)
        if staff and self.nav.currentRow() == NAV_AUDIT:
            self.nav.setCurrentRow(NAV_INVENTORY)

    # ---------------------------------------------------------------- refreshing

    def refresh(self) -> None:
        """Everything on screen read anew (F5, a new office's first item)."""
        self.show_admin_entries()
        self._reload_inventory()
        self._refresh_current_page(None)
        self._update_actions()

    def _reload_inventory(self) -> None:
        """Every item read again: the inventory table, the side bar's counts, and the welcome
        page giving way to the inventory (or back) as the office gets its first item."""
        with BusyCursor():
            rows = stock_queries.list_items()
            items = stock_queries.active_count(rows)
            if self._started or self.isVisible() or not items:
                self._count(rows)
            else:
                # Start-up: the table paints first; the side bar's figures follow in the event loop
                # turn after (meanwhile it knows only whether the office has items).
                self.counts = AttentionCounts(items=items)
                self._counts_due = rows
            if self.counts.items:
                self.inventory_page.refresh(rows)
            if (
                self._welcome is not None
                and self.pages.currentWidget() is self._welcome
                and self.counts.items
            ):
                self._navigate(self.nav.currentRow())
            elif self.pages.currentWidget() is self.inventory_page and not self.counts.items:
                self._navigate(NAV_INVENTORY)

    def _count(self, rows: list[ItemRow]) -> None:
        """The side bar's figures from the rows just read (and the units in draft orders)."""
        from inventory_app.core.purchasing import reorder  # (after the first paint at start-up)

        self._counts_due = None
        self.counts = stock_queries.attention_counts(rows=rows)
        self._drafted = reorder.drafted_units()
        self._reorder_counts = reorder.reorder_counts(rows, self._drafted)
        self.nav.show_counts(self.counts, self._reorder_counts)

    @property
    def counts_pending(self) -> bool:
        """True from start-up until what it leaves for after the table's first paint is done:
        the side bar's figures, File ▸ Export and the backups."""
        return self._counts_due is not None or not self._started

    def _after_first_paint(self) -> None:
        with BusyCursor():
            if self._counts_due is not None:
                self._count(self._counts_due)
            self._add_file_entries()
        if not self._started:
            self._started = True
            self.started.emit()

    # ---------------------------------------------------------------- File ▸ Export, backups

    def _add_file_entries(self) -> tuple[ExportMenu, BackupActions]:
        if self._file_entries is None:
            self._file_entries = add_file_entries(self, self)
            self.show_admin_entries()  # Restore is for administrators
            if self._automatic_backups:
                self._file_entries[1].start_automatic()
        return self._file_entries

    @property
    def export_menu(self) -> ExportMenu:
        return self._add_file_entries()[0]

    @property
    def backup_actions(self) -> BackupActions:
        return self._add_file_entries()[1]

    def start_automatic_backups(self) -> None:
        """Today's backup if none yet, and one on closing (once the window has painted)."""
        self._automatic_backups = True
        if self._file_entries is not None:
            self.backup_actions.start_automatic()

    def _redraw_items(self, item_ids: frozenset[int], orders_changed: bool = False) -> None:
        """Only these items' rows read again and redrawn; the side bar's counts come from the
        rows in memory (lots are counted again only when a changed item has lots, the units in
        draft orders only when orders changed)."""
        with BusyCursor():
            from inventory_app.core.purchasing import reorder

            model = self.inventory_page.model
            # Archived items are not listed: a row read again for one (an order received for it,
            # an undo) is left out unless the list already holds it.
            changed = [row for row in stock_queries.item_rows(item_ids) if row.active or model.holds(row.id)]
            before = model.rows_by_id([row.id for row in changed])
            self.inventory_page.update_rows(changed)
            rows = self.inventory_page.model.all_rows
            if orders_changed:
                self._drafted = reorder.drafted_units()
            lots = any(row.tracks_expiry for row in (*before, *changed))
            if (
                len(before) == len(changed)
                and self._reorder_counts is not None
                and not (lots or orders_changed)
            ):
                # The usual stock action: the figures move by what these rows changed.
                self.counts = stock_queries.counts_after_change(self.counts, before, changed)
                self._reorder_counts = reorder.reorder_counts_after_change(
                    self._reorder_counts, before, changed, self._drafted
                )
            else:
                self.counts = stock_queries.attention_counts(
                    rows=rows, lots_as_in=None if lots else self.counts
                )
                self._reorder_counts = reorder.reorder_counts(rows, self._drafted)
            self.nav.show_counts(self.counts, self._reorder_counts)

    def _refresh_current_page(self, changes: Changes | None, initiator: object = None) -> None:
        """The page on screen (other than the inventory) reloads when it shows what changed
        (None: whatever changed), unless it made the change (it shows its own outcome, keeping
        its selection); hidden pages reload when next shown (`_navigate`)."""
        current = self.pages.currentWidget()
        if current not in self._lazy_pages.values() or current is initiator:
            return
        if changes is None or changes.touches(getattr(current, "SHOWS", KINDS)):
            with BusyCursor():
                current.refresh()  # type: ignore[attr-defined]

    def reload_hidden_pages(self) -> None:
        """After the database was replaced (a restore): pages built earlier but not on screen reload
        (the window and the page on screen reload with the app events)."""
        self.lazy_pages.refresh_hidden()

    def _changed(self, changes: Changes, initiator: object = None) -> None:
        """Redraw what `changes` touches, and nothing else.

        - the inventory: a catalog or settings change (names, categories, reorder points, the
          expiry window) reads every item again; a stock change (items) only those rows;
          orders and counts alone change no row (an order marked as ordered or received names
          its items, a posted count its movements), though drafts change the side bar's figures;
        - the page on screen reloads when it shows one of the kinds changed (its `SHOWS`),
          unless it is the `initiator` (the page whose action it was redraws itself);
        - an accounts change: what the signed-in person may see."""
        if changes.accounts:
            self.show_admin_entries()
        if changes.catalog or changes.settings or not self.counts.items:
            self._reload_inventory()
        elif changes.items:
            self._redraw_items(changes.items, orders_changed=changes.orders)
        elif changes.orders:  # drafts: the side bar's "covered by drafts" (one read)
            from inventory_app.core.purchasing import reorder

            self._drafted = reorder.drafted_units()
            rows = self.inventory_page.model.all_rows
            self._reorder_counts = reorder.reorder_counts(rows, self._drafted)
            self.nav.show_counts(self.counts, self._reorder_counts)
        self._refresh_current_page(changes, initiator)
        self._update_actions()
        if changes.kinds == {"items"} and len(changes.items) == 1:
            self.inventory_page.select_item(next(iter(changes.items)))

    # ---------------------------------------------------------------- doing (see item_commands)

    def stock_action(self, action: StockAction) -> None:
        item_commands.stock_action(self, self, action)

    def add_item(self) -> None:
        item_commands.add_item(self, self)

    def edit_item(self) -> None:
        item_commands.edit_item(self, self)

    def archive_item(self) -> None:
        item_commands.archive_item(self, self)

    def put_back_archived_item(self) -> None:
        item_commands.put_back_archived_item(self, self)

    def load_demo(self) -> None:
        item_commands.load_demo(self, self)

    def import_spreadsheet(self, path: str | None = None) -> None:
        """The import wizard, reading `path` straight away when given (a dropped file)."""
        from inventory_app.ui.importing.wizard import ImportWizard

        ImportWizard.ask(self, self.events, self.settings, path)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        accept_spreadsheet_drag(event)

    def dropEvent(self, event: QDropEvent) -> None:
        open_dropped_spreadsheet(event, self.import_spreadsheet)

    # ---------------------------------------------------------------- window state

    def save_state(self) -> None:
        save_window_state(self, self.settings, self.splitter, self.inventory_page)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.events.write_in_progress is not None:  # (its progress dialog is up)
            event.ignore()
            self.statusBar().showMessage(
                self.tr("Wait until this has finished: {work}").format(work=self.events.write_in_progress),
                8000,
            )
            return
        self.session.shut_down()
        self.save_state()
        if self._file_entries is not None:
            self.backup_actions.backup_on_exit()
        super().closeEvent(event)
