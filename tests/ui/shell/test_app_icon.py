"""The window shows the program's own icon (the one the bundles and the desktop file use)."""

from __future__ import annotations

from inventory_app.ui.common.icons import app_icon


def test_the_window_and_its_guide_show_the_program_icon(window, qtbot) -> None:
    assert not app_icon().isNull()
    image = window.windowIcon().pixmap(64, 64).toImage()
    assert not image.isNull()
    colours = {image.pixel(x, y) for x in range(0, 64, 4) for y in range(0, 64, 4)}
    assert len(colours) > 3  # drawn, not a blank square
    assert window.windowIcon().cacheKey() == app_icon().cacheKey()
