"""The main window's actions (with their shortcuts), the stock tool bar and the menu bar.

The actions are kept on the window (`window.add_action`, `window.item_actions`, ...), where the
rest of the window and the inventory page's context menu use them. Each function gets the window
twice: as the Qt `widget` the actions and menus belong to, and as the `window` whose slots they
call and on which they are kept."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QToolBar, QWidget

from inventory_app.ui.common.icons import icon
from inventory_app.ui.inventory.stock_action import StockAction
from inventory_app.ui.shell.window_parts import MenuWindow

if TYPE_CHECKING:
    from inventory_app.ui.backups.backup_dialogs import BackupActions
    from inventory_app.ui.importing.export_menu import ExportMenu


def window_action(
    window: QWidget,
    icon_name: str,
    text: str,
    shortcut: str | QKeySequence.StandardKey | None,
    slot: Callable[[], object],
    tip: str,
) -> QAction:
    """An action of the window, its shortcut shown in the tool tip."""
    action = QAction(icon(icon_name), text, window)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
    action.setToolTip(f"{tip} ({keys})" if keys else tip)
    action.setStatusTip(tip)
    action.triggered.connect(slot)
    window.addAction(action)
    return action


def build_actions_and_menus(widget: QMainWindow, window: MenuWindow) -> None:
    """The window's actions, tool bar and menus, with the signed-in session's entries in the File
    menu (the export menu and the backup actions follow: `add_file_entries`)."""
    _make_actions(widget, window)
    _make_toolbar(widget, window)
    window.inventory_page.context_actions = [
        window.receive_action,
        window.use_action,
        window.adjust_action,
        window.dispose_action,
        None,
        window.edit_action,
        window.archive_action,
    ]
    _make_menus(widget, window)


def _make_actions(widget: QMainWindow, window: MenuWindow) -> None:
    tr = widget.tr
    window.add_action = window_action(
        widget, "add", tr("&Add item…"), "Ctrl+N", window.add_item, tr("Add a new item")
    )
    window.edit_action = window_action(
        widget, "edit", tr("&Edit item…"), "Ctrl+E", window.edit_item, tr("Edit the selected item")
    )
    window.receive_action = window_action(
        widget,
        "receive",
        tr("&Receive…"),
        "Ctrl+R",
        lambda: window.stock_action(StockAction.RECEIVE),
        tr("Record stock that arrived"),
    )
    window.use_action = window_action(
        widget,
        "use",
        tr("&Use…"),
        "Ctrl+U",
        lambda: window.stock_action(StockAction.USE),
        tr("Record stock taken for use"),
    )
    window.adjust_action = window_action(
        widget,
        "adjust",
        tr("Ad&just…"),
        "Ctrl+J",
        lambda: window.stock_action(StockAction.ADJUST),
        tr("Correct the quantity on hand (after a count)"),
    )
    window.dispose_action = window_action(
        widget,
        "dispose",
        tr("&Dispose…"),
        "Ctrl+D",
        lambda: window.stock_action(StockAction.DISPOSE),
        tr("Throw away expired, damaged or recalled stock"),
    )
    window.archive_action = window_action(
        widget,
        "archive",
        tr("Arc&hive item"),
        None,
        window.archive_item,
        tr("Hide the item from lists and reordering; its history stays"),
    )
    window.archived_action = window_action(
        widget,
        "archive",
        tr("Archi&ved items…"),
        None,
        window.put_back_archived_item,
        tr("See the archived items and put one back in use"),
    )
    window.scan_action = window_action(
        widget, "search", tr("&Scan…"), "Ctrl+K", window.scan, tr("Find an item by scanning its barcode")
    )
    window.refresh_action = window_action(
        widget, "reverse", tr("Re&fresh"), "F5", window.refresh, tr("Reload from the database")
    )
    window.item_actions = [
        window.edit_action,
        window.receive_action,
        window.use_action,
        window.adjust_action,
        window.dispose_action,
        window.archive_action,
    ]


def _make_toolbar(widget: QMainWindow, window: MenuWindow) -> None:
    toolbar = QToolBar(widget.tr("Stock actions"))
    toolbar.setObjectName("stock_toolbar")
    toolbar.setMovable(False)
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    toolbar.setIconSize(QSize(20, 20))
    for action in (
        window.add_action,
        window.edit_action,
        None,
        window.receive_action,
        window.use_action,
        window.adjust_action,
        window.dispose_action,
        None,
        window.archive_action,
    ):
        if action is None:
            toolbar.addSeparator()
        else:
            toolbar.addAction(action)
    widget.addToolBar(toolbar)
    window.toolbar = toolbar


def _make_menus(widget: QMainWindow, window: MenuWindow) -> None:
    tr = widget.tr
    menu = widget.menuBar()
    file_menu = menu.addMenu(tr("&File"))
    window.import_action = file_menu.addAction(
        tr("&Import a spreadsheet…"), lambda: window.import_spreadsheet()
    )
    window.import_action.setShortcut(QKeySequence("Ctrl+I"))
    window.import_action.setStatusTip(tr("Add or update items from an .xlsx or .csv file"))
    # Export ▸ and the backups go here, added once the window has painted (add_file_entries).
    window.file_menu = file_menu
    window.file_entries_before = file_menu.addSeparator()
    window.demo_action = file_menu.addAction(tr("Load &demo data"), window.load_demo)
    file_menu.addSeparator()
    window.add_session_entries(file_menu)  # signed-in account: change password, lock, sign out
    file_menu.addSeparator()
    quit_action = file_menu.addAction(tr("&Quit"), widget.close)
    quit_action.setShortcut(QKeySequence.StandardKey.Quit)
    item_menu = menu.addMenu(tr("&Item"))
    item_menu.addAction(window.undo_offer.action)
    item_menu.addSeparator()
    for action in [window.add_action, *window.inventory_page.context_actions]:
        if action is None:
            item_menu.addSeparator()
        else:
            item_menu.addAction(action)
    item_menu.addAction(window.archived_action)
    view_menu = menu.addMenu(tr("&View"))
    view_menu.addAction(window.refresh_action)
    find = view_menu.addAction(tr("&Find item"), window.find_item)
    find.setShortcut(QKeySequence.StandardKey.Find)
    view_menu.addAction(window.scan_action)


def add_file_entries(widget: QMainWindow, window: MenuWindow) -> tuple[ExportMenu, BackupActions]:
    """File ▸ Export and the backup actions, put in their place in the File menu (after Import).
    Start-up adds them once the window has painted (their modules are not needed to show it)."""
    from inventory_app.ui.backups.backup_dialogs import BackupActions
    from inventory_app.ui.importing.export_menu import ExportMenu

    export_menu = ExportMenu(widget, window.events, window.settings)
    backups = BackupActions(widget, window.events, window.reload_hidden_pages)
    file_menu, before = window.file_menu, window.file_entries_before
    file_menu.insertMenu(before, export_menu.menu)
    file_menu.insertSeparator(before)
    file_menu.insertActions(before, [backups.backup_action, backups.restore_action])
    return export_menu, backups
