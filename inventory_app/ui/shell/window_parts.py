"""What the main window's parts use of it, declared as protocols so that no part imports the
window (the window imports its parts).

A part that needs the window as a Qt widget (a parent for its dialogs and actions, the menu bar,
the status bar) gets it as a `QMainWindow`, and beside it one of these for the rest."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QListWidget, QMenu, QToolBar, QWidget

from inventory_app.core.types import AttentionCounts
from inventory_app.ui.events import AppEvents
from inventory_app.ui.inventory.inventory_page import InventoryPage
from inventory_app.ui.inventory.stock_action import StockAction
from inventory_app.ui.inventory.undo_offer import UndoOffer


class ItemWindow(Protocol):
    """What the item commands use: the events to tell, the inventory and its item count."""

    events: AppEvents
    inventory_page: InventoryPage
    counts: AttentionCounts

    def refresh(self) -> None: ...

    def show_inventory(self, item_id: int | None = None) -> None: ...


class SessionWindow(Protocol):
    """What the signed-in session uses: the side bar entries a role hides, the pages it applies
    the role to."""

    events: AppEvents
    inventory_page: InventoryPage

    @property
    def nav(self) -> QListWidget: ...

    def refresh(self) -> None: ...

    def show_admin_entries(self) -> None: ...

    def built_pages(self) -> list[QWidget]: ...


class MenuWindow(Protocol):
    """What the menu builder uses: the slots its actions call, and the actions and menus it
    builds, kept on the window."""

    events: AppEvents
    settings: QSettings
    inventory_page: InventoryPage
    undo_offer: UndoOffer

    add_action: QAction
    edit_action: QAction
    receive_action: QAction
    use_action: QAction
    adjust_action: QAction
    dispose_action: QAction
    archive_action: QAction
    archived_action: QAction
    scan_action: QAction
    refresh_action: QAction
    import_action: QAction
    demo_action: QAction
    item_actions: list[QAction]
    toolbar: QToolBar
    file_menu: QMenu
    file_entries_before: QAction  # where File ▸ Export and the backups go

    def add_item(self) -> None: ...

    def edit_item(self) -> None: ...

    def stock_action(self, action: StockAction) -> None: ...

    def archive_item(self) -> None: ...

    def put_back_archived_item(self) -> None: ...

    def scan(self) -> None: ...

    def refresh(self) -> None: ...

    def find_item(self) -> None: ...

    def import_spreadsheet(self, path: str | None = None) -> None: ...

    def load_demo(self) -> None: ...

    def reload_hidden_pages(self) -> None: ...

    def add_session_entries(self, file_menu: QMenu) -> None: ...
