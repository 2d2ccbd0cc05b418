"""The first five minutes with a mouse and a keyboard: a click selects, Enter does the dialog's
main action, dates are typed, Ctrl+F finds. Every step is a real key or mouse event; the
database is checked after each."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication

from inventory_app.core.catalog import items as catalog
from inventory_app.core.stock import queries as stock_queries
from inventory_app.ui.common.date_field import DateField
from inventory_app.ui.inventory.stock_dialog import StockDialog
from inventory_app.ui.shell.side_bar import NAV_SETTINGS, NAV_SUPPLIERS
from tests.ui.conftest import active, click_row, drive, press, row_of, type_into_focus

CTRL = Qt.KeyboardModifier.ControlModifier


def click_sku(qtbot, window, sku: str) -> int:
    table = window.inventory_page.table
    click_row(qtbot, table, row_of(table, lambda r: r.sku == sku))
    return catalog.item_id_for(sku)


def go_to(qtbot, window, nav_row: int) -> None:
    rect = window.nav.visualItemRect(window.nav.item(nav_row))
    qtbot.mouseClick(window.nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


# ---------------------------------------------------------------- one click selects


def test_one_click_on_an_inventory_row_selects_it_for_the_panel_toolbar_and_menu(demo_window, qtbot):
    assert not demo_window.use_action.isEnabled()
    item_id = click_sku(qtbot, demo_window, "GLV-NIT-M")
    assert demo_window.inventory_page.current_item_id() == item_id
    assert demo_window.inventory_page.panel.item.id == item_id
    assert all(a.isEnabled() for a in demo_window.item_actions)
    # a second click on another row moves everything along
    other = click_sku(qtbot, demo_window, "GLV-NIT-L")
    assert demo_window.inventory_page.panel.item.id == other


def test_one_click_selects_a_supplier(demo_window, qtbot):
    go_to(qtbot, demo_window, NAV_SUPPLIERS)
    page = demo_window.suppliers_page
    qtbot.waitUntil(lambda: demo_window.pages.currentWidget() is page)
    assert not page.edit_button.isEnabled()
    click_row(qtbot, page.table, 0)
    assert page.current_supplier() is not None
    assert page.edit_button.isEnabled()
    assert page.current_supplier().name in page.details.text()


@pytest.mark.parametrize("which", ["categories", "locations"])
def test_one_click_selects_a_category_or_location_in_settings(demo_window, qtbot, which):
    go_to(qtbot, demo_window, NAV_SETTINGS)
    manager = getattr(demo_window.settings_page, which)
    qtbot.waitUntil(lambda: demo_window.pages.currentWidget() is demo_window.settings_page)
    assert not manager.rename_button.isEnabled()
    click_row(qtbot, manager.table, 0, column=0)
    assert manager.current_row() is not None
    assert manager.rename_button.isEnabled()


# ---------------------------------------------------------------- Enter does the main action


def test_enter_in_the_use_dialog_records_the_use(demo_window, qtbot, monkeypatch):
    active(qtbot, demo_window)
    item_id = click_sku(qtbot, demo_window, "GLV-NIT-M")
    before = catalog.item_detail(item_id).on_hand

    def steps(dialog: StockDialog) -> None:
        assert QApplication.focusWidget() is dialog.quantity
        type_into_focus(qtbot, "2")
        press(qtbot, QApplication.focusWidget(), Qt.Key.Key_Return)

    seen = drive(monkeypatch, qtbot, StockDialog, steps)
    press(qtbot, demo_window, Qt.Key.Key_U, CTRL)
    assert len(seen) == 1
    assert catalog.item_detail(item_id).on_hand == before - 2
    assert "Used 2 boxes" in demo_window.statusBar().currentMessage()


@pytest.mark.parametrize(("key", "typed", "change"), [("J", "\b50", None), ("D", "1", -1)])
def test_enter_in_adjust_and_dispose_does_the_action(demo_window, qtbot, monkeypatch, key, typed, change):
    active(qtbot, demo_window)
    item_id = click_sku(qtbot, demo_window, "GLV-NIT-L")
    before = catalog.item_detail(item_id).on_hand

    def steps(dialog: StockDialog) -> None:
        dialog.quantity.lineEdit().selectAll()
        type_into_focus(qtbot, typed.lstrip("\b"))
        press(qtbot, QApplication.focusWidget(), Qt.Key.Key_Return)

    drive(monkeypatch, qtbot, StockDialog, steps)
    press(qtbot, demo_window, getattr(Qt.Key, f"Key_{key}"), CTRL)
    after = catalog.item_detail(item_id).on_hand
    assert after == (50 if change is None else before + change)


def test_receive_a_vaccine_typing_lot_and_a_month_from_the_box(demo_window, qtbot, monkeypatch):
    active(qtbot, demo_window)
    item_id = click_sku(qtbot, demo_window, "VAC-FLU-Q")
    before = catalog.item_detail(item_id).on_hand

    def steps(dialog: StockDialog) -> None:
        type_into_focus(qtbot, "5")
        press(qtbot, QApplication.focusWidget(), Qt.Key.Key_Tab)
        type_into_focus(qtbot, "FL-TYPED-1")
        press(qtbot, QApplication.focusWidget(), Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is dialog.expires.edit
        type_into_focus(qtbot, "2027-06")
        assert dialog.expires.reading.text() == "= 30 Jun 2027"
        press(qtbot, QApplication.focusWidget(), Qt.Key.Key_Return)

    drive(monkeypatch, qtbot, StockDialog, steps)
    press(qtbot, demo_window, Qt.Key.Key_R, CTRL)
    assert catalog.item_detail(item_id).on_hand == before + 5
    lot = next(x for x in stock_queries.lots(item_id) if x.lot_number == "FL-TYPED-1")
    assert lot.quantity == 5 and lot.expires_on == date(2027, 6, 30)


def test_a_typed_date_that_is_not_a_date_is_refused_at_the_field(demo_window, qtbot, monkeypatch):
    active(qtbot, demo_window)
    item_id = click_sku(qtbot, demo_window, "VAC-FLU-Q")
    before = len(stock_queries.history(item_id))
    shown = []

    def steps(dialog: StockDialog) -> None:
        type_into_focus(qtbot, "5")
        qtbot.keyClicks(dialog.lot.lineEdit(), "FL-BAD")
        qtbot.keyClicks(dialog.expires.edit, "31/31/2027")
        press(qtbot, dialog.expires.edit, Qt.Key.Key_Return)
        shown.append(dialog.error_label.text())
        assert dialog.isVisible() and QApplication.focusWidget() is dialog.expires.edit

    drive(monkeypatch, qtbot, StockDialog, steps)
    press(qtbot, demo_window, Qt.Key.Key_R, CTRL)
    assert shown[0].startswith("Expires:")
    assert len(stock_queries.history(item_id)) == before


# ---------------------------------------------------------------- the date field itself


@pytest.mark.parametrize(
    ("locale", "typed", "expected"),
    [
        (QLocale(QLocale.Language.English, QLocale.Country.UnitedStates), "06/30/2027", date(2027, 6, 30)),
        (QLocale(QLocale.Language.English, QLocale.Country.UnitedStates), "01/06/2027", date(2027, 1, 6)),
        (QLocale(QLocale.Language.German, QLocale.Country.Germany), "30.06.2027", date(2027, 6, 30)),
        (QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom), "01/06/2027", date(2027, 6, 1)),
        (QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom), "06/2027", date(2027, 6, 30)),
        (QLocale(QLocale.Language.English, QLocale.Country.UnitedStates), "2027-06-30", date(2027, 6, 30)),
    ],
)
def test_the_date_field_reads_what_is_typed_in_the_workstations_habit(qtbot, locale, typed, expected):
    QLocale.setDefault(locale)
    try:
        field = DateField()
    finally:
        QLocale.setDefault(QLocale.c())
    qtbot.addWidget(field)
    field.show()
    qtbot.keyClicks(field.edit, typed)
    assert field.value() == expected
    assert field.reading.text() == f"= {expected:%d %b %Y}"


def test_the_calendar_opens_at_todays_month_and_a_click_fills_the_field(qtbot):
    field = DateField()
    qtbot.addWidget(field)
    field.show()
    qtbot.waitExposed(field)
    qtbot.mouseClick(field.calendar_button, Qt.MouseButton.LeftButton)
    calendar = field.calendar
    assert calendar is not None
    qtbot.waitUntil(calendar.isVisible)
    today = date.today()
    assert (calendar.yearShown(), calendar.monthShown()) == (today.year, today.month)
    days = calendar.findChild(QAbstractItemView)  # the grid of days that has the keyboard
    press(qtbot, days, Qt.Key.Key_Right)
    press(qtbot, days, Qt.Key.Key_Left)
    press(qtbot, days, Qt.Key.Key_Return)  # the day selected (today) is taken
    assert field.value() == today


# ---------------------------------------------------------------- Ctrl+F and Down


def test_ctrl_f_goes_to_the_search_box_and_down_into_the_results(demo_window, qtbot):
    active(qtbot, demo_window)
    page = demo_window.inventory_page
    page.table.setFocus()
    press(qtbot, demo_window, Qt.Key.Key_F, CTRL)
    assert QApplication.focusWidget() is page.search
    type_into_focus(qtbot, "gloves medium")
    press(qtbot, page.search, Qt.Key.Key_Down)
    assert QApplication.focusWidget() is page.table
    row = page.current_row()
    assert row is not None and "medium" in row.name
    assert demo_window.use_action.isEnabled()


# ---------------------------------------------------------------- undo a slip


def test_staff_undo_their_own_use_with_ctrl_z(staff_window, qtbot, monkeypatch):
    from inventory_app.core.accounts import audit
    from inventory_app.core.accounts.audit import Action
    from inventory_app.core.accounts.context import set_current_actor

    active(qtbot, staff_window)
    item_id = click_sku(qtbot, staff_window, "GLV-NIT-M")
    before = catalog.item_detail(item_id).on_hand

    def steps(dialog: StockDialog) -> None:
        type_into_focus(qtbot, "2")
        press(qtbot, QApplication.focusWidget(), Qt.Key.Key_Return)

    drive(monkeypatch, qtbot, StockDialog, steps)
    press(qtbot, staff_window, Qt.Key.Key_U, CTRL)
    assert catalog.item_detail(item_id).on_hand == before - 2
    offer = staff_window.undo_offer
    assert offer.button.isVisible() and "Used 2 boxes" in offer.button.toolTip()
    press(qtbot, staff_window, Qt.Key.Key_Z, CTRL)
    assert catalog.item_detail(item_id).on_hand == before
    assert not offer.button.isVisible()
    assert staff_window.statusBar().currentMessage().startswith("Undone: Used 2 boxes")
    history = stock_queries.history(item_id)
    newest = max(history, key=lambda m: m.id)
    assert newest.kind == "reversal" and newest.user == "Sam"
    # the panel and table show the stock as it is again
    assert next(r for r in staff_window.inventory_page.model.rows() if r.id == item_id).on_hand == before
    from inventory_app.core.accounts.context import Actor, Role
    from tests.ui.conftest import ADMIN_NAME

    set_current_actor(Actor(ADMIN_NAME, Role.ADMIN))
    reversals = [e for e in audit.events(limit=5) if e.action == Action.REVERSE]
    assert reversals and reversals[0].user == "Sam"
