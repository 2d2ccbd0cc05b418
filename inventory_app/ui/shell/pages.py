"""The main window's pages other than the inventory, each built (and its module imported) when
first shown: start-up only pays for the inventory."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QStackedWidget, QWidget

from inventory_app.ui.events import AppEvents
from inventory_app.ui.shell.side_bar import (
    NAV_AUDIT,
    NAV_COUNTS,
    NAV_EXPIRING,
    NAV_ORDERS,
    NAV_REORDER,
    NAV_SETTINGS,
    NAV_SUPPLIERS,
    NAV_USERS,
)


class LazyPages:
    """The pages built so far, by side bar row, each added to the window's page `stack`.

    `show_orders` shows the draft orders the reorder page created; `own_role_changed` is called
    when the signed-in administrator changed their own role on the users page."""

    def __init__(
        self,
        stack: QStackedWidget,
        events: AppEvents,
        settings: QSettings,
        show_orders: Callable[[list[int]], None],
        own_role_changed: Callable[[], None],
    ) -> None:
        self.stack = stack
        self.events = events
        self.settings = settings
        self.show_orders = show_orders
        self.own_role_changed = own_role_changed
        self.built: dict[int, QWidget] = {}

    def page(self, row: int) -> QWidget:
        """The page for side bar `row`, built on the first call."""
        page = self.built.get(row)
        if page is None:
            page = self.build(row)
            self.built[row] = page
            self.stack.addWidget(page)
        return page

    def build(self, row: int) -> QWidget:
        events, settings = self.events, self.settings
        if row == NAV_EXPIRING:
            from inventory_app.ui.shelf.expiring_page import ExpiringPage

            return ExpiringPage(events, settings)
        if row == NAV_COUNTS:
            from inventory_app.ui.shelf.counts_page import CountsPage

            return CountsPage(events, settings)
        if row == NAV_REORDER:
            from inventory_app.ui.purchasing.reorder_page import ReorderPage

            reorder_page = ReorderPage(events)
            reorder_page.drafts_created.connect(self.show_orders)
            return reorder_page
        if row == NAV_ORDERS:
            from inventory_app.ui.purchasing.orders_page import OrdersPage

            return OrdersPage(events, settings)
        if row == NAV_SUPPLIERS:
            from inventory_app.ui.catalog.suppliers_page import SuppliersPage

            return SuppliersPage(events)
        if row == NAV_SETTINGS:
            from inventory_app.ui.settings.settings_page import SettingsPage

            return SettingsPage(events, workstation=settings)
        if row == NAV_USERS:
            from inventory_app.ui.accounts.users_page import UsersPage

            users_page = UsersPage(events)
            users_page.own_role_changed.connect(self.own_role_changed)
            return users_page
        if row == NAV_AUDIT:
            from inventory_app.ui.accounts.audit_page import AuditPage

            return AuditPage(events, settings)
        from inventory_app.ui.shelf.reports_page import ReportsPage

        return ReportsPage(events, settings)

    def refresh_hidden(self) -> None:
        """Pages built earlier but not on screen reload (after the database was replaced)."""
        for page in self.built.values():
            if page is not self.stack.currentWidget():
                page.refresh()  # type: ignore[attr-defined]
