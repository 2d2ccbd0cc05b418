"""One stock action as the person sees it, wherever it starts (the toolbar on the selected
item, the scan box on the scanned one): the dialog through the operation runner, a refusal in
words, and after a save the same three things: the words in the status bar, Undo offered
(`stock_recorded`), and the item's row redrawn (the runner's change set)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from inventory_app.core.catalog import items as catalog
from inventory_app.core.catalog.gs1 import GS1Code
from inventory_app.core.changes import Changes
from inventory_app.core.types import MovementRow
from inventory_app.errors import InsufficientStock, InventoryError
from inventory_app.ui.events import AppEvents
from inventory_app.ui.inventory.stock_dialog import StockAction, StockDialog, recorded_text
from inventory_app.ui.inventory.undo_offer import StockRecorded
from inventory_app.ui.operations import Operation


def stale_after(item_id: int, refusal: InventoryError) -> Changes:
    """After a refused stock action, what to show again: not enough stock (maybe used at
    another workstation) is the item's row; anything else (the item archived, renamed) the
    catalog."""
    return Changes.of_items([item_id]) if isinstance(refusal, InsufficientStock) else Changes(catalog=True)


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
    said: list[str] = []

    def saved(rows: list[MovementRow] | None) -> None:
        if rows is not None:
            said.append(announce(events, action, item_id, rows))

    Operation(
        parent,
        events,
        lambda: StockDialog.ask(parent, action, item_id, scanned),
        refused=parent.tr("Cannot do that"),
    ).success(saved).reload_on_refusal(lambda refusal: stale_after(item_id, refusal)).run_dialog()
    return said[0] if said else None


def announce(events: AppEvents, action: StockAction, item_id: int, rows: list[MovementRow]) -> str:
    """After a stock action saved `rows`: the words said, Undo offered (the runner that saved
    them redraws the row)."""
    text = recorded_text(action, rows, catalog.item_detail(item_id))
    events.status_message.emit(text)
    if rows:
        events.stock_recorded.emit(StockRecorded.of(item_id, rows, text))
    return text
