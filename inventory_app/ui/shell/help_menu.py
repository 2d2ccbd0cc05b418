"""The Help menu: the daily tasks guide (F1), the keyboard shortcuts and About.

The shortcuts list is read from the window's actions each time it is opened (menu by menu, then
the page keys, then any other action with a shortcut), so a shortcut added or changed anywhere
shows up without touching this module."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

import PySide6
from PySide6.QtCore import QObject, QSysInfo, Qt, qVersion
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QWidget

from inventory_app import APP_NAME
from inventory_app.ui.shell.page_shortcuts import PageShortcuts

_MNEMONIC = re.compile(r"&(.)")

if TYPE_CHECKING:
    from inventory_app.ui.shell.help_dialogs import GuideDialog


def plain_text(text: str) -> str:
    """An action's text as read: "&Receive…" → "Receive", "Save && close" → "Save & close"."""
    return _MNEMONIC.sub(r"\1", text).rstrip("…").removesuffix("...").strip()


def keys_text(action: QAction) -> str:
    """The action's shortcuts as shown on this system, "Ctrl+R" (several joined by ", ")."""
    return ", ".join(s.toString(QKeySequence.SequenceFormat.NativeText) for s in action.shortcuts())


def _menu_rows(menu: QMenu, prefix: str, listed: set[QAction]) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    for action in menu.actions():
        submenu = action.menu()
        if isinstance(submenu, QMenu):
            rows += _menu_rows(submenu, f"{prefix}{plain_text(submenu.title())} ▸ ", listed)
        elif action.isVisible() and keys_text(action):
            rows.append((prefix + plain_text(action.text()), keys_text(action)))
            listed.add(action)
    return rows


WINDOW_WIDE = (Qt.ShortcutContext.WindowShortcut, Qt.ShortcutContext.ApplicationShortcut)


def _page_of(action: QAction, pages: Mapping[QWidget, str]) -> str | None:
    """The page whose own shortcut `action` is (its keys work only there), or None."""
    owner = action.parent()
    if action.shortcutContext() in WINDOW_WIDE or not isinstance(owner, QWidget):
        return None
    return next((name for page, name in pages.items() if page is owner or page.isAncestorOf(owner)), None)


def shortcut_groups(
    window: QMainWindow, pages: PageShortcuts, page_widgets: Mapping[QWidget, str] | None = None
) -> list[tuple[str, list[tuple[str, str]]]]:
    """Every shortcut the window answers to now: one group per menu, then the page keys, then each
    page's own keys (`page_widgets`: page → name, in side bar order), then other actions with a
    shortcut. Hidden actions (Lock now with nobody signed in) are left out: their keys do nothing."""
    listed: set[QAction] = set(pages.actions)
    groups: list[tuple[str, list[tuple[str, str]]]] = []
    for entry in window.menuBar().actions():
        menu = entry.menu()
        if isinstance(menu, QMenu):
            rows = _menu_rows(menu, "", listed)
            if rows:
                groups.append((plain_text(menu.title()), rows))
    page_rows = [(window.tr("Go to {page}").format(page=name), keys) for keys, name in pages.entries()]
    if page_rows:
        groups.append((window.tr("Pages (side bar, top to bottom)"), page_rows))
    on_page: dict[str, list[tuple[str, str]]] = {name: [] for name in (page_widgets or {}).values()}
    other: list[tuple[str, str]] = []
    for action in window.findChildren(QAction):
        text, keys = plain_text(action.text()), keys_text(action)
        if action in listed or not action.isVisible() or not text or not keys:
            continue
        page = _page_of(action, page_widgets or {})
        (other if page is None else on_page[page]).append((text, keys))
    for name, rows in on_page.items():
        if rows:
            groups.append((window.tr("On the {page} page").format(page=name), rows))
    if other:
        groups.append((window.tr("Other"), other))
    return groups


