"""Shelf labels on standard sheets: a Code 128 barcode of the item's barcode (or its SKU),
its name, SKU, location and reorder point.

A USB scanner reads the barcode and types it, and `catalog.item_id_for` finds the
item by barcode or SKU, so a label printed here is what the scan field and the
count screen look for. The barcode is reportlab's own Code 128; its bars are
made as wide as the label allows (never wider than 0.35 mm a module) and the
user is warned when a long code needs bars narrower than Code 128's 0.19 mm
minimum. Codes Code 128 cannot hold (letters beyond ASCII) get no barcode and a
warning. Text goes through `pdf_text.markup` like every PDF of the app.

Layouts are the common sheets: "letter-30" (Avery 5160 and compatibles: 3 × 10,
2⅝" × 1"), "letter-10" (Avery 5163: 2 × 5, 4" × 2"), "a4-24" (3 × 8, 70 × 37 mm)
and "a4-21" (Avery L7160: 3 × 7, 63.5 × 38.1 mm). `start_at` skips the labels
already used on a partly used first sheet.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from reportlab.graphics.barcode.code128 import Code128
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch, mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from inventory_app.core.stock import queries as stock_queries
from inventory_app.core.types import ItemRow
from inventory_app.documents import pdf_text, shelf_pdf
from inventory_app.documents.export_log import logged_export
from inventory_app.documents.label_layouts import DEFAULT_LAYOUT as DEFAULT_LAYOUT
from inventory_app.documents.label_layouts import LAYOUTS, LabelLayout
from inventory_app.documents.pdf_text import FONT, FONT_BOLD, markup
from inventory_app.errors import InventoryError, NotFound, ValidationError

MAX_MODULE = 0.35 * mm
MIN_MODULE = 0.0075 * inch  # Code 128's minimum X-dimension (7.5 mils)
QUIET_MODULES = 10
MAX_LABELS = 10_000


@dataclass(frozen=True, slots=True)
class LabelData:
    sku: str
    name: str
    location: str
    unit: str
    reorder_point: int
    code: str  # what the barcode holds: the item's barcode, else its SKU

    @classmethod
    def of(cls, row: ItemRow) -> LabelData:
        return cls(row.sku, row.name, row.location, row.unit, row.reorder_point, row.barcode or row.sku)


def layout_named(name: str) -> LabelLayout:
    layout = LAYOUTS.get(name.strip().lower())
    if layout is None:
        raise ValidationError("layout", f"No label layout “{name}”; choose one of: {', '.join(LAYOUTS)}.")
    return layout


def labels_for(item_ids: Sequence[int] | None = None, copies: int = 1) -> list[LabelData]:
    """Label data for the items (in the order given), or for every active item by SKU."""
    if not 1 <= copies <= 100:
        raise ValidationError("copies", "Print between 1 and 100 copies of each label.")
    if item_ids is None:
        rows = stock_queries.list_items()
    else:
        found = {row.id: row for row in stock_queries.list_items(include_archived=True)}
        missing = [i for i in item_ids if i not in found]
        if missing:
            raise NotFound(f"Item #{missing[0]} does not exist.")
        rows = [found[i] for i in item_ids]
    return [LabelData.of(row) for row in rows for _ in range(copies)]


def can_encode(code: str) -> bool:
    """Whether Code 128 can hold `code` (printable ASCII)."""
    return bool(code) and code.isascii() and code.isprintable()


def barcode(code: str, width: float, height: float, max_module: float = MAX_MODULE) -> Code128:
    """A Code 128 symbol of `code` with quiet zones, as wide as fits in `width` points."""
    modules = Code128(code, barWidth=1, quiet=False, humanReadable=False).width
    module = min(max_module, width / (modules + 2 * QUIET_MODULES))
    quiet = QUIET_MODULES * module
    return Code128(
        code, barWidth=module, barHeight=height, quiet=True, lquiet=quiet, rquiet=quiet, humanReadable=False
    )


def _fitted(text: str, style: ParagraphStyle, width: float, max_lines: int, min_size: float) -> Paragraph:
    """A paragraph of `text` in at most `max_lines` lines: at the style's size if it fits,
    else at a smaller size (down to `min_size`), else at `min_size` with words cut from
    the middle, so the start and the end (the size or strength that tells items apart,
    "… medium", "… large") both stay."""
    size = float(style.fontSize)
    while True:
        paragraph = _paragraph(text, style, size, width)
        if len(paragraph.blPara.lines) <= max_lines:
            return paragraph
        if size <= min_size:
            break
        size = max(min_size, size - 0.5)
    for candidate in middle_cuts(text):
        paragraph = _paragraph(candidate, style, size, width)
        if len(paragraph.blPara.lines) <= max_lines:
            return paragraph
    return _paragraph("…", style, size, width)


def _paragraph(text: str, style: ParagraphStyle, size: float, width: float) -> Paragraph:
    if size != style.fontSize:
        style = ParagraphStyle(f"{style.name}-{size}", style, fontSize=size, leading=size * 1.18)
    paragraph = Paragraph(markup(text), style)
    paragraph.wrap(width, 10_000)
    return paragraph


def middle_cuts(text: str) -> Iterator[str]:
    """Ever shorter versions of `text` with its middle replaced by "…": first whole words
    out of the middle (leaning towards the start, so the last words stay), then, from
    the first and last word alone, characters out of the middle."""
    words = text.split()
    for drop in range(1, len(words) - 1):
        at = max(1, (len(words) - drop) // 2)
        yield " ".join([*words[:at], "…", *words[at + drop :]])
    short = f"{words[0]} {words[-1]}" if len(words) >= 2 else text.strip()
    for keep in range(len(short) - 1, 1, -1):
        head = keep // 2
        yield short[:head].rstrip() + "…" + short[len(short) - (keep - head) :].lstrip()


@dataclass(frozen=True, slots=True)
class _Look:
    """Sizes for one class of label (points)."""

    pad_x: float
    pad_y: float
    name_size: float
    name_lines: int
    name_min: float  # a long name is drawn down to this size before words are cut
    info_size: float
    code_size: float
    max_bar: float
    max_module: float
    location_line: bool  # the location on its own line (else after the SKU)


SMALL = _Look(2.5 * mm, 1.8 * mm, 8, 2, 6.5, 6.5, 5.5, 14 * mm, 0.35 * mm, False)
MEDIUM = _Look(4 * mm, 2.6 * mm, 9.5, 3, 7.5, 7.5, 6.5, 16 * mm, 0.4 * mm, True)
LARGE = _Look(5 * mm, 4 * mm, 13, 3, 10, 10, 8, 24 * mm, 0.5 * mm, True)


def _look(layout: LabelLayout) -> _Look:
    if layout.height < 30 * mm:
        return SMALL
    return MEDIUM if layout.height < 45 * mm else LARGE


class _Sheet:
    """Draws labels onto a canvas, one slot after the other.

    From the top: the name (bold), the barcode filling the middle (with the code in small
    print under it when it is not the SKU), the location, and a bottom row with the SKU
    on the left and the reorder point on the right."""

    def __init__(self, canvas: Canvas, layout: LabelLayout, outline: bool) -> None:
        self.canvas = canvas
        self.layout = layout
        self.outline = outline
        self.warnings: list[str] = []
        look = self.look = _look(layout)
        self.name_style = ParagraphStyle(
            "name", fontName=FONT_BOLD, fontSize=look.name_size, leading=look.name_size * 1.18
        )
        self.info_style = ParagraphStyle(
            "info", fontName=FONT, fontSize=look.info_size, leading=look.info_size * 1.2
        )

    def _outline(self, x: float, y: float) -> None:
        c = self.canvas
        c.saveState()
        c.setStrokeColor(colors.HexColor("#c5ccd3"))
        c.setLineWidth(0.3)
        c.roundRect(x, y, self.layout.width, self.layout.height, 2 * mm)
        c.restoreState()

    def _line(self, text: str, prefix: str, width: float) -> Paragraph:
        """One line of info text: `prefix` (markup) and `text` shortened to fit."""
        base = candidate = text
        while True:
            paragraph = Paragraph(prefix + markup(candidate), self.info_style)
            paragraph.wrap(width, 10_000)
            if len(paragraph.blPara.lines) <= 1 or len(base) <= 1:
                return paragraph
            base = base[: max(1, min(len(base) - 1, int(len(base) * 0.9)))]
            candidate = base.rstrip() + "…"

    def draw(self, slot: int, label: LabelData) -> None:
        c, look = self.canvas, self.look
        x, y = self.layout.origin(slot)
        w, h = self.layout.width, self.layout.height
        inner = w - 2 * look.pad_x
        if self.outline:
            self._outline(x, y)
        top = y + h - look.pad_y
        name = _fitted(label.name, self.name_style, inner, look.name_lines, look.name_min)
        _w, name_h = name.wrap(inner, h)
        name.drawOn(c, x + look.pad_x, top - name_h)

        # The bottom row, and the location above it or after the SKU.
        bottom = y + look.pad_y
        row_h = self.info_style.leading
        reorder = f"Reorder at {label.reorder_point:,}"
        reorder_w = stringWidth(reorder, FONT, look.info_size)
        c.setFont(FONT, look.info_size)
        c.setFillColor(shelf_pdf.INK)
        c.drawRightString(x + w - look.pad_x, bottom + 0.2 * look.info_size, reorder)
        sku = f"<b>{markup(label.sku)}</b>"
        room = inner - reorder_w - 2 * mm
        above = bottom + row_h
        if label.location and not look.location_line:
            self._line(label.location, sku + "  ·  ", room).drawOn(c, x + look.pad_x, bottom)
        else:
            self._line("", sku, room).drawOn(c, x + look.pad_x, bottom)
            if label.location:
                self._line(label.location, "", inner).drawOn(c, x + look.pad_x, above)
                above += row_h

        # The barcode fills what is left between the name and the rows below.
        code_h = look.code_size + 1.5 if label.code != label.sku else 0
        bar_bottom = above + 0.8 * mm + code_h
        bar_h = min(look.max_bar, top - name_h - 1.2 * mm - bar_bottom)
        if not can_encode(label.code):
            self.warnings.append(
                f"{label.sku}: “{label.code}” cannot be put in a Code 128 barcode (letters beyond "
                "plain ASCII); its label has no barcode."
            )
            c.setFont(FONT, look.code_size)
            c.setFillColor(shelf_pdf.MUTED)
            c.drawCentredString(x + w / 2, bar_bottom + bar_h / 2, "(no barcode)")
            return
        symbol = barcode(label.code, w - 2 * mm, bar_h, look.max_module)
        if symbol.barWidth < MIN_MODULE:
            self.warnings.append(
                f"{label.sku}: the code “{label.code}” is long for this label; its bars are narrower "
                "than Code 128's minimum and may not scan. Try a larger layout."
            )
        c.setFillColor(colors.black)  # bars in pure black: scanners read contrast
        symbol.drawOn(c, x + (w - symbol.width) / 2, bar_bottom)
        if code_h:
            c.setFont(FONT, look.code_size)
            c.setFillColor(shelf_pdf.INK)
            c.drawCentredString(x + w / 2, bar_bottom - look.code_size - 0.5, label.code)


def write_labels(
    target: BinaryIO,
    labels: Sequence[LabelData],
    layout: LabelLayout,
    *,
    start_at: int = 1,
    outline: bool = False,
    on_warning: shelf_pdf.Warn | None = None,
) -> int:
    """Draw `labels` on sheets of `layout`, the first at position `start_at` (1-based) of the
    first sheet. Returns the number of labels drawn."""
    if not labels:
        raise InventoryError("No labels to print: choose at least one item.")
    if len(labels) > MAX_LABELS:
        raise InventoryError(f"Too many labels at once ({len(labels):,}); print at most {MAX_LABELS:,}.")
    if not 1 <= start_at <= layout.per_page:
        raise ValidationError("start_at", f"Start at a label from 1 to {layout.per_page} on this sheet.")
    pdf_text.register_fonts()
    shelf_pdf.warn_missing(
        [text for x in labels for text in (x.name, x.sku, x.location)], on_warning, "labels"
    )
    canvas = Canvas(target, pagesize=layout.page, pageCompression=1)
    canvas.setTitle("Shelf labels")
    canvas.setCreator("inventory-app")
    sheet = _Sheet(canvas, layout, outline)
    slot = start_at - 1
    for index, label in enumerate(labels):
        if index and slot % layout.per_page == 0:
            canvas.showPage()
        sheet.draw(slot, label)
        slot += 1
    canvas.showPage()
    canvas.save()
    if on_warning is not None:
        for text in dict.fromkeys(sheet.warnings):
            on_warning(text)
    return len(labels)


@logged_export("labels")
def export_labels(
    path: Path,
    item_ids: Sequence[int] | None = None,
    *,
    layout: str = DEFAULT_LAYOUT,
    start_at: int = 1,
    copies: int = 1,
    outline: bool = False,
    on_warning: shelf_pdf.Warn | None = None,
) -> int:
    """Save labels of the items (every active item when None) as a PDF; returns how many."""
    sheet = layout_named(layout)
    labels = labels_for(item_ids, copies)
    written = 0

    def write(handle: BinaryIO) -> None:
        nonlocal written
        written = write_labels(
            handle, labels, sheet, start_at=start_at, outline=outline, on_warning=on_warning
        )

    shelf_pdf.save(Path(path), write)
    return written
