"""Add or edit a supplier. The core's refusal is shown right under the field it names.

The second tab holds the supplier's own layout for Excel order sheets; details and
layout are saved together, in one transaction.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from inventory_app.core.catalog import items as catalog
from inventory_app.core.catalog import order_layout
from inventory_app.core.types import SupplierInput, SupplierRow
from inventory_app.errors import InventoryError, ValidationError
from inventory_app.ui.catalog.order_layout_editor import OrderLayoutEditor
from inventory_app.ui.common.forms import align_labels, error_label

MAX_LEAD_TIME = 365  # the core refuses more


class SupplierDialog(QDialog):
    def __init__(self, supplier: SupplierRow | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.supplier = supplier
        self.saved: SupplierRow | None = None
        self.setWindowTitle(self.tr("Edit supplier") if supplier else self.tr("Add a supplier"))
        self.setMinimumWidth(560)
        self.errors: dict[str, QLabel] = {}
        self.fields: dict[str, QWidget] = {}

        outer = QVBoxLayout(self)
        self.tabs = QTabWidget()
        outer.addWidget(self.tabs)
        self.details_tab = QWidget()
        self.tabs.addTab(self.details_tab, self.tr("&Details"))
        layout = QVBoxLayout(self.details_tab)
        who = QGroupBox(self.tr("Supplier"))
        who_form = QFormLayout(who)
        layout.addWidget(who)
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("e.g. Northgate Medical Supply"))
        self.contact = QLineEdit()
        self.contact.setPlaceholderText(self.tr("The person you order from"))
        self.phone = QLineEdit()
        self.email = QLineEdit()
        self.email.setPlaceholderText(self.tr("e.g. orders@supplier.com"))
        self.address = QPlainTextEdit()
        self.address.setTabChangesFocus(True)
        self.address.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 14)
        self.address.setPlaceholderText(self.tr("Street, city, postal code"))
        self._row(who_form, "name", self.tr("&Name:"), self.name)
        self._row(who_form, "contact", self.tr("&Contact:"), self.contact)
        self._row(who_form, "phone", self.tr("&Phone:"), self.phone)
        self._row(who_form, "email", self.tr("&E-mail:"), self.email)
        self._row(who_form, "address", self.tr("A&ddress:"), self.address)

        ordering = QGroupBox(self.tr("Ordering"))
        ordering_form = QFormLayout(ordering)
        layout.addWidget(ordering)
        self.account_number = QLineEdit()
        self.account_number.setPlaceholderText(self.tr("Our account number with them"))
        self.account_number.setToolTip(self.tr("Printed on purchase orders so they know who we are"))
        self.lead_time = QSpinBox()
        self.lead_time.setRange(0, MAX_LEAD_TIME)
        self.lead_time.setValue(7)
        self.lead_time.setSuffix(self.tr(" days"))
        self.lead_time.setToolTip(self.tr("Usual days from ordering to delivery"))
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 14)
        self.notes.setPlaceholderText(self.tr("Order cut-off times, minimum order, portal address…"))
        self._row(ordering_form, "account_number", self.tr("&Account number:"), self.account_number)
        self._row(ordering_form, "lead_time_days", self.tr("&Lead time:"), self.lead_time)
        self._row(ordering_form, "notes", self.tr("N&otes:"), self.notes)

        align_labels([who_form, ordering_form])
        layout.addStretch(1)
        self.layout_editor = OrderLayoutEditor()
        self.tabs.addTab(self.layout_editor, self.tr("Order &spreadsheet"))
        self.general_error = error_label()
        outer.addWidget(self.general_error)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.cancel_button = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        outer.addWidget(buttons)

        if supplier is not None:
            self._load(supplier)
        self.name.setFocus()

    # ---------------------------------------------------------------- building

    def _row(self, form: QFormLayout, field: str, label: str, widget: QWidget) -> None:
        holder = QWidget()
        box = QVBoxLayout(holder)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        box.addWidget(widget)
        error = error_label()
        box.addWidget(error)
        form.addRow(label, holder)
        form.labelForField(holder).setBuddy(widget)  # type: ignore[union-attr]
        self.errors[field] = error
        self.fields[field] = widget
        for signal_name in ("textChanged", "valueChanged"):
            signal = getattr(widget, signal_name, None)
            if signal is not None:
                signal.connect(lambda *_a, f=field: self._clear_error(f))

    def _load(self, supplier: SupplierRow) -> None:
        self.name.setText(supplier.name)
        self.contact.setText(supplier.contact)
        self.phone.setText(supplier.phone)
        self.email.setText(supplier.email)
        self.address.setPlainText(supplier.address)
        self.account_number.setText(supplier.account_number)
        self.lead_time.setValue(min(max(supplier.lead_time_days, 0), MAX_LEAD_TIME))
        self.notes.setPlainText(supplier.notes)
        self.layout_editor.set_order_layout(order_layout.supplier_layout(supplier.id))

    # ---------------------------------------------------------------- validating and saving

    def _clear_error(self, field: str) -> None:
        label = self.errors.get(field)
        if label is not None:
            label.hide()

    def show_error(self, problem: ValidationError) -> None:
        for label in self.errors.values():
            label.hide()
        self.general_error.hide()
        if problem.field == order_layout.FIELD:
            self.tabs.setCurrentWidget(self.layout_editor)
            self.layout_editor.show_error(str(problem))
            return
        label = self.errors.get(problem.field)
        if label is None:
            self.general_error.setText(str(problem))
            self.general_error.show()
            return
        self.tabs.setCurrentWidget(self.details_tab)
        label.setText(str(problem))
        label.show()
        self.fields[problem.field].setFocus()

    def collect(self) -> SupplierInput:
        return SupplierInput(
            name=self.name.text(),
            account_number=self.account_number.text(),
            contact=self.contact.text(),
            phone=self.phone.text(),
            email=self.email.text(),
            address=self.address.toPlainText(),
            lead_time_days=self.lead_time.value(),
            notes=self.notes.toPlainText(),
        )

    def submit(self) -> None:
        supplier_id = self.supplier.id if self.supplier else None
        try:
            self.saved = order_layout.save_supplier_with_layout(
                self.collect(), self.layout_editor.order_layout(), supplier_id
            )
        except ValidationError as exc:
            self.show_error(exc)
            return
        except InventoryError as exc:
            self.general_error.setText(str(exc))
            self.general_error.show()
            return
        self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None, supplier_id: int | None = None) -> SupplierRow | None:
        """Add (supplier_id None) or edit a supplier; the saved supplier, or None when cancelled."""
        supplier = catalog.supplier(supplier_id) if supplier_id is not None else None
        dialog = cls(supplier, parent)
        try:
            return dialog.saved if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()