class HelpMenu(QObject):
    """The Help menu of `window`; `database` is the database in use as the status bar names it,
    `page` the window's page for a side bar row (built if need be)."""

    def __init__(
        self, window: QMainWindow, pages: PageShortcuts, database: str, page: Callable[[int], QWidget]
    ) -> None:
        super().__init__(window)
        self.window = window
        self.pages = pages
        self.page = page
        self.database = database
        self.guide: GuideDialog | None = None
        self.server_guide: GuideDialog | None = None
        menu = window.menuBar().addMenu(self.tr("&Help"))
        self.menu = menu
        self.guide_action = QAction(self.tr("&Daily tasks guide"), window)
        self.guide_action.setShortcut(QKeySequence.StandardKey.HelpContents)
        self.guide_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.guide_action.setStatusTip(self.tr("How to do the everyday tasks, step by step"))
        self.guide_action.triggered.connect(self.show_guide)
        window.addAction(self.guide_action)
        self.server_guide_action = QAction(self.tr("&Set up the office server"), window)
        self.server_guide_action.setStatusTip(
            self.tr("Share one inventory between computers: the server, each computer, backups")
        )
        self.server_guide_action.triggered.connect(self.show_server_guide)
        self.shortcuts_action = QAction(self.tr("&Keyboard shortcuts"), window)
        self.shortcuts_action.setStatusTip(self.tr("Every key that does something in this window"))
        self.shortcuts_action.triggered.connect(self.show_shortcuts)
        self.about_action = QAction(self.tr("&About {app}").format(app=APP_NAME), window)
        self.about_action.setStatusTip(self.tr("Version, database and data folder, for support"))
        self.about_action.triggered.connect(self.show_about)
        menu.addAction(self.guide_action)
        menu.addAction(self.server_guide_action)
        menu.addAction(self.shortcuts_action)
        menu.addSeparator()
        menu.addAction(self.about_action)

    def show_guide(self) -> None:
        """The guide beside the window (not modal: it can stay open while the task is done)."""
        from inventory_app.ui.shell.help_dialogs import GuideDialog  # (loaded when first asked for)

        if self.guide is None:
            self.guide = GuideDialog(self.window)
        self.guide.show()
        self.guide.raise_()
        self.guide.activateWindow()

    def show_server_guide(self) -> None:
        """How to set up the office server, beside the window like the daily tasks guide."""
        from inventory_app.ui.shell.help_dialogs import SERVER_GUIDE_FILE, GuideDialog

        if self.server_guide is None:
            self.server_guide = GuideDialog(
                self.window, SERVER_GUIDE_FILE, self.tr("Set up the office server")
            )
        self.server_guide.show()
        self.server_guide.raise_()
        self.server_guide.activateWindow()

    def page_widgets(self) -> dict[QWidget, str]:
        """Each page the side bar shows → its name, in side bar order; pages not built yet are
        built now (a tenth of a second), so their own keys are listed too."""
        found: dict[QWidget, str] = {}
        for row in self.pages.shown_rows():
            found[self.page(row)] = self.pages.page_name(row)
        return found

    def show_shortcuts(self) -> None:
        from inventory_app.ui.shell.help_dialogs import ShortcutsDialog

        groups = shortcut_groups(self.window, self.pages, self.page_widgets())
        dialog = ShortcutsDialog(groups, self.window)
        dialog.exec()
        dialog.deleteLater()

    def about_facts(self) -> list[tuple[str, str]]:
        from inventory_app.core.support_info import support_info

        info = support_info()
        tr = self.tr
        return [
            (tr("Version"), info.version),
            (tr("Database"), self.database),
            (tr("Data folder"), str(info.data_folder)),
            (tr("Error log"), str(info.errors_log)),
            (tr("Qt"), tr("{qt} (PySide6 {pyside})").format(qt=qVersion(), pyside=PySide6.__version__)),
            (tr("Python"), info.python_version),
            (tr("System"), QSysInfo.prettyProductName()),
        ]

    def show_about(self) -> None:
        from inventory_app.ui.shell.help_dialogs import AboutDialog

        dialog = AboutDialog(self.about_facts(), self.window)
        dialog.exec()
        dialog.deleteLater()
