"""The scan box (Ctrl+K): a USB scanner types a code and Enter; the item is found by
barcode or SKU, selected in the inventory, and Use / Receive are one key away.

An unknown code offers to create an item with that barcode. The box stays open
between scans (it is not modal), so a pile of deliveries can be scanned in a row.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout

from inventory_app.core import catalog
from inventory_app.core.types import ItemDetail
from inventory_app.errors import InsufficientStock, InventoryError, NotFound
from inventory_app.ui import prompts
from inventory_app.ui.dialogs.item_dialog import ItemDialog
from inventory_app.ui.dialogs.stock_dialog import StockAction, StockDialog, recorded_text
from inventory_app.ui.icons import icon

if TYPE_CHECKING:
    from inventory_app.ui.main_window import MainWindow


class CodeField(QLineEdit):
    """Keeps the scanner's Enter to itself, so it never also presses a button of the box."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        super().keyPressEvent(event)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()


class ScanBox(QDialog):
    """A small box with the code field and, once an item is found, Use and Receive."""

    item_found = Signal(int)
    item_created = Signal(int)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window_ = window
        self.item: ItemDetail | None = None
        self.setWindowTitle(self.tr("Scan"))
        self.setWindowIcon(icon("search"))
        self.setMinimumWidth(520)
        self.code = CodeField()
        self.code.setPlaceholderText(self.tr("Scan a barcode or type a SKU, then Enter"))
        self.code.setClearButtonEnabled(True)
        self.code.returnPressed.connect(self.look_up)
        self.found = QLabel(self.tr("Waiting for a scan…"))
        self.found.setWordWrap(True)
        self.found.setTextFormat(Qt.TextFormat.PlainText)
        self.use_button = QPushButton(icon("use"), self.tr("&Use…"))
        self.receive_button = QPushButton(icon("receive"), self.tr("&Receive…"))
        self.use_button.clicked.connect(lambda: self.stock_action(StockAction.USE))
        self.receive_button.clicked.connect(lambda: self.stock_action(StockAction.RECEIVE))
        for button in (self.use_button, self.receive_button):
            button.setAutoDefault(False)
            button.setEnabled(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.use_button)
        buttons.addWidget(self.receive_button)
        buttons.addStretch(1)
        close = QPushButton(self.tr("Close"))
        close.setAutoDefault(False)
        close.clicked.connect(self.close)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.code)
        layout.addWidget(self.found)
        layout.addLayout(buttons)

    def start(self) -> None:
        """Show the box with the code field ready for the next scan."""
        self.show()
        self.raise_()
        self.activateWindow()
        self.code.setFocus()
        self.code.selectAll()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            focused = self.focusWidget()
            if isinstance(focused, QPushButton) and focused.isEnabled():
                focused.click()
            return  # a QDialog would press its default button: here only the focused one
        super().keyPressEvent(event)

    def look_up(self) -> None:
        code = self.code.text().strip()
        if not code:
            return
        try:
            item_id = catalog.item_id_for(code)
        except NotFound:
            self._unknown(code)
            return
        self.item = catalog.item_detail(item_id)
        self.found.setText(
            self.tr("{name} ({sku}) · {qty} {unit} on hand").format(
                name=self.item.name, sku=self.item.sku, qty=self.item.on_hand, unit=self.item.unit
            )
        )
        for button in (self.use_button, self.receive_button):
            button.setEnabled(True)
        self.use_button.setFocus()  # Enter: use; Tab then Enter: receive
        self.adjustSize()
        self.code.selectAll()
        self.item_found.emit(item_id)

    def _unknown(self, code: str) -> None:
        self.item = None
        for button in (self.use_button, self.receive_button):
            button.setEnabled(False)
        self.found.setText(self.tr("No item has the code “{code}”.").format(code=code))
        text = self.tr(
            "No item has the barcode or SKU “{code}”.\n\nCreate a new item with this barcode?"
        ).format(code=code)
        if not prompts.confirm(self, self.tr("Unknown code"), text, yes=self.tr("Create item…")):
            self.code.setFocus()
            self.code.selectAll()
            return
        dialog = ItemDialog(None, self.window_)
        dialog.barcode.setText(code)
        try:
            if dialog.exec() == QDialog.DialogCode.Accepted and dialog.saved is not None:
                self.item_created.emit(dialog.saved.id)
                self.code.clear()
                self.found.setText(self.tr("Created {sku}.").format(sku=dialog.saved.sku))
        finally:
            dialog.deleteLater()
        self.code.setFocus()

    def stock_action(self, action: StockAction) -> None:
        if self.item is None:
            return
        item_id = self.item.id
        try:
            rows = StockDialog.ask(self, action, item_id)
        except InventoryError as exc:
            prompts.error(self, self.tr("Cannot do that"), str(exc))
            if isinstance(exc, InsufficientStock):  # changed elsewhere meanwhile: show what is there
                self._stock_changed(item_id)
            return
        if rows is not None:
            self.window_.events.status_message.emit(recorded_text(action, rows))
            self._stock_changed(item_id)
        self.code.setFocus()
        self.code.selectAll()

    def _stock_changed(self, item_id: int) -> None:
        self.window_.events.stock_changed.emit(item_id)
        self.item = catalog.item_detail(item_id)
        self.found.setText(
            self.tr("{name} ({sku}) · {qty} {unit} on hand").format(
                name=self.item.name, sku=self.item.sku, qty=self.item.on_hand, unit=self.item.unit
            )
        )
