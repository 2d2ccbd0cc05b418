"""The Help menu: the daily tasks guide on F1, the keyboard shortcuts read from the window's
actions, About with what support asks for; and a guide whose menu names, page names and keys
are the window's own."""

from __future__ import annotations

import re
import tomllib
from html import unescape
from pathlib import Path

from inventory_app.resources import resource_path
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import QApplication, QMenu

import inventory_app
from inventory_app.ui.shell.help_dialogs import AboutDialog, GuideDialog, ShortcutsDialog
from inventory_app.ui.shell.help_menu import plain_text, shortcut_groups
from inventory_app.ui.shell.main_window import MainWindow
from tests.ui.conftest import drive

ROOT = Path(__file__).resolve().parents[3]


def active(window: MainWindow, qtbot) -> MainWindow:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def help_menu_entry(window: MainWindow, qtbot, letter: Qt.Key) -> None:
    """Alt+H opens the Help menu, then the entry's underlined letter."""
    qtbot.keyClick(window, Qt.Key.Key_H, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu))
    assert QApplication.activePopupWidget() is window.help_menu.menu
    qtbot.keyClick(QApplication.activePopupWidget(), letter)


def test_f1_opens_the_guide_offline(demo_window, qtbot) -> None:
    window = active(demo_window, qtbot)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: window.help_menu.guide is not None and window.help_menu.guide.isVisible())
    guide = window.help_menu.guide
    assert isinstance(guide, GuideDialog)
    text = guide.browser.toPlainText()
    assert "Receive a delivery" in text and "Record a use" in text and "Undo a mistake" in text
    assert guide.browser.source().isLocalFile()  # the bundled page, never the network
    assert not guide.browser.openExternalLinks()


def test_guide_links_move_inside_the_guide_only(window, qtbot, monkeypatch) -> None:
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    window.help_menu.show_guide()
    guide = window.help_menu.guide
    qtbot.waitExposed(guide)
    browser = guide.browser
    source = browser.source()
    bar = browser.verticalScrollBar()
    assert bar.value() == 0
    browser.setFocus()
    qtbot.waitUntil(browser.hasFocus)
    for _ in range(3):  # Tab moves from link to link: Find an item, Record a use, Receive a delivery
        qtbot.keyClick(browser, Qt.Key.Key_Tab)
    qtbot.keyClick(browser, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bar.value() > 0)
    assert browser.source() == source
    browser.anchorClicked.emit(QUrl("https://example.com/"))
    assert browser.source() == source and opened == []


def test_f1_again_shows_the_same_guide(window, qtbot) -> None:
    window = active(window, qtbot)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: window.help_menu.guide is not None and window.help_menu.guide.isVisible())
    first = window.help_menu.guide
    first.close()
    active(window, qtbot)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    qtbot.waitUntil(first.isVisible)
    assert window.help_menu.guide is first


def test_about_shows_version_database_and_folders(demo_window, qtbot, monkeypatch) -> None:
    window = active(demo_window, qtbot)
    seen: list[dict[str, str]] = []

    def read(dialog: AboutDialog) -> None:
        seen.append({name: label.text() for name, label in dialog.value_labels.items()})
        flags = dialog.value_labels["Database"].textInteractionFlags()
        assert flags & Qt.TextInteractionFlag.TextSelectableByMouse
        qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)

    dialogs = drive(monkeypatch, qtbot, AboutDialog, read)
    help_menu_entry(window, qtbot, Qt.Key.Key_A)  # &About Supply Room
    qtbot.waitUntil(lambda: len(seen) == 1)
    facts = seen[0]
    assert facts["Version"] == inventory_app.__version__
    assert facts["Database"] == "test.db"  # as passed to MainWindow by the fixture
    assert facts["Data folder"] and facts["Error log"].endswith("errors.log")
    assert facts["Python"].count(".") == 2 and facts["Qt"].startswith("6.")
    copied = QApplication.clipboard().text()
    assert f"Version: {inventory_app.__version__}" in copied and "Database: test.db" in copied
    assert dialogs[0].windowTitle() == "About Supply Room"


def test_version_matches_the_package(qapp) -> None:
    with open(ROOT / "pyproject.toml", "rb") as f:
        assert tomllib.load(f)["project"]["version"] == inventory_app.__version__


