"""One purchase order: its header, its lines and what can be done to it.

A draft is edited in place: add an item by scanning or typing its SKU or barcode
(or part of its name, then pick it), change a quantity or unit cost in the table,
remove a line, write notes for the supplier. Every change is saved by the core
at once, so there is no Save button; Close saves the notes.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import TypeVar

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from inventory_app.core.accounts import users as accounts
from inventory_app.core.accounts.users import shown_user
from inventory_app.core.catalog import items as catalog
from inventory_app.core.purchasing import orders as purchasing
from inventory_app.core.purchasing.types import STATUS_WORDS, OrderDetail, OrderLineRow, OrderStatus
from inventory_app.core.settings import office_settings
from inventory_app.core.stock import queries as stock_queries
from inventory_app.core.types import Status
from inventory_app.core.wording import money_text
from inventory_app.errors import InventoryError
from inventory_app.ui.common import theme
from inventory_app.ui.common.delegates import MoneyDelegate, SpinDelegate
from inventory_app.ui.common.forms import error_label, hint_label
from inventory_app.ui.common.icons import icon
from inventory_app.ui.common.item_picker import ItemPicker
from inventory_app.ui.inventory.item_panel import make_table
from inventory_app.ui.operations import Operation
from inventory_app.ui.purchasing import order_actions
from inventory_app.ui.purchasing.order_line_table import OrderLineTableModel

T = TypeVar("T")


class OrderEditor(QDialog):
    def __init__(
        self, detail: OrderDetail, actions: order_actions.OrderActions, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.detail = detail
        self.actions = actions
        self.changed = False
        self.currency = office_settings().currency_symbol
        self.setWindowIcon(icon("orders"))
        self.resize(1180, 680)

        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        layout.addLayout(top)
        self.title_label = QLabel()
        self.title_label.setTextFormat(Qt.TextFormat.RichText)
        top.addWidget(self.title_label)
        top.addStretch(1)
        self.total_label = QLabel()
        self.total_label.setTextFormat(Qt.TextFormat.RichText)
        top.addWidget(self.total_label)

        self.facts = QGridLayout()
        self.facts.setHorizontalSpacing(12)
        layout.addLayout(self.facts)
        self.fact_labels: dict[str, QLabel] = {}
        for column, (key, title) in enumerate(
            (
                ("supplier", self.tr("Supplier")),
                ("status", self.tr("Status")),
                ("created", self.tr("Created")),
                ("ordered", self.tr("Ordered")),
                ("expected", self.tr("Expected")),
            )
        ):
            caption = QLabel(title)
            caption.setStyleSheet("color: gray;")
            value = QLabel()
            value.setTextFormat(Qt.TextFormat.RichText)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.facts.addWidget(caption, 0, column)
            self.facts.addWidget(value, 1, column, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            self.fact_labels[key] = value
        self.facts.setColumnStretch(0, 3)
        for column in range(1, 5):
            self.facts.setColumnStretch(column, 2)

        bar = QHBoxLayout()
        layout.addLayout(bar)
        self.mark_ordered_button = QPushButton(icon("orders"), self.tr("Mark as &ordered…"))
        self.mark_ordered_button.clicked.connect(self.mark_ordered)
        self.receive_button = QPushButton(icon("receive"), self.tr("&Receive…"))
        self.receive_button.clicked.connect(self.receive)
        self.cancel_order_button = QPushButton(icon("out"), self.tr("Cancel order…"))
        self.cancel_order_button.clicked.connect(self.cancel_order)
        for button in (self.mark_ordered_button, self.receive_button, self.cancel_order_button):
            bar.addWidget(button)
        bar.addStretch(1)
        self.pdf_button = QPushButton(self.tr("Save as &PDF…"))
        self.pdf_button.clicked.connect(lambda: self.actions.save_as(self, self.detail.summary, ".pdf"))
        self.excel_button = QPushButton(self.tr("Save as E&xcel…"))
        self.excel_button.clicked.connect(lambda: self.actions.save_as(self, self.detail.summary, ".xlsx"))
        self.open_button = QPushButton(self.tr("Open PDF"))
        self.open_button.setToolTip(self.tr("Open the order form in the PDF viewer, to print or e-mail it"))
        self.open_button.clicked.connect(lambda: self.actions.open_document(self, self.detail.summary))
        self.export_buttons = [self.pdf_button, self.excel_button, self.open_button]
        for button in self.export_buttons:
            button.setVisible(order_actions.exports_available())
            bar.addWidget(button)
        self.actions.busy_changed.connect(self._busy_changed)
        for button in [self.mark_ordered_button, self.receive_button, self.cancel_order_button]:
            button.setAutoDefault(False)
        for button in self.export_buttons:
            button.setAutoDefault(False)

        self.add_row = ItemPicker(self.tr("Add &item:"), self.tr("Purchase units to add"))
        self.add_row.picked.connect(self.add_item)
        self.add_row.problem.connect(self.show_error)
        # The picker's parts, by the names the tests and the rest of the editor use.
        self.add_field = self.add_row.field
        self.add_quantity = self.add_row.quantity
        self.add_button = self.add_row.button
        self.completer = self.add_row.completer
        layout.addWidget(self.add_row)

        self.model = OrderLineTableModel(self)
        self.model.edit_requested.connect(self.update_line)
        self.table = make_table(self.model)
        self.table.sortByColumn(OrderLineTableModel.LINE, Qt.SortOrder.AscendingOrder)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.setItemDelegateForColumn(OrderLineTableModel.QUANTITY, SpinDelegate(1, self.table))
        self.table.setItemDelegateForColumn(OrderLineTableModel.COST, MoneyDelegate(self.table))
        for column, width in (
            (OrderLineTableModel.LINE, 36),
            (OrderLineTableModel.SKU, 110),
            (OrderLineTableModel.SUPPLIER_SKU, 110),
            (OrderLineTableModel.DESCRIPTION, 340),
            (OrderLineTableModel.PACK, 150),
            (OrderLineTableModel.QUANTITY, 60),
            (OrderLineTableModel.COST, 90),
            (OrderLineTableModel.TOTAL, 100),
        ):
            self.table.setColumnWidth(column, width)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.table.installEventFilter(self)
        layout.addWidget(self.table, 1)

        under = QHBoxLayout()
        self.remove_button = QPushButton(icon("dispose"), self.tr("Re&move line"))
        self.remove_button.setAutoDefault(False)
        self.remove_button.setToolTip(self.tr("Remove the selected line from the draft (Delete)"))
        self.remove_button.clicked.connect(self.remove_line)
        under.addWidget(self.remove_button)
        self.edit_hint = hint_label(self.tr("Double-click a quantity or unit cost to change it."))
        under.addWidget(self.edit_hint, 1)
        layout.addLayout(under)

        self.error_label = error_label()
        layout.addWidget(self.error_label)
        layout.addWidget(QLabel(self.tr("&Notes for the supplier:")))
        self.notes = QPlainTextEdit()
        self.notes.setFixedHeight(56)
        layout.itemAt(layout.count() - 1).widget().setBuddy(self.notes)  # type: ignore[union-attr]
        layout.addWidget(self.notes)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.close_button = buttons.button(QDialogButtonBox.StandardButton.Close)
        self.close_button.setAutoDefault(False)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        self.show_detail(detail)
        self.notes.setPlainText(detail.notes)
        self._notes_saved = detail.notes
        if detail.status is OrderStatus.DRAFT:
            self._load_items()
            self.add_field.setFocus()
        else:
            self.table.setFocus()

    # ---------------------------------------------------------------- showing

    def reload(self) -> None:
        self.show_detail(purchasing.order_detail(self.detail.summary.id))

    def show_detail(self, detail: OrderDetail) -> None:
        selected = self.current_line()
        self.detail = detail
        summary = detail.summary
        draft = summary.status is OrderStatus.DRAFT
        self.setWindowTitle(self.tr("Purchase order {number}").format(number=summary.number))
        self.title_label.setText(
            f"<span style='font-size:x-large;font-weight:bold'>{escape(summary.number)}</span>"
        )
        self.total_label.setText(
            f"<span style='font-size:large'>{escape(self.tr('Total'))} "
            f"<b>{escape(money_text(detail.total, self.currency))}</b></span>"
        )
        facts = self.fact_labels
        facts["supplier"].setText(f"<b>{escape(summary.supplier)}</b>{self._contact_html()}")
        facts["status"].setText(self._status_html())
        created = summary.created_at.date().isoformat()
        who = shown_user(detail.created_by, accounts.account_keys())  # an account, not the OS login
        facts["created"].setText(
            escape(self.tr("{date} by {user}").format(date=created, user=who) if who else created)
        )
        facts["ordered"].setText(escape(summary.ordered_on.isoformat()) if summary.ordered_on else "—")
        expected = summary.expected_on.isoformat() if summary.expected_on else "—"
        if summary.overdue:
            color = theme.status_color(Status.OUT).name()
            expected = (
                f"<span style='color:{color}'><b>{escape(expected)} — {escape(self.tr('overdue'))}</b></span>"
            )
        facts["expected"].setText(expected)
        self.model.set_order_rows(detail.lines, draft, self.currency)
        self.table.setColumnHidden(OrderLineTableModel.RECEIVED, draft)
        self.add_row.setVisible(draft)
        self.edit_hint.setVisible(draft)
        self.remove_button.setVisible(draft)
        finished = summary.status in (OrderStatus.RECEIVED, OrderStatus.CANCELLED)
        self.notes.setReadOnly(finished)
        if selected is not None:
            self.select_line(selected.id)
        self._update_buttons()

    def _contact_html(self) -> str:
        """The supplier's phone and e-mail, for chasing a late order or asking a question."""
        try:
            supplier = catalog.supplier(self.detail.summary.supplier_id)
        except InventoryError:
            return ""
        contact = " · ".join(x for x in (supplier.phone, supplier.email) if x)
        return f"<br><span style='color:gray'>{escape(contact)}</span>" if contact else ""

    def _status_html(self) -> str:
        summary = self.detail.summary
        word = escape(self.tr(STATUS_WORDS[summary.status]))
        if summary.status is OrderStatus.RECEIVED:
            return f"<b style='color:{theme.status_color(Status.OK).name()}'>✓ {word}</b>"
        if summary.status is OrderStatus.CANCELLED:
            return f"<b>✗ {word}</b>"
        if summary.overdue:
            color = theme.status_color(Status.OUT).name()
            return f"<b style='color:{color}'>⚠ {word} · {escape(self.tr('overdue'))}</b>"
        return f"<b>{word}</b>"

    def _update_buttons(self, *_args: object) -> None:
        summary = self.detail.summary
        has_lines = bool(self.detail.lines)
        self.mark_ordered_button.setEnabled(order_actions.can_mark_ordered(summary) and has_lines)
        self.receive_button.setEnabled(order_actions.can_receive(summary))
        self.cancel_order_button.setEnabled(order_actions.can_cancel(summary))
        self.remove_button.setEnabled(summary.status is OrderStatus.DRAFT and self.current_line() is not None)
        self.mark_ordered_button.setToolTip(
            self.tr("Send it first: the order date is today, the expected date follows the lead time")
            if summary.status is OrderStatus.DRAFT
            else self.tr("Only a draft can be marked as ordered")
        )
        self.receive_button.setToolTip(
            self.tr("Book what arrived against this order")
            if order_actions.can_receive(summary)
            else self.tr("Only an ordered or partly received order can be received")
        )
        self.cancel_order_button.setToolTip(
            self.tr("Cancel the order; it stays in the list")
            if order_actions.can_cancel(summary)
            else self.tr("Only a draft or an ordered (nothing received) order can be cancelled")
        )

    def _busy_changed(self, busy: bool) -> None:
        for button in self.export_buttons:
            button.setEnabled(not busy)

    def current_line(self) -> OrderLineRow | None:
        index = self.table.selectionModel().currentIndex()
        if not index.isValid() or not self.table.selectionModel().isRowSelected(index.row()):
            return None
        return self.model.row_at(index.row())

    def select_line(self, line_id: int) -> None:
        position = self.model.position_of(line_id)
        if position >= 0:
            self.table.selectRow(position)

    # ---------------------------------------------------------------- adding

    def _load_items(self) -> None:
        """Every active item for the completer, this supplier's first."""
        supplier = self.detail.summary.supplier
        self.add_row.set_items(
            sorted(stock_queries.list_items(), key=lambda r: (r.supplier != supplier, r.sku))
        )

    def add_from_field(self) -> None:
        self.add_row.pick()

    def add_item(self, item_id: int, quantity: int) -> None:
        if self.detail.status is not OrderStatus.DRAFT:
            return
        order_id = self.detail.summary.id

        def refused(exc: InventoryError) -> None:
            self.show_error(str(exc))
            self.add_field.selectAll()

        if not self._op(lambda: purchasing.add_line(order_id, item_id, quantity)).failure(refused).run():
            return
        self.error_label.hide()
        self.changed = True
        self.add_row.reset()
        self.reload()
        line = next((x for x in self.detail.lines if x.item_id == item_id), None)
        if line is not None:
            self.select_line(line.id)
            self.table.scrollTo(self.model.index(self.model.position_of(line.id), 0))

    # ---------------------------------------------------------------- editing

    def update_line(self, line_id: int, quantity: int, unit_cost: object) -> None:
        if self._op(
            lambda: purchasing.update_line(line_id, quantity, unit_cost), self.tr("Line not changed")
        ).run():
            self.changed = True
            self.error_label.hide()
        self.reload()

    def remove_line(self) -> None:
        line = self.current_line()
        if line is None or self.detail.status is not OrderStatus.DRAFT:
            return
        if not self._op(lambda: purchasing.remove_line(line.id), self.tr("Line not removed")).run():
            return
        self.changed = True
        position = self.model.position_of(line.id)
        self.reload()
        if self.model.rowCount():
            self.table.selectRow(min(position, self.model.rowCount() - 1))
        self._update_buttons()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.table
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Delete
            and self.table.state() != QAbstractItemView.State.EditingState
        ):
            self.remove_line()
            return True
        return super().eventFilter(watched, event)

    def _op(self, call: Callable[[], T], refused: str = "") -> Operation[T]:
        """A change to this order, through the operation runner (this editor shows it itself)."""
        # The page the editor was opened from reloads itself when the editor closes.
        return Operation(self, self.actions.events, call, refused=refused, initiator=self.parentWidget())

    def show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()

    def save_notes(self) -> bool:
        text = self.notes.toPlainText()
        if text == self._notes_saved or self.notes.isReadOnly():
            return True
        order_id = self.detail.summary.id
        if not self._op(lambda: purchasing.set_notes(order_id, text), self.tr("Notes not saved")).run():
            return False
        self._notes_saved = text
        self.changed = True
        return True

    # ---------------------------------------------------------------- status changes

    def mark_ordered(self) -> None:
        if self.save_notes() and self.actions.mark_ordered(self, self.detail.summary):
            self.changed = True
        self.reload()

    def receive(self) -> None:
        if self.save_notes() and self.actions.receive(self, self.detail.summary):
            self.changed = True
        self.reload()

    def cancel_order(self) -> None:
        if self.save_notes() and self.actions.cancel(self, self.detail.summary):
            self.changed = True
        self.reload()

    def done(self, result: int) -> None:
        self.save_notes()
        super().done(result)

    @classmethod
    def ask(cls, parent: QWidget | None, order_id: int, actions: order_actions.OrderActions) -> bool:
        """Show the order; True when anything on it changed."""
        dialog = cls(purchasing.order_detail(order_id), actions, parent)
        try:
            dialog.exec()
            return dialog.changed
        finally:
            dialog.actions.busy_changed.disconnect(dialog._busy_changed)
            dialog.deleteLater()
