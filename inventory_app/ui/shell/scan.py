"""The scan box (Ctrl+K): a USB scanner types a code and Enter; the item is found by
barcode, SKU or the GTIN of a GS1 code (drug and vaccine boxes), selected in the
inventory, and the quantity to use is ready: type it and Enter records the use at
once (Ctrl+K, scan, 2, Enter: four inputs). Receive is one key away (Alt+R) and
opens the receive dialog with the lot and expiry the GS1 code named.

An unknown code offers to create an item with that barcode; an unknown GTIN also
offers to attach it to an item the office already has. The box stays open between
scans (it is not modal), so a pile of boxes can be scanned in a row.
"""

from __future__ import annotations

import uuid
from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from inventory_app.core.catalog import gs1
from inventory_app.core.catalog import items as catalog
from inventory_app.core.catalog.gs1 import GS1Code
from inventory_app.core.stock import movements as stock
from inventory_app.core.stock import queries as stock_queries
from inventory_app.core.types import ItemDetail
from inventory_app.core.validation import MAX_QUANTITY
from inventory_app.core.wording import counted
from inventory_app.errors import InventoryError, NotFound
from inventory_app.ui.catalog.item_dialog import ItemDialog
from inventory_app.ui.common import prompts, theme
from inventory_app.ui.common.icons import icon
from inventory_app.ui.common.plain_text import plain_label
from inventory_app.ui.common.scan_field import ScanField
from inventory_app.ui.events import AppEvents
from inventory_app.ui.inventory import stock_flow
from inventory_app.ui.inventory.attach_gtin_dialog import AttachGtinDialog
from inventory_app.ui.inventory.stock_action import StockAction
from inventory_app.ui.operations import Operation

