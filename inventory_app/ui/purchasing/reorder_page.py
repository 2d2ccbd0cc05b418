"""Reorder: every item that needs reordering, grouped by supplier, turned into draft
orders in one click.

The suggestions and their reasoning come from the core; the page only keeps
which lines are checked and the quantities the user changed. Items without a
supplier sit in their own group until one is assigned.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from inventory_app.core.catalog import items as catalog
from inventory_app.core.purchasing import orders as purchasing
from inventory_app.core.purchasing import reorder
from inventory_app.core.purchasing.types import ReorderLine, ReorderState
from inventory_app.core.settings import office_settings
from inventory_app.core.stock.use_rate import USE_WEEKS, per_week_text
from inventory_app.ui.catalog.supplier_choice import SupplierChoiceDialog
from inventory_app.ui.common import prompts
from inventory_app.ui.common.delegates import SpinDelegate
from inventory_app.ui.common.forms import hint_label
from inventory_app.ui.common.icons import icon
from inventory_app.ui.common.table_selection import on_selection_changed, selected_row
from inventory_app.ui.events import AppEvents
from inventory_app.ui.inventory.item_panel import make_table
from inventory_app.ui.operations import Operation
from inventory_app.ui.purchasing.reorder_table import ReorderTableModel


class ReorderPage(QWidget):
    SHOWS = ("items", "catalog", "orders", "settings")  # stock against targets, orders (core.changes)
    drafts_created = Signal(list)  # ids of the new draft orders

    def __init__(self, events: AppEvents, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.events = events

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        bar = QHBoxLayout()
        layout.addLayout(bar)
        self.check_all_button = QPushButton(self.tr("Check all suggested"))
        self.check_all_button.clicked.connect(lambda: self.model.check_all(True))
        self.uncheck_all_button = QPushButton(self.tr("Uncheck all"))
        self.uncheck_all_button.clicked.connect(lambda: self.model.check_all(False, suggested_only=False))
        self.assign_button = QPushButton(icon("suppliers"), self.tr("Assign &supplier…"))
        self.assign_button.setToolTip(
            self.tr("Choose who supplies the selected item (it keeps its other details)")
        )
        self.assign_button.clicked.connect(self.assign_supplier)
        for button in (self.check_all_button, self.uncheck_all_button, self.assign_button):
            bar.addWidget(button)
        bar.addStretch(1)
        self.count_label = QLabel()
        bar.addWidget(self.count_label)

        self.model = ReorderTableModel(self)
        self.model.choice_changed.connect(self._update_summary)
        self.model.modelReset.connect(self._after_reset)
        self.table = make_table(self.model)
        self.table.setSortingEnabled(False)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.table.setItemDelegateForColumn(ReorderTableModel.ORDER, SpinDelegate(0, self.table))
        for column, width in (
            (ReorderTableModel.ITEM, 124),
            (ReorderTableModel.NAME, 218),
            (ReorderTableModel.ON_HAND, 62),
            (ReorderTableModel.ON_ORDER, 64),
            (ReorderTableModel.REORDER, 72),
            (ReorderTableModel.PAR, 40),
            (ReorderTableModel.ORDER, 64),
            (ReorderTableModel.PACK, 120),
            (ReorderTableModel.TOTAL, 84),
            (ReorderTableModel.USE, 100),
        ):
            self.table.setColumnWidth(column, width)
        # The name takes what is left; the short reasoning needs about this much.
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(ReorderTableModel.NAME, header.ResizeMode.Stretch)
        self.table.setColumnWidth(ReorderTableModel.WHY, 178)
        on_selection_changed(self.table, self._current_changed)

        self.empty_label = QLabel()
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.setStyleSheet("color: gray; font-size: large;")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty_label)
        layout.addWidget(self.stack, 1)

        self.why_label = QLabel()
        self.why_label.setTextFormat(Qt.TextFormat.RichText)
        self.why_label.setWordWrap(True)
        self.why_label.setMinimumHeight(self.fontMetrics().height() * 2 + 8)
        layout.addWidget(self.why_label)

        bottom = QHBoxLayout()
        layout.addLayout(bottom)
        bottom.addWidget(
            hint_label(
                self.tr(
                    "Checked lines become one draft order per supplier. Double-click a quantity to "
                    "change it; lines already on order are unchecked."
                )
            ),
            1,
        )
        self.summary_label = QLabel()
        bottom.addWidget(self.summary_label)
        self.create_button = QPushButton(icon("orders"), self.tr("&Create draft orders"))
        self.create_button.clicked.connect(self.create_drafts)
        bottom.addWidget(self.create_button)
        self._current_changed()

    # ---------------------------------------------------------------- data

    def refresh(self) -> None:
        """Reload the suggestions, keeping checks and quantities of unchanged lines."""
        selected = self.current_line()
        self.model.set_groups(reorder.suggestions(), office_settings().currency_symbol)
        if selected is not None:
            self.select_item(selected.item_id)
        self._current_changed()

    def _after_reset(self) -> None:
        self.table.clearSpans()
        for row in self.model.group_rows():
            self.table.setSpan(row, 0, 1, self.model.columnCount())
        lines = self.model.lines()
        if lines:
            self.stack.setCurrentWidget(self.table)
        else:
            self.empty_label.setText(
                self.tr("Nothing needs reordering: every item is above its reorder point.")
            )
            self.stack.setCurrentWidget(self.empty_label)
        to_order = self.model.to_order_count()
        self.count_label.setText(
            self.tr("{n} to order · {m} low items").format(n=to_order, m=len(lines)) if lines else ""
        )
        self._update_summary()

    def _update_summary(self) -> None:
        orders, lines, total = self.model.checked_summary()
        if lines:
            self.summary_label.setText(
                self.tr("{o} orders · {l} lines · {t}").format(o=orders, l=lines, t=self.model.money(total))
            )
        else:
            self.summary_label.setText(self.tr("Nothing checked"))
        self.create_button.setEnabled(lines > 0)
        self.create_button.setText(
            self.tr("&Create {n} draft orders").format(n=orders)
            if orders > 1
            else self.tr("&Create draft order")
        )
        self.table.viewport().update()

    # ---------------------------------------------------------------- selection

    def current_line(self) -> ReorderLine | None:
        row = selected_row(self.table, self.model)  # type: ignore[arg-type] - rows and group rows
        return row if isinstance(row, ReorderLine) else None

    def select_item(self, item_id: int) -> bool:
        position = self.model.position_of(item_id)
        if position < 0:
            return False
        index = self.model.index(position, ReorderTableModel.NAME)
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index)
        return True

    def _current_changed(self, *_args: object) -> None:
        line = self.current_line()
        self.assign_button.setEnabled(line is not None)
        if line is None:
            self.why_label.setText(
                "<span style='color:gray'>"
                + escape(self.tr("Select a line to see how its quantity was worked out."))
                + "</span>"
            )
            return
        self.assign_button.setText(
            self.tr("Assign &supplier…") if line.supplier_id is None else self.tr("Change &supplier…")
        )
        usage = ""
        if line.weekly_use:
            usage = " " + escape(
                self.tr("Uses {use} per week (last {n} weeks): about {left:.1f} weeks left.").format(
                    use=per_week_text(line.weekly_use, line.unit), n=USE_WEEKS, left=line.weeks_left or 0
                )
            )
        state = {
            ReorderState.SUGGEST: "",
            ReorderState.ON_ORDER: self.tr("Already on order. "),
            ReorderState.IN_DRAFT: self.tr("Already on a draft order. "),
            ReorderState.NO_TARGET: self.tr("Nothing to order. "),
        }[line.state]
        self.why_label.setText(
            f"<b>{escape(line.sku)}</b> {escape(line.name)}: {escape(state)}{escape(line.reason)}.{usage}"
        )

    # ---------------------------------------------------------------- doing

    def assign_supplier(self) -> None:
        line = self.current_line()
        if line is None:
            return
        supplier_id = SupplierChoiceDialog.ask(
            self,
            self.tr("Assign a supplier"),
            f"{line.sku} — {line.name}",
            self.tr(
                "The item will be ordered from this supplier from now on. Its other details "
                "(supplier's SKU, purchase unit, cost) stay as they are; change them with Edit item."
            ),
            self.tr("Assign"),
        )
        if supplier_id is None:
            return
        op = Operation(
            self,
            self.events,
            lambda: catalog.change_supplier(line.item_id, supplier_id),
            refused=self.tr("Supplier not assigned"),
            initiator=self,
        )
        if not op.run():
            return
        self.events.status_message.emit(
            self.tr("{sku} is now bought from {name}").format(sku=line.sku, name=op.result)
        )
        self.refresh()
        self.select_item(line.item_id)

    def create_drafts(self) -> None:
        selections = self.model.selections()
        if not selections:
            prompts.inform(self, self.tr("Create draft orders"), self.tr("Check at least one line to order."))
            return
        op = Operation(
            self,
            self.events,
            lambda: purchasing.create_drafts(selections),
            refused=self.tr("No orders created"),
            initiator=self,
        )
        saved = op.run()
        self.refresh()  # refused: what is short may have changed meanwhile
        if not saved or op.result is None:
            return
        created = op.result
        numbers = ", ".join(order.number for order in created)
        self.events.status_message.emit(self.tr("Created draft orders {numbers}").format(numbers=numbers))
        self.drafts_created.emit([order.id for order in created])
