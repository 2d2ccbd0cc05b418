"""The main window's size, position, tool bars and side bar width, kept between runs."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMainWindow, QSplitter, QWidget

from inventory_app.ui.inventory.inventory_page import InventoryPage

DEFAULT_SIZE = (1360, 820)
DEFAULT_SPLIT = [190, 1170]  # side bar, pages
FRAME = (16, 48)  # room left for the window's frame and title bar (width, height)


def restore_window_state(window: QMainWindow, settings: QSettings, splitter: QSplitter) -> None:
    """The window (and its side bar `splitter`) as it was left, or the default size and split on
    the first run."""
    geometry = settings.value("window/geometry")
    if geometry is not None:
        window.restoreGeometry(geometry)
    else:
        window.resize(*DEFAULT_SIZE)
    fit_to_screen(window)
    state = settings.value("window/state")
    if state is not None:
        window.restoreState(state)
    split = settings.value("window/splitter")
    if split is not None:
        splitter.restoreState(split)
    else:
        splitter.setSizes(DEFAULT_SPLIT)


def save_window_state(
    window: QMainWindow, settings: QSettings, splitter: QSplitter, inventory_page: InventoryPage
) -> None:
    """The window's and the inventory page's layout, written to the settings file now."""
    settings.setValue("window/geometry", window.saveGeometry())
    settings.setValue("window/state", window.saveState())
    settings.setValue("window/splitter", splitter.saveState())
    inventory_page.save_state()
    settings.sync()


def fit_to_screen(window: QWidget) -> None:
    """No taller or wider than the screen it is on (a 1366×768 laptop; a settings file brought
    from a larger screen), frame and title bar included."""
    screen = window.screen()
    if screen is None:
        return
    room = screen.availableGeometry()
    width = min(window.width(), room.width() - FRAME[0])
    height = min(window.height(), room.height() - FRAME[1])
    if (width, height) != (window.width(), window.height()):
        window.resize(max(width, window.minimumSizeHint().width()), max(height, 400))
