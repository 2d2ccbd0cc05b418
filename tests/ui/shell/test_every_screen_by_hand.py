"""Every table page and every dialog with a main action, with the input a person uses: one click
on a row's rectangle selects it for the page's buttons and details; a dialog opened by its
shortcut, menu or button takes what is typed into its focused field, and Enter does its main
action (never Cancel). The database is checked afterwards."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog

from inventory_app.core.accounts import users as accounts
from inventory_app.core.accounts.context import current_actor
from inventory_app.core.backups import backup as backups
from inventory_app.core.catalog import items as catalog
from inventory_app.core.purchasing import orders as purchasing
from inventory_app.core.shelf import counts
from inventory_app.ui.accounts.sign_in import SignInDialog
from inventory_app.ui.accounts.user_dialogs import AddUserDialog, ResetPasswordDialog
from inventory_app.ui.backups.restore_dialog import RestoreDialog
from inventory_app.ui.catalog.item_dialog import ItemDialog
from inventory_app.ui.catalog.labels_dialog import LabelsDialog
from inventory_app.ui.catalog.name_dialog import NameDialog
from inventory_app.ui.catalog.supplier_choice import SupplierChoiceDialog
from inventory_app.ui.catalog.supplier_dialog import SupplierDialog
from inventory_app.ui.common.date_range_dialog import DateRangeDialog
from inventory_app.ui.purchasing.order_editor import OrderEditor
from inventory_app.ui.shell.side_bar import (
    NAV_AUDIT,
    NAV_COUNTS,
    NAV_EXPIRING,
    NAV_ORDERS,
    NAV_REORDER,
    NAV_REPORTS,
    NAV_SETTINGS,
    NAV_SUPPLIERS,
    NAV_USERS,
)
from tests.ui.conftest import (
    STAFF_NAME,
    STAFF_PASSWORD,
    active,
    choose_in_combo,
    choose_menu,
    click_row,
    drive,
    press,
    type_into_focus,
)

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier
LEFT = Qt.MouseButton.LeftButton
ACCEPTED = QDialog.DialogCode.Accepted


def go_to(qtbot, window, nav_row: int):
    """Click the side bar entry; the page once it shows."""
    rect = window.nav.visualItemRect(window.nav.item(nav_row))
    qtbot.mouseClick(window.nav.viewport(), LEFT, pos=rect.center())
    qtbot.waitUntil(lambda: window.nav.currentRow() == nav_row)
    page = window.pages.currentWidget()
    assert page is not window.inventory_page
    return page


def focused():
    return QApplication.focusWidget()


def enter() -> None:
    """Enter on whatever has the keyboard focus."""
    widget = focused()
    assert widget is not None, "nothing has the keyboard focus"
    QTest.keyClick(widget, Qt.Key.Key_Return)


def _draft(sku: str, quantity: int = 2) -> int:
    return purchasing.create_drafts([(catalog.item_id_for(sku), quantity)])[0].id


def _counted(count_id: int, line_id: int) -> int | None:
    return next(line.counted for line in counts.count_detail(count_id).lines if line.id == line_id)


def _selected_rows(table) -> set[int]:
    return {index.row() for index in table.selectionModel().selectedRows()}


# ---------------------------------------------------------------- one click selects, page by page


def test_orders_one_click_selects_an_order_for_open_and_receive(demo_window, qtbot):
    draft = _draft("GLV-NIT-L")
    ordered = _draft("EXM-PPR-21")
    purchasing.mark_ordered(ordered)
    page = go_to(qtbot, demo_window, NAV_ORDERS)
    assert page is demo_window.orders_page
    positions = {page.model.row_at(p).id: p for p in range(page.model.rowCount())}
    for order_id, can_receive in ((draft, False), (ordered, True), (draft, False)):
        click_row(qtbot, page.table, positions[order_id])
        assert page.current_order_id() == order_id
        assert _selected_rows(page.table) == {positions[order_id]}
        assert page.open_order_button.isEnabled()
        assert page.receive_button.isEnabled() is can_receive
        assert page.mark_ordered_button.isEnabled() is not can_receive


def test_reorder_one_click_selects_a_line_for_assign_supplier_and_why(demo_window, qtbot):
    page = go_to(qtbot, demo_window, NAV_REORDER)
    assert page is demo_window.reorder_page
    model = page.model
    lines = [p for p in range(model.rowCount()) if model.line_at(p) is not None]
    assert len(lines) >= 2
    assert not page.assign_button.isEnabled()
    for position in (lines[0], lines[-1]):
        click_row(qtbot, page.table, position, column=model.NAME)
        line = model.line_at(position)
        assert page.current_line().item_id == line.item_id
        assert page.assign_button.isEnabled()
        assert line.sku in page.why_label.text() and line.reason in page.why_label.text()


def test_expiring_one_click_selects_a_lot_for_dispose(demo_window, qtbot):
    page = go_to(qtbot, demo_window, NAV_EXPIRING)
    assert page is demo_window.expiring_page
    rows = page.model.rows()
    expired = next(p for p, r in enumerate(rows) if r.expired)
    soon = next(p for p, r in enumerate(rows) if not r.expired)
    assert not page.dispose_button.isEnabled()
    click_row(qtbot, page.table, expired)
    assert page.current_lot().lot_id == rows[expired].lot_id
    assert page.dispose_button.isEnabled()
    click_row(qtbot, page.table, soon)
    assert page.current_lot().lot_id == rows[soon].lot_id
    assert not page.dispose_button.isEnabled()


def test_counts_one_click_selects_a_line_and_typing_counts_it(demo_window, qtbot):
    page = go_to(qtbot, demo_window, NAV_COUNTS)
    assert page is demo_window.counts_page
    qtbot.mouseClick(page.start_button, LEFT)
    qtbot.waitUntil(lambda: page.model.rowCount() > 3)
    count_id = page.detail.summary.id
    for position, typed in ((2, "7"), (0, "3")):
        line_id = page.model.row_at(position).id
        click_row(qtbot, page.table, position, column=page.model.ITEM)  # on the name, not the cell
        assert _selected_rows(page.table) == {position}
        type_into_focus(qtbot, typed)
        enter()
        qtbot.waitUntil(lambda: _counted(count_id, line_id) == int(typed))  # noqa: B023
        assert page.model.row_at(position).counted == int(typed)


def test_counts_leaving_the_page_while_typing_counts_touches_no_other_line(demo_window, qtbot):
    page = go_to(qtbot, demo_window, NAV_COUNTS)
    qtbot.mouseClick(page.start_button, LEFT)
    qtbot.waitUntil(lambda: page.model.rowCount() > 6)
    count_id = page.detail.summary.id
    earlier = datetime.now(UTC) - timedelta(hours=2)
    below = [
        row.id
        for row in page.model.rows()[3:]
        if not row.tracks_expiry or row.lot_id is not None  # a line a quantity alone can count
    ]
    for line_id in below:
        counts.enter_count(line_id, 4, counted_at=earlier)
    before = {line.id: line.counted_at for line in counts.count_detail(count_id).lines}
    page.show_count(count_id)
    click_row(qtbot, page.table, 2, column=page.model.ITEM)
    type_into_focus(qtbot, "7")
    enter()
    line_2 = page.model.row_at(2).id
    qtbot.waitUntil(lambda: _counted(count_id, line_2) == 7)
    qtbot.waitUntil(lambda: page.table.state() == page.table.State.EditingState)  # Enter moved down
    go_to(qtbot, demo_window, NAV_EXPIRING)  # the open editor saves as it closes
    for _ in range(20):
        QApplication.processEvents()
    lines = {line.id: line for line in counts.count_detail(count_id).lines}
    assert len(below) > 3
    assert [i for i in below if lines[i].counted != 4 or lines[i].counted_at != before[i]] == []


def test_users_one_click_selects_a_user_for_its_buttons(admin_window, qtbot):
    page = go_to(qtbot, admin_window, NAV_USERS)
    assert page is admin_window.users_page
    names = [row.name for row in page.rows]
    assert page.selected() is None and not page.reset_button.isEnabled()
    click_row(qtbot, page.table, names.index(STAFF_NAME), column=0)
    assert page.selected().name == STAFF_NAME
    assert all(b.isEnabled() for b in (page.reset_button, page.active_button, page.role_button))
    assert page.role_button.text() == "Make &administrator"
    click_row(qtbot, page.table, names.index("Ana"), column=0)
    assert page.selected().name == "Ana"
    assert page.role_button.text() == "Make &staff"


def test_audit_log_one_click_selects_an_entry(admin_window, qtbot):
    page = go_to(qtbot, admin_window, NAV_AUDIT)
    assert page is admin_window.audit_page
    assert page.model.rowCount() >= 3
    for position in (2, 0):
        click_row(qtbot, page.table, position)
        assert _selected_rows(page.table) == {position}
        assert page.table.currentIndex().row() == position


def test_suppliers_one_click_moves_the_selection_and_the_details(demo_window, qtbot):
    page = go_to(qtbot, demo_window, NAV_SUPPLIERS)
    for position in (1, 0):
        click_row(qtbot, page.table, position)
        supplier = page.model.row_at(position)
        assert page.current_supplier().id == supplier.id
        assert page.edit_button.isEnabled()
        assert supplier.name in page.details.text()


@pytest.mark.parametrize("which", ["categories", "locations"])
def test_settings_one_click_moves_the_selection(demo_window, qtbot, which):
    page = go_to(qtbot, demo_window, NAV_SETTINGS)
    manager = getattr(page, which)
    for position in (1, 0):
        click_row(qtbot, manager.table, position, column=0)
        assert manager.current_row().id == manager.model.row_at(position).id
        assert manager.rename_button.isEnabled()


def test_restore_dialog_one_click_selects_a_backup(admin_window, qtbot, monkeypatch):
    older = backups.backup_now()
    newer = backups.backup_now()
    broken = older.parent / "inventory-20200101-120000-manual.db"
    broken.write_bytes(b"not a database")
    seen_paths: list[Path] = []

    def steps(dialog: RestoreDialog) -> None:
        paths = [r.path for r in dialog.model.rows()]
        assert paths[:2] == [newer, older] and paths[-1] == broken
        for path, restorable in ((older, True), (broken, False), (newer, True)):
            click_row(qtbot, dialog.table, paths.index(path), column=0)
            assert dialog.selected().path == path
            assert dialog.restore_button.isEnabled() is restorable
            seen_paths.append(path)

    seen = drive(monkeypatch, qtbot, RestoreDialog, steps)
    active(qtbot, admin_window)
    press(qtbot, admin_window, Qt.Key.Key_F, ALT)  # File menu, by keyboard
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is not None)
    press(qtbot, QApplication.activePopupWidget(), Qt.Key.Key_R)  # &Restore from backup…
    assert len(seen) == 1 and seen_paths == [older, broken, newer]


# ---------------------------------------------------------------- Ctrl+click unselects: nothing to act on


def ctrl_click(qtbot, table, row: int, column: int = 1) -> None:
    center = table.visualRect(table.model().index(row, column)).center()
    qtbot.mouseClick(table.viewport(), LEFT, CTRL, pos=center)


def _expiring(qtbot, window):
    page = go_to(qtbot, window, NAV_EXPIRING)
    position = next(p for p, r in enumerate(page.model.rows()) if r.expired)
    return page, position, 1, page.dispose_button, page.current_lot


def _reorder(qtbot, window):
    page = go_to(qtbot, window, NAV_REORDER)
    position = next(p for p in range(page.model.rowCount()) if page.model.line_at(p) is not None)
    return page, position, page.model.NAME, page.assign_button, page.current_line


def _orders(qtbot, window):
    _draft("GLV-NIT-L")
    page = go_to(qtbot, window, NAV_ORDERS)
    return page, 0, 1, page.open_order_button, page.current_order


def _suppliers(qtbot, window):
    page = go_to(qtbot, window, NAV_SUPPLIERS)
    return page, 0, 1, page.edit_button, page.current_supplier


@pytest.mark.parametrize("page_of", [_expiring, _reorder, _orders, _suppliers])
def test_ctrl_click_on_the_selected_row_leaves_nothing_to_act_on(demo_window, qtbot, page_of):
    page, position, column, button, current = page_of(qtbot, demo_window)
    click_row(qtbot, page.table, position, column=column)
    assert current() is not None and button.isEnabled()
    ctrl_click(qtbot, page.table, position, column)
    assert _selected_rows(page.table) == set()
    assert current() is None and not button.isEnabled()


def test_ctrl_click_in_the_restore_dialog_leaves_nothing_to_restore(admin_window, qtbot, monkeypatch):
    backups.backup_now()
    shown: list[bool] = []

    def steps(dialog: RestoreDialog) -> None:
        click_row(qtbot, dialog.table, 0, column=0)
        shown.append(dialog.restore_button.isEnabled())
        ctrl_click(qtbot, dialog.table, 0, column=0)
        shown.append(dialog.restore_button.isEnabled())
        assert dialog.selected() is None

    drive(monkeypatch, qtbot, RestoreDialog, steps)
    choose_menu(qtbot, admin_window, "File", "Restore from backup…")
    assert shown == [True, False]


# ---------------------------------------------------------------- Enter does each dialog's main action


def _enter_steps(qtbot, *typed: str, check=None):
    """Steps for `drive`: type each text into the focused field, Tab between them, then Enter;
    the dialog must have closed accepted (not by Cancel)."""
    results: list[int] = []

    def steps(dialog: QDialog) -> None:
        for position, text in enumerate(typed):
            if position:
                press(qtbot, focused(), Qt.Key.Key_Tab)
            type_into_focus(qtbot, text)
        if check is not None:
            check(dialog)
        enter()
        qtbot.waitUntil(lambda: not dialog.isVisible())
        results.append(dialog.result())

    steps.results = results  # type: ignore[attr-defined]
    return steps


def test_item_editor_ctrl_n_type_sku_tab_name_enter_saves(demo_window, qtbot, monkeypatch):
    active(qtbot, demo_window)
    steps = _enter_steps(qtbot, "NEW-GAUZE-9", "Gauze pads, new size")
    seen = drive(monkeypatch, qtbot, ItemDialog, steps)
    press(qtbot, demo_window, Qt.Key.Key_N, CTRL)
    assert len(seen) == 1 and steps.results == [ACCEPTED]
    item = catalog.item_detail(catalog.item_id_for("NEW-GAUZE-9"))
    assert item.name == "Gauze pads, new size"


def test_supplier_editor_from_its_button_enter_saves(demo_window, qtbot, monkeypatch):
    page = go_to(qtbot, demo_window, NAV_SUPPLIERS)
    steps = _enter_steps(qtbot, "Harbor Surgical")
    drive(monkeypatch, qtbot, SupplierDialog, steps)
    qtbot.mouseClick(page.add_button, LEFT)
    assert steps.results == [ACCEPTED]
    assert "Harbor Surgical" in [s.name for s in catalog.suppliers(True)]


def test_name_dialog_new_category_enter_saves(demo_window, qtbot, monkeypatch):
    page = go_to(qtbot, demo_window, NAV_SETTINGS)
    steps = _enter_steps(qtbot, "Orthopedics")
    drive(monkeypatch, qtbot, NameDialog, steps)
    qtbot.mouseClick(page.categories.add_button, LEFT)
    assert steps.results == [ACCEPTED]
    assert "Orthopedics" in [c.name for c in catalog.categories(True)]


def test_supplier_choice_from_reorder_typed_and_enter_assigns(demo_window, qtbot, monkeypatch):
    page = go_to(qtbot, demo_window, NAV_REORDER)
    model = page.model
    position = next(p for p in range(model.rowCount()) if model.line_at(p) is not None)
    line = model.line_at(position)
    other = next(s for s in catalog.suppliers(True) if s.id != line.supplier_id)
    click_row(qtbot, page.table, position, column=model.NAME)

    def chosen(dialog: SupplierChoiceDialog) -> None:
        assert dialog.supplier.currentData() == other.id

    steps = _enter_steps(qtbot, other.name[:6], check=chosen)  # a combo box finds what is typed
    drive(monkeypatch, qtbot, SupplierChoiceDialog, steps)
    qtbot.mouseClick(page.assign_button, LEFT)
    assert steps.results == [ACCEPTED]
    assert catalog.item_detail(line.item_id).supplier_id == other.id


def test_new_order_enter_creates_it_and_enter_in_the_editor_adds_a_line(demo_window, qtbot, monkeypatch):
    page = go_to(qtbot, demo_window, NAV_ORDERS)
    choose = _enter_steps(qtbot)  # the first supplier, as offered
    drive(monkeypatch, qtbot, SupplierChoiceDialog, choose)
    edited: list[int] = []

    def add_a_line(editor: OrderEditor) -> None:
        assert focused() is editor.add_field
        type_into_focus(qtbot, "GLV-NIT-M")
        enter()
        qtbot.waitUntil(lambda: editor.model.rowCount() == 1)
        assert editor.isVisible()  # Enter added the line; it did not close the editor
        type_into_focus(qtbot, "GLV-NIT-L")
        press(qtbot, focused(), Qt.Key.Key_Tab)
        assert focused() is editor.add_quantity
        editor.add_quantity.lineEdit().selectAll()
        type_into_focus(qtbot, "3")
        enter()
        qtbot.waitUntil(lambda: editor.model.rowCount() == 2)
        assert editor.isVisible()
        edited.append(editor.detail.summary.id)

    drive(monkeypatch, qtbot, OrderEditor, add_a_line)
    qtbot.mouseClick(page.new_button, LEFT)
    assert choose.results == [ACCEPTED] and len(edited) == 1
    lines = {line.sku: line.quantity for line in purchasing.order_detail(edited[0]).lines}
    assert lines == {"GLV-NIT-M": 1, "GLV-NIT-L": 3}


def test_labels_dialog_filter_tick_and_enter_saves_the_labels(demo_window, qtbot, monkeypatch, tmp_path):
    target = tmp_path / "labels.pdf"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *_a, **_k: (str(target), "PDF (*.pdf)"))
    )
    page = go_to(qtbot, demo_window, NAV_REPORTS)
    results: list[object] = []
    ticked: list[int] = []
    wanted = catalog.item_id_for("GLV-NIT-M")
    if page.item.currentData() == wanted:  # another item shown, so a Space ticks rather than unticks
        choose_in_combo(
            qtbot, page.item, page.item.itemText(page.item.findData(catalog.item_id_for("GLV-NIT-L")))
        )

    def steps(dialog: LabelsDialog) -> None:
        assert focused() is dialog.filter
        ticked.extend(dialog.checked_ids())  # the item shown on the page
        type_into_focus(qtbot, "GLV-NIT-M")
        press(qtbot, focused(), Qt.Key.Key_Tab)
        assert focused() is dialog.items
        press(qtbot, focused(), Qt.Key.Key_Down)
        press(qtbot, focused(), Qt.Key.Key_Space)
        enter()
        qtbot.waitUntil(lambda: not dialog.isVisible())
        results.append((dialog.result(), set(dialog.choice.item_ids) if dialog.choice else None))

    drive(monkeypatch, qtbot, LabelsDialog, steps)
    qtbot.mouseClick(page.labels_button, LEFT)
    assert len(ticked) == 1
    assert results == [(ACCEPTED, {ticked[0], wanted})]
    qtbot.waitUntil(lambda: target.is_file() and target.stat().st_size > 0, timeout=20000)


def test_date_range_typed_and_enter_exports_the_movements(demo_window, qtbot, monkeypatch, tmp_path):
    asked: list[str] = []

    def save_as(_parent, _title, start, _filters):
        asked.append(Path(start).name)
        return str(tmp_path / "movements.xlsx"), "Excel workbook (*.xlsx)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_as))

    first, last = date.today() - timedelta(days=40), date.today() - timedelta(days=10)
    results: list[int] = []

    def steps(dialog: DateRangeDialog) -> None:
        assert focused() is dialog.preset
        press(qtbot, focused(), Qt.Key.Key_Tab)
        assert focused() is dialog.start.edit
        focused().selectAll()
        type_into_focus(qtbot, first.isoformat())
        for _ in range(3):  # past the calendar button, if it takes the keyboard
            if focused() is dialog.end.edit:
                break
            press(qtbot, focused(), Qt.Key.Key_Tab)
        assert focused() is dialog.end.edit
        focused().selectAll()
        type_into_focus(qtbot, last.isoformat())
        enter()
        qtbot.waitUntil(lambda: not dialog.isVisible())
        results.append(dialog.result())

    drive(monkeypatch, qtbot, DateRangeDialog, steps)
    active(qtbot, demo_window)
    with qtbot.waitSignal(demo_window.export_menu.exported, timeout=30000):
        press(qtbot, demo_window, Qt.Key.Key_F, ALT)  # File ▸ Export ▸ Movements…, by keyboard
        qtbot.waitUntil(lambda: QApplication.activePopupWidget() is not None)
        press(qtbot, QApplication.activePopupWidget(), Qt.Key.Key_E)
        qtbot.waitUntil(lambda: QApplication.activePopupWidget() is demo_window.export_menu.menu)
        press(qtbot, QApplication.activePopupWidget(), Qt.Key.Key_M)
    assert results == [ACCEPTED]
    assert asked == [f"Movements {first.isoformat()} to {last.isoformat()}.xlsx"]
    assert (tmp_path / "movements.xlsx").is_file()


def test_add_user_typed_and_enter_adds_them(admin_window, qtbot, monkeypatch):
    page = go_to(qtbot, admin_window, NAV_USERS)
    steps = _enter_steps(qtbot, "Lee", "", "long enough pass 3", "long enough pass 3")
    drive(monkeypatch, qtbot, AddUserDialog, steps)
    qtbot.mouseClick(page.add_button, LEFT)
    assert steps.results == [ACCEPTED]
    assert accounts.sign_in("Lee", "long enough pass 3").name == "Lee"


def test_new_password_typed_twice_and_enter_sets_it(admin_window, qtbot, monkeypatch):
    page = go_to(qtbot, admin_window, NAV_USERS)
    click_row(qtbot, page.table, [row.name for row in page.rows].index(STAFF_NAME), column=0)
    steps = _enter_steps(qtbot, "a new one for Sam 4", "a new one for Sam 4")
    drive(monkeypatch, qtbot, ResetPasswordDialog, steps)
    qtbot.mouseClick(page.reset_button, LEFT)
    assert steps.results == [ACCEPTED]
    assert accounts.sign_in(STAFF_NAME, "a new one for Sam 4").name == STAFF_NAME


def test_sign_in_from_the_lock_screen_typed_and_enter_signs_in(admin_window, qtbot, monkeypatch):
    active(qtbot, admin_window)
    press(qtbot, admin_window, Qt.Key.Key_L, CTRL)  # Lock now
    screen = admin_window.session.lock.screen
    qtbot.waitUntil(screen.isVisible)
    steps = _enter_steps(qtbot, STAFF_NAME, STAFF_PASSWORD)
    drive(monkeypatch, qtbot, SignInDialog, steps)
    qtbot.mouseClick(screen.switch_button, LEFT)
    assert steps.results == [ACCEPTED]
    assert current_actor().name == STAFF_NAME
    assert not admin_window.is_locked
