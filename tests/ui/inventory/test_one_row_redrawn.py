"""After a stock action only that item's row is read again and redrawn: the number of
statements from OK to the redrawn row is small and the same for 100 items as for 1,000,
the other rows are not reset, and the selection and scroll position stay."""

from __future__ import annotations

import logging

import pytest
from PySide6.QtCore import Qt

from inventory_app.core.catalog import items as catalog
from inventory_app.core.purchasing import reorder
from inventory_app.core.stock import movements as stock
from inventory_app.core.stock import queries as stock_queries
from inventory_app.core.types import ItemInput
from inventory_app.ui.inventory.stock_dialog import StockDialog
from inventory_app.ui.shell.side_bar import NAV_INVENTORY
from tests.ui.conftest import active, click_item, drive, type_into_focus


def _add_items(first: int, last: int) -> None:
    for n in range(first, last):
        item = catalog.create_item(ItemInput(sku=f"ITEM-{n:05d}", name=f"Supply {n}", reorder_point=2))
        stock.receive(item.id, 10)


def _use_two(window, qtbot, monkeypatch, caplog: pytest.LogCaptureFixture, item_id: int) -> int:
    """Use 2 of the item as a person does (row clicked, Ctrl+U, 2, Enter); the statements run."""
    click_item(qtbot, window, item_id)

    def two(dialog: StockDialog) -> None:
        type_into_focus(qtbot, "2")
        qtbot.keyClick(dialog.quantity, Qt.Key.Key_Return)

    drive(monkeypatch, qtbot, StockDialog, two)
    caplog.clear()
    with caplog.at_level(logging.DEBUG, logger="peewee"):
        qtbot.keyClick(window.inventory_page.table, Qt.Key.Key_U, Qt.KeyboardModifier.ControlModifier)
    return sum(1 for record in caplog.records if record.name == "peewee")


def test_a_use_reads_and_redraws_one_row_with_the_same_statements_at_any_size(
    window, qtbot, monkeypatch, caplog: pytest.LogCaptureFixture
) -> None:
    _add_items(0, 100)
    window.refresh()
    active(qtbot, window)
    first = catalog.item_id_for("ITEM-00050")
    small = _use_two(window, qtbot, monkeypatch, caplog, first)
    assert catalog.item_detail(first).on_hand == 8

    _add_items(100, 1000)
    window.refresh()
    second = catalog.item_id_for("ITEM-00700")
    model = window.inventory_page.model
    resets: list[bool] = []
    model.modelReset.connect(lambda: resets.append(True))
    changed: list[int] = []
    model.dataChanged.connect(lambda top, _bottom, _roles: changed.append(top.row()))
    scroll = window.inventory_page.table.verticalScrollBar()
    click_item(qtbot, window, second)
    position = scroll.value()
    large = _use_two(window, qtbot, monkeypatch, caplog, second)

    assert catalog.item_detail(second).on_hand == 8
    assert large == small and large <= 30, (small, large)
    assert resets == []  # not the whole list: only its row
    assert changed == [model.position_of(second)]
    shown = model.row_at(model.position_of(second))
    assert shown is not None and shown.on_hand == 8
    assert window.inventory_page.current_item_id() == second and scroll.value() == position
    assert window.counts == stock_queries.attention_counts()  # the side bar's figures are right


def test_a_use_that_makes_an_item_low_moves_it_into_the_low_view(window, qtbot, monkeypatch, caplog) -> None:
    """A row that leaves the filter (or moves in the sort) re-filters the list instead."""
    _add_items(0, 5)
    window.refresh()
    active(qtbot, window)
    item_id = catalog.item_id_for("ITEM-00003")
    for _ in range(4):
        _use_two(window, qtbot, monkeypatch, caplog, item_id)
    row = window.inventory_page.model.row_at(window.inventory_page.model.position_of(item_id))
    assert row is not None and row.on_hand == 2 and row.status.value == "low"
    # The side bar's figures, moved by the one row each time, are those of a full count.
    assert window.counts.low == 1 and window.counts == stock_queries.attention_counts()
    assert window.nav.reorder_count == reorder.reorder_counts(stock_queries.list_items())[0] == 1
    assert "1 low" in window.nav.item(NAV_INVENTORY).text()


def test_using_up_an_expiring_lot_updates_the_expiring_count(window, qtbot, monkeypatch, caplog) -> None:
    """An item with lots: its change can change the lot counts, so they are read again."""
    from datetime import date, timedelta

    _add_items(0, 3)
    vaccine = catalog.create_item(ItemInput(sku="VAX-1", name="Vaccine", unit="dose", tracks_expiry=True))
    stock.receive(vaccine.id, 2, lot="L1", expires=date.today() + timedelta(days=10))
    window.refresh()
    active(qtbot, window)
    assert window.counts.expiring == 1
    _use_two(window, qtbot, monkeypatch, caplog, vaccine.id)
    assert catalog.item_detail(vaccine.id).on_hand == 0
    assert window.counts.expiring == 0 and window.counts == stock_queries.attention_counts()


def test_the_history_adds_the_new_lines_and_strikes_out_what_was_undone(
    demo_window, qtbot, monkeypatch, caplog: pytest.LogCaptureFixture
) -> None:
    """After a use and its undo the item's history holds exactly what the whole ledger says
    (balances included, the undone line marked), though only the new lines were read."""
    window = demo_window
    active(qtbot, window)
    item_id = catalog.item_id_for("GLV-NIT-M")
    _use_two(window, qtbot, monkeypatch, caplog, item_id)
    history = window.inventory_page.panel.history_model
    assert sorted(history.rows(), key=lambda r: r.id) == stock_queries.history(item_id)
    used = max(history.rows(), key=lambda r: r.id)
    assert used.quantity == -2 and used.reversed_by is None

    caplog.clear()
    with caplog.at_level(logging.DEBUG, logger="peewee"):
        qtbot.mouseClick(window.undo_offer.button, Qt.MouseButton.LeftButton)
    ledger_reads = [  # the history's own read: the movements with their lots and reversals
        r.getMessage()
        for r in caplog.records
        if r.name == "peewee" and 'COALESCE("t2"."lot_number"' in r.getMessage()
    ]
    assert len(ledger_reads) == 1 and '"t1"."id" > ' in ledger_reads[0]  # not the whole ledger again

    rows = sorted(history.rows(), key=lambda r: r.id)
    assert rows == stock_queries.history(item_id)
    assert next(r for r in rows if r.id == used.id).reversed_by == rows[-1].id
    assert rows[-1].balance == rows[-3].balance  # back where it was before the use
