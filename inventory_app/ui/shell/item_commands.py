"""What the stock and item actions of the main window do: the stock dialogs (receive, use,
adjust, dispose), adding, editing, archiving an item and putting one back in use, and loading the
demo catalog.

Each asks what it must, calls the core, shows a refusal with the core's own message, and tells
the rest of the window through the app events. Each gets the window twice: as the `parent` of
its dialogs, and as the `window` whose inventory it works on."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from inventory_app.core.catalog import items as catalog
from inventory_app.core.changes import Changes
from inventory_app.core.types import ItemDetail
from inventory_app.core.wording import counted
from inventory_app.errors import InventoryError
from inventory_app.ui.common import prompts
from inventory_app.ui.inventory.stock_action import StockAction
from inventory_app.ui.operations import Operation
from inventory_app.ui.shell.window_parts import ItemWindow

if TYPE_CHECKING:
    from inventory_app.core.catalog.demo import DemoSummary


def stock_action(parent: QWidget, window: ItemWindow, action: StockAction) -> None:
    """The stock dialog for `action` on the item selected in the inventory."""
    item_id = window.inventory_page.current_item_id()
    if item_id is None:
        return
    from inventory_app.ui.inventory import stock_flow  # (its dialog loads when first asked for)

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
        window.events.changed.emit(Changes.of_items([item_id]), None)


def reverse_movement(parent: QWidget, window: ItemWindow, movement_id: int, item_id: int) -> None:
    """Reverse a movement the person confirmed in the item's history."""
    from inventory_app.core import corrections

    Operation(
        parent, window.events, lambda: corrections.reverse(movement_id), refused=parent.tr("Cannot reverse")
    ).success(
        lambda _rows: window.events.status_message.emit(
            parent.tr("Reversed movement #{id}").format(id=movement_id)
        )
    ).reload_on_refusal(Changes.of_items([item_id])).run()


def add_item(parent: QWidget, window: ItemWindow) -> None:
    """The new item dialog; a saved item is shown selected in the inventory."""
    from inventory_app.ui.catalog.item_dialog import ItemDialog

    def saved(item: ItemDetail | None) -> None:
        if item is not None:
            window.events.status_message.emit(parent.tr("Added {sku}").format(sku=item.sku))

    op = Operation(parent, window.events, lambda: ItemDialog.ask(parent), refused=parent.tr("Not added"))
    if op.success(saved).run_dialog() and op.result is not None:
        window.show_inventory(op.result.id)


def edit_item(parent: QWidget, window: ItemWindow) -> None:
    """The item dialog for the item selected in the inventory."""
    from inventory_app.ui.catalog.item_dialog import ItemDialog

    item_id = window.inventory_page.current_item_id()
    if item_id is None:
        return

    def saved(item: ItemDetail | None) -> None:
        if item is not None:
            window.events.status_message.emit(parent.tr("Saved {sku}").format(sku=item.sku))

    Operation(
        parent, window.events, lambda: ItemDialog.ask(parent, item_id), refused=parent.tr("Cannot edit")
    ).success(saved).reload_on_refusal(Changes(catalog=True)).run_dialog()


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
    Operation(
        parent, window.events, lambda: catalog.archive_item(row.id), refused=parent.tr("Cannot archive")
    ).success(
        lambda _none: window.events.status_message.emit(parent.tr("Archived {sku}").format(sku=row.sku))
    ).reload_on_refusal(Changes(catalog=True)).run()


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
    if (
        Operation(
            parent,
            window.events,
            lambda: catalog.restore_item(row.id),
            refused=parent.tr("Cannot put back in use"),
        )
        .success(
            lambda _none: window.events.status_message.emit(
                parent.tr("Put back {sku} in use").format(sku=row.sku)
            )
        )
        .reload_on_refusal(Changes(catalog=True))
        .run()
    ):
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

    def loaded(summary: DemoSummary) -> None:
        window.events.status_message.emit(
            parent.tr("Loaded the demo clinic: {n}").format(n=counted(summary.items, parent.tr("item")))
        )

    Operation(parent, window.events, load_bundled_demo, refused=parent.tr("Demo data not loaded")).success(
        loaded
    ).run()
