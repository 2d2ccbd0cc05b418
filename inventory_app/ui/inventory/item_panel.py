"""The selected item: details, its ledger (with Reverse) and its lots."""

from __future__ import annotations

from dataclasses import replace
from html import escape

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from inventory_app.core.accounts import users as accounts
from inventory_app.core.catalog import items as catalog
from inventory_app.core.settings import office_settings
from inventory_app.core.stock import queries as stock_queries
from inventory_app.core.types import ItemDetail, MovementRow, stock_status
from inventory_app.core.wording import counted, money_text
from inventory_app.ui.common import prompts, theme
from inventory_app.ui.common.access import enable_for_admin
from inventory_app.ui.common.column_menu import choose_columns
from inventory_app.ui.common.icons import icon
from inventory_app.ui.inventory.history_table import HistoryTableModel
from inventory_app.ui.inventory.lot_table import LotTableModel


def make_table(model: object) -> QTableView:
    view = QTableView()
    view.setModel(model)  # type: ignore[arg-type]
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setAlternatingRowColors(True)
    view.setSortingEnabled(True)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
    view.horizontalHeader().setHighlightSections(False)
    view.horizontalHeader().setStretchLastSection(True)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    return view


class ItemPanel(QTabWidget):
    reverse_confirmed = Signal(int, int)  # movement id, item id: the window reverses it

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item: ItemDetail | None = None

        details = QWidget()
        box = QVBoxLayout(details)
        self.details_label = QLabel()
        self.details_label.setTextFormat(Qt.TextFormat.RichText)
        self.details_label.setWordWrap(True)
        self.details_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.details_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.addWidget(self.details_label)
        box.addStretch(1)
        self.addTab(details, self.tr("Details"))

        history = QWidget()
        hbox = QVBoxLayout(history)
        hbox.setContentsMargins(4, 4, 4, 4)
        self.history_model = HistoryTableModel(self)
        self.history_view = make_table(self.history_model)
        self.history_view.sortByColumn(HistoryTableModel.WHEN, Qt.SortOrder.DescendingOrder)
        choose_columns(self.history_view, hidden=HistoryTableModel.HIDDEN_AT_FIRST)
        self.history_view.horizontalHeader().setMinimumSectionSize(36)
        self.history_view.horizontalHeader().setStretchLastSection(False)  # By may be empty
        self.history_view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.history_view.customContextMenuRequested.connect(self._history_menu)
        self.history_view.selectionModel().selectionChanged.connect(self._update_buttons)
        hbox.addWidget(self.history_view)
        row = QHBoxLayout()
        self.reverse_button = QPushButton(icon("reverse"), self.tr("&Reverse movement…"))
        self.reverse_button.setToolTip(self.tr("Undo the selected movement with a new one that points at it"))
        self.reverse_button.clicked.connect(self.reverse_selected)
        row.addStretch(1)
        row.addWidget(self.reverse_button)
        hbox.addLayout(row)
        self.addTab(history, self.tr("History"))

        lots = QWidget()
        lbox = QVBoxLayout(lots)
        lbox.setContentsMargins(4, 4, 4, 4)
        self.lot_model = LotTableModel(self)
        self.lot_view = make_table(self.lot_model)
        lbox.addWidget(self.lot_view)
        self.lots_index = self.addTab(lots, self.tr("Lots"))
        self.show_item(None)

    # ---------------------------------------------------------------- showing

    def show_item(self, item_id: int | None, *, stock_changed: bool = False) -> None:
        """Show `item_id` (None: nothing). `stock_changed`: the item shown had movements
        recorded; only those are read and added to its history."""
        if item_id is None:
            self.item = None
            self.details_label.setText(
                "<p style='color:gray'>" + escape(self.tr("Select an item to see its details.")) + "</p>"
            )
            self.history_model.set_rows([])
            self.lot_model.set_rows([])
            self.setTabEnabled(self.lots_index, False)
            self._update_buttons()
            return
        same_item = self.item is not None and self.item.id == item_id
        self.item = catalog.item_detail(item_id)
        self.details_label.setText(self._details_html(self.item))
        self._show_history(item_id, only_new=same_item and stock_changed)
        self.lot_model.set_rows(stock_queries.lots(item_id) if self.item.tracks_expiry else [])
        if not same_item:  # the same item again (its stock changed): the columns stay as sized
            for view in (self.history_view, self.lot_view):
                if view.model().rowCount():
                    view.resizeColumnsToContents()
        self.setTabEnabled(self.lots_index, self.item.tracks_expiry)
        self._update_buttons()

    def _show_history(self, item_id: int, *, only_new: bool) -> None:
        """The item's ledger; `only_new`: the lines recorded since the newest shown are added
        (a reversal among them strikes out the line it reverses), not the whole ledger read."""
        shown = self.history_model.rows()
        if not only_new or not shown:
            self.history_model.set_rows(stock_queries.history(item_id), accounts.account_keys())
            return
        newest = max(shown, key=lambda row: row.id)
        added = stock_queries.history(item_id, after=newest)
        reversed_by = {row.reversal_of: row.id for row in added if row.reversal_of is not None}
        if reversed_by:
            shown = [
                replace(row, reversed_by=reversed_by[row.id]) if row.id in reversed_by else row
                for row in shown
            ]
        self.history_model.set_rows(shown + added)

    def _details_html(self, item: ItemDetail) -> str:
        status = stock_status(item.on_hand, item.reorder_point)
        color = theme.status_color(status).name()
        category, location, supplier = catalog.reference_names(item)
        par = "not set" if item.par_level is None else str(item.par_level)
        rows = [
            ("SKU", item.sku),
            ("Category", category),
            ("Location", location),
            ("Unit of issue", item.unit),
            ("Reorder point", counted(item.reorder_point, item.unit)),
            ("Par level", par),
            ("Supplier", supplier or "none"),
            ("Supplier's SKU", item.supplier_sku),
            (
                "Buys as",
                f"{item.purchase_unit} of {counted(item.units_per_purchase_unit, item.unit)}"
                if item.units_per_purchase_unit > 1
                else item.purchase_unit,
            ),
            ("Cost per purchase unit", money_text(item.unit_cost, office_settings().currency_symbol)),
            ("Barcode", item.barcode),
            ("Lots and expiry", "tracked" if item.tracks_expiry else "not tracked"),
        ]
        if not item.active:
            rows.insert(0, ("Archived", "yes: hidden from lists and reordering"))
        table = "".join(
            f"<tr><td style='color:gray;padding-right:12px'>{escape(k)}</td><td>{escape(v)}</td></tr>"
            for k, v in rows
            if v
        )
        expired = (
            f" <span style='color:{theme.status_color('expired').name()}'>"
            f"+{item.expired} expired (not usable)</span>"
            if item.expired
            else ""
        )
        notes = f"<p>{escape(item.notes)}</p>" if item.notes else ""
        return (
            f"<h3 style='margin-bottom:2px'>{escape(item.name)}</h3>"
            f"<p style='font-size:large'><b style='color:{color}'>{escape(counted(item.on_hand, item.unit))}"
            f"</b> on hand · <b style='color:{color}'>{escape(theme.STATUS_WORDS[status])}</b>"
            f"{expired}</p><table>{table}</table>{notes}"
        )

    # ---------------------------------------------------------------- reversing

    def selected_movement(self) -> MovementRow | None:
        rows = self.history_view.selectionModel().selectedRows()
        return self.history_model.row_at(rows[0].row()) if rows else None

    def apply_role(self) -> None:
        """Reverse is for administrators (the core refuses staff as well)."""
        self._update_buttons()

    def _update_buttons(self, *_args: object) -> None:
        movement = self.selected_movement()
        enable_for_admin(
            self.reverse_button,
            movement is not None and movement.can_reverse,
            self.tr("Undo the selected movement with a new one that points at it"),
        )

    def _history_menu(self, pos: QPoint) -> None:
        index = self.history_view.indexAt(pos)
        if not index.isValid():
            return
        self.history_view.selectRow(index.row())
        menu = QMenu(self)
        action = menu.addAction(icon("reverse"), self.tr("Reverse movement…"))
        action.setEnabled(self.reverse_button.isEnabled())
        action.triggered.connect(self.reverse_selected)
        menu.exec(self.history_view.viewport().mapToGlobal(pos))

    def reverse_selected(self) -> None:
        movement = self.selected_movement()
        if movement is None or self.item is None or not movement.can_reverse:
            return
        text = self.tr(
            "Reverse movement #{id} ({qty} on {when})?\n\n"
            "A new movement of {undo:+d} will be recorded; the original stays in the history."
        ).format(
            id=movement.id,
            qty=("+" if movement.quantity > 0 else "") + counted(movement.quantity, self.item.unit),
            when=movement.local_time.strftime("%Y-%m-%d %H:%M"),
            undo=-movement.quantity,
        )
        if not prompts.confirm(self, self.tr("Reverse movement"), text, yes=self.tr("Reverse")):
            return
        self.reverse_confirmed.emit(movement.id, self.item.id)
