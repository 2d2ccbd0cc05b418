"""Pick an item by scanning or typing: a SKU or barcode and Enter, or part of a name
with the completer's list ("SKU — name"), plus a quantity.

Emits `picked(item id, quantity)`; what cannot be resolved is reported through
`problem(message)` so the owner shows it where its other messages go.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtWidgets import QCompleter, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSpinBox, QWidget

from inventory_app.core.catalog import items as catalog
from inventory_app.core.types import ItemRow
from inventory_app.core.validation import MAX_QUANTITY
from inventory_app.errors import NotFound
from inventory_app.ui.common.icons import icon

SEPARATOR = " — "  # between SKU and name in the completer's entries


class ItemPicker(QWidget):
    picked = Signal(int, int)  # item id, quantity
    problem = Signal(str)

    def __init__(
        self, label: str, quantity_tip: str, parent: QWidget | None = None, *, with_quantity: bool = True
    ) -> None:
        super().__init__(parent)
        self._choices: dict[str, int] = {}
        self._items: list[ItemRow] = []
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 4, 0, 0)
        caption = QLabel(label)
        row.addWidget(caption)
        self.field = QLineEdit()
        self.field.setPlaceholderText(
            self.tr("Scan or type a SKU or barcode and press Enter, or type part of a name and pick it")
        )
        self.field.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.field.setClearButtonEnabled(True)
        caption.setBuddy(self.field)
        self.completer = QCompleter(self)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.completer.setMaxVisibleItems(12)
        self.completer.setModel(QStringListModel(self))
        self.field.setCompleter(self.completer)
        self.field.returnPressed.connect(self.pick)
        row.addWidget(self.field, 1)
        quantity_label = QLabel(self.tr("Qty:"))
        row.addWidget(quantity_label)
        self.quantity = QSpinBox()
        self.quantity.setRange(1, MAX_QUANTITY)
        self.quantity.setToolTip(quantity_tip)
        self.quantity.lineEdit().returnPressed.connect(self.pick)  # SKU, Tab, quantity, Enter adds
        row.addWidget(self.quantity)
        quantity_label.setVisible(with_quantity)  # picking an item alone (no quantity)
        self.quantity.setVisible(with_quantity)
        self.button = QPushButton(icon("add"), self.tr("&Add"))
        self.button.setAutoDefault(False)
        self.button.clicked.connect(self.pick)
        row.addWidget(self.button)

    def set_items(self, items: Sequence[ItemRow]) -> None:
        """The items offered, in the order the completer lists them."""
        self._items = list(items)
        self._choices = {f"{row.sku}{SEPARATOR}{row.name}": row.id for row in self._items}
        model = self.completer.model()
        assert isinstance(model, QStringListModel)
        model.setStringList(list(self._choices))

    def entries(self) -> list[str]:
        return list(self._choices)

    def resolve(self, text: str) -> int:
        """The item meant by `text`: a completer entry, a SKU or barcode, or a unique name match."""
        text = text.strip()
        if text in self._choices:
            return self._choices[text]
        try:
            return catalog.item_id_for(text)
        except NotFound:
            pass
        words = text.casefold().split()
        found = [r for r in self._items if all(w in f"{r.sku} {r.name}".casefold() for w in words)]
        if len(found) == 1:
            return found[0].id
        if not found:
            raise NotFound(self.tr("No item has the SKU, barcode or name “{text}”.").format(text=text))
        raise NotFound(
            self.tr("{n} items match “{text}”: pick one from the list.").format(n=len(found), text=text)
        )

    def pick(self) -> None:
        text = self.field.text().strip()
        if not text:
            return
        try:
            item_id = self.resolve(text)
        except NotFound as exc:
            self.problem.emit(str(exc))
            self.field.selectAll()
            return
        self.picked.emit(item_id, self.quantity.value())

    def reset(self) -> None:
        """After the owner accepted the pick: ready for the next scan."""
        self.field.clear()
        self.quantity.setValue(1)
        self.field.setFocus()
