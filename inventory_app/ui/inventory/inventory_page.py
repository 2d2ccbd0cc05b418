"""Inventory: every active item with its status, a search box, filters and the item panel."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from inventory_app.core.catalog import items as catalog
from inventory_app.core.stock import queries as stock_queries
from inventory_app.core.stock.item_filter import VIEW_LABELS, ItemFilter, View
from inventory_app.core.types import ItemRow
from inventory_app.core.wording import counted
from inventory_app.ui.common.column_menu import choose_columns
from inventory_app.ui.common.icons import icon
from inventory_app.ui.common.table_selection import on_selection_changed, select_row_id, selected_row
from inventory_app.ui.inventory.item_panel import ItemPanel, make_table
from inventory_app.ui.inventory.item_table import ItemTableModel

ALL = ""
LAYOUT = "2"  # the default columns below; a header saved with another layout is not restored
# What fits beside the item panel on a 1366-pixel screen; the rest is in the panel, and a
# right-click on the header shows any column.
DEFAULT_WIDTHS = {
    ItemTableModel.STATUS: 58,
    ItemTableModel.SKU: 100,
    ItemTableModel.NAME: 220,
    ItemTableModel.ON_HAND: 62,
    ItemTableModel.EXPIRED: 62,
    ItemTableModel.ON_ORDER: 66,
    ItemTableModel.EXPECTED: 120,
    ItemTableModel.UNIT: 60,
    ItemTableModel.REORDER: 72,
    ItemTableModel.PAR: 50,
    ItemTableModel.EXPIRY: 88,
}
HIDDEN_AT_FIRST = (
    ItemTableModel.EXPIRED,
    ItemTableModel.EXPECTED,
    ItemTableModel.UNIT,
    ItemTableModel.PAR,
    ItemTableModel.CATEGORY,
    ItemTableModel.LOCATION,
    ItemTableModel.SUPPLIER,
)


class InventoryPage(QWidget):
    current_item_changed = Signal(object)  # item id or None
    activated = Signal(int)  # item id double-clicked / Enter
    # In the event loop turn after the table's first paint: for what start-up can fill in after
    # the table shows (the filter lists here; the side bar's counts, say).
    first_painted = Signal()

    def __init__(self, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.context_actions: list[QAction | None] = []
        # Loaded before the window shows, the category and location lists wait for the table's
        # first paint (they hold "All" only): filled in the event loop turn after it, or when
        # first needed.
        self._painted = False
        self._filters_due = False

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 0)
        bar = QHBoxLayout()
        layout.addLayout(bar)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search name, SKU or barcode  (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.search.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.search.setMinimumWidth(170)
        self.search.textChanged.connect(self._filter_changed)
        bar.addWidget(self.search, 3)
        self.view_filter = QComboBox()
        for view, label in VIEW_LABELS.items():
            self.view_filter.addItem(self.tr(label), str(view))
        self.view_filter.currentIndexChanged.connect(self._filter_changed)
        self.category_filter = QComboBox()
        self.location_filter = QComboBox()
        for combo in (self.category_filter, self.location_filter):
            # As wide as "All categories", not as the longest name: a long name would squeeze
            # the search box and the item count; the open list still shows names in full.
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(12)
            combo.currentIndexChanged.connect(self._filter_changed)
        bar.addWidget(QLabel(self.tr("Show:")))
        bar.addWidget(self.view_filter)
        bar.addWidget(self.category_filter)
        bar.addWidget(self.location_filter)
        self.count_label = QLabel()
        self.count_label.setMinimumWidth(80)
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        bar.addWidget(self.count_label, 1)

        self.model = ItemTableModel(self)
        self.table = make_table(self.model)
        self.table.sortByColumn(ItemTableModel.STATUS, Qt.SortOrder.AscendingOrder)
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.horizontalHeader().setMinimumSectionSize(40)
        choose_columns(self.table, fixed=(ItemTableModel.NAME,))  # right-click the header
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        on_selection_changed(self.table, self._current_changed)
        self.table.doubleClicked.connect(self._activate)
        self.panel = ItemPanel()
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.panel)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        layout.addWidget(self.splitter, 1)

        # Ctrl+F is the window's View ▸ Find item (one action: two would make it ambiguous).
        # Down or Enter in the search box moves into the results.
        self.search.installEventFilter(self)
        self._restore_state()
        self.table.viewport().installEventFilter(self)

    # ---------------------------------------------------------------- state

    def _restore_state(self) -> None:
        header = self.table.horizontalHeader()
        saved = self.settings.value("inventory/header")
        # A state saved before columns were added, or with an older default layout, would put
        # widths on the wrong columns or bring back sideways scrolling.
        if saved is not None and str(self.settings.value("inventory/layout")) == LAYOUT:
            header.restoreState(saved)
        else:
            for column, width in DEFAULT_WIDTHS.items():
                self.table.setColumnWidth(column, width)
            header.setSectionResizeMode(ItemTableModel.NAME, QHeaderView.ResizeMode.Stretch)
            for column in HIDDEN_AT_FIRST:
                header.setSectionHidden(column, True)
        splitter = self.settings.value("inventory/splitter")
        self._split_on_show = splitter is None
        if splitter is not None:
            self.splitter.restoreState(splitter)

    def showEvent(self, event: QShowEvent) -> None:  # Qt's name
        super().showEvent(event)
        if self._split_on_show:
            # First run: the list and the item panel share the page 62:38 at the size the
            # window opened with (the list's first columns fit that at 1366 pixels).
            self._split_on_show = False
            width = self.splitter.width()
            self.splitter.setSizes([width * 62 // 100, width * 38 // 100])

    def save_state(self) -> None:
        self.settings.setValue("inventory/header", self.table.horizontalHeader().saveState())
        self.settings.setValue("inventory/layout", LAYOUT)
        self.settings.setValue("inventory/splitter", self.splitter.saveState())

    # ---------------------------------------------------------------- data

    def refresh(self, rows: list[ItemRow] | None = None) -> None:
        """Reload (or show `rows` just loaded), keeping the selection and the scroll position."""
        selected = self.current_item_id()
        scroll = self.table.verticalScrollBar().value()
        # While the window is being built, the filter lists wait for the table's first paint
        # (see eventFilter).
        starting = not self._painted and not self.window().isVisible()
        if not starting:
            self._filters_due = False
            self._reload_filters()
        else:
            self._filters_due = True
            for combo, everything in (
                (self.category_filter, self.tr("All categories")),
                (self.location_filter, self.tr("All locations")),
            ):
                if not combo.count():
                    combo.blockSignals(True)
                    combo.addItem(everything, ALL)
                    combo.blockSignals(False)
        self.model.defer_search_keys = starting  # worked out in the turn after the first paint
        self.model.set_rows(stock_queries.list_items() if rows is None else rows)
        self._after_reset(selected)
        self.table.verticalScrollBar().setValue(scroll)
        self.panel.show_item(self.current_item_id())

    def update_rows(self, rows: list[ItemRow]) -> None:
        """Redraw only these rows (read again after a change to them); the panel follows when
        it shows one of them."""
        self.model.update_rows(rows)
        current = self.current_item_id()
        if current is not None and any(row.id == current for row in rows):
            self.panel.show_item(current, stock_changed=True)

    def _reload_filters(self) -> None:
        for combo, rows, everything in (
            (self.category_filter, catalog.categories(), self.tr("All categories")),
            (self.location_filter, catalog.locations(), self.tr("All locations")),
        ):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(everything, ALL)
            for row in rows:
                combo.addItem(row.name, row.name)
            index = combo.findData(current)
            combo.setCurrentIndex(index if index >= 0 else 0)
            combo.blockSignals(False)
            # The open list is as wide as its longest name, even when the box is narrower.
            combo.view().setMinimumWidth(combo.view().sizeHintForColumn(0) + 24)

    def _after_first_paint(self) -> None:
        self._fill_filters_if_due()
        self.model.defer_search_keys = False
        self.model.search_keys()  # ready before the first keystroke
        self.first_painted.emit()

    def _fill_filters_if_due(self) -> None:
        if self._filters_due:
            self._filters_due = False
            self._reload_filters()

    def current_filter(self) -> ItemFilter:
        self._fill_filters_if_due()
        return ItemFilter(
            text=self.search.text(),
            category=self.category_filter.currentData() or ALL,
            location=self.location_filter.currentData() or ALL,
            view=View(self.view_filter.currentData() or View.ALL),
        )

    def _filter_changed(self, *_args: object) -> None:
        selected = self.current_item_id()
        self.model.set_filter(self.current_filter())
        self._after_reset(selected)
        if self.current_item_id() != selected:
            self.panel.show_item(self.current_item_id())
            self.current_item_changed.emit(self.current_item_id())

    def _after_reset(self, selected: int | None) -> None:
        total, shown = len(self.model.all_rows), self.model.rowCount()
        if shown == total:
            self.count_label.setText(counted(total, self.tr("item")))
        else:
            self.count_label.setText(self.tr("{s} of {n}").format(s=shown, n=counted(total, self.tr("item"))))
        if selected is not None:
            self.select_item(selected, scroll=False)

    def set_view(self, view: View) -> None:
        self._fill_filters_if_due()
        self.view_filter.setCurrentIndex(self.view_filter.findData(str(view)))

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt's name
        if not self._painted and event.type() == QEvent.Type.Paint and watched is self.table.viewport():
            self._painted = True
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self, self._after_first_paint)
            return False
        if (
            watched is self.search
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and self.model.rowCount()
        ):
            self.focus_results()
            return True
        return super().eventFilter(watched, event)

    def focus_results(self) -> None:
        """The table gets the keyboard, with a row selected (the first when none was)."""
        self.table.setFocus()
        if self.current_row() is None:
            self.table.selectRow(0)

    # ---------------------------------------------------------------- selection

    def current_item_id(self) -> int | None:
        row = self.current_row()
        return row.id if row else None

    def current_row(self) -> ItemRow | None:
        return selected_row(self.table, self.model)

    def select_item(self, item_id: int, scroll: bool = True) -> bool:
        return select_row_id(self.table, self.model, item_id, scroll)

    def _current_changed(self, *_args: object) -> None:
        item_id = self.current_item_id()
        self.panel.show_item(item_id)
        self.current_item_changed.emit(item_id)

    def _activate(self, *_args: object) -> None:
        item_id = self.current_item_id()
        if item_id is not None:
            self.activated.emit(item_id)

    def _context_menu(self, pos: object) -> None:
        index = self.table.indexAt(pos)  # type: ignore[arg-type]
        if not index.isValid():
            return
        self.table.selectRow(index.row())
        menu = QMenu(self)
        for action in self.context_actions:
            if action is None:
                menu.addSeparator()
            else:
                menu.addAction(action)
        menu.exec(self.table.viewport().mapToGlobal(pos))  # type: ignore[arg-type]
