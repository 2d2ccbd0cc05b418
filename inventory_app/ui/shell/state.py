"""The main window's size, position, tool bars and side bar width, kept between runs."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from inventory_app.ui.shell.main_window import MainWindow

DEFAULT_SIZE = (1360, 820)
DEFAULT_SPLIT = [190, 1170]  # side bar, pages
FRAME = (16, 48)  # room left for the window's frame and title bar (width, height)


def restore_window_state(window: MainWindow) -> None:
    """The window as it was left, or the default size and split on the first run."""
    settings = window.settings
    geometry = settings.value("window/geometry")
    if geometry is not None:
        window.restoreGeometry(geometry)
    else:
        window.resize(*DEFAULT_SIZE)
    fit_to_screen(window)
    state = settings.value("window/state")
    if state is not None:
        window.restoreState(state)
    splitter = settings.value("window/splitter")
    if splitter is not None:
        window.splitter.restoreState(splitter)
    else:
        window.splitter.setSizes(DEFAULT_SPLIT)


def save_window_state(window: MainWindow) -> None:
    """The window's and the inventory page's layout, written to the settings file now."""
    settings = window.settings
    settings.setValue("window/geometry", window.saveGeometry())
    settings.setValue("window/state", window.saveState())
    settings.setValue("window/splitter", window.splitter.saveState())
    window.inventory_page.save_state()
    settings.sync()


def fit_to_screen(window: MainWindow) -> None:
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
