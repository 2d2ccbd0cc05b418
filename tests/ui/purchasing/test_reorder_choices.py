"""The reorder list's check boxes and quantities, on hand-made suggestion rows (no database)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from inventory_app.core.purchasing.types import ReorderGroup, ReorderLine, ReorderState
from inventory_app.ui.purchasing.reorder_choices import ReorderChoices


def _line(item_id: int, supplier_id: int | None, state: ReorderState = ReorderState.SUGGEST, packs: int = 2):
    return ReorderLine(
        item_id=item_id,
        sku=f"SKU-{item_id}",
        name=f"Item {item_id}",
        supplier_id=supplier_id,
        supplier=f"Supplier {supplier_id}",
        supplier_sku="",
        unit="box",
        on_hand=1,
        on_order=0,
        in_draft=0,
        reorder_point=3,
        par_level=10,
        target=10,
        suggested_units=9,
        purchase_unit="case",
        units_per_purchase_unit=5,
        suggested_purchase_units=packs if state is ReorderState.SUGGEST else 0,
        unit_cost=Decimal("12.50"),
        reason="par 10, on hand 1, on order 0 → need 9 → 2 × case of 5",
        state=state,
    )


def _groups(*lines: ReorderLine) -> list[ReorderGroup]:
    by_supplier: dict[int | None, list[ReorderLine]] = {}
    for line in lines:
        by_supplier.setdefault(line.supplier_id, []).append(line)
    return [ReorderGroup(s, f"Supplier {s}", ls) for s, ls in by_supplier.items()]


def test_defaults_and_summary() -> None:
    choices = ReorderChoices()
    choices.load(_groups(_line(1, 10), _line(2, 10), _line(3, 20, ReorderState.ON_ORDER), _line(4, None)))
    assert [choices.is_checked(i) for i in (1, 2, 3, 4)] == [True, True, False, False]
    assert choices.selections() == [(1, 2), (2, 2)]
    assert choices.summary() == (1, 2, Decimal("50.00"))
    assert choices.to_order_count() == 3  # the unsupplied item needs ordering too


def test_rules_for_checking_and_quantities() -> None:
    choices = ReorderChoices()
    choices.load(_groups(_line(1, 10), _line(3, 20, ReorderState.ON_ORDER), _line(4, None)))
    assert not choices.set_checked(4, True)  # no supplier: cannot be ordered
    assert choices.set_checked(3, True) and choices.quantity(3) == 1  # at least one pack
    assert choices.set_quantity(1, 0) and not choices.is_checked(1)
    assert choices.set_quantity(1, 7) and choices.is_checked(1)
    assert not choices.set_quantity(1, -1)
    assert choices.set_quantity(4, 3) and not choices.is_checked(4)
    assert choices.check_all(False, suggested_only=False) == [1, 3]
    assert choices.selections() == []
    assert choices.check_all(True) == [1]  # only suggested lines


def test_a_reload_keeps_choices_of_unchanged_lines() -> None:
    choices = ReorderChoices()
    first, second = _line(1, 10), _line(2, 10)
    choices.load(_groups(first, second))
    choices.set_quantity(1, 5)
    choices.set_checked(2, False)
    covered = replace(second, state=ReorderState.IN_DRAFT, suggested_purchase_units=0)
    choices.load(_groups(first, covered))
    assert choices.quantity(1) == 5 and choices.is_checked(1)
    assert not choices.is_checked(2) and choices.quantity(2) == 0  # state changed: defaults again
