"""The purchase order's line table: which columns it has and how wide each is.

Codes and numbers are never broken inside their cell: every column but the
description is as wide as its widest value (measured with reportlab's
`stringWidth` in the font it is drawn in), and the description, the one column
that wraps, takes what is left. Very long codes are drawn smaller before any is
broken (`Cells`).
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph

from inventory_app.documents import pdf_text
from inventory_app.documents.pdf_text import FONT, FONT_BOLD, markup

TABLE_SIZE = 8
PAD = 3  # cell padding left and right, points

# The line table's columns. Every column but the description is as wide as its widest
# value (codes and numbers are never broken inside their cell); the description takes
# what is left and is the one that wraps.
COLUMNS = (
    "No.",
    "Supplier SKU",
    "Our SKU",
    "Description",
    "Purchase unit",
    "Qty",
    "Unit price",
    "Line total",
)
DESCRIPTION = 3
RIGHT_ALIGNED = (0, 5, 6, 7)
SQUEEZABLE = (1, 2, 4)  # text columns narrowed (widest first) when the description has too little
MIN_DESCRIPTION = 0.22  # of the table's width, kept by making long codes smaller
LEAST_DESCRIPTION = 0.14  # of the table's width, kept by breaking codes that cannot shrink more
MIN_CODE_SIZE = 6.0  # a code too wide for its column is drawn down to this size before it breaks


def text_width(text: str, font: str = FONT, size: float = TABLE_SIZE) -> float:
    """How wide `text` is drawn, in points; letters DejaVu lacks (drawn in the fallback
    font, chiefly CJK) are counted as one em each."""
    if pdf_text.is_plain(text):
        return float(stringWidth(text, font, size))
    return sum(float(stringWidth(c, font, size)) if pdf_text.is_plain(c) else size for c in text)


def column_widths(texts: list[list[str]], width: float) -> list[float]:
    """Widths of the line table's columns for these cell texts (one list per line).

    Each column but the description is as wide as its title or its widest value,
    whichever is wider; the description gets the rest. When that leaves it less than
    MIN_DESCRIPTION of the table, the widest text columns (SKUs, purchase unit) are
    narrowed to a common ceiling, never below their title nor below their widest value
    drawn at MIN_CODE_SIZE (so a code is made smaller, not broken); numbers are never
    narrowed. Only when even that does not leave the description LEAST_DESCRIPTION are
    codes narrowed further (and then broken)."""
    pads = 2 * PAD + 1
    natural = [text_width(title, FONT_BOLD) + pads for title in COLUMNS]
    titles = list(natural)
    for row in texts:
        for column, text in enumerate(row):
            if column != DESCRIPTION and text:
                natural[column] = max(natural[column], text_width(text) + pads)
    natural[DESCRIPTION] = 0
    small = {c: max(titles[c], (natural[c] - pads) * MIN_CODE_SIZE / TABLE_SIZE + pads) for c in SQUEEZABLE}
    others = sum(natural) - sum(natural[c] for c in SQUEEZABLE)
    for least, floor in ((MIN_DESCRIPTION, small), (LEAST_DESCRIPTION, dict(enumerate(titles)))):
        budget = width * (1 - least) - others
        if sum(natural[c] for c in SQUEEZABLE) <= budget:
            break
        squeezed = _ceiling([natural[c] for c in SQUEEZABLE], [floor[c] for c in SQUEEZABLE], budget)
        for column, narrowed in zip(SQUEEZABLE, squeezed, strict=True):
            natural[column] = narrowed
    natural[DESCRIPTION] = max(width - sum(natural), 0)
    return natural


def _ceiling(wanted: list[float], floors: list[float], budget: float) -> list[float]:
    """`wanted` cut to a common ceiling (never below `floors`) so they sum to `budget`
    where the floors allow it."""

    def cut(ceiling: float) -> list[float]:
        return [max(f, min(w, ceiling)) for w, f in zip(wanted, floors, strict=True)]

    low, high = 0.0, max(wanted)
    for _ in range(40):
        middle = (low + high) / 2
        if sum(cut(middle)) > budget:
            high = middle
        else:
            low = middle
    return cut(low)


class Cells:
    """Makes one cell: a plain string where it fits (fast, not parsed), else a Paragraph.

    A code too wide for its narrowed column is drawn smaller (down to MIN_CODE_SIZE)
    before it is broken; the per-cell font sizes are collected as table style commands."""

    def __init__(self, widths: list[float], styles: dict[str, ParagraphStyle]) -> None:
        self.widths = widths
        self.left = styles["cell"]
        self.right = styles["cell_right"]
        self.commands: list[tuple[Any, ...]] = []

    def __call__(self, text: str, column: int, row: int) -> Any:
        room = self.widths[column] - 2 * PAD
        needed = text_width(text)
        size = float(TABLE_SIZE)
        if needed > room:
            size = max(MIN_CODE_SIZE, TABLE_SIZE * room / needed)
        plain = "\n" not in text and pdf_text.is_plain(text)
        if plain and needed * size / TABLE_SIZE <= room:
            if size < TABLE_SIZE:
                self.commands.append(("FONT", (column, row), (column, row), FONT, size))
            return text
        style = self.right if column in RIGHT_ALIGNED else self.left
        if size < TABLE_SIZE:
            style = ParagraphStyle(f"{style.name}-{size:.2f}", style, fontSize=size, leading=size * 1.2)
        return Paragraph(markup(text), style)
