"""A small manager for categories or storage locations: list, add, rename, archive, restore.

Two of them sit on the Settings page; each change is saved at once through the
core (a duplicate name is refused in the dialog) and announced with `changed`.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QGroupBox, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from inventory_app.core.catalog import items as catalog
from inventory_app.core.types import NamedRow
from inventory_app.ui.catalog.name_dialog import Kind, NameDialog
from inventory_app.ui.catalog.named_table import CategoryTableModel, NamedTableModel
from inventory_app.ui.common import prompts
from inventory_app.ui.common.forms import hint_label
from inventory_app.ui.common.icons import icon
from inventory_app.ui.common.table_selection import on_selection_changed, select_row_id, selected_row
from inventory_app.ui.events import AppEvents
from inventory_app.ui.inventory.item_panel import make_table
from inventory_app.ui.operations import Operation


class NamedManager(QGroupBox):
    """List, add, rename, archive and restore categories or storage locations."""

    def __init__(
        self, kind: Kind, title: str, hint: str, events: AppEvents, parent: QWidget | None = None
    ) -> None:
        super().__init__(title, parent)
        self.kind = kind
        self.events = events
        self.default_days = 60
        layout = QVBoxLayout(self)
        layout.addWidget(hint_label(hint))
        self.model = CategoryTableModel(self) if kind is Kind.CATEGORY else NamedTableModel(self)
        self.table = make_table(self.model)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setMinimumHeight(150)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, header.ResizeMode.Stretch)
        for column in range(1, self.model.columnCount()):
            self.table.setColumnWidth(column, 110 if column < self.model.columnCount() - 1 else 60)
        on_selection_changed(self.table, self._update_buttons)
        self.table.doubleClicked.connect(lambda *_a: self.rename())
        layout.addWidget(self.table, 1)

        row = QHBoxLayout()
        layout.addLayout(row)
        self.add_button = QPushButton(icon("add"), self.tr("Add…"))
        self.add_button.clicked.connect(self.add)
        self.rename_button = QPushButton(
            icon("edit"), self.tr("Edit…") if kind is Kind.CATEGORY else self.tr("Rename…")
        )
        self.rename_button.clicked.connect(self.rename)
        self.archive_button = QPushButton(icon("archive"), self.tr("Archive"))
        self.archive_button.clicked.connect(self.archive)
        self.restore_button = QPushButton(icon("reverse"), self.tr("Restore"))
        self.restore_button.clicked.connect(self.restore)
        self.restore_button.hide()
        self.show_archived = QCheckBox(self.tr("Show archived"))
        self.show_archived.toggled.connect(self._show_archived_toggled)
        for button in (self.add_button, self.rename_button, self.archive_button, self.restore_button):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.show_archived)
        self._update_buttons()

    # ---- data
    def refresh(self) -> None:
        selected = self.current_id()
        load = catalog.categories if self.kind is Kind.CATEGORY else catalog.locations
        self.model.set_rows(load(include_archived=self.show_archived.isChecked()))
        if selected is not None:
            self.select(selected)
        self._update_buttons()

    def _show_archived_toggled(self, checked: bool) -> None:
        self.restore_button.setVisible(checked)
        self.refresh()

    # ---- selection
    def current_row(self) -> NamedRow | None:
        return selected_row(self.table, self.model)

    def current_id(self) -> int | None:
        row = self.current_row()
        return row.id if row else None

    def select(self, row_id: int) -> bool:
        if not select_row_id(self.table, self.model, row_id):
            return False
        return True

    def row_named(self, name: str) -> NamedRow | None:
        return next((r for r in self.model.rows() if r.name == name), None)

    def _update_buttons(self, *_args: object) -> None:
        row = self.current_row()
        self.rename_button.setEnabled(row is not None)
        self.archive_button.setEnabled(row is not None and row.active)
        self.restore_button.setEnabled(row is not None and not row.active)

    # ---- doing
    def add(self) -> None:
        self._ask(None)

    def rename(self) -> None:
        row = self.current_row()
        if row is not None:
            self._ask(row)

    def _ask(self, row: NamedRow | None) -> None:
        """The name dialog, which saves on OK."""
        op = Operation(
            self, self.events, lambda: NameDialog.ask(self, self.kind, row, self.default_days), initiator=self
        )
        if op.run_dialog() and op.result is not None:
            self._changed(op.result.id)

    def archive(self) -> None:
        row = self.current_row()
        if row is None or not row.active:
            return
        what = self.tr("category") if self.kind is Kind.CATEGORY else self.tr("storage location")
        text = self.tr("Archive the {what} “{name}”?\n\nIt will no longer be offered for items.").format(
            what=what, name=row.name
        )
        if row.item_count:
            text += " " + self.tr("The {n} active items in it keep it.").format(n=row.item_count)
        if not prompts.confirm(
            self, self.tr("Archive {what}").format(what=what), text, yes=self.tr("Archive")
        ):
            return
        self._set_active(row, False)

    def restore(self) -> None:
        row = self.current_row()
        if row is not None and not row.active:
            self._set_active(row, True)

    def _set_active(self, row: NamedRow, active: bool) -> None:
        set_active = (
            catalog.set_category_active if self.kind is Kind.CATEGORY else catalog.set_location_active
        )
        if Operation(
            self,
            self.events,
            lambda: set_active(row.id, active),
            refused=self.tr("Not changed"),
            initiator=self,
        ).run():
            self._changed(row.id)

    def _changed(self, row_id: int) -> None:
        self.refresh()
        self.select(row_id)
