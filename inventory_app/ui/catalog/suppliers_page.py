"""Suppliers: who the office buys from, how to reach them, and our account with them.

A table (searchable by name or contact) above the chosen supplier's full
details; archiving hides a supplier without touching its items.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from inventory_app.core.catalog import items as catalog
from inventory_app.core.types import SupplierRow
from inventory_app.ui.catalog.supplier_dialog import SupplierDialog
from inventory_app.ui.catalog.supplier_table import SupplierTableModel
from inventory_app.ui.common import prompts
from inventory_app.ui.common.icons import icon
from inventory_app.ui.common.table_selection import (
    enter_opens,
    on_selection_changed,
    select_row_id,
    selected_row,
)
from inventory_app.ui.events import AppEvents
from inventory_app.ui.inventory.item_panel import make_table
from inventory_app.ui.operations import Operation


def _lines(text: str) -> str:
    return escape(text).replace("\n", "<br>")


def _facts(facts: list[tuple[str, str]]) -> str:
    """A small two-column table of label and (already escaped) value; empty values left out."""
    rows = "".join(
        f"<tr><td style='color:gray;padding-right:12px;padding-bottom:3px' valign='top' nowrap>"
        f"{escape(label)}</td><td style='padding-bottom:3px' valign='top'>{value}</td></tr>"
        for label, value in facts
        if value
    )
    return f"<table cellspacing='0' cellpadding='0'>{rows}</table>" if rows else ""


class SuppliersPage(QWidget):
    SHOWS = ("catalog",)  # suppliers and their item counts: not stock (core.changes)

    def __init__(self, events: AppEvents, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.events = events

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        bar = QHBoxLayout()
        layout.addLayout(bar)
        self.add_button = QPushButton(icon("add"), self.tr("&Add supplier…"))
        self.add_button.clicked.connect(self.add_supplier)
        self.edit_button = QPushButton(icon("edit"), self.tr("&Edit…"))
        self.edit_button.setToolTip(self.tr("Edit the selected supplier (Enter or double-click)"))
        self.edit_button.clicked.connect(self.edit_supplier)
        self.archive_button = QPushButton(icon("archive"), self.tr("Arc&hive"))
        self.archive_button.setToolTip(self.tr("Hide the supplier from lists; its items keep it"))
        self.archive_button.clicked.connect(self.archive_supplier)
        self.restore_button = QPushButton(icon("reverse"), self.tr("&Restore"))
        self.restore_button.setToolTip(self.tr("Make the archived supplier active again"))
        self.restore_button.clicked.connect(self.restore_supplier)
        for button in (self.add_button, self.edit_button, self.archive_button, self.restore_button):
            bar.addWidget(button)
        bar.addStretch(1)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search name or contact"))
        self.search.setClearButtonEnabled(True)
        self.search.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.search.setMinimumWidth(240)
        self.search.textChanged.connect(self._filter_changed)
        bar.addWidget(self.search, 1)
        self.show_archived = QCheckBox(self.tr("Show archi&ved"))
        self.show_archived.toggled.connect(self._show_archived_toggled)
        bar.addWidget(self.show_archived)
        self.count_label = QLabel()
        self.count_label.setMinimumWidth(110)
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        bar.addWidget(self.count_label)

        self.model = SupplierTableModel(self)
        self.table = make_table(self.model)
        self.table.sortByColumn(SupplierTableModel.NAME, Qt.SortOrder.AscendingOrder)
        for column, width in (
            (SupplierTableModel.NAME, 240),
            (SupplierTableModel.CONTACT, 140),
            (SupplierTableModel.PHONE, 120),
            (SupplierTableModel.EMAIL, 300),
            (SupplierTableModel.ACCOUNT, 110),
            (SupplierTableModel.LEAD_TIME, 80),
        ):
            self.table.setColumnWidth(column, width)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(SupplierTableModel.EMAIL, header.ResizeMode.Stretch)
        self.table.setColumnWidth(SupplierTableModel.ITEMS, 64)
        on_selection_changed(self.table, self._current_changed)
        self.table.doubleClicked.connect(lambda *_a: self.edit_supplier())
        enter_opens(self.table, lambda: self.current_supplier() is not None, self.edit_supplier)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)

        self.details = QLabel()
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setWordWrap(True)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.details.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.LinksAccessibleByMouse
        )
        self.details.setOpenExternalLinks(True)
        self.details.setContentsMargins(12, 8, 12, 8)
        details_frame = QFrame()
        details_frame.setFrameShape(QFrame.Shape.StyledPanel)
        details_box = QVBoxLayout(details_frame)
        details_box.setContentsMargins(0, 0, 0, 0)
        details_box.addWidget(self.details)
        details_box.addStretch(1)

        details_frame.setMinimumHeight(120)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(details_frame)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([560, 140])
        layout.addWidget(self.splitter, 1)

        self.restore_button.hide()
        self._current_changed()

    # ---------------------------------------------------------------- data

    def refresh(self) -> None:
        """Reload from the database, keeping the selection."""
        selected = self.current_supplier_id()
        self.model.set_rows(catalog.suppliers(include_archived=self.show_archived.isChecked()))
        self._after_reset(selected)

    def _after_reset(self, selected: int | None) -> None:
        total, shown = len(self.model.all_rows), self.model.rowCount()
        if shown == total:
            self.count_label.setText(
                self.tr("1 supplier") if total == 1 else self.tr("{n} suppliers").format(n=total)
            )
        else:
            self.count_label.setText(self.tr("{s} of {n} suppliers").format(s=shown, n=total))
        if selected is None or not self.select_supplier(selected):
            self._current_changed()

    def _filter_changed(self, text: str) -> None:
        selected = self.current_supplier_id()
        self.model.set_filter(text)
        self._after_reset(selected)

    def _show_archived_toggled(self, checked: bool) -> None:
        self.restore_button.setVisible(checked)
        self.refresh()

    # ---------------------------------------------------------------- selection

    def current_supplier(self) -> SupplierRow | None:
        return selected_row(self.table, self.model)

    def current_supplier_id(self) -> int | None:
        row = self.current_supplier()
        return row.id if row else None

    def select_supplier(self, supplier_id: int) -> bool:
        if not select_row_id(self.table, self.model, supplier_id):
            return False
        self._current_changed()
        return True

    def _current_changed(self, *_args: object) -> None:
        row = self.current_supplier()
        self.edit_button.setEnabled(row is not None)
        self.archive_button.setEnabled(row is not None and row.active)
        self.restore_button.setEnabled(row is not None and not row.active)
        self.details.setText(self._details_html(row))

    def _context_menu(self, pos: QPoint) -> None:
        index = self.table.indexAt(pos)
        if not index.isValid():
            return
        self.table.selectRow(index.row())
        menu = QMenu(self)
        menu.addAction(icon("edit"), self.tr("Edit…"), self.edit_supplier)
        row = self.current_supplier()
        if row is not None and row.active:
            menu.addAction(icon("archive"), self.tr("Archive"), self.archive_supplier)
        elif row is not None:
            menu.addAction(icon("reverse"), self.tr("Restore"), self.restore_supplier)
        menu.exec(self.table.viewport().mapToGlobal(pos))

    # ---------------------------------------------------------------- showing

    def _details_html(self, row: SupplierRow | None) -> str:
        if row is None:
            if not self.model.all_rows:
                text = self.tr(
                    "No suppliers yet. Add the companies you order from: their contact, "
                    "your account number with them and how long deliveries take."
                )
            else:
                text = self.tr("Select a supplier to see its details.")
            return f"<p style='color:gray'>{escape(text)}</p>"
        email = (
            f"<a href='mailto:{escape(row.email, quote=True)}'>{escape(row.email)}</a>" if row.email else ""
        )
        blocks = [
            _facts(
                [
                    (self.tr("Contact"), escape(row.contact)),
                    (self.tr("Phone"), escape(row.phone)),
                    (self.tr("E-mail"), email),
                ]
            ),
            _facts([(self.tr("Address"), _lines(row.address))]),
            _facts(
                [
                    (self.tr("Our account no."), escape(row.account_number)),
                    (self.tr("Lead time"), escape(self._days(row.lead_time_days))),
                    (self.tr("Items"), escape(self._active_items(row.item_count))),
                ]
            ),
            _facts([(self.tr("Notes"), _lines(row.notes))]),
        ]
        cells = "".join(
            f"<td valign='top' style='padding-right:36px'>{block}</td>" for block in blocks if block
        )
        archived = ""
        if not row.active:
            note = escape(self.tr("(archived: hidden from lists)"))
            archived = f" <i style='color:gray;font-weight:normal'>{note}</i>"
        return (
            f"<h3 style='margin-top:0;margin-bottom:6px'>{escape(row.name)}{archived}</h3>"
            f"<table cellspacing='0' cellpadding='0'><tr>{cells}</tr></table>"
        )

    def _days(self, n: int) -> str:
        return self.tr("1 day") if n == 1 else self.tr("{n} days").format(n=n)

    def _active_items(self, n: int) -> str:
        return self.tr("1 active item") if n == 1 else self.tr("{n} active items").format(n=n)

    # ---------------------------------------------------------------- doing

    def add_supplier(self) -> None:
        self._ask(None, self.tr("Not added"), self.tr("Added supplier {name}"))

    def edit_supplier(self) -> None:
        supplier_id = self.current_supplier_id()
        if supplier_id is not None:
            self._ask(supplier_id, self.tr("Cannot edit"), self.tr("Saved supplier {name}"))

    def _ask(self, supplier_id: int | None, refused: str, message: str) -> None:
        """The supplier dialog, which saves on OK; the saved supplier shown selected."""
        op = Operation(
            self, self.events, lambda: SupplierDialog.ask(self, supplier_id), refused=refused, initiator=self
        )
        if not op.run_dialog():
            self.refresh()  # refused: the supplier may be gone
        elif op.result is not None:
            self._saved(op.result, message)

    def _saved(self, saved: SupplierRow, message: str) -> None:
        self.refresh()
        if not self.select_supplier(saved.id) and self.search.text():
            self.search.clear()  # the search hid the supplier just saved
            self.select_supplier(saved.id)
        self.events.status_message.emit(message.format(name=saved.name))

    def archive_supplier(self) -> None:
        row = self.current_supplier()
        if row is None or not row.active:
            return
        text = self.tr("Archive {name}?\n\nIt will be hidden from the supplier lists.").format(name=row.name)
        if row.item_count:
            text += " " + self.tr("It is still the supplier of {items}, and stays so.").format(
                items=self._active_items(row.item_count)
            )
        if not prompts.confirm(self, self.tr("Archive supplier"), text, yes=self.tr("Archive")):
            return
        self._set_active(row, False, self.tr("Archived supplier {name}"))

    def restore_supplier(self) -> None:
        row = self.current_supplier()
        if row is None or row.active:
            return
        self._set_active(row, True, self.tr("Restored supplier {name}"))

    def _set_active(self, row: SupplierRow, active: bool, message: str) -> None:
        if Operation(
            self,
            self.events,
            lambda: catalog.set_supplier_active(row.id, active),
            refused=self.tr("Not changed"),
            initiator=self,
        ).run():
            self.refresh()
            self.events.status_message.emit(message.format(name=row.name))
