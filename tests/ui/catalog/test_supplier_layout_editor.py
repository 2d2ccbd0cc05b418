"""The order-spreadsheet tab of the supplier dialog, driven through its widgets."""

from __future__ import annotations

from PySide6.QtCore import Qt

from inventory_app.core.catalog import items as catalog
from inventory_app.core.catalog import order_layout
from inventory_app.core.catalog.order_layout import STANDARD_LAYOUT, LayoutColumn, OrderLayout
from inventory_app.core.types import SupplierInput
from inventory_app.ui.catalog.supplier_dialog import SupplierDialog

LEFT = Qt.MouseButton.LeftButton


def _row_of(dialog: SupplierDialog, key: str) -> int:
    columns = dialog.layout_editor.columns
    return next(r for r in range(columns.count()) if columns.item(r).data(Qt.ItemDataRole.UserRole) == key)


def _open(qtbot, supplier_id: int) -> SupplierDialog:
    dialog = SupplierDialog(catalog.supplier(supplier_id))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.tabs.setCurrentWidget(dialog.layout_editor)
    return dialog


def test_choosing_columns_order_and_titles_saves_the_suppliers_layout(sqlite_db, qtbot) -> None:
    supplier = catalog.save_supplier(SupplierInput(name="Northgate"))
    dialog = _open(qtbot, supplier.id)
    editor = dialog.layout_editor
    assert editor.order_layout() == STANDARD_LAYOUT
    assert "Standard layout" in editor.summary.text()

    # Keep supplier SKU, quantity and UOM only.
    for row in range(editor.columns.count()):
        item = editor.columns.item(row)
        keep = item.data(Qt.ItemDataRole.UserRole) in ("supplier_sku", "quantity", "unit_of_measure")
        item.setCheckState(Qt.CheckState.Checked if keep else Qt.CheckState.Unchecked)
    # Quantity first: select it and move it up past the supplier SKU.
    editor.columns.setCurrentRow(_row_of(dialog, "quantity"))
    while _row_of(dialog, "quantity") > _row_of(dialog, "supplier_sku"):
        qtbot.mouseClick(editor.up_button, LEFT)
    editor.title_edit.selectAll()
    qtbot.keyClicks(editor.title_edit, "Qty")
    editor.columns.setCurrentRow(_row_of(dialog, "supplier_sku"))
    editor.title_edit.selectAll()
    qtbot.keyClicks(editor.title_edit, "Item #")
    editor.table_only.setChecked(True)
    assert "Qty, Item #" in editor.summary.text()

    qtbot.mouseClick(dialog.save_button, LEFT)

    assert dialog.result() == SupplierDialog.DialogCode.Accepted
    expected = OrderLayout(
        (
            LayoutColumn("quantity", "Qty"),
            LayoutColumn("supplier_sku", "Item #"),
            LayoutColumn("unit_of_measure", "UOM"),
        ),
        table_only=True,
    )
    assert order_layout.supplier_layout(supplier.id) == expected
    # Opened again, the dialog shows the stored layout; "Standard layout" puts it back.
    again = _open(qtbot, supplier.id)
    assert again.layout_editor.order_layout() == expected
    qtbot.mouseClick(again.layout_editor.standard_button, LEFT)
    qtbot.mouseClick(again.save_button, LEFT)
    assert order_layout.supplier_layout(supplier.id) == STANDARD_LAYOUT


def test_a_layout_without_quantity_is_refused_on_its_tab_and_nothing_is_saved(sqlite_db, qtbot) -> None:
    supplier = catalog.save_supplier(SupplierInput(name="Northgate"))
    dialog = _open(qtbot, supplier.id)
    editor = dialog.layout_editor
    editor.columns.item(_row_of(dialog, "quantity")).setCheckState(Qt.CheckState.Unchecked)
    dialog.tabs.setCurrentWidget(dialog.details_tab)
    dialog.name.setText("Northgate Medical")

    qtbot.mouseClick(dialog.save_button, LEFT)

    assert dialog.isVisible()
    assert dialog.tabs.currentWidget() is editor
    assert editor.error.isVisible() and "quantity" in editor.error.text()
    assert catalog.supplier(supplier.id).name == "Northgate"
    assert order_layout.supplier_layout(supplier.id) == STANDARD_LAYOUT


def test_a_details_error_brings_back_the_details_tab(sqlite_db, qtbot) -> None:
    supplier = catalog.save_supplier(SupplierInput(name="Northgate"))
    dialog = _open(qtbot, supplier.id)
    dialog.email.setText("not an address")
    qtbot.mouseClick(dialog.save_button, LEFT)
    assert dialog.tabs.currentWidget() is dialog.details_tab
    assert dialog.errors["email"].isVisible()
