"""One stock action as the person sees it, wherever it starts (the toolbar on the selected
item, the scan box on the scanned one): the dialog, a refusal in words, and after a save the
same three things: the item's row redrawn (`stock_changed`), the words in the status bar, and
Undo offered (`stock_recorded`)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from inventory_app.core.catalog import items as catalog
from inventory_app.core.catalog.gs1 import GS1Code
from inventory_app.core.types import MovementRow
from inventory_app.errors import InsufficientStock, InventoryError
from inventory_app.ui.common import prompts
from inventory_app.ui.events import AppEvents
from inventory_app.ui.inventory.stock_dialog import StockAction, StockDialog, recorded_text
from inventory_app.ui.inventory.undo_offer import StockRecorded


def ask_and_record(
    parent: QWidget,
    events: AppEvents,
    action: StockAction,
    item_id: int,
    scanned: GS1Code | None = None,
) -> str | None:
    """The stock dialog for `action`; the words said when it saved, None when it was cancelled
    or refused (the refusal shown, and what is there now shown: another workstation may have
    changed the stock, or the item, meanwhile)."""
    try:
        rows = StockDialog.ask(parent, action, item_id, scanned)
    except InventoryError as exc:
        prompts.error(parent, parent.tr("Cannot do that"), str(exc))
        if isinstance(exc, InsufficientStock):
            events.stock_changed.emit(item_id)
        else:
            events.catalog_changed.emit()
        return None
    if rows is None:
        return None
    return announce(events, action, item_id, rows)


def announce(events: AppEvents, action: StockAction, item_id: int, rows: list[MovementRow]) -> str:
    """After a stock action saved `rows`: the row redrawn, the words said, Undo offered."""
    text = recorded_text(action, rows, catalog.item_detail(item_id))
    events.stock_changed.emit(item_id)
    events.status_message.emit(text)
    if rows:
        events.stock_recorded.emit(StockRecorded.of(item_id, rows, text))
    return text
