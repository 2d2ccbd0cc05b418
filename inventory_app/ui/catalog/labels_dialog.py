"""Choosing items and a sheet layout for barcode labels, then saving them as a PDF or
printing them (Print…, Ctrl+P)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from inventory_app.core.stock import queries as stock_queries
from inventory_app.documents.label_layouts import DEFAULT_LAYOUT, LAYOUTS


@dataclass(frozen=True)
class LabelChoice:
    item_ids: list[int]
    layout: str
    copies: int
    to_printer: bool = False  # print them now, rather than save the PDF


class LabelsDialog(QDialog):
    def __init__(self, chosen: list[int], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Print labels"))
        self.setMinimumSize(560, 520)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(self.tr("Filter by name or SKU"))
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._filter)
        self.items = QListWidget()
        for row in sorted(stock_queries.list_items(), key=lambda r: r.name.casefold()):
            entry = QListWidgetItem(f"{row.name} · {row.sku}")
            entry.setData(Qt.ItemDataRole.UserRole, row.id)
            entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            entry.setCheckState(Qt.CheckState.Checked if row.id in chosen else Qt.CheckState.Unchecked)
            self.items.addItem(entry)
        self.layout_choice = QComboBox()
        for name, layout in LAYOUTS.items():
            self.layout_choice.addItem(f"{layout.description}", name)
        self.layout_choice.setCurrentIndex(max(self.layout_choice.findData(DEFAULT_LAYOUT), 0))
        self.copies = QSpinBox()
        self.copies.setRange(1, 100)
        self.error = QLabel()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Save labels…"))
        self.print_button = QPushButton(self.tr("Print…"))
        self.print_button.setToolTip(self.tr("Print the labels on a printer you choose (Ctrl+P)"))
        self.print_button.setShortcut(QKeySequence.StandardKey.Print)
        self.print_button.setAutoDefault(False)
        self.print_button.clicked.connect(lambda: self.submit(to_printer=True))
        self.buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("Sheet:"), self.layout_choice)
        form.addRow(self.tr("Copies of each:"), self.copies)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Tick the items to print labels for:")))
        layout.addWidget(self.filter)
        layout.addWidget(self.items, 1)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.choice: LabelChoice | None = None

    def _filter(self, text: str) -> None:
        needle = text.strip().casefold()
        for i in range(self.items.count()):
            entry = self.items.item(i)
            entry.setHidden(bool(needle) and needle not in entry.text().casefold())

    def checked_ids(self) -> list[int]:
        return [
            self.items.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.items.count())
            if self.items.item(i).checkState() == Qt.CheckState.Checked
        ]

    def submit(self, to_printer: bool = False) -> None:
        ids = self.checked_ids()
        if not ids:
            self.error.setText(self.tr("Tick at least one item."))
            return
        self.choice = LabelChoice(ids, self.layout_choice.currentData(), self.copies.value(), to_printer)
        self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None, chosen: list[int]) -> LabelChoice | None:
        dialog = cls(chosen, parent)
        try:
            return dialog.choice if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()
