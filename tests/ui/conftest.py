"""GUI fixtures: a main window over a fresh SQLite file, with per-test QSettings.

`window` and `demo_window` are on a database without accounts (nobody signs in);
`admin_window` and `staff_window` on the demo clinic with Ana (administrator)
and Sam (staff) signed in."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from inventory_app import app as app_module
from inventory_app.core.accounts import users as accounts
from inventory_app.core.accounts.context import Actor, Role, set_current_actor
from inventory_app.documents.demo_catalog import load_bundled_demo
from inventory_app.ui.events import AppEvents
from inventory_app.ui.shell.main_window import MainWindow
from tests.conftest import background_work_done


@pytest.fixture
def qsettings(tmp_path: Path, qapp) -> QSettings:
    """Workstation settings in a temporary folder (never the user's real ones)."""
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qs"))
    return QSettings(str(tmp_path / "qs" / "workstation.ini"), QSettings.Format.IniFormat)


ADMIN_NAME = "Ana"
ADMIN_PASSWORD = "correct horse 1"
STAFF_NAME = "Sam"
STAFF_PASSWORD = "battery staple 2"


@pytest.fixture(autouse=True)
def nobody_signed_in() -> Iterator[None]:
    """Every GUI test starts and ends with nobody signed in."""
    set_current_actor(None)
    yield
    set_current_actor(None)


@pytest.fixture
def office_accounts(sqlite_db) -> tuple[Actor, Actor]:
    """The demo clinic with an administrator (Ana) and a staff user (Sam); nobody signed in."""
    admin = accounts.create_first_admin(ADMIN_NAME, ADMIN_PASSWORD)
    set_current_actor(admin)
    accounts.add_user(STAFF_NAME, STAFF_PASSWORD, Role.STAFF)
    load_bundled_demo()
    set_current_actor(None)
    return admin, Actor(STAFF_NAME, Role.STAFF)


def _shown_window(qsettings, events, qtbot) -> MainWindow:
    win = MainWindow(events, qsettings, "test.db")
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    qtbot.waitUntil(lambda: not win.counts_pending)  # the side bar's figures follow the first paint
    return win


def _signed_in_window(actor: Actor, qsettings, events, qtbot) -> MainWindow:
    set_current_actor(actor)
    return _shown_window(qsettings, events, qtbot)


@pytest.fixture
def admin_window(office_accounts, qsettings, events, qtbot) -> MainWindow:
    """The main window on the demo clinic, Ana (administrator) signed in."""
    return _signed_in_window(office_accounts[0], qsettings, events, qtbot)


@pytest.fixture
def staff_window(office_accounts, qsettings, events, qtbot) -> MainWindow:
    """The main window on the demo clinic, Sam (staff) signed in."""
    return _signed_in_window(office_accounts[1], qsettings, events, qtbot)


@pytest.fixture
def events() -> AppEvents:
    return AppEvents()


@pytest.fixture
def window(sqlite_db, qsettings, events, qtbot) -> Iterator[MainWindow]:
    """The main window on an empty database."""
    yield _shown_window(qsettings, events, qtbot)


@pytest.fixture
def demo_window(sqlite_db, qsettings, events, qtbot) -> Iterator[MainWindow]:
    """The main window on the demo clinic."""
    load_bundled_demo()
    yield _shown_window(qsettings, events, qtbot)


def drive(monkeypatch, qtbot, dialog_class: type, steps: Callable[[Any], None]) -> list[Any]:
    """Make `dialog_class.exec` run `steps` on the real, shown dialog instead of blocking; the
    dialogs it ran, in order. A dialog the steps leave open is cancelled."""
    seen: list[Any] = []

    def fake_exec(dialog: Any) -> int:
        seen.append(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        # As exec() does: the dialog is the active window, its first field has the keyboard.
        dialog.activateWindow()
        qtbot.waitUntil(dialog.isActiveWindow)
        steps(dialog)
        if dialog.isVisible():
            dialog.reject()
        owner = dialog.parentWidget()
        if owner is not None and owner.window().isVisible():
            owner.window().activateWindow()  # as the window system does when a dialog closes
            qtbot.waitUntil(owner.window().isActiveWindow)
        return dialog.result()

    monkeypatch.setattr(dialog_class, "exec", fake_exec)
    return seen


@pytest.fixture
def app_without_loop(monkeypatch, qapp, tmp_path: Path) -> Iterator[Path]:
    """`app.main` returns instead of running its event loop; workstation settings and the data
    folder go to `tmp_path` (yielded); the main windows it opened are closed after."""
    monkeypatch.setattr(QApplication, "exec", lambda self=None: 0)
    monkeypatch.setattr(app_module, "data_folder", lambda: tmp_path / "data")
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qs"))
    old_hook = sys.excepthook
    yield tmp_path
    background_work_done()  # the app's own daily backup ends before the next test's database
    sys.excepthook = old_hook
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, MainWindow):
            widget.close()
            widget.deleteLater()


def shown_main_windows() -> list[MainWindow]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]


