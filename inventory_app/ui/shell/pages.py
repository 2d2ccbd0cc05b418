"""The main window's pages other than the inventory, each built (and its module imported) when
first shown: start-up only pays for the inventory."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

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

if TYPE_CHECKING:
    from inventory_app.ui.shell.main_window import MainWindow


class LazyPages:
    """The pages built so far, by side bar row, each added to the window's page stack."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.built: dict[int, QWidget] = {}

    def page(self, row: int) -> QWidget:
        """The page for side bar `row`, built on the first call."""
        page = self.built.get(row)
        if page is None:
            page = self.build(row)
            self.built[row] = page
            self.window.pages.addWidget(page)
        return page

    def build(self, row: int) -> QWidget:
        window = self.window
        if row == NAV_EXPIRING:
            from inventory_app.ui.shelf.expiring_page import ExpiringPage

            return ExpiringPage(window.events, window.settings)
        if row == NAV_COUNTS:
            from inventory_app.ui.shelf.counts_page import CountsPage

            return CountsPage(window.events, window.settings)
        if row == NAV_REORDER:
            from inventory_app.ui.purchasing.reorder_page import ReorderPage

            reorder_page = ReorderPage(window.events)
            reorder_page.drafts_created.connect(window.show_orders)
            return reorder_page
        if row == NAV_ORDERS:
            from inventory_app.ui.purchasing.orders_page import OrdersPage

            return OrdersPage(window.events, window.settings)
        if row == NAV_SUPPLIERS:
            from inventory_app.ui.catalog.suppliers_page import SuppliersPage

            return SuppliersPage(window.events)
        if row == NAV_SETTINGS:
            from inventory_app.ui.settings.settings_page import SettingsPage

            return SettingsPage(window.events)
        if row == NAV_USERS:
            from inventory_app.ui.accounts.users_page import UsersPage

            users_page = UsersPage(window.events)
            users_page.own_role_changed.connect(window.session.apply_role)
            return users_page
        if row == NAV_AUDIT:
            from inventory_app.ui.accounts.audit_page import AuditPage

            return AuditPage(window.events, window.settings)
        from inventory_app.ui.shelf.reports_page import ReportsPage

        return ReportsPage(window.events, window.settings)

    def refresh_hidden(self) -> None:
        """Pages built earlier but not on screen reload (after the database was replaced)."""
        for page in self.built.values():
            if page is not self.window.pages.currentWidget():
                page.refresh()  # type: ignore[attr-defined]
