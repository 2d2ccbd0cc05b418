"""Cell editors for the tables that can be edited in place (order quantities, unit costs).

The models keep the values; these only give the editor a sensible range and
format, so a quantity can never be typed as text or a cost with three decimals.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QDoubleSpinBox, QSpinBox, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from inventory_app.core.validation import MAX_QUANTITY, exact_money

Index = QModelIndex | QPersistentModelIndex
EDIT = Qt.ItemDataRole.EditRole


class SpinDelegate(QStyledItemDelegate):
    """Whole numbers between `minimum` and MAX_QUANTITY."""

    def __init__(self, minimum: int = 0, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.minimum = minimum

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        editor = QSpinBox(parent)
        editor.setRange(self.minimum, MAX_QUANTITY)
        editor.setAccelerated(True)
        editor.setAlignment(Qt.AlignmentFlag.AlignRight)
        editor.setFrame(False)
        # Arrows do not fit a narrow cell; Up/Down and the mouse wheel still step.
        editor.setButtonSymbols(QSpinBox.ButtonSymbols.NoButtons)
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        value = index.data(EDIT)
        assert isinstance(editor, QSpinBox)
        editor.setValue(int(value or 0))
        editor.selectAll()

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        assert isinstance(editor, QSpinBox)
        editor.interpretText()
        model.setData(index, editor.value(), EDIT)


class MoneyDelegate(QStyledItemDelegate):
    """A unit cost with up to four decimals (0.068, 30.9831); the model receives a Decimal."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        editor = QDoubleSpinBox(parent)
        editor.setRange(0, 1_000_000)
        editor.setDecimals(4)
        editor.setAlignment(Qt.AlignmentFlag.AlignRight)
        editor.setFrame(False)
        editor.setButtonSymbols(QDoubleSpinBox.ButtonSymbols.NoButtons)
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QDoubleSpinBox)
        try:
            editor.setValue(float(Decimal(str(index.data(EDIT) or 0))))
        except InvalidOperation:
            editor.setValue(0)
        editor.selectAll()

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        assert isinstance(editor, QDoubleSpinBox)
        editor.interpretText()
        model.setData(index, exact_money(f"{editor.value():.4f}"), EDIT)
