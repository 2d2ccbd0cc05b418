"""The item panel as read: units counted in words, the cost with the office's currency, and
who made a movement only when an account was signed in."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from inventory_app.core.catalog import items as catalog
from inventory_app.core.settings import office_settings, save_office_settings
from inventory_app.core.stock import movements as stock
from inventory_app.core.stock import queries as stock_queries
from inventory_app.core.types import ItemInput
from inventory_app.ui.inventory.history_table import HistoryTableModel
from tests.ui.conftest import click_item


def _syringes(on_hand: int) -> int:
    item = catalog.create_item(
        ItemInput(sku="SYR-W", name="Syringe 3 ml", unit="syringe", purchase_unit="box",
                  units_per_purchase_unit=100, unit_cost=Decimal("12.5"), reorder_point=1)
    ).id  # fmt: skip
    stock.receive(item, on_hand)
    return item


def _panel(window, qtbot, item: int):
    window.refresh()
    click_item(qtbot, window, item)
    return window.inventory_page.panel


def test_units_in_words_and_the_cost_with_the_office_currency(demo_window, qtbot):
    save_office_settings(replace(office_settings(), currency_symbol="€"))
    panel = _panel(demo_window, qtbot, _syringes(28))
    text = panel.details_label.text()
    assert "28 syringes</b> on hand" in text
    assert "box of 100 syringes" in text
    assert "€12.50" in text and "12.5<" not in text
    assert ">1 syringe<" in text  # the reorder point


def test_who_is_shown_only_for_movements_made_signed_in(demo_window, qtbot):
    item = _syringes(5)
    panel = _panel(demo_window, qtbot, item)
    recorded = stock_queries.history(item)[-1].user
    assert recorded  # the operating-system login, kept in the stored history
    by = panel.history_model.index(0, HistoryTableModel.BY).data()
    assert by == ""


def test_the_account_that_made_a_movement_is_shown(admin_window, qtbot):
    panel = _panel(admin_window, qtbot, _syringes(1))
    assert panel.history_model.index(0, HistoryTableModel.BY).data() == "Ana"
    assert "1 syringe</b> on hand" in panel.details_label.text()
