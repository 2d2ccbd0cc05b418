"""The user's part of the reorder list: which lines are checked, how many purchase units.

Kept apart from the table model (and free of Qt) so the rules are plain: a
suggested line with a supplier starts checked at the suggested quantity; lines
already covered by an order, or without a supplier, start unchecked; a line
without a supplier can never be checked; checking a line at 0 gives it at least
one pack; typing a quantity checks the line and 0 unchecks it. A reload keeps
the user's choice for every line whose suggestion did not change state.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal

from inventory_app.core.money import money_of
from inventory_app.core.purchasing.types import ReorderGroup, ReorderLine, ReorderState


class ReorderChoices:
    def __init__(self) -> None:
        self.lines: dict[int, ReorderLine] = {}
        self._checked: dict[int, bool] = {}
        self._quantity: dict[int, int] = {}

    def load(self, groups: Sequence[ReorderGroup]) -> None:
        old_lines, old_checked, old_quantity = self.lines, self._checked, self._quantity
        self.lines, self._checked, self._quantity = {}, {}, {}
        for line in (line for group in groups for line in group.lines):
            item_id = line.item_id
            self.lines[item_id] = line
            before = old_lines.get(item_id)
            if before is not None and (before.state, before.supplier_id) == (line.state, line.supplier_id):
                self._checked[item_id] = old_checked[item_id]
                self._quantity[item_id] = old_quantity[item_id]
            else:
                self._checked[item_id] = line.state is ReorderState.SUGGEST and line.supplier_id is not None
                self._quantity[item_id] = line.suggested_purchase_units

    # ---------------------------------------------------------------- reading

    def is_checked(self, item_id: int) -> bool:
        return self._checked.get(item_id, False)

    def quantity(self, item_id: int) -> int:
        return self._quantity.get(item_id, 0)

    def line_total(self, line: ReorderLine) -> Decimal:
        return money_of(self._quantity.get(line.item_id, 0), line.unit_cost)

    def to_order_count(self) -> int:
        """Lines the core suggests ordering (the side bar's "to order")."""
        return sum(1 for line in self.lines.values() if line.state is ReorderState.SUGGEST)

    def selections(self) -> list[tuple[int, int]]:
        """(item id, purchase units) of the checked lines that can be ordered."""
        return [
            (item_id, self._quantity[item_id])
            for item_id, line in self.lines.items()
            if self._checked[item_id] and line.supplier_id is not None and self._quantity[item_id] > 0
        ]

    def summary(self) -> tuple[int, int, Decimal]:
        """How many orders, lines and what total the checked lines would make."""
        chosen = self.selections()
        suppliers = {self.lines[item_id].supplier_id for item_id, _ in chosen}
        total = sum((self.lines[i].unit_cost * qty for i, qty in chosen), Decimal("0.00"))
        return len(suppliers), len(chosen), total

    # ---------------------------------------------------------------- changing

    def set_checked(self, item_id: int, checked: bool) -> bool:
        """True when the line changed."""
        line = self.lines.get(item_id)
        if line is None or line.supplier_id is None or self._checked[item_id] == checked:
            return False
        self._checked[item_id] = checked
        if checked and self._quantity[item_id] <= 0:
            self._quantity[item_id] = max(1, line.suggested_purchase_units)
        return True

    def set_quantity(self, item_id: int, quantity: int) -> bool:
        line = self.lines.get(item_id)
        if line is None or quantity < 0 or self._quantity[item_id] == quantity:
            return False
        self._quantity[item_id] = quantity
        if line.supplier_id is not None:
            self._checked[item_id] = quantity > 0
        return True

    def set_many(self, item_ids: Iterable[int], checked: bool) -> list[int]:
        """Check or uncheck several lines; the ids that changed."""
        return [item_id for item_id in item_ids if self.set_checked(item_id, checked)]

    def check_all(self, checked: bool, suggested_only: bool = True) -> list[int]:
        wanted = [
            item_id
            for item_id, line in self.lines.items()
            if not (suggested_only and line.state is not ReorderState.SUGGEST)
        ]
        return self.set_many(wanted, checked)
