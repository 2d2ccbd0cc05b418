"""The tinted SVG icons: drawn in the colour asked for (the palette's text colour by default), at
the size and screen scale painted, only when first painted; disabled and selected ones in the
colours of disabled and selected text."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QIcon, QImage, QPalette
from PySide6.QtWidgets import QApplication

from inventory_app.ui.common import icons


def _opaque_colours(image: QImage) -> set[tuple[int, int, int]]:
    """The colours of the most opaque pixels (the middle of the strokes)."""
    pixels = [image.pixelColor(x, y) for y in range(image.height()) for x in range(image.width())]
    most = max(c.alpha() for c in pixels)
    assert most >= 200  # something was drawn
    return {(c.red(), c.green(), c.blue()) for c in pixels if c.alpha() == most}


def test_an_icon_is_drawn_in_its_colour_at_the_size_asked(qapp) -> None:
    red = QColor("#c0392b")
    icon = icons.icon("add", red)
    for size in (16, 20, 24, 32):
        image = icon.pixmap(QSize(size, size)).toImage()
        assert (image.width(), image.height()) == (size, size)
        assert _opaque_colours(image) == {(0xC0, 0x39, 0x2B)}  # the strokes, all in red


def test_by_default_the_palette_text_colour(qapp) -> None:
    text = QApplication.palette().color(QPalette.ColorRole.WindowText)
    image = icons.icon("use").pixmap(QSize(24, 24)).toImage()
    assert _opaque_colours(image) == {(text.red(), text.green(), text.blue())}


def test_a_high_resolution_screen_gets_a_sharp_pixmap(qapp) -> None:
    pixmap = icons.icon("receive", QColor("black")).pixmap(QSize(20, 20), 2.0)
    assert (pixmap.width(), pixmap.height(), pixmap.devicePixelRatio()) == (40, 40, 2.0)


def test_disabled_is_drawn_in_the_colour_of_disabled_text(qapp) -> None:
    grey = QApplication.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText)
    icon = icons.icon("edit", QColor("#1d6f8c"))
    disabled = icon.pixmap(QSize(24, 24), QIcon.Mode.Disabled).toImage()
    assert _opaque_colours(disabled) == {(grey.red(), grey.green(), grey.blue())}


def test_selected_is_drawn_in_the_colour_of_selected_text(qapp) -> None:
    white = QApplication.palette().color(QPalette.ColorRole.HighlightedText)
    selected = icons.icon("out", QColor("#d63b3b")).pixmap(QSize(16, 16), QIcon.Mode.Selected).toImage()
    assert _opaque_colours(selected) == {(white.red(), white.green(), white.blue())}


def test_nothing_is_drawn_until_the_icon_is_painted(qapp, monkeypatch) -> None:
    drawn: list[QSize] = []
    render = icons._render
    monkeypatch.setattr(icons, "_render", lambda *args: drawn.append(args[1]) or render(*args))
    icon = icons.icon("archive", QColor("#123456"))
    assert drawn == []
    icon.pixmap(QSize(16, 16))
    icon.pixmap(QSize(16, 16))  # kept: drawn once per size
    icon.pixmap(QSize(24, 24), QIcon.Mode.Disabled)
    icon.pixmap(QSize(24, 24), QIcon.Mode.Disabled)
    assert drawn == [QSize(16, 16), QSize(24, 24)]
