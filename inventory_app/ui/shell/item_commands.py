"""What the stock and item actions of the main window do: the stock dialogs (receive, use,
adjust, dispose), adding, editing, archiving an item and putting one back in use, and loading the
demo catalog.

Each asks what it must, calls the core, shows a refusal with the core's own message, and tells
the rest of the window through the app events. Each gets the window twice: as the `parent` of
its dialogs, and as the `window` whose inventory it works on."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from inventory_app.core.catalog import items as catalog
from inventory_app.core.wording import counted
from inventory_app.errors import InventoryError
from inventory_app.ui.catalog.item_dialog import ItemDialog
from inventory_app.ui.common import prompts
from inventory_app.ui.common.busy_cursor import BusyCursor
from inventory_app.ui.inventory import stock_flow
from inventory_app.ui.inventory.stock_dialog import StockAction
from inventory_app.ui.shell.window_parts import ItemWindow


def stock_action(parent: QWidget, window: ItemWindow, action: StockAction) -> None:
    """The stock dialog for `action` on the item selected in the inventory."""
    item_id = window.inventory_page.current_item_id()
    if item_id is None:
        return
    saved = stock_flow.ask_and_record(parent, window.events, action, item_id)
    if saved is None:
        _refresh_if_stale(window, item_id)


def _refresh_if_stale(window: ItemWindow, item_id: int) -> None:
    """The dialog showed fresh numbers; after Cancel the table must not show older ones (another
    workstation may have changed the stock since the table was loaded)."""
    shown = next((r for r in window.inventory_page.model.all_rows if r.id == item_id), None)
    try:
        fresh = catalog.item_detail(item_id)
    except InventoryError:
        return
    if shown is None or (shown.on_hand, shown.expired) != (fresh.on_hand, fresh.expired):
        window.events.stock_changed.emit(item_id)


def add_item(parent: QWidget, window: ItemWindow) -> None:
    """The new item dialog; a saved item is shown selected in the inventory."""
    saved = ItemDialog.ask(parent)
    if saved is None:
        return
    window.events.status_message.emit(parent.tr("Added {sku}").format(sku=saved.sku))
    window.refresh()
    window.show_inventory(saved.id)


def edit_item(parent: QWidget, window: ItemWindow) -> None:
    """The item dialog for the item selected in the inventory."""
    item_id = window.inventory_page.current_item_id()
    if item_id is None:
        return
    saved = ItemDialog.ask(parent, item_id)
    if saved is not None:
        window.events.status_message.emit(parent.tr("Saved {sku}").format(sku=saved.sku))
        window.refresh()


def archive_item(parent: QWidget, window: ItemWindow) -> None:
    """Archives the selected item once the user confirms."""
    row = window.inventory_page.current_row()
    if row is None:
        return
    text = parent.tr(
        "Archive {sku} ({name})?\n\nIt disappears from the inventory and from reordering; "
        "its history is kept."
    ).format(sku=row.sku, name=row.name)
    if not prompts.confirm(parent, parent.tr("Archive item"), text, yes=parent.tr("Archive")):
        return
    try:
        catalog.archive_item(row.id)
    except InventoryError as exc:
        prompts.error(parent, parent.tr("Cannot archive"), str(exc))
        return
    window.events.status_message.emit(parent.tr("Archived {sku}").format(sku=row.sku))
    window.refresh()


def put_back_archived_item(parent: QWidget, window: ItemWindow) -> None:
    """The archived items; the one chosen is put back in use and shown selected in the inventory."""
    from inventory_app.ui.catalog.archived_items_dialog import ArchivedItemsDialog

    try:
        row = ArchivedItemsDialog.ask(parent)
    except InventoryError as exc:
        prompts.error(parent, parent.tr("Cannot show archived items"), str(exc))
        return
    if row is None:
        return
    try:
        catalog.restore_item(row.id)
    except InventoryError as exc:
        prompts.error(parent, parent.tr("Cannot put back in use"), str(exc))
        window.events.catalog_changed.emit()
        return
    window.events.status_message.emit(parent.tr("Put back {sku} in use").format(sku=row.sku))
    window.events.catalog_changed.emit()
    window.show_inventory(row.id)


def load_demo(parent: QWidget, window: ItemWindow) -> None:
    """The bundled demo clinic, into an empty database only."""
    from inventory_app.documents.demo_catalog import load_bundled_demo

    if window.counts.items:
        prompts.inform(
            parent,
            parent.tr("Demo data"),
            parent.tr("Demo data can only be loaded into an empty database."),
        )
        return
    try:
        with BusyCursor():
            summary = load_bundled_demo()
    except InventoryError as exc:
        prompts.error(parent, parent.tr("Demo data not loaded"), str(exc))
        return
    window.events.status_message.emit(
        parent.tr("Loaded the demo clinic: {n}").format(n=counted(summary.items, parent.tr("item")))
    )
    window.events.catalog_changed.emit()
