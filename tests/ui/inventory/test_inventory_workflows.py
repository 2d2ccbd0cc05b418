"""The inventory screen driven through its real widgets, as an assistant would use it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from inventory_app.core.catalog import items as catalog
from inventory_app.core.stock import movements as stock
from inventory_app.core.stock import queries as stock_queries
from inventory_app.core.stock.item_filter import View
from inventory_app.core.types import ItemInput, Status
from inventory_app.ui.catalog.item_dialog import ItemDialog
from inventory_app.ui.common import prompts
from inventory_app.ui.inventory.stock_dialog import StockAction, StockDialog
from inventory_app.ui.shell.main_window import NAV_EXPIRING, NAV_INVENTORY
from tests.ui.conftest import drive


def select_sku(window, sku: str) -> int:
    item_id = catalog.item_id_for(sku)
    assert window.inventory_page.select_item(item_id)
    return item_id


def history_len(item_id: int) -> int:
    return len(stock_queries.history(item_id))


def test_welcome_page_loads_demo_data(window, qtbot):
    assert window.pages.currentWidget() is window.welcome_page
    assert "no items yet" in window.nav.item(NAV_INVENTORY).text()
    qtbot.mouseClick(window.welcome_page.demo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.inventory_page)
    assert window.inventory_page.model.rowCount() == len(stock_queries.list_items()) > 100
    loaded = len(stock_queries.list_items())
    assert window.statusBar().currentMessage() == f"Loaded the demo clinic: {loaded} items"
    counts = stock_queries.attention_counts()
    nav = window.nav.item(NAV_INVENTORY).text()
    assert f"{counts.low} low" in nav and f"{counts.out} out" in nav
    assert f"{counts.expired} expired" in window.nav.item(NAV_EXPIRING).text()


def test_search_filters_as_you_type(demo_window, qtbot):
    page = demo_window.inventory_page
    total = page.model.rowCount()
    qtbot.keyClicks(page.search, "glove")
    rows = page.model.rows()
    assert 0 < len(rows) < total
    assert all("glove" in (r.name + r.sku).lower() for r in rows)
    assert f"{len(rows)} of {total} items" == page.count_label.text()
    page.search.clear()
    barcode = next(r for r in page.model.all_rows if r.barcode)
    qtbot.keyClicks(page.search, barcode.barcode)
    assert [r.id for r in page.model.rows()] == [barcode.id]
    page.search.clear()
    assert page.model.rowCount() == total


def test_status_category_and_location_filters(demo_window, qtbot):
    page = demo_window.inventory_page
    page.set_view(View.OUT)
    assert page.model.rowCount() > 0
    assert all(r.status is Status.OUT for r in page.model.rows())
    page.set_view(View.NEEDS_REORDER)
    assert all(r.status in (Status.LOW, Status.OUT) for r in page.model.rows())
    page.set_view(View.EXPIRED)
    assert page.model.rowCount() > 0 and all(r.expired > 0 for r in page.model.rows())
    page.set_view(View.ALL)
    page.category_filter.setCurrentIndex(page.category_filter.findData("Vaccines"))
    assert page.model.rowCount() > 0
    assert all(r.category == "Vaccines" for r in page.model.rows())
    page.location_filter.setCurrentIndex(page.location_filter.findData("Vaccine Refrigerator"))
    assert all(r.location == "Vaccine Refrigerator" for r in page.model.rows())


def test_expiring_view_shows_items_expiring_soon(demo_window, qtbot):
    # The side bar's Expiring entry opens the Expiring page (tests/ui/test_expiring_page.py).
    page = demo_window.inventory_page
    page.set_view(View.EXPIRING)
    assert page.current_filter().view is View.EXPIRING
    today = date.today()
    assert page.model.rowCount() > 0
    assert all(r.expiring_soon(today) for r in page.model.rows())


def test_selection_and_scroll_survive_a_refresh(demo_window, qtbot):
    page = demo_window.inventory_page
    last = page.model.row_at(page.model.rowCount() - 1)
    page.select_item(last.id)
    scroll = page.table.verticalScrollBar().value()
    assert scroll > 0
    stock.receive(catalog.item_id_for("GLV-NIT-M"), 1)
    demo_window.refresh()
    assert page.current_item_id() == last.id
    assert page.table.verticalScrollBar().value() == scroll


def test_sorting_by_a_column(demo_window):
    page = demo_window.inventory_page
    page.table.sortByColumn(page.model.ON_HAND, Qt.SortOrder.DescendingOrder)
    values = [r.on_hand for r in page.model.rows()]
    assert values == sorted(values, reverse=True)
    page.table.sortByColumn(page.model.NAME, Qt.SortOrder.AscendingOrder)
    names = [r.name.casefold() for r in page.model.rows()]
    assert names == sorted(names)


def test_one_item_is_counted_as_one_item(window, qtbot):
    catalog.create_item(ItemInput(sku="GLV-M", name="Gloves M"))
    window.refresh()
    window.nav.setCurrentRow(NAV_INVENTORY)
    page = window.inventory_page
    assert page.count_label.text() == "1 item"
    qtbot.keyClicks(page.search, "gauze")
    assert page.count_label.text() == "0 of 1 item"


def test_add_item_with_validation_error_then_fix(window, qtbot, monkeypatch):
    catalog.create_item(ItemInput(sku="GLV-M", name="Gloves M"))
    window.refresh()
    messages = []

    def fill(dialog: ItemDialog) -> None:
        qtbot.keyClicks(dialog.sku, "glv-m")
        qtbot.keyClicks(dialog.name, "Gauze 4×4 <sterile> & co")
        dialog.reorder_point.setValue(10)
        dialog.par_level.setValue(5)
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        assert dialog.result() != QDialog.DialogCode.Accepted
        messages.append(dialog.errors["sku"].text())
        messages.append(dialog.errors["par_level"].text())
        assert dialog.errors["sku"].isVisible() and dialog.errors["par_level"].isVisible()
        dialog.sku.setText("GZE-44-ST")
        dialog.par_level.setValue(30)
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    drive(monkeypatch, qtbot, ItemDialog, fill)
    window.add_item()
    assert "already used" in messages[0]
    assert "below the reorder point" in messages[1]
    saved = catalog.item_detail(catalog.item_id_for("GZE-44-ST"))
    assert saved.name == "Gauze 4×4 <sterile> & co" and saved.par_level == 30
    assert window.inventory_page.current_item_id() == saved.id
    assert window.pages.currentWidget() is window.inventory_page


def test_receive_with_lot_and_expiry(demo_window, qtbot, monkeypatch):
    item_id = select_sku(demo_window, "VAC-FLU-Q")
    before = catalog.item_detail(item_id).on_hand
    expiry = date.today() + timedelta(days=300)

    def fill(dialog: StockDialog) -> None:
        assert dialog.lot.isVisibleTo(dialog) and dialog.expires.isVisibleTo(dialog)
        dialog.quantity.setValue(10)
        dialog.lot.setEditText("FL-NEW-1")
        qtbot.keyClicks(dialog.expires.edit, expiry.isoformat())
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    drive(monkeypatch, qtbot, StockDialog, fill)
    demo_window.stock_action(StockAction.RECEIVE)
    assert catalog.item_detail(item_id).on_hand == before + 10
    lot = next(x for x in stock_queries.lots(item_id) if x.lot_number == "FL-NEW-1")
    assert lot.quantity == 10 and lot.expires_on == expiry
    row = next(r for r in demo_window.inventory_page.model.rows() if r.id == item_id)
    assert row.on_hand == before + 10
    assert demo_window.inventory_page.current_item_id() == item_id


def test_receiving_an_expired_lot_asks_first(demo_window, qtbot, monkeypatch):
    """A lot whose expiry has passed is asked about before it is saved: No keeps the dialog
    open with nothing recorded; yes records it, as expired stock."""
    item_id = select_sku(demo_window, "VAC-FLU-Q")
    before = (history_len(item_id), catalog.item_detail(item_id).expired)
    past = date.today() - timedelta(days=2)
    answers, asked, states = [False, True], [], []

    def fake_confirm(_parent, title: str, text: str, yes: str = "OK") -> bool:
        asked.append((title, text, yes))
        return answers.pop(0)

    monkeypatch.setattr(prompts, "confirm", fake_confirm)

    def fill(dialog: StockDialog) -> None:
        qtbot.keyClicks(dialog.quantity, "6")
        qtbot.mouseClick(dialog.lot.lineEdit(), Qt.MouseButton.LeftButton)
        qtbot.keyClicks(dialog.lot.lineEdit(), "FL-OLD-2")
        qtbot.keyClicks(dialog.expires.edit, past.isoformat())
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        states.append((dialog.isVisible(), history_len(item_id)))
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    drive(monkeypatch, qtbot, StockDialog, fill)
    demo_window.stock_action(StockAction.RECEIVE)
    assert states == [(True, before[0])]  # declined: still open, nothing recorded
    assert len(asked) == 2
    title, text, yes = asked[0]
    assert title == "Expired lot" and yes == "Receive expired lot"
    assert f"Lot FL-OLD-2 expired on {past.isoformat()}." in text and "Receive it anyway?" in text
    assert history_len(item_id) == before[0] + 1
    assert catalog.item_detail(item_id).expired == before[1] + 6


def test_receiving_a_lot_expiring_today_is_not_asked(demo_window, qtbot, monkeypatch):
    item_id = select_sku(demo_window, "VAC-FLU-Q")
    before = history_len(item_id)
    asked: list[str] = []
    monkeypatch.setattr(prompts, "confirm", lambda *a, **k: asked.append(a[2]) or False)

    def fill(dialog: StockDialog) -> None:
        qtbot.keyClicks(dialog.quantity, "1")
        qtbot.keyClicks(dialog.expires.edit, date.today().isoformat())
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    drive(monkeypatch, qtbot, StockDialog, fill)
    demo_window.stock_action(StockAction.RECEIVE)
    assert asked == [] and history_len(item_id) == before + 1


def test_receive_without_an_expiry_is_refused_in_the_dialog(demo_window, qtbot, monkeypatch):
    item_id = select_sku(demo_window, "VAC-FLU-Q")
    before = history_len(item_id)
    errors = []

    def fill(dialog: StockDialog) -> None:
        dialog.quantity.setValue(5)
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        errors.append(dialog.error_label.text())
        assert dialog.error_label.isVisible()

    drive(monkeypatch, qtbot, StockDialog, fill)
    demo_window.stock_action(StockAction.RECEIVE)
    assert "enter the expiry date" in errors[0]
    assert history_len(item_id) == before


def test_receive_an_expiry_without_a_lot_number_then_use_that_lot(demo_window, qtbot, monkeypatch):
    """Test kits give an expiry and no lot number: typed into the dialog with the lot left empty,
    each date is one lot without a number; the use dialog lists it and takes from it."""
    item_id = select_sku(demo_window, "VAC-FLU-Q")
    soon, later = (date.today() + timedelta(days=d) for d in (400, 500))
    before = {x.id for x in stock_queries.lots(item_id, include_empty=True)}

    def receive(quantity: int, expiry: date) -> None:
        def fill(dialog: StockDialog) -> None:
            assert dialog.lot.currentText() == ""
            qtbot.keyClicks(dialog.quantity, str(quantity))  # the quantity field starts selected
            qtbot.keyClicks(dialog.expires.edit, expiry.isoformat())
            qtbot.keyClick(dialog.expires.edit, Qt.Key.Key_Return)
            assert not dialog.error_label.isVisible(), dialog.error_label.text()

        drive(monkeypatch, qtbot, StockDialog, fill)
        demo_window.stock_action(StockAction.RECEIVE)

    receive(4, soon)
    detail = catalog.item_detail(item_id)
    assert demo_window.statusBar().currentMessage() == (
        f"Received 4 syringes of {detail.name}, expiring {soon.isoformat()} ({detail.on_hand} on hand)."
    )
    receive(3, soon)  # the same date: the same lot
    receive(2, later)
    new = [x for x in stock_queries.lots(item_id, include_empty=True) if x.id not in before]
    assert sorted((x.lot_number, x.expires_on, x.quantity) for x in new) == [("", soon, 7), ("", later, 2)]

    listed = []

    def use(dialog: StockDialog) -> None:
        labels = [dialog.lot.itemText(i) for i in range(dialog.lot.count())]
        listed.extend(labels)
        index = labels.index(f"no lot number — expires {later.isoformat()}, 2 syringes")
        dialog.lot.setFocus()
        for _ in range(index):
            qtbot.keyClick(dialog.lot, Qt.Key.Key_Down)
        assert dialog.lot.currentIndex() == index
        qtbot.keyClick(dialog.lot, Qt.Key.Key_Backtab)  # back to the quantity, its text selected
        assert dialog.quantity.hasFocus()
        qtbot.keyClicks(dialog.quantity, "1")
        qtbot.keyClick(dialog.quantity, Qt.Key.Key_Return)

    drive(monkeypatch, qtbot, StockDialog, use)
    demo_window.stock_action(StockAction.USE)
    detail = catalog.item_detail(item_id)
    assert demo_window.statusBar().currentMessage() == (
        f"Used 1 syringe of {detail.name}, expiring {later.isoformat()} ({detail.on_hand} left)."
    )
    after = {x.id: x.quantity for x in stock_queries.lots(item_id, include_empty=True)}
    assert [after[x.id] for x in sorted(new, key=lambda x: x.expires_on)] == [7, 1]


def test_use_more_than_on_hand_is_refused_and_nothing_changes(demo_window, qtbot, monkeypatch):
    item_id = select_sku(demo_window, "GLV-NIT-M")
    detail = catalog.item_detail(item_id)
    before = history_len(item_id)
    errors = []

    def fill(dialog: StockDialog) -> None:
        dialog.quantity.setValue(detail.on_hand + 5)
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        errors.append(dialog.error_label.text())
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)

    drive(monkeypatch, qtbot, StockDialog, fill)
    demo_window.stock_action(StockAction.USE)
    assert f"only {detail.on_hand} on hand" in errors[0] and "GLV-NIT-M" in errors[0]
    assert catalog.item_detail(item_id).on_hand == detail.on_hand
    assert history_len(item_id) == before


def test_use_suggests_the_first_expiring_lot(demo_window, qtbot, monkeypatch):
    item_id = select_sku(demo_window, "VAC-FLU-Q")
    usable = [x for x in stock_queries.lots(item_id) if not x.expired]
    labels = []

    def fill(dialog: StockDialog) -> None:
        labels.append(dialog.lot.currentText())
        dialog.quantity.setValue(1)
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    drive(monkeypatch, qtbot, StockDialog, fill)
    demo_window.stock_action(StockAction.USE)
    assert labels[0].startswith("First to expire: " + usable[0].lot_number)
    after = {x.lot_number: x.quantity for x in stock_queries.lots(item_id, include_empty=True)}
    assert after[usable[0].lot_number] == usable[0].quantity - 1


def test_adjust_to_a_counted_quantity(demo_window, qtbot, monkeypatch):
    item_id = select_sku(demo_window, "GLV-NIT-M")

    def fill(dialog: StockDialog) -> None:
        assert dialog.set_to_radio.isChecked()
        dialog.quantity.setValue(3)
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    drive(monkeypatch, qtbot, StockDialog, fill)
    demo_window.stock_action(StockAction.ADJUST)
    assert catalog.item_detail(item_id).on_hand == 3
    last = stock_queries.history(item_id)[-1]
    assert last.kind == "adjust" and last.reason == "count"


def test_adjust_by_a_difference(demo_window, qtbot, monkeypatch):
    item_id = select_sku(demo_window, "GLV-NIT-M")
    before = catalog.item_detail(item_id).on_hand

    def fill(dialog: StockDialog) -> None:
        dialog.change_by_radio.setChecked(True)
        dialog.quantity.setValue(-2)
        dialog.reason.setCurrentText("correction")
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    drive(monkeypatch, qtbot, StockDialog, fill)
    demo_window.stock_action(StockAction.ADJUST)
    assert catalog.item_detail(item_id).on_hand == before - 2
    assert stock_queries.history(item_id)[-1].reason == "correction"


def test_dispose_expired_stock(demo_window, qtbot, monkeypatch):
    row = next(r for r in stock_queries.list_items() if r.expired > 0)
    select_sku(demo_window, row.sku)

    def fill(dialog: StockDialog) -> None:
        dialog.quantity.setValue(row.expired)
        dialog.reason.setCurrentIndex(dialog.reason.findData("expired"))
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    drive(monkeypatch, qtbot, StockDialog, fill)
    demo_window.stock_action(StockAction.DISPOSE)
    after = catalog.item_detail(row.id)
    assert after.expired == 0 and after.on_hand == row.on_hand
    assert stock_queries.history(row.id)[-1].reason == "expired"


def test_reverse_a_movement_from_the_history(demo_window, qtbot, monkeypatch):
    item_id = select_sku(demo_window, "GLV-NIT-M")
    stock.receive(item_id, 7)
    demo_window.refresh()
    before = catalog.item_detail(item_id).on_hand
    panel = demo_window.inventory_page.panel
    panel.setCurrentIndex(1)
    newest = panel.history_model.row_at(0)
    assert newest.quantity == 7
    panel.history_view.selectRow(0)
    assert panel.reverse_button.isEnabled()
    monkeypatch.setattr(prompts, "confirm", lambda *a, **k: True)
    qtbot.mouseClick(panel.reverse_button, Qt.MouseButton.LeftButton)
    assert catalog.item_detail(item_id).on_hand == before - 7
    history = stock_queries.history(item_id)
    assert history[-1].reversal_of == newest.id
    panel.history_view.selectRow(panel.history_model.position_of(newest.id))
    assert not panel.reverse_button.isEnabled()  # reversed at most once


def test_refused_reverse_shows_the_core_message(demo_window, qtbot, monkeypatch):
    item_id = select_sku(demo_window, "GLV-NIT-M")
    stock.receive(item_id, 2)
    stock.adjust_to(item_id, 0, reason="count")
    demo_window.refresh()
    panel = demo_window.inventory_page.panel
    position = next(
        i for i, m in enumerate(panel.history_model.rows()) if m.kind == "receive" and m.quantity == 2
    )
    panel.history_view.selectRow(position)
    shown = []
    monkeypatch.setattr(prompts, "confirm", lambda *a, **k: True)
    monkeypatch.setattr(prompts, "error", lambda parent, title, text: shown.append(text))
    before = history_len(item_id)
    panel.reverse_selected()
    assert shown and "only 0 is left" in shown[0]
    assert history_len(item_id) == before


def test_archive_hides_the_item(demo_window, qtbot, monkeypatch):
    item_id = select_sku(demo_window, "OFF-PEN-BLK") if _has("OFF-PEN-BLK") else None
    if item_id is None:
        item_id = demo_window.inventory_page.model.row_at(0).id
        demo_window.inventory_page.select_item(item_id)
    monkeypatch.setattr(prompts, "confirm", lambda *a, **k: True)
    demo_window.archive_action.trigger()
    assert item_id not in [r.id for r in demo_window.inventory_page.model.all_rows]
    assert not catalog.item_detail(item_id).active
    assert len(stock_queries.history(item_id)) > 0


def _has(sku: str) -> bool:
    try:
        catalog.item_id_for(sku)
    except Exception:
        return False
    return True


@pytest.mark.parametrize(
    ("key", "action"),
    [
        (Qt.Key.Key_R, StockAction.RECEIVE),
        (Qt.Key.Key_U, StockAction.USE),
        (Qt.Key.Key_D, StockAction.DISPOSE),
    ],
)
def test_keyboard_shortcuts_open_the_stock_dialogs(demo_window, qtbot, monkeypatch, key, action):
    select_sku(demo_window, "GLV-NIT-M")
    opened = drive(monkeypatch, qtbot, StockDialog, lambda dialog: dialog.reject())
    demo_window.activateWindow()
    qtbot.waitUntil(demo_window.isActiveWindow)
    demo_window.inventory_page.table.setFocus()
    qtbot.keyClick(demo_window.inventory_page.table, key, Qt.KeyboardModifier.ControlModifier)
    assert [d.action for d in opened] == [action]


def test_actions_need_a_selected_item(demo_window):
    page = demo_window.inventory_page
    page.table.clearSelection()
    page.table.selectionModel().clearCurrentIndex()
    demo_window._update_actions()
    assert not demo_window.use_action.isEnabled()
    select_sku(demo_window, "GLV-NIT-M")
    assert demo_window.use_action.isEnabled()


def test_table_models_pass_the_model_tester(demo_window, qtmodeltester):
    page = demo_window.inventory_page
    qtmodeltester.check(page.model)
    select_sku(demo_window, "VAC-FLU-Q")
    qtmodeltester.check(page.panel.history_model)
    qtmodeltester.check(page.panel.lot_model)


def test_window_state_is_remembered(demo_window, qsettings, events, qtbot):
    from inventory_app.ui.shell.main_window import MainWindow

    # The offscreen screen is 800x600: stay inside it so the geometry is not clamped.
    demo_window.resize(demo_window.minimumSizeHint().width(), 540)
    demo_window.inventory_page.table.setColumnWidth(1, 133)
    demo_window.inventory_page.splitter.setSizes([300, 200])
    sizes = demo_window.inventory_page.splitter.sizes()
    demo_window.close()
    again = MainWindow(events, qsettings, "test.db")
    qtbot.addWidget(again)
    assert abs(again.size().height() - 540) <= 1  # the offscreen platform adds a 1px frame
    assert again.inventory_page.table.columnWidth(1) == 133
    again.show()
    assert again.inventory_page.splitter.sizes() == sizes


def test_editing_an_item_keeps_its_archived_category(demo_window, qtbot, monkeypatch):
    item_id = select_sku(demo_window, "GLV-NIT-M")
    category_id = catalog.item_detail(item_id).category_id
    catalog.set_category_active(category_id, False)

    def fill(dialog: ItemDialog) -> None:
        assert "(archived)" in dialog.category.currentText()
        dialog.name.setText("Nitrile gloves M (renamed)")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    drive(monkeypatch, qtbot, ItemDialog, fill)
    demo_window.edit_item()
    saved = catalog.item_detail(item_id)
    assert saved.name == "Nitrile gloves M (renamed)" and saved.category_id == category_id


def test_receive_needs_the_expiry_read_off_the_box(demo_window, qtbot, monkeypatch):
    item_id = select_sku(demo_window, "VAC-FLU-Q")
    before = history_len(item_id)
    errors = []

    def fill(dialog: StockDialog) -> None:
        dialog.quantity.setValue(5)
        dialog.lot.setEditText("NEW-LOT-7")
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        errors.append(dialog.error_label.text())

    drive(monkeypatch, qtbot, StockDialog, fill)
    demo_window.stock_action(StockAction.RECEIVE)
    assert "expiry date" in errors[0]
    assert history_len(item_id) == before


def test_adjust_a_lot_to_its_counted_quantity(demo_window, qtbot, monkeypatch):
    item_id = select_sku(demo_window, "VAC-FLU-Q")
    lot = stock_queries.lots(item_id)[0]

    def fill(dialog: StockDialog) -> None:
        dialog.lot.setCurrentIndex(dialog.lot.findData(lot.id))
        assert dialog.quantity.value() == lot.quantity
        assert not dialog.expires.isEnabled()
        dialog.quantity.setValue(lot.quantity - 1)
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    drive(monkeypatch, qtbot, StockDialog, fill)
    demo_window.stock_action(StockAction.ADJUST)
    after = {x.lot_number: x.quantity for x in stock_queries.lots(item_id, include_empty=True)}
    assert after[lot.lot_number] == lot.quantity - 1