def test_keyboard_shortcuts_list_the_menus_and_the_pages(demo_window, qtbot, monkeypatch) -> None:
    window = active(demo_window, qtbot)
    seen: list[list[tuple[str, str, str]]] = []
    drive(monkeypatch, qtbot, ShortcutsDialog, lambda dialog: seen.append(dialog.rows()))
    help_menu_entry(window, qtbot, Qt.Key.Key_K)  # &Keyboard shortcuts
    qtbot.waitUntil(lambda: len(seen) == 1)
    rows = seen[0]
    assert ("Item", "Ctrl+R", "Receive") in rows
    assert ("File", "Ctrl+I", "Import a spreadsheet") in rows
    assert ("Help", "F1", "Daily tasks guide") in rows
    pages = [(keys, text) for group, keys, text in rows if group.startswith("Pages")]
    assert pages[:3] == [
        ("Ctrl+1", "Go to Inventory"),
        ("Ctrl+2", "Go to Expiring"),
        ("Ctrl+3", "Go to Reorder"),
    ]
    assert len(pages) == 9  # nobody signed in: every page shows, Users has no key


def test_a_new_shortcut_shows_up_in_the_list(window) -> None:
    view_menu = next(a.menu() for a in window.menuBar().actions() if plain_text(a.text()) == "View")
    extra = QAction("&Zoom in", window)
    extra.setShortcut(QKeySequence("Ctrl+Shift+Z"))
    view_menu.addAction(extra)
    loose = QAction("Print labels", window)
    loose.setShortcut(QKeySequence("Ctrl+Shift+P"))
    window.addAction(loose)
    own = QAction("Mark all received", window.orders_page)  # works on the Orders page only
    own.setShortcut(QKeySequence("Ctrl+Shift+M"))
    own.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    window.orders_page.addAction(own)
    groups = dict(shortcut_groups(window, window.page_shortcuts, window.help_menu.page_widgets()))
    assert ("Zoom in", "Ctrl+Shift+Z") in groups["View"]
    assert ("Print labels", "Ctrl+Shift+P") in groups["Other"]
    assert ("Mark all received", "Ctrl+Shift+M") in groups["On the Orders page"]
    assert ("Mark all received", "Ctrl+Shift+M") not in groups["Other"]


def _all_keys(window: MainWindow) -> set[str]:
    return {keys for _group, rows in shortcut_groups(window, window.page_shortcuts) for _text, keys in rows}


def test_lock_now_is_listed_when_someone_is_signed_in(admin_window) -> None:
    assert "Ctrl+L" in _all_keys(admin_window)


def test_lock_now_is_not_listed_without_accounts(window) -> None:
    assert not window.session.lock_action.isVisible()  # its key does nothing then
    assert "Ctrl+L" not in _all_keys(window)


# ---------------------------------------------------------------- the guide matches the window


def _marked(html: str, kind: str) -> list[str]:
    found = re.findall(rf'<b class="{kind}">(.*?)</b>', html, flags=re.DOTALL)
    return [" ".join(unescape(text).split()) for text in found]


def _menu_paths(window: MainWindow) -> set[str]:
    paths: set[str] = set()

    def walk(menu: QMenu, prefix: str) -> None:
        for action in menu.actions():
            if isinstance(action.menu(), QMenu):
                walk(action.menu(), f"{prefix}{plain_text(action.menu().title())} ▸ ")
            elif action.text():
                paths.add(" ".join(f"{prefix}{action.text()}".replace("&", "").split()))

    for entry in window.menuBar().actions():
        walk(entry.menu(), f"{plain_text(entry.menu().title())} ▸ ")
    return paths


def test_the_guide_names_real_menus_pages_and_keys(admin_window) -> None:
    html = resource_path("help", "daily_tasks.html").read_text(encoding="utf-8")
    window = admin_window  # Lock now shows only with someone signed in
    menus = _marked(html, "menu")
    assert len(menus) >= 10
    assert set(menus) <= _menu_paths(window), set(menus) - _menu_paths(window)
    pages = {window.page_shortcuts.page_name(row): row for row in range(window.nav.count())}
    assert set(_marked(html, "page")) <= set(pages)
    assert set(_marked(html, "keys")) <= _all_keys(window)
    # "the Orders page (Ctrl+4)": the key goes to that page, for staff as for administrators.
    said = re.findall(r'<b class="page">([^<]+)</b> page \(<b class="keys">([^<]+)</b>\)', html)
    assert len(said) >= 5
    for name, page_keys in said:
        assert window.page_shortcuts.keys_for_row(pages[name]) == page_keys


def test_an_open_guide_is_covered_when_the_window_locks(admin_window, qtbot) -> None:
    window = active(admin_window, qtbot)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    guide = window.help_menu.guide
    qtbot.waitUntil(lambda: guide is not None and guide.browser.isVisible())
    window.session.lock_now()
    qtbot.waitUntil(lambda: window.is_locked)
    assert guide.isVisible() and not guide.browser.isVisible()  # the page is hidden under the lock
    assert not window.help_menu.guide_action.isEnabled()  # F1 does nothing while locked
