"""Receive a delivery against a purchase order: per line what arrived now, with lot and
expiry for items that track them (several lots per line through "Add lot"). A box with an
expiry date but no lot number (gloves, test kits) is received with the lot left empty: it
goes into the item's lot without a number for that date.

Scanning a SKU or barcode and pressing Enter jumps to that line's quantity; Enter
in a quantity goes back to the scan field. Scanning the GS1 code of a box (drug and
vaccine boxes) counts that box instead: the first such scan starts every line at 0,
and each box adds one purchase unit to its line, with the lot and expiry it names
(a box of another lot gets a lot row of its own). Enter never submits, so a
scanner's Enter cannot book a delivery by accident. The core books everything in one
transaction; more than ordered needs an explicit confirmation.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from html import escape

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from inventory_app.core.catalog import gs1
from inventory_app.core.catalog import items as catalog
from inventory_app.core.changes import Changes
from inventory_app.core.purchasing import orders as purchasing
from inventory_app.core.purchasing.types import LineReceipt, OrderDetail, OrderLineRow
from inventory_app.core.typed_dates import DateNotRead
from inventory_app.core.types import MovementRow
from inventory_app.core.validation import MAX_QUANTITY
from inventory_app.core.wording import counted
from inventory_app.errors import InventoryError, NotFound, ValidationError
from inventory_app.ui.common import prompts
from inventory_app.ui.common.date_field import DateField
from inventory_app.ui.common.forms import error_label, hint_label
from inventory_app.ui.common.icons import icon
from inventory_app.ui.common.plain_text import plain_label, tooltip
from inventory_app.ui.common.scan_field import ScanField
from inventory_app.ui.events import AppEvents
from inventory_app.ui.operations import Operation

_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
LINE, SKU, DESCRIPTION, PACK, ORDERED, RECEIVED, NOW, LOT, EXPIRES, SPLIT = range(10)


@dataclass
class ReceiptEntry:
    """One row of the dialog: a line, or another lot of the line above."""

    line: OrderLineRow
    quantity: QSpinBox
    lot: QLineEdit | None = None
    expires: DateField | None = None
    add_lot_button: QToolButton | None = None
    extra_lot: bool = False

    def _expiry(self) -> date | None:
        if self.expires is None:
            return None
        try:
            return self.expires.value()
        except DateNotRead as exc:
            self.expires.setFocus()
            raise ValidationError(
                "expires", f"Line {self.line.line_no}, {self.line.sku}: the expiry {exc}."
            ) from None

    def receipt(self) -> LineReceipt | None:
        if not self.quantity.value():
            return None
        lot = self.lot.text().strip() or None if self.lot is not None else None
        expires = self._expiry()
        return LineReceipt(self.line.id, self.quantity.value(), lot, expires)


class ReceiveOrderDialog(QDialog):
    def __init__(
        self, detail: OrderDetail, parent: QWidget | None = None, events: AppEvents | None = None
    ) -> None:
        super().__init__(parent)
        self.detail = detail
        self.events = events if events is not None else AppEvents()  # (alone: nobody to tell)
        self.entries: list[ReceiptEntry] = []
        self.result_rows: list[MovementRow] = []
        # One key per dialog: pressing Receive again after an unclear failure cannot book the
        # same delivery twice (RELIABILITY B4).
        self.request_key = uuid.uuid4().hex
        self.setWindowTitle(self.tr("Receive {number}").format(number=detail.number))
        self.setWindowIcon(icon("receive"))
        self.resize(1180, 560)

        layout = QVBoxLayout(self)
        heading = QLabel(
            f"<b style='font-size:large'>{escape(detail.number)}</b> — {escape(detail.summary.supplier)}"
        )
        heading.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(heading)
        layout.addWidget(
            hint_label(
                self.tr(
                    "Enter what arrived, in purchase units (it starts at what is still outstanding). "
                    "Items that track expiry need the expiry date from the box, and its lot "
                    "number if it has one; "
                    "use “Add lot” when a line came in more than one lot."
                )
            )
        )
        scan_row = QHBoxLayout()
        self.scan = ScanField()
        self.scan.setPlaceholderText(
            self.tr("Scan each box (its lot and expiry are filled in), or a SKU or barcode to go to its line")
        )
        self.scan.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.scan.setClearButtonEnabled(True)
        self.scan.returnPressed.connect(self.find_scanned)
        scan_row.addWidget(self.scan, 1)
        self.all_button = QPushButton(self.tr("All &outstanding"))
        self.all_button.setToolTip(self.tr("Set every line to what is still outstanding"))
        self.all_button.clicked.connect(self.fill_outstanding)
        self.none_button = QPushButton(self.tr("&Clear quantities"))
        self.none_button.setToolTip(self.tr("Set every line to 0, then enter only what arrived"))
        self.none_button.clicked.connect(self.clear_quantities)
        for button in (self.all_button, self.none_button):
            button.setAutoDefault(False)
            scan_row.addWidget(button)
        layout.addLayout(scan_row)
        self.counting = False  # set by the first GS1 box scan: quantities count the boxes scanned
        self.scan_note = plain_label()  # what the last box scan did
        self.scan_note.setWordWrap(True)
        self.scan_note.hide()
        layout.addWidget(self.scan_note)

        self.table = QTableWidget(0, 10)
        self.table.setHorizontalHeaderLabels(
            [
                "#",
                self.tr("SKU"),
                self.tr("Description"),
                self.tr("Purchase unit"),
                self.tr("Ordered"),
                self.tr("Received"),
                self.tr("Receive now"),
                self.tr("Lot"),
                self.tr("Expires"),
                "",
            ]
        )
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setDefaultAlignment(
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        )
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 16)
        header = self.table.horizontalHeader()
        for column, width in (
            (LINE, 34),
            (SKU, 112),
            (PACK, 136),
            (ORDERED, 66),
            (RECEIVED, 72),
            (NOW, 96),
            (LOT, 130),
            (EXPIRES, 136),
            (SPLIT, 92),
        ):
            self.table.setColumnWidth(column, width)
        header.setSectionResizeMode(DESCRIPTION, QHeaderView.ResizeMode.Stretch)
        for line in detail.lines:
            self._add_entry(line, len(self.entries))
        layout.addWidget(self.table, 1)

        self.error_label = error_label()
        layout.addWidget(self.error_label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        # ActionRole, not AcceptRole: the button box makes its first accept button the
        # default when shown, and then a scanner's Enter would book the delivery.
        self.receive_button = buttons.addButton(self.tr("&Receive"), QDialogButtonBox.ButtonRole.ActionRole)
        self.receive_button.setIcon(icon("receive"))
        self.receive_button.clicked.connect(self.submit)
        self.cancel_button = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        for button in (self.receive_button, self.cancel_button):
            button.setAutoDefault(False)
            button.setDefault(False)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.scan.setFocus()

    # ---------------------------------------------------------------- rows

    def _add_entry(self, line: OrderLineRow, position: int, extra_lot: bool = False) -> ReceiptEntry:
        self.table.insertRow(position)
        quantity = QSpinBox()
        quantity.setRange(0, MAX_QUANTITY)
        quantity.setAccelerated(True)
        quantity.setAlignment(Qt.AlignmentFlag.AlignRight)
        quantity.setValue(0 if extra_lot else line.outstanding)
        quantity.setToolTip(tooltip(self.tr("Purchase units: {pack}").format(pack=line.purchase_unit_text)))
        quantity.installEventFilter(self)
        entry = ReceiptEntry(line, quantity, extra_lot=extra_lot)
        if extra_lot:
            texts = ["", "", self.tr("↳ another lot of line {n}").format(n=line.line_no), "", "", ""]
        else:
            texts = [
                str(line.line_no),
                line.sku,
                line.description,
                line.purchase_unit_text,
                str(line.quantity),
                str(line.received),
            ]
        for column, text in enumerate(texts):
            cell = QTableWidgetItem(text)
            if column in (LINE, ORDERED, RECEIVED):
                cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if column == DESCRIPTION:
                cell.setToolTip(tooltip(line.description))
            self.table.setItem(position, column, cell)
        self.table.setCellWidget(position, NOW, quantity)
        if line.tracks_expiry:
            entry.lot = QLineEdit()
            entry.lot.setPlaceholderText(self.tr("Lot number, if any"))
            entry.lot.setToolTip(
                tooltip(self.tr("Leave empty for a box without a lot number: its expiry date names the lot"))
            )
            entry.expires = DateField(compact=True, placeholder=self.tr("date on the box"))
            self.table.setCellWidget(position, LOT, entry.lot)
            self.table.setCellWidget(position, EXPIRES, entry.expires)
            button = QToolButton()
            if extra_lot:
                button.setText(self.tr("Remove"))
                button.setToolTip(self.tr("Remove this extra lot"))
                button.clicked.connect(lambda: self.remove_entry(entry))
            else:
                button.setText(self.tr("Add lot"))
                button.setIcon(icon("add"))
                button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
                button.setToolTip(self.tr("The line came in more than one lot: add a row for the next lot"))
                button.clicked.connect(lambda: self.add_lot(entry))
            entry.add_lot_button = button
            self.table.setCellWidget(position, SPLIT, button)
        else:
            for column in (LOT, EXPIRES):
                cell = QTableWidgetItem("—")
                cell.setToolTip(self.tr("This item does not track lots and expiry"))
                cell.setForeground(self.palette().placeholderText())
                self.table.setItem(position, column, cell)
        self.entries.insert(position, entry)
        return entry

    def add_lot(self, entry: ReceiptEntry) -> ReceiptEntry:
        """A row for another lot of `entry`'s line, below the line's last row."""
        position = self.entries.index(entry) + 1
        while position < len(self.entries) and self.entries[position].extra_lot:
            position += 1
        added = self._add_entry(entry.line, position, extra_lot=True)
        added.quantity.setFocus()
        return added

    def remove_entry(self, entry: ReceiptEntry) -> None:
        if not entry.extra_lot:
            return
        position = self.entries.index(entry)
        self.entries.pop(position)
        self.table.removeRow(position)

    def entries_for(self, line_id: int) -> list[ReceiptEntry]:
        return [entry for entry in self.entries if entry.line.id == line_id]

    def fill_outstanding(self) -> None:
        for entry in self.entries:
            entry.quantity.setValue(0 if entry.extra_lot else entry.line.outstanding)

    def clear_quantities(self) -> None:
        for entry in self.entries:
            entry.quantity.setValue(0)

    # ---------------------------------------------------------------- scanning

    def find_scanned(self) -> None:
        code = self.scan.text().strip()
        if not code:
            return
        scanned = gs1.parse_gs1(code)
        if scanned is not None:
            self.count_box(code, scanned)
            return
        entry = next((e for e in self.entries if e.line.sku.casefold() == code.casefold()), None)
        if entry is None:
            try:
                item_id = catalog.item_id_for(code)
            except NotFound as exc:
                self.show_error(str(exc))
                self.scan.selectAll()
                return
            entry = next((e for e in self.entries if e.line.item_id == item_id), None)
        if entry is None:
            self.show_error(
                self.tr("“{code}” is not on {number}.").format(code=code, number=self.detail.number)
            )
            self.scan.selectAll()
            return
        self.error_label.hide()
        position = self.entries.index(entry)
        self.table.selectRow(position)
        self.table.scrollToItem(self.table.item(position, LINE))
        entry.quantity.setFocus()
        entry.quantity.selectAll()

    def count_box(self, code: str, scanned: gs1.GS1Code) -> None:
        """One box scanned: one more purchase unit on its line, in the lot row of the lot it names."""
        if scanned.gtin is None:
            self._scan_refused(self.tr("This code has no product number (GTIN): scan the box's other code."))
            return
        try:
            item_id = catalog.item_id_for(code)
        except NotFound as exc:
            self._scan_refused(str(exc))
            return
        line_entries = [e for e in self.entries if e.line.item_id == item_id]
        if not line_entries:
            sku = catalog.item_detail(item_id).sku
            self._scan_refused(
                self.tr("{sku} is not on {number}.").format(sku=sku, number=self.detail.number)
            )
            return
        if not self.counting:
            self.counting = True
            self.clear_quantities()
        entry = self._entry_for_box(line_entries, scanned)
        entry.quantity.setValue(entry.quantity.value() + 1)
        if entry.lot is not None and scanned.lot and not entry.lot.text().strip():
            entry.lot.setText(scanned.lot)
        if entry.expires is not None and scanned.expires and not entry.expires.edit.text().strip():
            entry.expires.set_date(scanned.expires)
        self.error_label.hide()
        position = self.entries.index(entry)
        self.table.selectRow(position)
        self.table.scrollToItem(self.table.item(position, LINE) or self.table.item(position, DESCRIPTION))
        self.scan_note.setText(self._box_text(entry))
        self.scan_note.show()
        self.scan.clear()
        self.scan.setFocus()

    def _entry_for_box(self, line_entries: list[ReceiptEntry], scanned: gs1.GS1Code) -> ReceiptEntry:
        """The row a box goes to: the row of its lot, else a row with no lot and nothing
        counted yet, else a new lot row of its line."""
        first = line_entries[0]
        if first.lot is None or not scanned.lot:
            return first
        same = next((e for e in line_entries if e.lot and e.lot.text().strip() == scanned.lot), None)
        if same is not None:
            return same
        free = next(
            (
                e
                for e in line_entries
                if e.lot is not None and not e.lot.text().strip() and not e.quantity.value()
            ),
            None,
        )
        return free if free is not None else self.add_lot(first)

    def _box_text(self, entry: ReceiptEntry) -> str:
        """'Line 2, VAC-TDAP: 3 packs, lot AB12C, expires 2027-06-30.'"""
        line = entry.line
        text = self.tr("Line {n}, {sku}: {what}").format(
            n=line.line_no, sku=line.sku, what=counted(entry.quantity.value(), line.purchase_unit)
        )
        if entry.lot is not None and entry.lot.text().strip():
            text += self.tr(", lot {lot}").format(lot=entry.lot.text().strip())
        expires = entry.expires.value() if entry.expires is not None and not entry.expires.problem() else None
        if expires is not None:
            text += self.tr(", expires {date}").format(date=expires.isoformat())
        return text + "."

    def _scan_refused(self, message: str) -> None:
        self.show_error(message)
        self.scan.selectAll()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in _ENTER_KEYS:
            return  # never submit on Enter (see the Receive button)
        super().keyPressEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            isinstance(watched, QSpinBox)
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in _ENTER_KEYS
        ):
            watched.interpretText()
            self.scan.setFocus()
            self.scan.selectAll()
            return True
        return super().eventFilter(watched, event)

    # ---------------------------------------------------------------- doing

    def receipts(self) -> list[LineReceipt]:
        return [r for entry in self.entries if (r := entry.receipt()) is not None]

    def show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()

    def submit(self) -> None:
        try:
            receipts = self.receipts()
        except ValidationError as exc:
            self.show_error(str(exc))
            return
        if not self._expired_lots_confirmed(receipts):
            return
        self._receive(receipts, allow_over=False)

    def _receive(self, receipts: list[LineReceipt], *, allow_over: bool) -> None:
        """Book `receipts` in the background (a large delivery takes a moment); the dialog
        closes when they are saved, and says why when they are not."""
        order_id = self.detail.summary.id

        def saved(rows: list[MovementRow]) -> None:
            self.result_rows = rows
            self.accept()

        def already_saved() -> None:
            self.result_rows = []  # the first press was saved after all: nothing more to book
            self.accept()

        def refused(exc: InventoryError) -> None:
            if isinstance(exc, purchasing.OverReceipt) and not allow_over:
                question = self.tr("{message}\n\nReceive more than was ordered?").format(message=exc)
                if prompts.confirm(self, self.tr("More than ordered"), question, yes=self.tr("Receive more")):
                    self._receive(receipts, allow_over=True)  # the refused attempt gave its key back
                return
            self.show_error(str(exc))

        Operation(
            self,
            self.events,
            lambda: purchasing.receive(order_id, receipts, allow_over=allow_over),
            request_key=self.request_key,
            initiator=self.parentWidget(),  # the page (or order) it was opened from shows the outcome
        ).success(saved).failure(refused).already_saved(already_saved).reload_on_refusal(
            # Refused, or saved by an earlier press after all: show the order and its items as
            # they are now.
            Changes(orders=True, items=frozenset(line.item_id for line in self.detail.lines))
        ).run_in_background(self.tr("Receiving {number}…").format(number=self.detail.summary.number))

    def _expired_lots_confirmed(self, receipts: list[LineReceipt]) -> bool:
        """Lots that expired before today are asked about before anything is booked."""
        today = date.today()
        lines = {entry.line.id: entry.line for entry in self.entries}
        expired = []
        for r in receipts:
            if r.expires is None or r.expires >= today:
                continue
            line = lines[r.line_id]
            lot = self.tr("lot {lot}").format(lot=r.lot) if r.lot else self.tr("the lot with no number")
            expired.append(
                self.tr("Line {no}, {sku}: {lot} expired on {date}.").format(
                    no=line.line_no, sku=line.sku, lot=lot, date=r.expires.isoformat()
                )
            )
        if not expired:
            return True
        question = (
            "\n".join(expired)
            + "\n\n"
            + self.tr(
                "Received, expired lots show on the Expiring page as expired and cannot be used.\n\n"
                "Receive them anyway?"
            )
        )
        return prompts.confirm(self, self.tr("Expired lot"), question, yes=self.tr("Receive expired lot"))

    @classmethod
    def ask(cls, parent: QWidget | None, order_id: int, events: AppEvents) -> list[MovementRow] | None:
        """Show the dialog; the receive movements written, or None when cancelled."""
        dialog = cls(purchasing.order_detail(order_id), parent, events)
        try:
            if dialog.exec() == QDialog.DialogCode.Accepted:
                return dialog.result_rows
            return None
        finally:
            dialog.deleteLater()
