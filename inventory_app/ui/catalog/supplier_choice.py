"""Choose one of the active suppliers: to assign it to an item, or to start an empty order."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from inventory_app.core.catalog import items as catalog
from inventory_app.core.types import SupplierRow
from inventory_app.ui.common.forms import hint_label


class SupplierChoiceDialog(QDialog):
    def __init__(
        self,
        title: str,
        heading: str,
        hint: str,
        button: str,
        suppliers: list[SupplierRow],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        label = QLabel(f"<b>{escape(heading)}</b>")
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setWordWrap(True)
        layout.addWidget(label)
        if hint:
            layout.addWidget(hint_label(hint))
        form = QFormLayout()
        layout.addLayout(form)
        self.supplier = QComboBox()
        self.supplier.setMinimumContentsLength(28)
        for row in suppliers:
            days = self.tr("{n} days").format(n=row.lead_time_days)
            self.supplier.addItem(f"{row.name}  ({days})", row.id)
        form.addRow(self.tr("&Supplier:"), self.supplier)
        # Parented at once: a default button set on a box without its dialog is not the
        # dialog's default, and Enter would press the first auto-default button (Cancel).
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button = buttons.addButton(button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setDefault(True)
        self.ok_button.setEnabled(bool(suppliers))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def chosen(self) -> int | None:
        value = self.supplier.currentData()
        return int(value) if value is not None else None

    @classmethod
    def ask(
        cls, parent: QWidget | None, title: str, heading: str, hint: str = "", button: str = "OK"
    ) -> int | None:
        """The chosen supplier's id, or None when cancelled."""
        dialog = cls(title, heading, hint, button, catalog.suppliers(), parent)
        try:
            if dialog.exec() == QDialog.DialogCode.Accepted:
                return dialog.chosen()
            return None
        finally:
            dialog.deleteLater()
