"""The archived items, to put one back in use: archiving hides an item from every list, so this
is the one place where it can be found again.

A click selects an item; "Put back in use" (the default, so Enter) or a double-click chooses it.
The dialog only chooses; the caller puts the item back and tells the window."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from inventory_app.core.stock import queries as stock_queries
from inventory_app.core.types import ItemRow
from inventory_app.ui.common.forms import hint_label
from inventory_app.ui.common.table_selection import on_selection_changed, selected_row
from inventory_app.ui.common.tables import Column, RowTableModel, text_key


def _tr(text: str) -> str:
    return QCoreApplication.translate("ArchivedItemsModel", text)


class ArchivedItemsModel(RowTableModel[ItemRow]):
    """SKU, name, unit and what is still on hand of each archived item."""

    SKU, NAME, UNIT, ON_HAND = range(4)
    columns = (
        Column(_tr("SKU"), lambda r: r.sku, lambda r: r.sku.casefold()),
        Column(_tr("Name"), lambda r: r.name, lambda r: text_key(r.name)),
        Column(_tr("Unit"), lambda r: r.unit, lambda r: text_key(r.unit)),
        Column(_tr("On hand"), lambda r: str(r.on_hand), lambda r: r.on_hand, numeric=True),
    )


class ArchivedItemsDialog(QDialog):
    def __init__(self, rows: Sequence[ItemRow], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Archived items"))
        self.setMinimumSize(520, 360)
        layout = QVBoxLayout(self)
        layout.addWidget(
            hint_label(
                self.tr(
                    "Archived items are hidden from the inventory and from reordering. "
                    "Pick one and put it back in use; its history was kept."
                )
            )
        )
        self.model = ArchivedItemsModel(self)
        self.model.set_rows(rows)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(ArchivedItemsModel.NAME, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _index: self.put_back())
        layout.addWidget(self.table, 1)
        self.empty_label = QLabel(self.tr("No archived items."))
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.empty_label, 1)
        self.table.setVisible(bool(rows))
        self.empty_label.setVisible(not rows)
        # Parented at once, so "Put back in use" is the dialog's default: Enter presses it, also
        # from the table (which passes Enter on).
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.put_back_button = buttons.addButton(
            self.tr("&Put back in use"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.put_back_button.setDefault(True)
        self.put_back_button.clicked.connect(self.put_back)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        on_selection_changed(self.table, self._update_button)
        self._update_button()
        self.table.setFocus()

    def chosen(self) -> ItemRow | None:
        return selected_row(self.table, self.model)

    def _update_button(self) -> None:
        self.put_back_button.setEnabled(self.chosen() is not None)

    def put_back(self) -> None:
        if self.chosen() is not None:
            self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None = None) -> ItemRow | None:
        """The archived item chosen to be put back in use, or None."""
        dialog = cls(stock_queries.archived_items(), parent)
        try:
            return dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()
