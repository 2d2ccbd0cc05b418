"""Tables with money columns: amounts with the office's currency symbol, to the cent.

Column texts are made once per row from the row alone, so the symbol, which belongs to
the office and not to the row, is put in here: a subclass names its money columns and how
to read the amount; the page hands the symbol over with the rows.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any, ClassVar, TypeVar

from inventory_app.core.wording import money_text
from inventory_app.ui.common.tables import DISPLAY, Index, RowTableModel

T = TypeVar("T")


def money_cell(value: Decimal | None, symbol: str, signed: bool = False) -> str:
    """'$1,234.50'; signed: '+$12.00', '-$3.00', '$0.00'; nothing for no amount."""
    if value is None:
        return ""
    text = money_text(value, symbol)
    return "+" + text if signed and value > 0 else text


class PricedTableModel(RowTableModel[T]):
    # column → the amount in a row; signed columns show a + before gains.
    money_columns: ClassVar[Mapping[int, Callable[[Any], Decimal | None]]] = {}
    signed_columns: ClassVar[frozenset[int]] = frozenset()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.currency = "$"

    def set_rows(self, rows: Sequence[T], currency: str | None = None) -> None:
        if currency is not None:
            self.currency = currency
        super().set_rows(rows)

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        if role == DISPLAY and index.column() in self.money_columns:
            row = self.row_at(index.row())
            if row is None:
                return None
            value = self.money_columns[index.column()](row)
            return money_cell(value, self.currency, index.column() in self.signed_columns)
        return super().data(index, role)
