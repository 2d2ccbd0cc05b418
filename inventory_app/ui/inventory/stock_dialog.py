"""Receive, use, adjust and dispose of stock of one item.

The dialog calls the core itself when the user presses the action button, so a
refusal (not enough stock, missing lot) is shown right in the dialog and the
user can correct it; nothing is changed until the core accepts.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from inventory_app.core.accounts.context import one_request
from inventory_app.core.catalog import items as catalog
from inventory_app.core.catalog.gs1 import GS1Code, parse_gs1
from inventory_app.core.stock import movements as stock
from inventory_app.core.stock import queries as stock_queries
from inventory_app.core.typed_dates import DateNotRead
from inventory_app.core.types import ADJUST_REASONS, DISPOSE_REASONS, ItemDetail, LotRow, MovementRow
from inventory_app.core.validation import MAX_QUANTITY
from inventory_app.core.wording import counted, lot_cell, plural_of, stock_outcome
from inventory_app.errors import DuplicateOperation, InsufficientStock, InventoryError, ValidationError
from inventory_app.ui.common import prompts, theme
from inventory_app.ui.common.date_field import DateField
from inventory_app.ui.common.forms import grow_to_fit
from inventory_app.ui.common.icons import icon
from inventory_app.ui.common.plain_text import plain_label
from inventory_app.ui.common.scan_field import ScanField
from inventory_app.ui.inventory.stock_action import StockAction

TITLES = {
    StockAction.RECEIVE: "Receive stock",
    StockAction.USE: "Use stock",
    StockAction.ADJUST: "Adjust stock",
    StockAction.DISPOSE: "Dispose of stock",
}
BUTTONS = {
    StockAction.RECEIVE: "&Receive",
    StockAction.USE: "&Use",
    StockAction.ADJUST: "&Adjust",
    StockAction.DISPOSE: "&Dispose",
}
ICONS = {
    StockAction.RECEIVE: "receive",
    StockAction.USE: "use",
    StockAction.ADJUST: "adjust",
    StockAction.DISPOSE: "dispose",
}
FEFO = ""  # lot combo data meaning "first to expire"


class StockDialog(QDialog):
    def __init__(
        self,
        action: StockAction,
        item: ItemDetail,
        parent: QWidget | None = None,
        scanned: GS1Code | None = None,
    ) -> None:
        super().__init__(parent)
        self.action = action
        self.item = item
        self.result_rows: list[MovementRow] = []
        self.stale_refusal: InsufficientStock | None = None  # see submit()
        # One key per dialog: pressing OK again after an unclear failure (or a double-click that
        # got through) cannot save the same movement twice.
        self.request_key = uuid.uuid4().hex
        self.already_saved = False
        self.lots: list[LotRow] = stock_queries.lots(item.id) if item.tracks_expiry else []
        self.setWindowTitle(self.tr(TITLES[action]))
        self.setWindowIcon(icon(ICONS[action]))
        self.setMinimumWidth(460)

        layout = QVBoxLayout(self)
        heading = QLabel(f"<b>{_esc(item.name)}</b><br>{_esc(item.sku)}")
        heading.setTextFormat(Qt.TextFormat.RichText)
        heading.setWordWrap(True)
        layout.addWidget(heading)
        self.on_hand_label = plain_label(self._on_hand_text())
        layout.addWidget(self.on_hand_label)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        layout.addLayout(form)

        self.set_to_radio = QRadioButton(self.tr("Set to the counted quantity"))
        self.change_by_radio = QRadioButton(self.tr("Change by a difference (+/−)"))
        if action is StockAction.ADJUST:
            self.set_to_radio.setChecked(True)
            form.addRow(self.set_to_radio)
            form.addRow(self.change_by_radio)
            self.set_to_radio.toggled.connect(self._mode_changed)

        self.quantity = QSpinBox()
        self.quantity.setRange(1, MAX_QUANTITY)
        self.quantity.setSuffix(f" {item.unit}")
        self.quantity.valueChanged.connect(  # "1 box", "4 boxes"
            lambda n: self.quantity.setSuffix(f" {item.unit if abs(n) == 1 else plural_of(item.unit)}")
        )
        self.quantity.setAccelerated(True)
        self.quantity.setMinimumWidth(160)
        form.addRow(self.tr("&Quantity:"), self.quantity)

        self.lot = QComboBox()
        self.lot.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.lot.setMinimumContentsLength(24)
        # No made-up default: the date is typed (or scanned) off the box.
        self.expires = DateField()
        if item.tracks_expiry:
            self._fill_lots()
            form.addRow(self.tr("&Lot:"), self.lot)
            if action in (StockAction.RECEIVE, StockAction.ADJUST):
                form.addRow(self.tr("E&xpires:"), self.expires)
            self.lot.currentIndexChanged.connect(self._lot_changed)
            self.lot.editTextChanged.connect(self._lot_changed)

        self.reason = QComboBox()
        if action is StockAction.DISPOSE:
            for reason in DISPOSE_REASONS:
                self.reason.addItem(reason.capitalize(), reason)
            form.addRow(self.tr("&Reason:"), self.reason)
        elif action is StockAction.ADJUST:
            self.reason.setEditable(True)
            for reason in ADJUST_REASONS:
                self.reason.addItem(reason, reason)
            form.addRow(self.tr("&Reason:"), self.reason)

        self.note = QLineEdit()
        self.note.setPlaceholderText(self.tr("Optional"))
        form.addRow(self.tr("&Note:"), self.note)

        self.error_label = plain_label()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(f"color: {theme.status_color('expired').name()};")
        self.error_label.hide()
        layout.addWidget(self.error_label)

        # Parented at once: a default button set on a box without its dialog is not the

        # dialog's default, and Enter would press the first auto-default button (Cancel).

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button = buttons.addButton(self.tr(BUTTONS[action]), QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setDefault(True)
        self.cancel_button = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        if action is StockAction.ADJUST:
            self._mode_changed()
        self._lot_changed()
        if scanned is not None:
            self.apply_scan(scanned)
        self.quantity.setFocus()
        self.quantity.selectAll()

    # ---------------------------------------------------------------- building

    def _on_hand_text(self) -> str:
        text = self.tr("On hand: {n}").format(n=counted(self.item.on_hand, self.item.unit))
        if self.item.expired:
            text += self.tr("  (+{e} expired, not usable)").format(e=self.item.expired)
        return text

    def apply_scan(self, scanned: GS1Code) -> None:
        """Lot and expiry as a GS1 code on the box gives them (scanned in the scan box, or into
        the lot field here)."""
        if not self.item.tracks_expiry:
            return
        if scanned.lot:
            lot = next((x for x in self.lots if x.lot_number == scanned.lot), None)
            known = self.lot.findData(lot.id) if lot is not None else -1
            if known >= 0:
                self.lot.setCurrentIndex(known)
            elif self.lot.isEditable():
                self.lot.setCurrentIndex(-1)
                self.lot.setEditText(scanned.lot)
        if scanned.expires is not None and self.expires.isEnabled():
            self.expires.set_date(scanned.expires)

    def _lot_was_a_scan(self) -> bool:
        """A GS1 code scanned into the lot field fills lot and expiry instead of being taken as
        a lot number (the scanner's Enter then does not save yet: the person checks first)."""
        if not (self.item.tracks_expiry and self.lot.isEditable()):
            return False
        scanned = parse_gs1(self.lot.currentText())
        if scanned is None or not (scanned.lot or scanned.expires):
            return False
        self.apply_scan(scanned)
        return True

    def _fill_lots(self) -> None:
        """Receive and adjust name a lot (a known one or a new number); use and dispose
        offer the first to expire."""
        today = date.today()
        if self.action in (StockAction.RECEIVE, StockAction.ADJUST):
            self.lot.setEditable(True)
            self.lot.setLineEdit(ScanField(self.lot))  # a GS1 code scanned here keeps its separators
            self.lot.lineEdit().setPlaceholderText(self.tr("Lot number from the box"))
            for lot in self.lots:
                self.lot.addItem(_lot_text(lot, today, self.item.unit), lot.id)
            if self.action is StockAction.RECEIVE or not self.lots:
                self.lot.setCurrentIndex(-1)
                self.lot.setEditText("")
            return
        usable = [lot for lot in self.lots if not lot.expired]
        candidates = self.lots if self.action is StockAction.DISPOSE else usable
        if candidates:
            first = candidates[0]
            self.lot.addItem(
                self.tr("First to expire: {lot} ({when}, {n} left)").format(
                    lot=lot_cell(first.lot_number, first.expires_on),
                    when=_when(first, today),
                    n=first.quantity,
                ),
                FEFO,
            )
        for lot in candidates:
            self.lot.addItem(_lot_text(lot, today, self.item.unit), lot.id)

    def _mode_changed(self) -> None:
        if self.set_to_radio.isChecked():
            self.quantity.setRange(0, MAX_QUANTITY)
            self.quantity.setValue(self._counted_now())
        else:
            self.quantity.setRange(-MAX_QUANTITY, MAX_QUANTITY)
            self.quantity.setValue(0)

    def _counted_now(self) -> int:
        """What a count starts from: the chosen lot's quantity, or the item's usable stock."""
        if self.item.tracks_expiry:
            known = self._known_lot()
            return known.quantity if known else 0
        return self.item.on_hand

    def _lot_changed(self, *_args: object) -> None:
        """A known lot fixes the expiry date; a new lot number lets the user enter one."""
        if not self.item.tracks_expiry:
            return
        known = self._known_lot()
        if known is not None and known.expires_on is not None:
            self.expires.set_date(known.expires_on)
            self.expires.setEnabled(False)
        else:
            if not self.expires.isEnabled():
                self.expires.clear()
            self.expires.setEnabled(True)
        if self.action is StockAction.ADJUST and self.set_to_radio.isChecked():
            self.quantity.setValue(self._counted_now())

    def _known_lot(self) -> LotRow | None:
        """The lot picked from the list (by its id: a lot without a number has no number to
        find it by), or the known lot whose number was typed; None for a new number, an empty
        field or "first to expire"."""
        if self.lot.isEditable():
            index = self.lot.findText(self.lot.currentText())
            data = self.lot.itemData(index) if index >= 0 else None
        else:
            data = self.lot.currentData()
        if isinstance(data, int) and not isinstance(data, bool):
            return next((lot for lot in self.lots if lot.id == data), None)
        typed = self.lot.currentText().strip() if self.lot.isEditable() else ""
        return next((lot for lot in self.lots if typed and lot.lot_number == typed), None)

    def _lot_number(self) -> str:
        known = self._known_lot()
        if known is not None:
            return known.lot_number
        return self.lot.currentText().strip() if self.lot.isEditable() else ""

    # ---------------------------------------------------------------- doing

    def show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()
        grow_to_fit(self)

    def submit(self) -> None:
        if self._lot_was_a_scan():
            self.quantity.setFocus()
            self.quantity.selectAll()
            return
        try:
            if not self._expired_lot_confirmed():
                return
        except InventoryError as exc:
            self.show_error(str(exc))
            return
        try:
            with one_request(self.request_key):
                self.result_rows = self._perform()
        except DuplicateOperation:
            # The first press was saved after all: close as done, recording nothing more.
            self.already_saved = True
            self.result_rows = []
            self.accept()
            return
        except InsufficientStock as exc:
            if self._stock_moved():
                # Another workstation changed this stock since the dialog opened, so what is on
                # screen (here and behind) is out of date: close, and `ask` hands the refusal to
                # the caller, which shows it and reloads the view.
                self.stale_refusal = exc
                self.reject()
                return
            self.show_error(str(exc))
            return
        except InventoryError as exc:
            self.show_error(str(exc))
            return
        self.accept()

    def _expired_lot_confirmed(self) -> bool:
        """Receiving a lot that expired before today is asked about first (it would be recorded
        as expired stock, which is rarely what was meant)."""
        if self.action is not StockAction.RECEIVE or not self.item.tracks_expiry:
            return True
        expires = self._expiry()
        if expires is None or expires >= date.today():
            return True
        lot = self._lot_number()
        question = (
            self.tr("Lot {lot} expired on {date}.").format(lot=lot, date=expires.isoformat())
            if lot
            else self.tr("This lot expired on {date}.").format(date=expires.isoformat())
        )
        question += " " + self.tr(
            "Received, it shows on the Expiring page as expired and cannot be used.\n\nReceive it anyway?"
        )
        return prompts.confirm(self, self.tr("Expired lot"), question, yes=self.tr("Receive expired lot"))

    def _expiry(self) -> date | None:
        """The expiry typed (or that of the known lot chosen); a text that is not a date is
        refused at the field."""
        try:
            return self.expires.value()
        except DateNotRead as exc:
            self.expires.setFocus()
            raise ValidationError("expires", self.tr("Expires: {why}.").format(why=exc)) from None

    def _stock_moved(self) -> bool:
        fresh = catalog.item_detail(self.item.id)
        return (fresh.on_hand, fresh.expired) != (self.item.on_hand, self.item.expired)

    def _perform(self) -> list[MovementRow]:
        item_id = self.item.id
        qty = self.quantity.value()
        note = self.note.text()
        lot = self._lot_number() or None if self.item.tracks_expiry else None
        expires = self._expiry() if self.item.tracks_expiry else None
        if self.action is StockAction.RECEIVE:
            return stock.receive(item_id, qty, lot=lot, expires=expires, note=note)
        # A lot without a number is named by its expiry date.
        known = self._known_lot() if self.item.tracks_expiry else None
        unnumbered = known.expires_on if known is not None and not known.lot_number else None
        if self.action is StockAction.USE:
            return stock.use(item_id, qty, lot=lot, expires=unnumbered, note=note)
        if self.action is StockAction.DISPOSE:
            return stock.dispose(
                item_id, qty, reason=self.reason.currentData(), lot=lot, expires=unnumbered, note=note
            )
        reason = self.reason.currentText()
        if self.set_to_radio.isChecked():
            return stock.adjust_to(item_id, qty, reason=reason, lot=lot, expires=expires, note=note)
        if qty == 0:
            raise InventoryError(self.tr("Enter the difference to add (+) or remove (−)."))
        return stock.adjust(
            item_id, qty, reason=reason, lot=lot, expires=expires if qty > 0 else unnumbered, note=note
        )

    @classmethod
    def ask(
        cls, parent: QWidget | None, action: StockAction, item_id: int, scanned: GS1Code | None = None
    ) -> list[MovementRow] | None:
        """Show the dialog (lot and expiry filled from a `scanned` GS1 code); the movements
        recorded, or None when cancelled. Raises the refusal when the stock changed elsewhere
        while the dialog was open (the caller's view is stale)."""
        dialog = cls(action, catalog.item_detail(item_id), parent, scanned)
        try:
            if dialog.exec() == QDialog.DialogCode.Accepted:
                return dialog.result_rows
            if dialog.stale_refusal is not None:
                raise dialog.stale_refusal
            return None
        finally:
            dialog.deleteLater()


def recorded_text(action: StockAction, rows: list[MovementRow], item: ItemDetail | None = None) -> str:
    """The status bar line after a stock dialog: what was recorded, in words, with what is left
    (`item` as it is now), or that the same request had been saved already (no rows: a second
    press of OK after an unclear failure)."""
    tr = QApplication.translate
    if not rows:
        return tr("StockDialog", "Already recorded: nothing more was saved.")
    total = sum(r.quantity for r in rows)
    if item is None:
        return tr("StockDialog", "Recorded: {what} {qty:+d}").format(what=action.value, qty=total)
    lots = [(r.lot_number, r.expires_on) for r in rows]
    return stock_outcome(action.value, total, item.unit, item.name, item.on_hand, lots)


def _esc(text: str) -> str:
    from html import escape

    return escape(text)


def _lot_text(lot: LotRow, today: date, unit: str) -> str:
    """A lot in the list: "L123 — expires 2027-03-31, 5 boxes" ("no lot number — …")."""
    return f"{lot_cell(lot.lot_number, lot.expires_on)} — {_when(lot, today)}, {counted(lot.quantity, unit)}"


def _when(lot: LotRow, today: date) -> str:
    if lot.expires_on is None:
        return "no expiry"
    if lot.expires_on < today:
        return f"expired {lot.expires_on.isoformat()}"
    if lot.expires_on - today <= timedelta(days=60):
        return f"expires {lot.expires_on.isoformat()} (soon)"
    return f"expires {lot.expires_on.isoformat()}"
