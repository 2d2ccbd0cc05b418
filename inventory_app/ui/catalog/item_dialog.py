"""Add or edit an item. Problems are shown next to the field they concern."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from inventory_app.core import validation as v
from inventory_app.core.catalog import items as catalog
from inventory_app.core.types import ItemDetail, ItemInput, NamedRow, SupplierRow
from inventory_app.core.validation import MAX_QUANTITY, exact_money
from inventory_app.errors import InventoryError, ValidationError
from inventory_app.ui.common import theme
from inventory_app.ui.common.plain_text import plain_label

COMMON_UNITS = ("each", "box", "pack", "case", "roll", "ream", "vial", "bottle", "kit", "pair", "tube")
NOT_SET = -1


class ItemDialog(QDialog):
    def __init__(self, item: ItemDetail | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item = item
        self.saved: ItemDetail | None = None
        self.setWindowTitle(self.tr("Edit item") if item else self.tr("Add an item"))
        self.setMinimumWidth(620)
        self.errors: dict[str, QLabel] = {}
        self.fields: dict[str, QWidget] = {}

        layout = QVBoxLayout(self)
        basics = QGroupBox(self.tr("Item"))
        basics_form = QFormLayout(basics)
        layout.addWidget(basics)
        self.sku = QLineEdit()
        self.sku.setPlaceholderText(self.tr("Your own code, e.g. GLV-NIT-M"))
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("e.g. Nitrile exam gloves, medium"))
        keep = item or None
        self.category = self._choice(catalog.categories(True), keep and keep.category_id)
        self.location = self._choice(catalog.locations(True), keep and keep.location_id)
        self.unit = QComboBox()
        self.unit.setEditable(True)
        self.unit.addItems(COMMON_UNITS)
        self.barcode = QLineEdit()
        self.barcode.setPlaceholderText(self.tr("Scan or type (optional)"))
        self.tracks_expiry = QCheckBox(self.tr("Track lots and expiry dates (vaccines, sterile items)"))
        self._row(basics_form, "sku", self.tr("&SKU:"), self.sku)
        self._row(basics_form, "name", self.tr("&Name:"), self.name)
        self._row(basics_form, "category_id", self.tr("&Category:"), self.category)
        self._row(basics_form, "location_id", self.tr("&Location:"), self.location)
        self._row(basics_form, "unit", self.tr("&Unit of issue:"), self.unit)
        self._row(basics_form, "barcode", self.tr("&Barcode:"), self.barcode)
        self._row(basics_form, "tracks_expiry", "", self.tracks_expiry)

        levels = QGroupBox(self.tr("Stock levels"))
        levels_form = QFormLayout(levels)
        layout.addWidget(levels)
        self.reorder_point = QSpinBox()
        self.reorder_point.setRange(-1, MAX_QUANTITY)  # -1 only so the core can refuse it
        self.par_level = QSpinBox()
        self.par_level.setRange(NOT_SET, MAX_QUANTITY)
        self.par_level.setSpecialValueText(self.tr("Not set (order up to twice the reorder point)"))
        self.par_level.setValue(NOT_SET)
        self._row(levels_form, "reorder_point", self.tr("&Reorder point:"), self.reorder_point)
        self._row(levels_form, "par_level", self.tr("&Par level:"), self.par_level)

        buying = QGroupBox(self.tr("Buying"))
        buying_form = QFormLayout(buying)
        layout.addWidget(buying)
        self.supplier = self._choice(catalog.suppliers(True), keep and keep.supplier_id)
        self.supplier_sku = QLineEdit()
        self.purchase_unit = QComboBox()
        self.purchase_unit.setEditable(True)
        self.purchase_unit.addItems(COMMON_UNITS)
        self.units_per_purchase_unit = QSpinBox()
        self.units_per_purchase_unit.setRange(0, 100_000)
        self.units_per_purchase_unit.setValue(1)
        self.unit_cost = QLineEdit("0.00")
        self.unit_cost.setAlignment(Qt.AlignmentFlag.AlignRight)
        self._row(buying_form, "supplier_id", self.tr("Su&pplier:"), self.supplier)
        self._row(buying_form, "supplier_sku", self.tr("Supplier's S&KU:"), self.supplier_sku)
        self._row(buying_form, "purchase_unit", self.tr("Purchase &unit:"), self.purchase_unit)
        self._row(
            buying_form,
            "units_per_purchase_unit",
            self.tr("Units per purchase unit:"),
            self.units_per_purchase_unit,
        )
        self._row(buying_form, "unit_cost", self.tr("Cost per purchase unit:"), self.unit_cost)

        self.notes = QPlainTextEdit()
        self.notes.setFixedHeight(54)
        notes_box = QGroupBox(self.tr("Notes"))
        QGridLayout(notes_box).addWidget(self.notes)
        layout.addWidget(notes_box)
        self.fields["notes"] = self.notes

        self.general_error = plain_label()
        self.general_error.setWordWrap(True)
        self.general_error.setStyleSheet(f"color: {theme.status_color('expired').name()};")
        self.general_error.hide()
        layout.addWidget(self.general_error)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        if item is not None:
            self._load(item)
        self.sku.setFocus()

    # ---------------------------------------------------------------- building

    def _choice(self, rows: Sequence[NamedRow | SupplierRow], current: int | None) -> QComboBox:
        """Active choices, plus the item's current one even when it has been archived."""
        combo = QComboBox()
        combo.addItem(self.tr("(none)"), None)
        for row in rows:
            if row.active:
                combo.addItem(row.name, row.id)
            elif row.id == current:
                combo.addItem(self.tr("{name} (archived)").format(name=row.name), row.id)
        return combo

    def _row(self, form: QFormLayout, field: str, label: str, widget: QWidget) -> None:
        holder = QWidget()
        box = QVBoxLayout(holder)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        box.addWidget(widget)
        error = plain_label()
        error.setWordWrap(True)
        error.setStyleSheet(f"color: {theme.status_color('expired').name()};")
        error.hide()
        box.addWidget(error)
        form.addRow(label, holder)
        self.errors[field] = error
        self.fields[field] = widget
        for signal_name in ("textEdited", "valueChanged", "currentIndexChanged", "toggled"):
            signal = getattr(widget, signal_name, None)
            if signal is not None:
                signal.connect(lambda *_a, f=field: self._clear_error(f))

    def _load(self, item: ItemDetail) -> None:
        self.sku.setText(item.sku)
        self.name.setText(item.name)
        _select(self.category, item.category_id)
        _select(self.location, item.location_id)
        self.unit.setCurrentText(item.unit)
        self.barcode.setText(item.barcode)
        self.tracks_expiry.setChecked(item.tracks_expiry)
        self.reorder_point.setValue(item.reorder_point)
        self.par_level.setValue(NOT_SET if item.par_level is None else item.par_level)
        _select(self.supplier, item.supplier_id)
        self.supplier_sku.setText(item.supplier_sku)
        self.purchase_unit.setCurrentText(item.purchase_unit)
        self.units_per_purchase_unit.setValue(item.units_per_purchase_unit)
        self.unit_cost.setText(str(exact_money(item.unit_cost)))  # 6.50, 0.068: every decimal kept
        self.notes.setPlainText(item.notes)

    # ---------------------------------------------------------------- validating and saving

    def _clear_error(self, field: str) -> None:
        label = self.errors.get(field)
        if label is not None:
            label.hide()

    def show_errors(self, problems: list[ValidationError]) -> None:
        for label in self.errors.values():
            label.hide()
        self.general_error.hide()
        first: QWidget | None = None
        shown: set[str] = set()
        for problem in problems:
            label = self.errors.get(problem.field)
            if label is None:
                self.general_error.setText(str(problem))
                self.general_error.show()
                continue
            if problem.field not in shown:
                shown.add(problem.field)
                label.setText(str(problem))
                label.show()
            first = first or self.fields.get(problem.field)
        if first is not None:
            first.setFocus()

    def collect(self) -> ItemInput:
        """The form as an ItemInput; raises ValidationError for a cost that is not money."""
        par = self.par_level.value()
        return ItemInput(
            sku=self.sku.text(),
            name=self.name.text(),
            unit=self.unit.currentText(),
            category_id=self.category.currentData(),
            location_id=self.location.currentData(),
            purchase_unit=self.purchase_unit.currentText(),
            units_per_purchase_unit=self.units_per_purchase_unit.value(),
            supplier_id=self.supplier.currentData(),
            supplier_sku=self.supplier_sku.text(),
            unit_cost=v.money(self.unit_cost.text(), "unit_cost") if self.unit_cost.text() else Decimal(0),
            reorder_point=self.reorder_point.value(),
            par_level=None if par == NOT_SET else par,
            tracks_expiry=self.tracks_expiry.isChecked(),
            barcode=self.barcode.text(),
            notes=self.notes.toPlainText(),
        )

    def submit(self) -> None:
        try:
            data = self.collect()
        except ValidationError as exc:
            self.show_errors([exc])
            return
        item_id = self.item.id if self.item else None
        problems = catalog.validate_item(data, item_id)
        if problems:
            self.show_errors(problems)
            return
        try:
            if item_id is None:
                self.saved = catalog.create_item(data)
            else:
                self.saved = catalog.update_item(item_id, data)
        except ValidationError as exc:
            self.show_errors([exc])
            return
        except InventoryError as exc:
            self.general_error.setText(str(exc))
            self.general_error.show()
            return
        self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None, item_id: int | None = None) -> ItemDetail | None:
        """Add (item_id None) or edit an item; the saved item, or None when cancelled."""
        item = catalog.item_detail(item_id) if item_id is not None else None
        dialog = cls(item, parent)
        try:
            return dialog.saved if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()


def _select(combo: QComboBox, data: object) -> None:
    index = combo.findData(data)
    combo.setCurrentIndex(index if index >= 0 else 0)
