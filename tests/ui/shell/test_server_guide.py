"""Help ▸ Set up the office server: the bundled page opens from the Help menu, gives the
commands to create the database and its user, and the backup command the program prints."""

from __future__ import annotations

from html import unescape

from inventory_app.resources import resource_path
from PySide6.QtCore import Qt

from inventory_app.core.backups.backup import dump_file_name, postgres_backup_command
from inventory_app.ui.shell.help_dialogs import SERVER_GUIDE_FILE, GuideDialog
from tests.ui.shell.test_help_menu import _marked, _menu_paths, active, help_menu_entry


def test_the_help_menu_opens_the_server_guide_offline(admin_window, qtbot) -> None:
    window = active(admin_window, qtbot)
    help_menu_entry(window, qtbot, Qt.Key.Key_S)
    qtbot.waitUntil(
        lambda: window.help_menu.server_guide is not None and window.help_menu.server_guide.isVisible()
    )
    guide = window.help_menu.server_guide
    assert isinstance(guide, GuideDialog) and guide.windowTitle() == "Set up the office server"
    text = guide.browser.toPlainText()
    assert "createuser --pwprompt inventory" in text and "createdb -O inventory inventory" in text
    assert "Our office server" in text and "Test connection" in text and "--db" in text
    assert guide.browser.source().isLocalFile() and not guide.browser.openExternalLinks()
    assert window.help_menu.guide is None  # the daily tasks guide is a window of its own


def test_the_guide_shows_the_backup_command_the_program_prints() -> None:
    html = unescape(resource_path(*SERVER_GUIDE_FILE).read_text(encoding="utf-8"))
    printed = postgres_backup_command("postgresql://inventory:secret@office-server:5432/inventory")
    assert printed.replace(dump_file_name(), "inventory-YYYYMMDD.dump") in html


def test_the_guide_names_real_menus_and_pages(admin_window) -> None:
    html = resource_path(*SERVER_GUIDE_FILE).read_text(encoding="utf-8")
    menus = _marked(html, "menu")
    assert "Help ▸ Set up the office server" in _menu_paths(admin_window)
    assert menus and set(menus) <= _menu_paths(admin_window), set(menus) - _menu_paths(admin_window)
    pages = {admin_window.page_shortcuts.page_name(row) for row in range(admin_window.nav.count())}
    assert set(_marked(html, "page")) == {"Settings"} and "Settings" in pages
