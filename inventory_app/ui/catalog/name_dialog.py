"""Add or rename a category or a storage location (a category also has its own
expiry warning window). A duplicate name is refused under the name field."""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from inventory_app.core.catalog import items as catalog
from inventory_app.core.types import NamedRow
from inventory_app.errors import InventoryError, ValidationError
from inventory_app.ui.common.forms import error_label

OFFICE_DEFAULT = -1
MAX_WARNING_DAYS = 3650


class Kind(StrEnum):
    CATEGORY = "category"
    LOCATION = "location"


class NameDialog(QDialog):
    def __init__(
        self, kind: Kind, row: NamedRow | None = None, default_days: int = 60, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.kind = kind
        self.row = row
        self.saved: NamedRow | None = None
        titles = {
            (Kind.CATEGORY, False): self.tr("Add a category"),
            (Kind.CATEGORY, True): self.tr("Edit category"),
            (Kind.LOCATION, False): self.tr("Add a storage location"),
            (Kind.LOCATION, True): self.tr("Rename storage location"),
        }
        self.setWindowTitle(titles[kind, row is not None])
        self.setMinimumWidth(420)
        self.errors: dict[str, QLabel] = {}
        self.fields: dict[str, QWidget] = {}

        layout = QVBoxLayout(self)
        form = QFormLayout()
        layout.addLayout(form)
        self.name = QLineEdit()
        self.name.setPlaceholderText(
            self.tr("e.g. Wound care") if kind is Kind.CATEGORY else self.tr("e.g. Exam room 2, cabinet B")
        )
        self._row(form, "name", self.tr("&Name:"), self.name)
        self.warning_days: QSpinBox | None = None
        if kind is Kind.CATEGORY:
            self.warning_days = QSpinBox()
            self.warning_days.setRange(OFFICE_DEFAULT, MAX_WARNING_DAYS)
            self.warning_days.setSuffix(self.tr(" days"))
            self.warning_days.setSpecialValueText(self.tr("Office default ({n} days)").format(n=default_days))
            self.warning_days.setValue(OFFICE_DEFAULT)
            self.warning_days.setToolTip(
                self.tr("How long before expiry lots of this category count as expiring")
            )
            self._row(form, "expiry_warning_days", self.tr("&Expiry warning:"), self.warning_days)

        self.general_error = error_label()
        layout.addWidget(self.general_error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        if row is not None:
            self.name.setText(row.name)
            if self.warning_days is not None and row.expiry_warning_days is not None:
                self.warning_days.setValue(min(row.expiry_warning_days, MAX_WARNING_DAYS))
        self.name.setFocus()
        self.name.selectAll()

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
        signal = getattr(widget, "textChanged", None) or getattr(widget, "valueChanged", None)
        if signal is not None:
            signal.connect(lambda *_a: error.hide())

    def show_error(self, problem: InventoryError) -> None:
        for label in self.errors.values():
            label.hide()
        self.general_error.hide()
        field = problem.field if isinstance(problem, ValidationError) else ""
        label = self.errors.get(field, self.general_error)
        label.setText(str(problem))
        label.show()
        if field in self.fields:
            self.fields[field].setFocus()

    def submit(self) -> None:
        row_id = self.row.id if self.row else None
        try:
            if self.kind is Kind.CATEGORY:
                assert self.warning_days is not None
                days = self.warning_days.value()
                self.saved = catalog.save_category(
                    self.name.text(), row_id, None if days == OFFICE_DEFAULT else days
                )
            else:
                self.saved = catalog.save_location(self.name.text(), row_id)
        except InventoryError as exc:
            self.show_error(exc)
            return
        self.accept()

    @classmethod
    def ask(
        cls, parent: QWidget | None, kind: Kind, row: NamedRow | None = None, default_days: int = 60
    ) -> NamedRow | None:
        """Add (row None) or change a category or location; the saved row, or None when cancelled."""
        dialog = cls(kind, row, default_days, parent)
        try:
            return dialog.saved if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()
