"""Attach a scanned GTIN to an item the office already has, so the next scan of that box
finds it: pick the item by SKU, barcode or part of its name. The core refuses a GTIN that
is another item's barcode; the refusal is shown here, where the item is picked."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from inventory_app.core.catalog import gs1
from inventory_app.core.catalog import items as catalog
from inventory_app.core.stock import queries as stock_queries
from inventory_app.core.types import ItemDetail
from inventory_app.errors import InventoryError
from inventory_app.ui.common import prompts
from inventory_app.ui.common.forms import error_label
from inventory_app.ui.common.icons import icon
from inventory_app.ui.common.item_picker import ItemPicker
from inventory_app.ui.common.plain_text import plain_label


class AttachGtinDialog(QDialog):
    def __init__(self, gtin: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.gtin = gtin
        self.saved: ItemDetail | None = None
        self.setWindowTitle(self.tr("Attach GTIN {gtin}").format(gtin=gtin))
        self.setWindowIcon(icon("search"))
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        intro: QLabel = plain_label(
            self.tr(
                "Which item is product {gtin}? Scan or type its SKU, or type part of its name and "
                "pick it from the list, then Enter."
            ).format(gtin=gtin)
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.picker = ItemPicker(self.tr("&Item:"), "", self, with_quantity=False)
        self.picker.button.setText(self.tr("&Attach"))
        self.picker.set_items(stock_queries.list_items())
        self.picker.picked.connect(self.attach)
        self.picker.problem.connect(self.show_error)
        layout.addWidget(self.picker)
        self.error_label = error_label()
        layout.addWidget(self.error_label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.cancel_button = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setAutoDefault(False)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.picker.field.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return  # Enter picks in the field; it never presses Cancel
        super().keyPressEvent(event)

    def show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()

    def attach(self, item_id: int, _quantity: int = 1) -> None:
        item = catalog.item_detail(item_id)
        if item.barcode and item.barcode not in gs1.gtin_keys(self.gtin):
            question = self.tr(
                "{sku} ({name}) has the barcode {old}.\n\nReplace it with the GTIN {gtin}?"
            ).format(sku=item.sku, name=item.name, old=item.barcode, gtin=self.gtin)
            if not prompts.confirm(self, self.tr("Replace barcode"), question, yes=self.tr("Replace")):
                self.picker.field.selectAll()
                return
        try:
            self.saved = catalog.attach_gtin(item_id, self.gtin)
        except InventoryError as exc:
            self.show_error(str(exc))
            self.picker.field.selectAll()
            return
        self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None, gtin: str) -> ItemDetail | None:
        """Show the dialog; the item with the GTIN attached, or None when cancelled."""
        dialog = cls(gtin, parent)
        try:
            if dialog.exec() == QDialog.DialogCode.Accepted:
                return dialog.saved
            return None
        finally:
            dialog.deleteLater()
