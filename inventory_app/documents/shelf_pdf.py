"""What the shelf PDFs (count sheet, waste log) share: page furniture, styles, saving.

The conventions are the order form's: every user string goes through
`pdf_text.markup()` before it reaches a Paragraph (escaped, Unicode fonts,
RELIABILITY E1/E2), characters no bundled font has are reported through
`on_warning`, every page says "Page N of M", and the file is written under a
temporary name and renamed when complete, so a failure leaves no partial file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, BinaryIO

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

from inventory_app.documents import pdf_text
from inventory_app.documents.atomic_file import write_atomically
from inventory_app.documents.pdf_text import FONT as FONT  # the other PDFs take these three from here
from inventory_app.documents.pdf_text import FONT_BOLD as FONT_BOLD
from inventory_app.documents.pdf_text import PageCountCanvas
from inventory_app.documents.pdf_text import markup as markup
from inventory_app.errors import InventoryError

MARGIN_X = 15 * mm
MARGIN_TOP = 15 * mm
MARGIN_BOTTOM = 17 * mm
INK = colors.HexColor("#1f2933")
MUTED = colors.HexColor("#52606d")
RULE = colors.HexColor("#9aa5b1")
SHADE = colors.HexColor("#e4e7eb")
STRIPE = colors.HexColor("#f5f7fa")
ALERT = colors.HexColor("#b42318")

Warn = Callable[[str], None]


def page_size(name: str) -> tuple[float, float]:
    size: tuple[float, float] = A4 if name == "A4" else LETTER
    return size


def styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName=FONT, fontSize=9, leading=11.5, textColor=INK)
    return {
        "base": base,
        "small": ParagraphStyle("small", base, fontSize=8, leading=10, textColor=MUTED),
        "office": ParagraphStyle("office", base, fontName=FONT_BOLD, fontSize=11, leading=14),
        "title": ParagraphStyle("title", base, fontName=FONT_BOLD, fontSize=16, leading=20),
        "heading": ParagraphStyle(
            "heading", base, fontName=FONT_BOLD, fontSize=11, leading=14, spaceBefore=6, spaceAfter=3
        ),
        "cell": ParagraphStyle("cell", base, fontSize=8.5, leading=10.5),
        "cell_bold": ParagraphStyle("cell_bold", base, fontName=FONT_BOLD, fontSize=8.5, leading=10.5),
        "cell_right": ParagraphStyle("cell_right", base, fontSize=8.5, leading=10.5, alignment=TA_RIGHT),
        "footer": ParagraphStyle("footer", base, fontSize=7.5, leading=9, textColor=MUTED),
    }


def para(text: object, style: ParagraphStyle) -> Paragraph:
    """A Paragraph showing `text` exactly as typed."""
    return Paragraph(markup(text), style)


def table_style(header_rows: int = 1, right_columns: Iterable[int] = ()) -> list[tuple[Any, ...]]:
    """The look of every list: shaded bold header, thin rules, striped rows."""
    commands: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, header_rows - 1), FONT_BOLD, 8.5),
        ("FONT", (0, header_rows), (-1, -1), FONT, 8.5),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("BACKGROUND", (0, 0), (-1, header_rows - 1), SHADE),
        ("LINEBELOW", (0, header_rows - 1), (-1, header_rows - 1), 0.8, INK),
        ("LINEBELOW", (0, header_rows), (-1, -1), 0.25, RULE),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    commands += [("ALIGN", (c, 0), (c, -1), "RIGHT") for c in right_columns]
    return commands


def simple_table(
    rows: Sequence[Sequence[Any]],
    widths: Sequence[float],
    right_columns: Iterable[int] = (),
    stripes: bool = True,
) -> Table:
    table = Table(list(rows), colWidths=list(widths), repeatRows=1)
    commands = table_style(1, right_columns)
    if stripes:
        commands.append(("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, STRIPE]))
    table.setStyle(TableStyle(commands))
    return table


def numbered_canvas(footer: str) -> type[Canvas]:
    """A canvas class that stamps `footer` and "Page N of M" on every page once the page
    count is known (pages are kept until `save`)."""
    footer_style = styles()["footer"]
    footer_text = markup(footer)

    class NumberedCanvas(PageCountCanvas):
        def _stamp(self, total: int) -> None:
            width, _height = self._pagesize
            self.saveState()
            self.setStrokeColor(RULE)
            self.setLineWidth(0.5)
            y = MARGIN_BOTTOM - 5 * mm
            self.line(MARGIN_X, y, width - MARGIN_X, y)
            note = Paragraph(footer_text, footer_style)
            _w, h = note.wrap(width - 2 * MARGIN_X - 35 * mm, 15 * mm)
            note.drawOn(self, MARGIN_X, y - 2 * mm - h)
            self.setFont(FONT, 7.5)
            self.setFillColor(MUTED)
            self.drawRightString(width - MARGIN_X, y - 2 * mm - 7.5, f"Page {self._pageNumber} of {total}")
            self.restoreState()

    return NumberedCanvas


def warn_missing(texts: Iterable[str], on_warning: Warn | None, what: str) -> None:
    """Tell the user when some characters cannot be drawn (they print as "�")."""
    missing = pdf_text.missing_characters(texts)
    if missing and on_warning is not None:
        shown = " ".join(missing[:20]) + (" …" if len(missing) > 20 else "")
        on_warning(
            "Some characters cannot be shown in the PDF and are printed as "
            f"“{pdf_text.REPLACEMENT}”: {shown}. Check the {what} before using it."
        )


def build(
    target: BinaryIO,
    story: list[Any],
    *,
    size: tuple[float, float],
    title: str,
    author: str,
    footer: str,
) -> None:
    doc = SimpleDocTemplate(
        target,
        pagesize=size,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=title,
        author=author,
        creator="inventory-app",
    )
    doc.build(story, canvasmaker=numbered_canvas(footer))


FRAME_PADDING = 6  # reportlab's frames keep 6 points inside the margins


def content_width(size: tuple[float, float]) -> float:
    """The width a flowable may take inside the page frame."""
    width: float = size[0] - 2 * MARGIN_X - 2 * FRAME_PADDING
    return width


def save(path: Path, write: Callable[[BinaryIO], None], suffixes: Sequence[str] = (".pdf",)) -> Path:
    """Write a document to `path` through a temporary file in the same folder, then rename."""
    path = Path(path)
    if path.suffix.lower() not in suffixes:
        shown = path.suffix or "no extension"
        raise InventoryError(
            f"Cannot save “{path.name}” ({shown}): choose a file ending in {' or '.join(suffixes)}."
        )
    pdf_text.register_fonts()
    write_atomically(path, write)
    return path


def cell(text: object, width: float, style: ParagraphStyle) -> Any:
    """A table cell for user text: a plain string when DejaVu can draw it and it fits in one
    line (reportlab draws those without parsing, fast), else an escaped Paragraph."""
    raw = "" if text is None else str(text)
    room = width - 6  # the cell's padding
    fits = stringWidth(raw, style.fontName, style.fontSize) <= room
    if "\n" not in raw and pdf_text.is_plain(raw) and fits:
        return raw
    return Paragraph(markup(raw), style)
