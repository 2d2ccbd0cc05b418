"""User text for reportlab: escaped, and drawn with fonts that have its letters (RELIABILITY E1, E2).

`Paragraph` parses its text as markup, so a name like "Gauze 4x4 <sterile>" would
lose a word, an unclosed "<b>" would abort the document and "<img src=...>" would
open a local file: every user string goes through `markup()`, which escapes it.

reportlab's built-in fonts cover Latin-1 only, and a TrueType font silently drops
a character it has no glyph for. So the text is drawn in the bundled DejaVu Sans
(Latin, Greek, Cyrillic, many symbols); characters DejaVu lacks, chiefly Chinese,
Japanese and Korean, are drawn in the bundled Droid Sans Fallback (Apache 2.0),
which is loaded only when such a character appears. A character neither font has
(e.g. an emoji) is drawn as "�" and reported through `missing_characters()`, so the
caller can warn the user instead of sending a form with a letter gone.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from inventory_app.resources import resource_path

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
FALLBACK_FONT = "DroidSansFallback"
REPLACEMENT = "\ufffd"

_FILES = {
    FONT: "DejaVuSans.ttf",
    FONT_BOLD: "DejaVuSans-Bold.ttf",
    FALLBACK_FONT: "DroidSansFallbackFull.ttf",
}
_lock = threading.Lock()
_glyphs: dict[str, frozenset[int]] = {}


def _register(name: str) -> frozenset[int]:
    """Register a bundled font once (thread-safe: PDFs render in worker threads)."""
    found = _glyphs.get(name)
    if found is not None:
        return found
    with _lock:
        if name not in _glyphs:
            font = TTFont(name, str(resource_path("fonts", _FILES[name])))
            pdfmetrics.registerFont(font)
            if name == FONT_BOLD:
                # <b> inside a DejaVu paragraph switches to the bold face.
                addMapping(FONT, 0, 0, FONT)
                addMapping(FONT, 1, 0, FONT_BOLD)
                addMapping(FONT, 0, 1, FONT)
                addMapping(FONT, 1, 1, FONT_BOLD)
            _glyphs[name] = frozenset(font.face.charToGlyph)
        return _glyphs[name]


def register_fonts() -> None:
    """Make DejaVu Sans and its bold face available to reportlab under FONT and FONT_BOLD."""
    _register(FONT)
    _register(FONT_BOLD)


def _has(font: str, char: str) -> bool:
    code = ord(char)
    return code < 0x20 or code in _register(font)


def _needs_fallback(char: str) -> bool:
    return not _has(FONT, char)


def is_plain(text: str) -> bool:
    """True when DejaVu Sans can draw all of `text` (so it can go in a plain table cell)."""
    glyphs = _register(FONT)
    return all(ord(c) in glyphs or ord(c) < 0x20 for c in text)


def missing_characters(texts: Iterable[str]) -> list[str]:
    """The characters of `texts` that no bundled font can draw, each once, in order."""
    glyphs = _register(FONT)
    missing: dict[str, None] = {}
    for text in texts:
        for char in text:
            code = ord(char)
            if code in glyphs or code < 0x20:
                continue
            if not _has(FALLBACK_FONT, char):
                missing[char] = None
    return list(missing)


def markup(text: object) -> str:
    """Paragraph markup that shows `text` exactly as typed: escaped, line breaks kept,
    runs DejaVu cannot draw put in the fallback font."""
    raw = "" if text is None else str(text)
    if is_plain(raw):
        return _escape(raw)
    parts: list[str] = []
    run: list[str] = []
    in_fallback = False

    def flush() -> None:
        if not run:
            return
        chunk = _escape("".join(run))
        parts.append(f'<font name="{FALLBACK_FONT}">{chunk}</font>' if in_fallback else chunk)
        run.clear()

    for char in raw:
        fallback = _needs_fallback(char)
        if fallback and not _has(FALLBACK_FONT, char):
            char, fallback = REPLACEMENT, False
        if fallback != in_fallback:
            flush()
            in_fallback = fallback
        run.append(char)
    flush()
    return "".join(parts)


def _escape(text: str) -> str:
    cleaned = "".join(c if ord(c) >= 0x20 or c == "\n" else " " for c in text)
    return escape(cleaned, {'"': "&quot;"}).replace("\n", "<br/>")


class PageCountCanvas(Canvas):  # type: ignore[misc]
    """Keeps every page until `save`, then calls `_stamp(total)` on each one, so headers and
    footers can say "Page N of M". Subclasses draw in `_stamp`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:  # reportlab's name
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self._stamp(total)
            super().showPage()
        super().save()

    def _stamp(self, total: int) -> None:
        raise NotImplementedError
