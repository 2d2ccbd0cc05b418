"""The columns of a supplier's order spreadsheet: which, in what order, under what titles.

Many suppliers take bulk orders as an uploaded spreadsheet in their own layout.
A list of every available column, ticked when it is in the sheet, in sheet order;
Up/Down move the selected column, the field under the list renames it. The core
(`core.catalog.order_layout`) checks the result when the supplier is saved.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from inventory_app.core.catalog.order_layout import (
    AVAILABLE_COLUMNS,
    COLUMN_HINTS,
    STANDARD_LAYOUT,
    LayoutColumn,
    OrderLayout,
    describe_layout,
    unused_columns,
)
from inventory_app.ui.common.forms import error_label, hint_label

KEY_ROLE = Qt.ItemDataRole.UserRole
TITLE_ROLE = Qt.ItemDataRole.UserRole + 1


class OrderLayoutEditor(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addWidget(
            hint_label(
                self.tr(
                    "The columns of this supplier's Excel order sheets. Tick the columns the supplier "
                    "wants, put them in their order and give them the supplier's titles. "
                    "PDF order forms always use the standard layout."
                )
            )
        )
        row = QHBoxLayout()
        layout.addLayout(row)
        self.columns = QListWidget()
        self.columns.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.columns.setMinimumHeight(self.fontMetrics().lineSpacing() * 9)
        row.addWidget(self.columns, 1)
        buttons = QVBoxLayout()
        row.addLayout(buttons)
        self.up_button = QPushButton(self.tr("Move &up"))
        self.down_button = QPushButton(self.tr("Move do&wn"))
        self.standard_button = QPushButton(self.tr("S&tandard layout"))
        self.standard_button.setToolTip(self.tr("All standard columns, in the standard order and titles"))
        for button in (self.up_button, self.down_button, self.standard_button):
            buttons.addWidget(button)
        buttons.addStretch(1)

        title_row = QHBoxLayout()
        layout.addLayout(title_row)
        title_label = QLabel(self.tr("Column &title:"))
        self.title_edit = QLineEdit()
        title_label.setBuddy(self.title_edit)
        title_row.addWidget(title_label)
        title_row.addWidget(self.title_edit, 1)
        self.table_only = QCheckBox(
            self.tr("Only the table (no header block or total), for upload to their web shop")
        )
        layout.addWidget(self.table_only)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.summary)
        self.error = error_label()
        layout.addWidget(self.error)

        self.up_button.clicked.connect(lambda: self._move(-1))
        self.down_button.clicked.connect(lambda: self._move(1))
        self.standard_button.clicked.connect(lambda: self.set_order_layout(STANDARD_LAYOUT))
        self.columns.currentItemChanged.connect(self._show_current)
        self.columns.itemChanged.connect(lambda _item: self._changed())
        self.title_edit.textEdited.connect(self._rename)
        self.table_only.toggled.connect(lambda _on: self._changed())
        self.set_order_layout(STANDARD_LAYOUT)

    # ---------------------------------------------------------------- values

    def set_order_layout(self, layout: OrderLayout) -> None:
        self.columns.blockSignals(True)
        self.columns.clear()
        for column in layout.columns:
            self._add(column, True)
        for column in unused_columns(layout):
            self._add(column, False)
        self.columns.blockSignals(False)
        self.table_only.blockSignals(True)
        self.table_only.setChecked(layout.table_only)
        self.table_only.blockSignals(False)
        self.columns.setCurrentRow(0)
        self._show_current()
        self._changed()

    def order_layout(self) -> OrderLayout:
        """The layout as shown (not yet checked: the core does that when saving)."""
        columns = []
        for row in range(self.columns.count()):
            item = self.columns.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                columns.append(LayoutColumn(item.data(KEY_ROLE), item.data(TITLE_ROLE)))
        return OrderLayout(tuple(columns), self.table_only.isChecked())

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    # ---------------------------------------------------------------- building and editing

    def _add(self, column: LayoutColumn, used: bool) -> None:
        item = QListWidgetItem()
        item.setData(KEY_ROLE, column.key)
        item.setData(TITLE_ROLE, column.title)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if used else Qt.CheckState.Unchecked)
        item.setToolTip(COLUMN_HINTS.get(column.key, ""))
        self._label(item)
        self.columns.addItem(item)

    def _label(self, item: QListWidgetItem) -> None:
        key, title = item.data(KEY_ROLE), item.data(TITLE_ROLE)
        standard = AVAILABLE_COLUMNS[key]
        shown = title.strip() or standard
        item.setText(shown if shown == standard else f"{shown}  ({standard})")

    def _move(self, step: int) -> None:
        row = self.columns.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.columns.count():
            return
        item = self.columns.takeItem(row)
        self.columns.insertItem(target, item)
        self.columns.setCurrentRow(target)
        self._changed()

    def _show_current(self, *_args: object) -> None:
        item = self.columns.currentItem()
        row = self.columns.currentRow()
        self.title_edit.setEnabled(item is not None)
        self.up_button.setEnabled(row > 0)
        self.down_button.setEnabled(0 <= row < self.columns.count() - 1)
        if item is None:
            self.title_edit.clear()
            return
        self.title_edit.setText(item.data(TITLE_ROLE))
        self.title_edit.setPlaceholderText(AVAILABLE_COLUMNS[item.data(KEY_ROLE)])

    def _rename(self, text: str) -> None:
        item = self.columns.currentItem()
        if item is None:
            return
        self.columns.blockSignals(True)
        item.setData(TITLE_ROLE, text)
        self._label(item)
        self.columns.blockSignals(False)
        self._changed()

    def _changed(self) -> None:
        self.error.hide()
        self.summary.setText(self.tr("Sheet columns: ") + describe_layout(self.order_layout()))
        self._show_buttons()
        self.changed.emit()

    def _show_buttons(self) -> None:
        row = self.columns.currentRow()
        self.up_button.setEnabled(row > 0)
        self.down_button.setEnabled(0 <= row < self.columns.count() - 1)
