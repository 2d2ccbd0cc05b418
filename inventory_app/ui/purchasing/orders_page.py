"""Orders: every purchase order with its status, overdue ones flagged; open one to edit,
send, receive or cancel it, save it as a PDF or Excel form, print it (Ctrl+P) or send
it to the supplier."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from inventory_app.core.purchasing import orders as purchasing
from inventory_app.core.purchasing.types import OrderSummary
from inventory_app.core.settings import office_settings
from inventory_app.ui.catalog.supplier_choice import SupplierChoiceDialog
from inventory_app.ui.common.icons import icon
from inventory_app.ui.common.table_selection import enter_opens, select_row_id, selected_row
from inventory_app.ui.events import AppEvents
from inventory_app.ui.inventory.item_panel import make_table
from inventory_app.ui.operations import Operation
from inventory_app.ui.purchasing import order_actions
from inventory_app.ui.purchasing.order_editor import OrderEditor
from inventory_app.ui.purchasing.order_table import FILTER_LABELS, OrderFilter, OrderTableModel, matches


class OrdersPage(QWidget):
    SHOWS = ("orders", "catalog", "settings")  # orders and what they are for: not stock (core.changes)

    def __init__(self, events: AppEvents, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.events = events
        self.settings = settings
        self.actions = order_actions.OrderActions(events, settings, self)
        self.actions.busy_changed.connect(self._update_buttons)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        bar = QHBoxLayout()
        layout.addLayout(bar)
        bar.addWidget(QLabel(self.tr("Show:")))
        self.status_filter = QComboBox()
        for value, label in FILTER_LABELS.items():
            self.status_filter.addItem(self.tr(label), str(value))
        self.status_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.status_filter.currentIndexChanged.connect(self._filter_changed)
        bar.addWidget(self.status_filter)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search number or supplier"))
        self.search.setClearButtonEnabled(True)
        self.search.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.search.setMinimumWidth(220)
        self.search.textChanged.connect(self._filter_changed)
        bar.addWidget(self.search, 1)
        self.count_label = QLabel()
        self.count_label.setMinimumWidth(140)
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        bar.addWidget(self.count_label)

        buttons = QHBoxLayout()
        layout.addLayout(buttons)
        self.open_order_button = QPushButton(icon("edit"), self.tr("&Open…"))
        self.open_order_button.setToolTip(self.tr("Open the selected order (Enter or double-click)"))
        self.open_order_button.clicked.connect(self.open_order)
        self.new_button = QPushButton(icon("add"), self.tr("&New order…"))
        self.new_button.setToolTip(self.tr("An empty draft for one supplier, to fill by hand"))
        self.new_button.clicked.connect(self.new_order)
        self.mark_ordered_button = QPushButton(icon("orders"), self.tr("Mark as &ordered…"))
        self.mark_ordered_button.clicked.connect(lambda: self._act(self.actions.mark_ordered))
        self.receive_button = QPushButton(icon("receive"), self.tr("&Receive…"))
        self.receive_button.clicked.connect(lambda: self._act(self.actions.receive))
        self.cancel_button = QPushButton(icon("out"), self.tr("&Cancel order…"))
        self.cancel_button.clicked.connect(lambda: self._act(self.actions.cancel))
        for button in (
            self.open_order_button,
            self.new_button,
            self.mark_ordered_button,
            self.receive_button,
            self.cancel_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.pdf_button = QPushButton(self.tr("Save as &PDF…"))
        self.pdf_button.clicked.connect(lambda: self._export(".pdf"))
        self.excel_button = QPushButton(self.tr("Save as E&xcel…"))
        self.excel_button.clicked.connect(lambda: self._export(".xlsx"))
        self.print_button = QPushButton(self.tr("Open PDF"))
        self.print_button.setToolTip(self.tr("Open the order form in the PDF viewer, to print or e-mail it"))
        self.print_button.clicked.connect(lambda: self._act(self.actions.open_document))
        self.print_order_button = QPushButton(self.tr("Print…"))
        self.print_order_button.setToolTip(self.tr("Print the order form on a printer you choose (Ctrl+P)"))
        self.print_order_button.clicked.connect(lambda: self._act(self.actions.print_order))
        self.send_button = QPushButton(self.tr("Send to supplier…"))
        self.send_button.setToolTip(self.tr("Save the PDF to attach, and start an e-mail to the supplier"))
        self.send_button.clicked.connect(lambda: self._act(self.actions.send_to_supplier))
        print_shortcut = QAction(self.tr("Print the order form"), self)
        print_shortcut.setShortcut(QKeySequence.StandardKey.Print)
        print_shortcut.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        print_shortcut.triggered.connect(self.print_order_button.click)
        self.addAction(print_shortcut)
        self.export_buttons = [
            self.pdf_button,
            self.excel_button,
            self.print_button,
            self.print_order_button,
            self.send_button,
        ]
        # The order form's buttons on a row of their own, so the page fits a 1280-pixel screen.
        forms = QHBoxLayout()
        layout.addLayout(forms)
        self.forms_label = QLabel(self.tr("Order form:"))
        self.forms_label.setVisible(order_actions.exports_available())
        forms.addWidget(self.forms_label)
        for button in self.export_buttons:
            button.setVisible(order_actions.exports_available())
            forms.addWidget(button)
        forms.addStretch(1)

        self.model = OrderTableModel(self)
        self.table = make_table(self.model)
        self.table.sortByColumn(OrderTableModel.NUMBER, Qt.SortOrder.DescendingOrder)
        for column, width in (
            (OrderTableModel.NUMBER, 130),
            (OrderTableModel.SUPPLIER, 260),
            (OrderTableModel.STATUS, 200),
            (OrderTableModel.CREATED, 100),
            (OrderTableModel.ORDERED, 100),
            (OrderTableModel.EXPECTED, 100),
            (OrderTableModel.LINES, 60),
            (OrderTableModel.TOTAL, 110),
        ):
            self.table.setColumnWidth(column, width)
        # The supplier takes the room left, so the total stays beside the rest on a wide screen.
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(OrderTableModel.SUPPLIER, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.table.doubleClicked.connect(lambda *_a: self.open_order())
        enter_opens(self.table, lambda: self.current_order() is not None, self.open_order)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        layout.addWidget(self.table, 1)

        self.empty_label = QLabel()
        self.empty_label.setStyleSheet("color: gray;")
        self.empty_label.setWordWrap(True)
        layout.addWidget(self.empty_label)
        self._update_buttons()

    # ---------------------------------------------------------------- data

    def refresh(self) -> None:
        selected = self.current_order_id()
        self.model.set_rows(purchasing.list_orders(), office_settings().currency_symbol)
        self._after_reset(selected)

    def _filter_changed(self, *_args: object) -> None:
        selected = self.current_order_id()
        wanted = OrderFilter(self.status_filter.currentData() or OrderFilter.ALL)
        self.model.set_filter(wanted, self.search.text())
        self._after_reset(selected)

    def set_filter(self, wanted: OrderFilter) -> None:
        self.status_filter.setCurrentIndex(self.status_filter.findData(str(wanted)))

    def _after_reset(self, selected: int | None) -> None:
        total, shown = len(self.model.all_rows), self.model.rowCount()
        if shown == total:
            self.count_label.setText(self.tr("{n} orders").format(n=total))
        else:
            self.count_label.setText(self.tr("{s} of {n} orders").format(s=shown, n=total))
        for value in FILTER_LABELS:
            index = self.status_filter.findData(str(value))
            label = self.tr(FILTER_LABELS[value])
            count = self.model.count(value)
            self.status_filter.setItemText(
                index, f"{label} ({count})" if value is not OrderFilter.ALL else label
            )
        if not total:
            self.empty_label.setText(
                self.tr(
                    "No purchase orders yet. Go to Reorder to turn what is low into one draft per "
                    "supplier, or start an empty one with New order."
                )
            )
        elif not shown:
            self.empty_label.setText(self.tr("No orders match; choose “All orders” to see every one."))
        self.empty_label.setVisible(not shown)
        if selected is None or not self.select_order(selected):
            if shown:
                self.table.selectRow(0)
        self._update_buttons()

    # ---------------------------------------------------------------- selection

    def current_order(self) -> OrderSummary | None:
        return selected_row(self.table, self.model)

    def current_order_id(self) -> int | None:
        row = self.current_order()
        return row.id if row else None

    def select_order(self, order_id: int) -> bool:
        if not select_row_id(self.table, self.model, order_id):
            return False
        return True

    def show_orders(self, order_ids: list[int]) -> None:
        """Show just-created orders: a filter that holds them, the first one selected."""
        self.refresh()
        if order_ids and self.model.position_of(order_ids[0]) < 0:
            self.set_filter(OrderFilter.ALL)
        if order_ids:
            self.select_order(order_ids[0])
        self.table.setFocus()

    def _update_buttons(self, *_args: object) -> None:
        row = self.current_order()
        self.open_order_button.setEnabled(row is not None)
        self.mark_ordered_button.setEnabled(
            order_actions.can_mark_ordered(row) and bool(row and row.line_count)
        )
        self.receive_button.setEnabled(order_actions.can_receive(row))
        self.cancel_button.setEnabled(order_actions.can_cancel(row))
        for button in self.export_buttons:
            button.setEnabled(row is not None and self.actions.running == 0)

    def _context_menu(self, pos: QPoint) -> None:
        index = self.table.indexAt(pos)
        if not index.isValid():
            return
        self.table.selectRow(index.row())
        menu = QMenu(self)
        for button in (
            self.open_order_button,
            self.mark_ordered_button,
            self.receive_button,
            self.cancel_button,
            None,
            *self.export_buttons,
        ):
            if button is None:
                menu.addSeparator()
            elif button.isVisible() or button.isVisibleTo(self):
                action = menu.addAction(button.icon(), button.text().replace("&", ""), button.click)
                action.setEnabled(button.isEnabled())
        menu.exec(self.table.viewport().mapToGlobal(pos))

    # ---------------------------------------------------------------- doing

    def open_order(self) -> None:
        row = self.current_order()
        if row is None:
            return
        # What the order's editor saves is gathered and told once it closes; this page reloads
        # itself either way (the order may have changed on another workstation meanwhile).
        Operation(
            self,
            self.events,
            lambda: OrderEditor.ask(self, row.id, self.actions),
            refused=self.tr("Cannot open"),
            initiator=self,
        ).run_dialog()
        self.refresh()
        self.keep_in_view(row.id)

    def new_order(self) -> None:
        supplier_id = SupplierChoiceDialog.ask(
            self,
            self.tr("New purchase order"),
            self.tr("Who is the order for?"),
            self.tr("An empty draft is created; add items to it by scanning or typing their SKU."),
            self.tr("Create draft"),
        )
        if supplier_id is None:
            return
        op = Operation(
            self,
            self.events,
            lambda: purchasing.create_order(supplier_id),
            refused=self.tr("No order created"),
            initiator=self,
        )
        if not op.run() or op.result is None:
            return
        created = op.result
        self.events.status_message.emit(self.tr("Created {number}").format(number=created.number))
        self.refresh()
        self.keep_in_view(created.id)
        self.open_order()

    def _act(self, action) -> None:
        row = self.current_order()
        if row is not None and action(self, row):
            self.refresh()
            self.keep_in_view(row.id)

    def keep_in_view(self, order_id: int) -> None:
        """Select the order, widening the filter when its new status fell out of it
        (a draft just marked as ordered must not vanish from under the user)."""
        if self.select_order(order_id):
            return
        row = next((r for r in self.model.all_rows if r.id == order_id), None)
        if row is None:
            return
        self.search.clear()
        wanted = OrderFilter.OPEN if matches(row, OrderFilter.OPEN) else OrderFilter.ALL
        self.set_filter(wanted)
        self.select_order(order_id)

    def _export(self, extension: str) -> None:
        row = self.current_order()
        if row is not None:
            self.actions.save_as(self, row, extension)
