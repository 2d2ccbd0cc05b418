"""The inventory table model keeps all rows in the sort order and shows the matched ones: what it
shows is always the filtered rows sorted by the column's key, whatever the order of filtering,
typing and sorting, and each cell answers what the column and `extra_data` say."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QPersistentModelIndex, Qt

from inventory_app.core.stock.item_filter import ItemFilter, View
from inventory_app.core.types import ItemRow, Status
from inventory_app.ui.common.tables import ALIGNMENT, DISPLAY
from inventory_app.ui.inventory.item_table import ItemTableModel

TODAY = date.today()
ROLES = (
    Qt.ItemDataRole.DecorationRole.value,
    Qt.ItemDataRole.BackgroundRole.value,
    Qt.ItemDataRole.ForegroundRole.value,
)


def _rows(count: int = 60) -> list[ItemRow]:
    """Rows with ties, empty text, missing values and every status, in no particular order."""
    rows = []
    for n in range(count):
        status = (Status.OK, Status.LOW, Status.OUT)[n * 7 % 3]
        rows.append(
            ItemRow(
                id=n + 1,
                sku=f"S-{n * 37 % 50:03d}",
                name=("Glove", "gauze pad", "Syringe 3 ml", "syringe 5 ml", "Vaccine")[n % 5] + f" {n % 4}",
                category=("", "Wound care", "wound care", "Injection")[n % 4],
                location=("", "Shelf A", "Cabinet")[n * 5 % 3],
                unit=("box", "Each", "pack")[n % 3],
                on_hand=n * 13 % 9,
                expired=n % 4 if n % 6 == 0 else 0,
                reorder_point=n % 5,
                par_level=None if n % 3 == 0 else n % 7,
                status=status,
                supplier=("", "Medline", "medline", "Henry")[n * 3 % 4],
                next_expiry=None if n % 4 == 0 else TODAY + timedelta(days=(n * 11 % 90) - 20),
                barcode=f"0{n:011d}" if n % 2 else "",
                on_order=n % 3 * 10,
                expected_on=None if n % 5 == 0 else TODAY + timedelta(days=(n % 9) - 4),
            )
        )
    return rows


def _expected(model: ItemTableModel, rows: list[ItemRow], column: int, order: Qt.SortOrder) -> list[int]:
    wanted = model.item_filter.apply(rows, TODAY)
    key = model.columns[column].sort_key
    return [r.id for r in sorted(wanted, key=key, reverse=order == Qt.SortOrder.DescendingOrder)]


def _shown(model: ItemTableModel) -> list[int]:
    return [row.id for row in model.rows()]


FILTERS = (
    ItemFilter(),
    ItemFilter(text="syr"),
    ItemFilter(text="syringe 3"),
    ItemFilter(category="Wound care", view=View.NEEDS_REORDER),
    ItemFilter(location="Shelf A", text="g"),
    ItemFilter(view=View.EXPIRING),
    ItemFilter(view=View.EXPIRED),
    ItemFilter(view=View.OUT),
)


@pytest.mark.parametrize("item_filter", FILTERS)
def test_every_column_sorts_the_shown_rows_as_its_key_does_both_ways(qapp, item_filter) -> None:
    """A sort keeps rows that tie in the order they were shown in; a filter change shows the
    rows that pass sorted from the order loaded."""
    rows = _rows()
    model = ItemTableModel()
    model.set_rows(rows)
    model.set_filter(item_filter)
    for column in range(model.columnCount()):
        key = model.columns[column].sort_key
        for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
            shown = model.rows()
            model.sort(column, order)
            descending = order == Qt.SortOrder.DescendingOrder
            assert _shown(model) == [r.id for r in sorted(shown, key=key, reverse=descending)]
            model.set_filter(ItemFilter(text="no such item"))
            model.set_filter(item_filter)
            assert _shown(model) == _expected(model, rows, column, order), (column, order)


def test_typing_on_clearing_and_loading_show_the_same_rows_as_a_fresh_filter(qapp) -> None:
    rows = _rows()
    model = ItemTableModel()
    model.sort(ItemTableModel.SUPPLIER, Qt.SortOrder.DescendingOrder)
    model.set_rows(rows)
    for text in ("s", "sy", "syr", "syringe", "syringe ", "syringe 3", "syringe", "", "G", "gl", "x"):
        model.set_filter(ItemFilter(text=text, view=View.NEEDS_REORDER))
        assert _shown(model) == _expected(model, rows, ItemTableModel.SUPPLIER, Qt.SortOrder.DescendingOrder)
    model.set_rows(list(reversed(rows)))
    assert _shown(model) == _expected(
        model, list(reversed(rows)), ItemTableModel.SUPPLIER, Qt.SortOrder.DescendingOrder
    )


def test_each_cell_answers_what_the_column_and_extra_data_say(qapp) -> None:
    model = ItemTableModel()
    model.set_rows(_rows())
    for position, row in enumerate(model.rows()):
        for number, column in enumerate(model.columns):
            index = model.index(position, number)
            assert model.data(index, DISPLAY) == column.display(row)
            assert model.data(index, ALIGNMENT) == model._alignments[number]
            for role in ROLES:
                assert model.data(index, role) == model.extra_data(row, number, role), (number, role)
            assert model.data(index, Qt.ItemDataRole.ToolTipRole.value) == model.extra_data(
                row, number, Qt.ItemDataRole.ToolTipRole.value
            )
            assert model.data(index, Qt.ItemDataRole.FontRole.value) is None
    assert model.data(model.index(-1, 0), DISPLAY) is None


def test_a_row_redrawn_in_place_shows_its_new_numbers(qapp) -> None:
    rows = _rows()
    model = ItemTableModel()
    model.sort(ItemTableModel.NAME, Qt.SortOrder.AscendingOrder)
    model.set_rows(rows)
    position = 3
    row = model.row_at(position)
    assert row is not None
    model.data(model.index(position, ItemTableModel.ON_HAND), DISPLAY)  # painted once
    model.update_rows([row._replace(on_hand=row.on_hand + 1000)])
    assert model.data(model.index(position, ItemTableModel.ON_HAND), DISPLAY) == str(row.on_hand + 1000)


def test_a_selected_row_follows_its_item_through_a_sort(qapp) -> None:
    model = ItemTableModel()
    model.set_rows(_rows())
    item_id = model.rows()[5].id
    kept = QPersistentModelIndex(model.index(5, ItemTableModel.NAME))
    model.sort(ItemTableModel.SKU, Qt.SortOrder.DescendingOrder)
    assert kept.isValid()
    assert model.row_at(kept.row()).id == item_id  # type: ignore[union-attr]
    assert kept.column() == ItemTableModel.NAME
    assert model.position_of(item_id) == kept.row()
    model.set_filter(ItemFilter(text="no such item"))
    assert model.position_of(item_id) == -1
