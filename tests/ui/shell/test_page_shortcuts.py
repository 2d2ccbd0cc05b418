"""Ctrl+1 … Ctrl+9 go to the side bar's pages as shown (hidden rows skipped), each row's tool tip
names its key, and no shortcut of the window or its pages is bound twice (Qt would then report
"Ambiguous shortcut overload" and run neither)."""

from __future__ import annotations

from collections import defaultdict

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QToolTip, QWidget

from inventory_app.ui.shell.main_window import MainWindow
from inventory_app.ui.shell.page_shortcuts import PAGE_KEYS
from inventory_app.ui.shell.side_bar import (
    NAV_AUDIT,
    NAV_COUNTS,
    NAV_EXPIRING,
    NAV_INVENTORY,
    NAV_REORDER,
    NAV_REPORTS,
    NAV_SETTINGS,
    NAV_USERS,
)

DIGITS = [getattr(Qt.Key, f"Key_{n}") for n in range(10)]


def press_ctrl(window: MainWindow, qtbot, number: int) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, DIGITS[number], Qt.KeyboardModifier.ControlModifier)


def test_ctrl_3_shows_the_third_page(demo_window, qtbot) -> None:
    window = demo_window
    assert window.nav.currentRow() == NAV_INVENTORY
    press_ctrl(window, qtbot, 3)
    qtbot.waitUntil(lambda: window.nav.currentRow() == NAV_REORDER)
    assert window.pages.currentWidget() is window.reorder_page
    press_ctrl(window, qtbot, 1)
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.inventory_page)


def test_keys_work_with_the_focus_in_the_search_box(demo_window, qtbot) -> None:
    window = demo_window
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.mouseClick(window.inventory_page.search, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(window.inventory_page.search.hasFocus)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.counts_page)


def test_administrator_reaches_settings_and_audit_log(admin_window, qtbot) -> None:
    window = admin_window
    press_ctrl(window, qtbot, 8)
    qtbot.waitUntil(lambda: window.nav.currentRow() == NAV_SETTINGS)
    press_ctrl(window, qtbot, 9)
    qtbot.waitUntil(lambda: window.nav.currentRow() == NAV_AUDIT)
    assert window.page_shortcuts.keys_for_row(NAV_USERS) == ""  # the tenth row has no key


def test_staff_keys_count_only_the_rows_they_see(staff_window, qtbot) -> None:
    window = staff_window
    hidden = [row for row in range(window.nav.count()) if window.nav.isRowHidden(row)]
    assert hidden == [NAV_SETTINGS, NAV_AUDIT, NAV_USERS]
    press_ctrl(window, qtbot, 7)
    qtbot.waitUntil(lambda: window.nav.currentRow() == NAV_REPORTS)
    for number in (8, 9):  # Settings and the Audit log are hidden from staff: nothing happens
        press_ctrl(window, qtbot, number)
        assert window.nav.currentRow() == NAV_REPORTS
        assert window.pages.currentWidget() is window.reports_page


def test_a_row_hidden_in_the_middle_is_skipped(staff_window, qtbot) -> None:
    window = staff_window
    window.nav.setRowHidden(NAV_EXPIRING, True)
    press_ctrl(window, qtbot, 2)
    qtbot.waitUntil(lambda: window.nav.currentRow() == NAV_REORDER)
    press_ctrl(window, qtbot, 5)
    qtbot.waitUntil(lambda: window.nav.currentRow() == NAV_COUNTS)
    assert window.page_shortcuts.keys_for_row(NAV_EXPIRING) == ""
    assert window.page_shortcuts.keys_for_row(NAV_REPORTS) == "Ctrl+6"


def test_locked_window_ignores_page_keys(admin_window, qtbot) -> None:
    window = admin_window
    window.session.lock_now()
    qtbot.waitUntil(lambda: window.is_locked)
    press_ctrl(window, qtbot, 3)
    assert window.nav.currentRow() == NAV_INVENTORY