_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class CodeField(ScanField):
    """Keeps the scanner's Enter to itself, so it never also presses a button of the box."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        super().keyPressEvent(event)
        if event.key() in _ENTER_KEYS:
            event.accept()


class QuantityField(QSpinBox):
    """The quantity to use; Enter submits it (and goes no further)."""

    submitted = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in _ENTER_KEYS:
            self.interpretText()
            event.accept()
            self.submitted.emit()
            return
        super().keyPressEvent(event)


class ScanBox(QDialog):
    """A small box with the code field and, once an item is found, its quantity, Use and Receive."""

    item_found = Signal(int)
    item_created = Signal(int)

    def __init__(self, parent: QWidget, events: AppEvents) -> None:
        super().__init__(parent)
        self.parent_window = parent
        self.events = events
        self.item: ItemDetail | None = None
        self.scanned: GS1Code | None = None  # what the last GS1 code said about the box
        # One key per found item: Enter again after an unclear failure cannot use it twice.
        self.request_key = uuid.uuid4().hex
        self.setWindowTitle(self.tr("Scan"))
        self.setWindowIcon(icon("search"))
        self.setMinimumWidth(520)
        self.code = CodeField()
        self.code.setPlaceholderText(self.tr("Scan a barcode or type a SKU, then Enter"))
        self.code.setClearButtonEnabled(True)
        self.code.returnPressed.connect(self.look_up)
        self.found = plain_label(self.tr("Waiting for a scan…"))
        self.found.setWordWrap(True)
        self.outcome = plain_label()  # what the last Use did, or why it was refused
        self.outcome.setWordWrap(True)
        self.outcome.hide()
        quantity_label = QLabel(self.tr("&Quantity:"))
        self.quantity = QuantityField()
        self.quantity.setRange(1, MAX_QUANTITY)
        self.quantity.setMinimumWidth(120)
        self.quantity.setToolTip(self.tr("How many to use; Enter records it"))
        self.quantity.submitted.connect(self.use_now)
        quantity_label.setBuddy(self.quantity)
        self.use_button = QPushButton(icon("use"), self.tr("&Use"))
        self.receive_button = QPushButton(icon("receive"), self.tr("&Receive…"))
        self.use_button.clicked.connect(self.use_now)
        self.receive_button.clicked.connect(lambda: self.stock_action(StockAction.RECEIVE))
        for button in (self.use_button, self.receive_button):
            button.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addWidget(quantity_label)
        buttons.addWidget(self.quantity)
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
        layout.addWidget(self.outcome)
        layout.addLayout(buttons)
        self._enable(False)

    def start(self) -> None:
        """Show the box with the code field ready for the next scan."""
        self.show()
        self.raise_()
        self.activateWindow()
        self.code.setFocus()
        self.code.selectAll()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in _ENTER_KEYS:
            focused = self.focusWidget()
            if isinstance(focused, QPushButton) and focused.isEnabled():
                focused.click()
            return  # a QDialog would press its default button: here only the focused one
        super().keyPressEvent(event)

    def _ready_for_scan(self) -> None:
        """The code field has the keyboard, its last code selected (the next scan replaces it);
        the box is the active window again after a dialog or question it opened."""
        self.activateWindow()
        self.code.setFocus()
        self.code.selectAll()

    def _enable(self, enabled: bool) -> None:
        for widget in (self.quantity, self.use_button, self.receive_button):
            widget.setEnabled(enabled)

    # ---------------------------------------------------------------- finding

    def look_up(self) -> None:
        code = self.code.text().strip()
        if not code:
            return
        self.outcome.hide()
        scanned = gs1.parse_gs1(code)
        try:
            item_id = catalog.item_id_for(code)
        except NotFound:
            self._unknown(code, scanned)
            return
        self._show_found(item_id, scanned)

    def _show_found(self, item_id: int, scanned: GS1Code | None) -> None:
        """The item is known: name it, say what the GS1 code read, and ready the quantity."""
        if self.item is None or self.item.id != item_id or scanned != self.scanned:
            self.request_key = uuid.uuid4().hex
        self.scanned = scanned
        self.item = catalog.item_detail(item_id)
        self._show_item()
        self._enable(True)
        self.quantity.setValue(1)
        self.activateWindow()  # back from a dialog it opened
        self.quantity.setFocus()  # type the quantity, Enter: used
        self.quantity.selectAll()
        self.adjustSize()
        self.item_found.emit(item_id)

    def _show_item(self) -> None:
        assert self.item is not None
        text = self.tr("{name} ({sku}) · {on_hand} on hand").format(
            name=self.item.name, sku=self.item.sku, on_hand=counted(self.item.on_hand, self.item.unit)
        )
        read = self._scanned_text()
        self.found.setText(f"{text}\n{read}" if read else text)

    def _scanned_text(self) -> str:
        """'Lot AB12C, expires 2027-06-30': what the GS1 code said about the box in hand."""
        scanned = self.scanned
        if scanned is None:
            return ""
        parts = []
        if scanned.lot:
            parts.append(self.tr("Lot {lot}").format(lot=scanned.lot))
        if scanned.expires:
            parts.append(self.tr("expires {date}").format(date=scanned.expires.isoformat()))
        if scanned.serial:
            parts.append(self.tr("serial {serial}").format(serial=scanned.serial))
        text = ", ".join(parts)
        return text[:1].upper() + text[1:]

    def _unknown(self, code: str, scanned: GS1Code | None) -> None:
        if scanned is not None and scanned.gtin is None:
            self._lot_label(scanned)
            return
        self.item = None
        self.scanned = scanned
        self._enable(False)
        if scanned is not None and scanned.gtin:
            self._unknown_gtin(scanned)
            return
        self.found.setText(self.tr("No item has the code “{code}”.").format(code=code))
        text = self.tr(
            "No item has the barcode or SKU “{code}”.\n\nCreate a new item with this barcode?"
        ).format(code=code)
        if not prompts.confirm(self, self.tr("Unknown code"), text, yes=self.tr("Create item…")):
            self._ready_for_scan()
            return
        self._create_item(code, None)

    def _lot_label(self, scanned: GS1Code) -> None:
        """A second label on the box with only lot and expiry: it belongs to the item in hand."""
        if self.item is None:
            self.found.setText(
                self.tr("This code has the lot and expiry but not the product: scan the box's other code.")
            )
            self.code.selectAll()
            return
        self._show_found(self.item.id, replace(scanned, gtin=self.scanned.gtin if self.scanned else None))

    def _unknown_gtin(self, scanned: GS1Code) -> None:
        assert scanned.gtin is not None
        read = self._scanned_text()
        self.found.setText(
            self.tr("No item has the product number (GTIN) {gtin}.").format(gtin=scanned.gtin)
            + (f"\n{read}" if read else "")
        )
        text = self.tr(
            "No item has the product number (GTIN) {gtin}.\n\n"
            "Is it an item you already have (its barcode becomes this GTIN), or a new item?"
        ).format(gtin=scanned.gtin)
        answer = prompts.choose(
            self,
            self.tr("Unknown product"),
            text,
            [self.tr("Attach to an item…"), self.tr("Create item…")],
        )
        if answer == 0:
            gtin = scanned.gtin
            op = Operation(
                self, self.events, lambda: AttachGtinDialog.ask(self, gtin), refused=self.tr("Not attached")
            )
            if op.run_dialog() and op.result is not None:
                self._show_found(op.result.id, scanned)
                return
        elif answer == 1:
            self._create_item(scanned.gtin, scanned)
            return
        self._ready_for_scan()

    def _create_item(self, barcode: str, scanned: GS1Code | None) -> None:
        dialog = ItemDialog(None, self.parent_window)
        dialog.barcode.setText(barcode)
        if scanned is not None and (scanned.lot or scanned.expires):
            dialog.tracks_expiry.setChecked(True)  # a box with a lot and expiry
        try:
            accepted = Operation(self, self.events, dialog.exec, refused=self.tr("Not created")).run_dialog()
            if accepted and dialog.result() == QDialog.DialogCode.Accepted and dialog.saved is not None:
                self.item_created.emit(dialog.saved.id)
                if scanned is not None:
                    self._show_found(dialog.saved.id, scanned)
                    return
                self.code.clear()
                self.found.setText(self.tr("Created {sku}.").format(sku=dialog.saved.sku))
        finally:
            dialog.deleteLater()
        self._ready_for_scan()

    # ---------------------------------------------------------------- doing

    def use_now(self) -> None:
        """Record the use of the quantity typed, at once; the outcome is said in the box."""
        if self.item is None:
            return
        item_id = self.item.id
        quantity = self.quantity.value()
        said: list[str] = []
        refusals: list[InventoryError] = []

        def refused(exc: InventoryError) -> None:
            refusals.append(exc)
            self._show_outcome(str(exc), refused=True)
            self.quantity.setFocus()
            self.quantity.selectAll()

        (
            Operation(
                self,
                self.events,
                lambda: stock.use(item_id, quantity, lot=self._lot_in_hand(quantity)),
                request_key=self.request_key,
            )
            .success(
                lambda rows: said.append(stock_flow.announce(self.events, StockAction.USE, item_id, rows))
            )
            .failure(refused)
            .reload_on_refusal(lambda exc: stock_flow.stale_after(item_id, exc))
            .run()
        )
        try:
            self.item = catalog.item_detail(item_id)
        except NotFound:  # removed on another workstation meanwhile
            self._ready_for_scan()
            return
        self._show_item()
        if refusals:
            return  # said in the box, the quantity ready to type again
        self.request_key = uuid.uuid4().hex
        # (no words said: the first Enter was saved after all, and nothing more was recorded)
        self._show_outcome(
            said[0] if said else stock_flow.announce(self.events, StockAction.USE, item_id, [])
        )
        self.quantity.setValue(1)
        self.code.setFocus()  # ready for the next scan
        self.code.selectAll()

    def _lot_in_hand(self, quantity: int) -> str | None:
        """The lot the GS1 code named, when it can give the whole quantity; else None
        (first-expired-first), so a box scanned from an unrecorded lot is still usable."""
        assert self.item is not None
        lot = self.scanned.lot if self.scanned is not None else None
        if not lot or not self.item.tracks_expiry:
            return None
        usable = stock_queries.lots(self.item.id)
        match = next((r for r in usable if r.lot_number == lot and not r.expired), None)
        return lot if match is not None and match.quantity >= quantity else None

    def _show_outcome(self, text: str, refused: bool = False) -> None:
        colour = theme.status_color("expired").name() if refused else ""
        self.outcome.setStyleSheet(f"color: {colour};" if colour else "")
        self.outcome.setText(text)
        self.outcome.show()

    def stock_action(self, action: StockAction) -> None:
        if self.item is None:
            return
        item_id = self.item.id
        text = stock_flow.ask_and_record(self, self.events, action, item_id, self.scanned)
        self.item = catalog.item_detail(item_id)
        self._show_item()
        if text is not None:
            self._show_outcome(text)
        self._ready_for_scan()