# ---------------------------------------------------------------- a person's input


def click_row(qtbot, table, row: int, column: int = 1, double: bool = False) -> None:
    """Click (or double-click) the table's row where a person would: in its rectangle."""
    from PySide6.QtCore import Qt

    index = table.model().index(row, column)
    table.scrollTo(index)
    center = table.visualRect(index).center()
    assert table.viewport().rect().contains(center), "the row is not on screen"
    if double:
        qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=center)
    else:
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=center)


def row_of(table, predicate: Callable[[Any], bool]) -> int:
    """The position of the first shown row that matches."""
    model = table.model()
    for position in range(model.rowCount()):
        if predicate(model.row_at(position)):
            return position
    raise AssertionError("no such row shown")


def press(qtbot, widget, key, modifier=None) -> None:
    """A key (or chord) pressed on `widget`, as the keyboard sends it."""
    from PySide6.QtCore import Qt

    qtbot.keyClick(widget, key, modifier or Qt.KeyboardModifier.NoModifier)


def type_into_focus(qtbot, text: str) -> None:
    """Type `text` into whatever has the keyboard focus now."""
    focused = QApplication.focusWidget()
    assert focused is not None, "nothing has the keyboard focus"
    qtbot.keyClicks(focused, text)


def active(qtbot, window) -> None:
    """Make `window` the active window, as it is when the person works in it (shortcuts fire)."""
    window.activateWindow()
    window.raise_()
    qtbot.waitUntil(window.isActiveWindow)


def type_date(qtbot, field, text: str, enter: bool = True) -> None:
    """Click into a date field (`ui.common.date_field.DateField`), type `text` over what it holds and
    press Enter, as a person does; its window must be the active one."""
    from PySide6.QtCore import Qt

    qtbot.mouseClick(field.edit, Qt.MouseButton.LeftButton)
    assert field.edit.hasFocus(), "the date field did not take the keyboard"
    qtbot.keyClick(field.edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(field.edit, Qt.Key.Key_Backspace)
    qtbot.keyClicks(field.edit, text)
    if enter:
        qtbot.keyClick(field.edit, Qt.Key.Key_Return)


def click_item(qtbot, window, item_id: int) -> None:
    """Click the item's row in the inventory (clearing the search first if it hides it)."""
    page = window.inventory_page
    if page.model.position_of(item_id) < 0:
        page.search.clear()
    click_row(qtbot, page.table, page.model.position_of(item_id))
    assert page.current_item_id() == item_id


def click_tab(qtbot, tabs, index: int) -> None:
    """Click a tab of a QTabWidget on its label."""
    from PySide6.QtCore import Qt

    bar = tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    assert tabs.currentIndex() == index


def choose_menu(qtbot, window, menu_title: str, entry: str) -> None:
    """Open a menu of the window's menu bar and click one of its entries with the mouse, as a
    person does (titles and entries as shown, without their & marks)."""
    from PySide6.QtCore import Qt

    def plain(text: str) -> str:
        return text.replace("&", "")

    bar = window.menuBar()
    title = next(a for a in bar.actions() if plain(a.text()) == menu_title)
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.actionGeometry(title).center())
    menu = title.menu()
    qtbot.waitUntil(menu.isVisible)
    action = next(a for a in menu.actions() if plain(a.text()) == entry)
    assert action.isVisible() and action.isEnabled(), f"{menu_title} ▸ {entry} is not offered"
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())


def click_nav(qtbot, window, row: int) -> None:
    """Click a page's entry in the side bar."""
    from PySide6.QtCore import Qt

    nav = window.nav
    qtbot.mouseClick(
        nav.viewport(), Qt.MouseButton.LeftButton, pos=nav.visualItemRect(nav.item(row)).center()
    )
    assert nav.currentRow() == row


def choose_in_combo(qtbot, combo, text: str) -> None:
    """Pick the entry `text` of a drop-down from the keyboard, as a person does: the box has
    the keyboard and the entry's words are typed (a list drop-down, not an editable one, finds
    the entry as it is typed)."""
    combo.setFocus()
    qtbot.keyClicks(combo, text)
    assert combo.currentText() == text, f"typing {text!r} chose {combo.currentText()!r}"


def told(qtbot, events: AppEvents, kind: str, timeout: int = 1000) -> Any:
    """Waits (as a `with` block) for the app event saying `kind` changed (core.changes.KINDS)."""
    return qtbot.waitSignal(
        events.changed, timeout=timeout, check_params_cb=lambda changes, _who: kind in changes.kinds
    )