def test_side_bar_tool_tip_names_the_key(demo_window, qtbot) -> None:
    window = demo_window
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    nav = window.nav
    viewport = nav.viewport()
    rect = nav.visualItemRect(nav.item(NAV_REORDER))
    qtbot.mouseMove(viewport, rect.center() + QPoint(0, 1))
    qtbot.mouseMove(viewport, rect.center())  # the mouse rests on the row
    qtbot.waitUntil(lambda: QToolTip.isVisible() and QToolTip.text().startswith("Reorder"))
    text = QToolTip.text()
    assert text.startswith("Reorder (Ctrl+3)\n")
    assert "need ordering" in text  # the row's own tip (its counts) is kept under it
    rect = nav.visualItemRect(nav.item(NAV_EXPIRING))
    qtbot.mouseMove(viewport, rect.center())
    qtbot.waitUntil(lambda: QToolTip.text() == "Expiring (Ctrl+2)")
    QToolTip.hideText()


# ---------------------------------------------------------------- no key bound twice


WINDOW_WIDE = (Qt.ShortcutContext.WindowShortcut, Qt.ShortcutContext.ApplicationShortcut)


def bindings(window: MainWindow) -> dict[str, list[tuple[str, QWidget | None]]]:
    """Each key sequence of the window and all its pages (every page built) → (who binds it,
    where it works: None for the whole window, else the page holding a page's own shortcut)."""
    for row in range(window.nav.count()):
        if row != NAV_INVENTORY:  # built with the window
            window.lazy_pages.page(row)
    pages = [window.pages.widget(i) for i in range(window.pages.count())]

    def scope(context: Qt.ShortcutContext, owner: object) -> QWidget | None:
        if context in WINDOW_WIDE or not isinstance(owner, QWidget):
            return None
        return next((p for p in pages if p is owner or p.isAncestorOf(owner)), owner)

    found: dict[str, list[tuple[str, QWidget | None]]] = defaultdict(list)
    for action in set(window.findChildren(QAction)):
        for keys in action.shortcuts():
            name = action.text() or action.objectName() or f"({type(action.parent()).__name__})"
            found[keys.toString()].append((name, scope(action.shortcutContext(), action.parent())))
    for shortcut in window.findChildren(QShortcut):
        name = f"QShortcut of {type(shortcut.parent()).__name__}"
        found[shortcut.key().toString()].append((name, scope(shortcut.context(), shortcut.parent())))
    return found


def ambiguous(window: MainWindow) -> dict[str, list[str]]:
    """Keys that two bindings could answer at the same moment: two window-wide ones, a window-wide
    one and a page's own, or two of the same page. Two pages' own keys never meet (one page is
    shown at a time)."""
    clashes: dict[str, list[str]] = {}
    for keys, found in bindings(window).items():
        scopes = [where for _name, where in found]
        wide = scopes.count(None)
        if wide > 1 or (wide and len(scopes) > 1) or len(set(scopes)) < len(scopes):
            clashes[keys] = [name for name, _where in found]
    return clashes


def test_page_keys_are_bound_once(admin_window) -> None:
    found = bindings(admin_window)
    assert len(found) >= 15
    for number in range(1, PAGE_KEYS + 1):
        assert found[f"Ctrl+{number}"] == [(f"Go to page {number}", None)]


def test_no_key_is_ambiguous(admin_window) -> None:
    assert ambiguous(admin_window) == {}


def test_two_pages_may_share_a_key_but_not_with_the_window(admin_window) -> None:
    """The check above can fail: a window-wide copy of a page's key, or two keys on one page."""
    window = admin_window
    assert ambiguous(window) == {}
    for page in (window.orders_page, window.counts_page):
        action = QAction("Mark", page)
        action.setShortcut(QKeySequence("Ctrl+Shift+M"))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        page.addAction(action)
    assert "Ctrl+Shift+M" not in ambiguous(window)
    second = QAction("Mark again", window.orders_page)
    second.setShortcut(QKeySequence("Ctrl+Shift+M"))
    second.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    assert "Ctrl+Shift+M" in ambiguous(window)
    second.setParent(None)
    wide = QAction("Everywhere", window)
    wide.setShortcut(QKeySequence("Ctrl+Shift+M"))
    assert "Ctrl+Shift+M" in ambiguous(window)
