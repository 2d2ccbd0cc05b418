"""What each kind of action redraws, and what it leaves alone.

Every action goes through the operation runner, which tells the window once what it changed
(core.changes). These tests do the actions as a person does, then look at what was read again:
the inventory (all items, only the changed rows, or nothing), the page on screen (it redraws
itself once when it made the change), and a page built earlier but hidden (never: it reloads
when next shown)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from inventory_app.core.catalog import items as catalog
from inventory_app.core.changes import KINDS, Changes
from inventory_app.core.purchasing import orders as purchasing
from inventory_app.core.shelf import counts
from inventory_app.core.stock import queries as stock_queries
from inventory_app.ui.accounts.user_dialogs import AddUserDialog
from inventory_app.ui.common import prompts
from inventory_app.ui.shell.main_window import (
    NAV_AUDIT,
    NAV_COUNTS,
    NAV_EXPIRING,
    NAV_ORDERS,
    NAV_REORDER,
    NAV_REPORTS,
    NAV_SETTINGS,
    NAV_SUPPLIERS,
    NAV_USERS,
)
from tests.ui.conftest import active, click_nav, click_row, drive, row_of

LEFT = Qt.MouseButton.LeftButton


class Reads:
    """Counts what the window reads again: every item, some item rows, and page reloads."""

    def __init__(self, monkeypatch) -> None:
        self.monkeypatch = monkeypatch
        self.all_items = 0
        self.item_rows: list[frozenset[int]] = []
        self.page_loads: dict[str, int] = {}
        real_list, real_rows = stock_queries.list_items, stock_queries.item_rows

        def list_items(*a, **k):
            self.all_items += 1
            return real_list(*a, **k)

        def item_rows(ids, *a, **k):
            self.item_rows.append(frozenset(ids))
            return real_rows(ids, *a, **k)

        monkeypatch.setattr(stock_queries, "list_items", list_items)
        monkeypatch.setattr(stock_queries, "item_rows", item_rows)

    def reset(self) -> None:
        """Count from here (after the steps that only lead to the action)."""
        self.all_items, self.item_rows = 0, []
        self.page_loads = dict.fromkeys(self.page_loads, 0)

    def watch(self, name: str, page) -> None:
        self.page_loads[name] = 0
        real = page.refresh

        def counted(*a, **k):
            self.page_loads[name] += 1
            return real(*a, **k)

        self.monkeypatch.setattr(page, "refresh", counted)


def on_page(window, qtbot, monkeypatch, row: int, hidden_row: int) -> tuple[object, Reads]:
    """Page `row` on screen, page `hidden_row` looked at before it (built, now hidden), and
    the reads counted from now on: their reloads as "page" and "hidden"."""
    active(qtbot, window)
    click_nav(qtbot, window, hidden_row)
    click_nav(qtbot, window, row)
    page = window.pages.currentWidget()
    reads = Reads(monkeypatch)
    reads.watch("page", page)
    reads.watch("hidden", window.page(hidden_row))
    return page, reads


@pytest.fixture
def told(demo_window) -> list[Changes]:
    seen: list[Changes] = []
    demo_window.events.changed.connect(lambda changes, _who: seen.append(changes))
    return seen


# ---------------------------------------------------------------- each page, each kind


PAGES = {
    NAV_EXPIRING: "Expiring",
    NAV_REORDER: "Reorder",
    NAV_ORDERS: "Orders",
    NAV_SUPPLIERS: "Suppliers",
    NAV_COUNTS: "Counts",
    NAV_REPORTS: "Reports",
    NAV_SETTINGS: "Settings",
    NAV_AUDIT: "Audit log",
}


@pytest.mark.parametrize("row", list(PAGES), ids=list(PAGES.values()))
def test_the_page_on_screen_redraws_only_for_the_kinds_it_shows(demo_window, qtbot, monkeypatch, row) -> None:
    window = demo_window
    active(qtbot, window)
    click_nav(qtbot, window, row)
    page = window.pages.currentWidget()
    reads = Reads(monkeypatch)
    reads.watch("page", page)
    item_id = catalog.item_id_for("GLV-NIT-M")
    for kind in KINDS:
        before = reads.page_loads["page"]
        change = Changes.of_items([item_id]) if kind == "items" else Changes(**{kind: True})
        window.events.changed.emit(change, None)  # an action elsewhere (a dialog, the scan box)
        assert reads.page_loads["page"] == before + (kind in page.SHOWS), kind
        window.events.changed.emit(change, page)  # the page's own action: it redraws itself
        assert reads.page_loads["page"] == before + (kind in page.SHOWS), kind


def test_the_inventory_reads_every_item_only_for_catalog_and_settings(
    demo_window, qtbot, monkeypatch
) -> None:
    window = demo_window
    item_id = catalog.item_id_for("GLV-NIT-M")
    reads = Reads(monkeypatch)
    expected_all = {"items": 0, "catalog": 1, "orders": 0, "counts": 0, "settings": 1, "accounts": 0}
    for kind in KINDS:
        reads.all_items, reads.item_rows = 0, []
        change = Changes.of_items([item_id]) if kind == "items" else Changes(**{kind: True})
        window.events.changed.emit(change, None)
        assert reads.all_items == expected_all[kind], kind
        assert reads.item_rows == ([frozenset({item_id})] if kind == "items" else []), kind


# ---------------------------------------------------------------- real actions


def test_saving_settings_rereads_the_items_and_leaves_hidden_pages_alone(
    demo_window, qtbot, monkeypatch, told
) -> None:
    page, reads = on_page(demo_window, qtbot, monkeypatch, NAV_SETTINGS, NAV_SUPPLIERS)
    page.office_name.setFocus()
    qtbot.keyClick(page.office_name, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(page.office_name, "Riverside Family Practice")
    qtbot.mouseClick(page.save_button, LEFT)

    assert told == [Changes(settings=True)]
    assert reads.all_items == 1  # the expiry window may have changed every item's row
    assert reads.page_loads == {"page": 0, "hidden": 0}  # it shows what it saved itself


def test_archiving_a_supplier_redraws_its_page_once_and_not_the_orders(
    demo_window, qtbot, monkeypatch, told
) -> None:
    page, reads = on_page(demo_window, qtbot, monkeypatch, NAV_SUPPLIERS, NAV_ORDERS)
    monkeypatch.setattr(prompts, "confirm", lambda *_a, **_k: True)
    click_row(qtbot, page.table, row_of(page.table, lambda r: r.active))
    supplier = page.current_supplier()
    assert supplier is not None and supplier.active
    qtbot.mouseClick(page.archive_button, LEFT)

    assert not catalog.supplier(supplier.id).active
    assert told == [Changes(catalog=True)]
    assert reads.page_loads == {"page": 1, "hidden": 0}
    assert reads.all_items == 1  # supplier names show in the inventory


def test_marking_an_order_ordered_redraws_only_its_items_rows(demo_window, qtbot, monkeypatch, told) -> None:
    window = demo_window
    active(qtbot, window)
    item_id = catalog.item_id_for("GLV-NIT-L")
    order = purchasing.create_drafts([(item_id, 2)])[0]
    page, reads = on_page(window, qtbot, monkeypatch, NAV_ORDERS, NAV_SUPPLIERS)
    click_row(qtbot, page.table, row_of(page.table, lambda r: r.id == order.id))
    reads.reset()
    monkeypatch.setattr(prompts, "confirm", lambda *_a, **_k: True)
    qtbot.mouseClick(page.mark_ordered_button, LEFT)

    assert told == [Changes(items=frozenset({item_id}), orders=True)]
    assert reads.all_items == 0 and reads.item_rows == [frozenset({item_id})]  # its units on order
    assert reads.page_loads == {"page": 1, "hidden": 0}
    model = window.inventory_page.model
    assert model.row_at(model.position_of(item_id)).on_order > 0


def test_posting_a_count_redraws_the_counted_rows_only(demo_window, qtbot, monkeypatch, told) -> None:
    window = demo_window
    active(qtbot, window)
    detail = counts.start_count()
    line = next(x for x in detail.lines if not x.tracks_expiry)
    counts.enter_count(line.id, line.expected + 1)
    page, reads = on_page(window, qtbot, monkeypatch, NAV_COUNTS, NAV_SUPPLIERS)
    qtbot.mouseClick(page.continue_button, LEFT)
    reads.reset()
    monkeypatch.setattr(prompts, "confirm", lambda *_a, **_k: True)
    monkeypatch.setattr(prompts, "inform", lambda *_a, **_k: None)
    qtbot.mouseClick(page.post_button, LEFT)

    assert told == [Changes(items=frozenset({line.item_id}), counts=True)]
    assert reads.all_items == 0 and reads.item_rows == [frozenset({line.item_id})]
    assert reads.page_loads == {"page": 1, "hidden": 0}
    assert catalog.item_detail(line.item_id).on_hand == line.expected + 1


def test_adding_a_user_rereads_no_item(admin_window, qtbot, monkeypatch) -> None:
    window = admin_window
    active(qtbot, window)
    seen: list[Changes] = []
    window.events.changed.connect(lambda changes, _who: seen.append(changes))
    page, reads = on_page(window, qtbot, monkeypatch, NAV_USERS, NAV_SUPPLIERS)

    def add(dialog: AddUserDialog) -> None:
        qtbot.keyClicks(dialog.name, "Lee")
        qtbot.keyClicks(dialog.password, "front desk 42")
        qtbot.keyClicks(dialog.repeat, "front desk 42")
        qtbot.mouseClick(dialog.save_button, LEFT)

    drive(monkeypatch, qtbot, AddUserDialog, add)
    qtbot.mouseClick(page.add_button, LEFT)

    assert seen == [Changes(accounts=True)]
    assert reads.all_items == 0 and reads.item_rows == []
    assert reads.page_loads == {"page": 1, "hidden": 0}


def test_receiving_an_order_for_an_archived_item_does_not_list_it_again(
    demo_window, qtbot, monkeypatch
) -> None:
    """Only the received items' rows are read again; an archived one among them stays out of the
    inventory (it was listed again when its row was put in place)."""
    from inventory_app.ui.purchasing.receive_order_dialog import ReceiveOrderDialog

    window = demo_window
    item_id = catalog.item_id_for("GLV-NIT-L")
    order = purchasing.create_drafts([(item_id, 2)])[0]
    purchasing.mark_ordered(order.id)
    catalog.archive_item(item_id)  # at another workstation, meanwhile
    window.refresh()
    listed = len(window.inventory_page.model.all_rows)
    page, reads = on_page(window, qtbot, monkeypatch, NAV_ORDERS, NAV_SUPPLIERS)
    click_row(qtbot, page.table, row_of(page.table, lambda r: r.id == order.id))

    def receive_two(dialog: ReceiveOrderDialog) -> None:
        quantity = dialog.entries[0].quantity
        quantity.setFocus()  # the line's Receive field, its number typed over
        qtbot.keyClick(quantity, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClicks(quantity, "2")
        qtbot.mouseClick(dialog.receive_button, LEFT)

    drive(monkeypatch, qtbot, ReceiveOrderDialog, receive_two)
    qtbot.mouseClick(page.receive_button, LEFT)

    assert purchasing.order_detail(order.id).lines[0].received == 2
    assert reads.item_rows == [frozenset({item_id})]
    model = window.inventory_page.model
    assert not model.holds(item_id) and len(model.all_rows) == listed
