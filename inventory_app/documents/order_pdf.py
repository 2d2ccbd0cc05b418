"""A purchase order as a printable PDF form (reportlab platypus, no Qt).

What a supplier's clerk needs to fill the order without calling back: who orders
(office, ship-to, our account number), what (their SKU and ours, description,
purchase unit, quantity, price) and the total, plus a signature block. The line
table repeats its header on every page and every page says "Page N of M"; a
draft or cancelled order carries a large mark across each page.

All user text goes through `pdf_text.markup()` (escaped, Unicode fonts) before it
reaches a Paragraph; short values that DejaVu can draw and that fit their column
go into the table as plain strings, which reportlab draws without parsing and
which keep a 500-line order fast.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any, BinaryIO

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from inventory_app.core.purchasing.types import STATUS_WORDS, OrderDetail, OrderLineRow, OrderStatus
from inventory_app.core.settings import OfficeSettings
from inventory_app.core.types import SupplierRow
from inventory_app.documents import pdf_text
from inventory_app.documents.order_columns import (
    COLUMNS,
    DESCRIPTION,
    PAD,
    RIGHT_ALIGNED,
    TABLE_SIZE,
    Cells,
    column_widths,
    text_width,
)
from inventory_app.documents.pdf_text import FONT, FONT_BOLD, PageCountCanvas, markup

MARGIN_X = 16 * mm
MARGIN_TOP = 16 * mm
MARGIN_BOTTOM = 18 * mm
INK = colors.HexColor("#1f2933")
MUTED = colors.HexColor("#52606d")
RULE = colors.HexColor("#9aa5b1")
SHADE = colors.HexColor("#e4e7eb")
STRIPE = colors.HexColor("#f5f7fa")
MARKS = {OrderStatus.DRAFT: "DRAFT", OrderStatus.CANCELLED: "CANCELLED"}

Warn = Callable[[str], None]


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName=FONT, fontSize=9, leading=11.5, textColor=INK)
    return {
        "base": base,
        "small": ParagraphStyle("small", base, fontSize=8, leading=10, textColor=MUTED),
        "office": ParagraphStyle("office", base, fontName=FONT_BOLD, fontSize=13, leading=16),
        "title": ParagraphStyle(
            "title", base, fontName=FONT_BOLD, fontSize=18, leading=22, alignment=TA_RIGHT
        ),
        "label": ParagraphStyle("label", base, fontName=FONT_BOLD, fontSize=8, leading=10, textColor=MUTED),
        "cell": ParagraphStyle("cell", base, fontSize=TABLE_SIZE, leading=9.6),
        "cell_right": ParagraphStyle(
            "cell_right", base, fontSize=TABLE_SIZE, leading=9.6, alignment=TA_RIGHT
        ),
        "bold": ParagraphStyle("bold", base, fontName=FONT_BOLD),
        "footer": ParagraphStyle("footer", base, fontSize=7.5, leading=9, textColor=MUTED, alignment=TA_LEFT),
    }


def _date(value: date | None, fallback: str = "—") -> str:
    return value.isoformat() if value else fallback


class _Money:
    def __init__(self, symbol: str) -> None:
        self.symbol = symbol

    def __call__(self, value: Decimal) -> str:
        return f"{self.symbol}{value:,.2f}"


def _lines_of(*parts: str) -> str:
    return "\n".join(p for p in parts if p and p.strip())


def _page_canvas(
    number: str, supplier: str, office: str, mark: str | None, footer_style: ParagraphStyle
) -> type[Canvas]:
    """A canvas class that adds the running header, the mark and "Page N of M" once the
    page count is known (each page is kept until `save`, then stamped)."""

    footer_text = markup(f"Purchase order {number} · {supplier}")
    running_text = markup(
        f"{office} — purchase order {number} (continued)"
        if office
        else f"Purchase order {number} (continued)"
    )

    class OrderCanvas(PageCountCanvas):
        def _stamp(self, total: int) -> None:
            width, height = self._pagesize
            self.saveState()
            if mark:
                self.setFont(FONT_BOLD, 96 if len(mark) <= 5 else 72)
                self.setFillColor(colors.Color(0.8, 0.1, 0.1, alpha=0.13))
                self.translate(width / 2, height / 2)
                self.rotate(35)
                self.drawCentredString(0, -30, mark)
                self.rotate(-35)
                self.translate(-width / 2, -height / 2)
            self.setStrokeColor(RULE)
            self.setLineWidth(0.5)
            self.line(MARGIN_X, MARGIN_BOTTOM - 4 * mm, width - MARGIN_X, MARGIN_BOTTOM - 4 * mm)
            footer = Paragraph(footer_text, footer_style)
            _w, h = footer.wrap(width - 2 * MARGIN_X - 40 * mm, 20 * mm)
            footer.drawOn(self, MARGIN_X, MARGIN_BOTTOM - 6 * mm - h)
            self.setFont(FONT, 7.5)
            self.setFillColor(MUTED)
            page_text = f"Page {self._pageNumber} of {total}"
            self.drawRightString(width - MARGIN_X, MARGIN_BOTTOM - 6 * mm - 7.5, page_text)
            if self._pageNumber > 1:
                running = Paragraph(running_text, footer_style)
                running.wrap(width - 2 * MARGIN_X, 20 * mm)
                running.drawOn(self, MARGIN_X, height - MARGIN_TOP + 3 * mm)
            self.restoreState()

    return OrderCanvas


def _header(detail: OrderDetail, office: OfficeSettings, s: dict[str, ParagraphStyle], width: float) -> Table:
    status = detail.status
    office_block = [
        Paragraph(markup(office.office_name or "Our office"), s["office"]),
        Paragraph(markup(office.address), s["base"]),
        Paragraph(markup(_lines_of(office.phone and f"Phone: {office.phone}", office.email)), s["base"]),
    ]
    ordered = detail.summary.ordered_on
    facts = [
        ("PO number", detail.number),
        ("Order date", _date(ordered, "not yet ordered")),
        ("Expected", _date(detail.summary.expected_on)),
        ("Status", STATUS_WORDS[status]),
    ]
    if status is OrderStatus.DRAFT:
        facts.insert(2, ("Prepared", detail.summary.created_at.date().isoformat()))
    fact_rows = [
        [
            Paragraph(label, s["label"]),
            Paragraph(markup(value), s["bold" if label == "PO number" else "base"]),
        ]
        for label, value in facts
    ]
    fact_table = Table(fact_rows, colWidths=[22 * mm, 38 * mm], hAlign="RIGHT")
    fact_table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ]
        )
    )
    right = [Paragraph("Purchase Order", s["title"]), Spacer(1, 2 * mm), fact_table]
    if status in MARKS:
        mark_style = ParagraphStyle(
            "mark", s["title"], fontSize=11, leading=14, textColor=colors.HexColor("#b42318")
        )
        right.insert(
            1,
            Paragraph(
                f"{MARKS[status]} — not an order yet"
                if status is OrderStatus.DRAFT
                else f"{MARKS[status]} — do not fill",
                mark_style,
            ),
        )
    table = Table([[office_block, right]], colWidths=[width - 62 * mm, 62 * mm])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def _parties(
    supplier: SupplierRow, office: OfficeSettings, s: dict[str, ParagraphStyle], width: float
) -> Table:
    supplier_lines = [Paragraph(markup(supplier.name), s["bold"])]
    if supplier.address:
        supplier_lines.append(Paragraph(markup(supplier.address), s["base"]))
    for label, value in (
        ("Contact", supplier.contact),
        ("Phone", supplier.phone),
        ("E-mail", supplier.email),
        ("Our account number", supplier.account_number),
    ):
        if value:
            supplier_lines.append(
                Paragraph(f"<font color='#52606d'>{label}:</font> {markup(value)}", s["base"])
            )
    ship_lines = [Paragraph(markup(office.office_name or "Our office"), s["bold"])]
    if office.address:
        ship_lines.append(Paragraph(markup(office.address), s["base"]))
    for label, value in (("Phone", office.phone), ("E-mail", office.email)):
        if value:
            ship_lines.append(Paragraph(f"<font color='#52606d'>{label}:</font> {markup(value)}", s["base"]))
    gap = 6 * mm
    half = (width - gap) / 2
    table = Table(
        [
            [Paragraph("SUPPLIER", s["label"]), "", Paragraph("SHIP TO", s["label"])],
            [supplier_lines, "", ship_lines],
        ],
        colWidths=[half, gap, half],
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (0, 0), SHADE),
                ("BACKGROUND", (2, 0), (2, 0), SHADE),
                ("BOX", (0, 0), (0, 1), 0.6, RULE),
                ("BOX", (2, 0), (2, 1), 0.6, RULE),
                ("TOPPADDING", (0, 0), (-1, 0), 2),
                ("BOTTOMPADDING", (0, 0), (-1, 0), 2),
                ("TOPPADDING", (0, 1), (-1, 1), 4),
                ("BOTTOMPADDING", (0, 1), (-1, 1), 6),
            ]
        )
    )
    return table


def _cell_texts(line: OrderLineRow, money: _Money) -> list[str]:
    return [
        str(line.line_no),
        line.supplier_sku,
        line.sku,
        line.description,
        line.purchase_unit_text,
        f"{line.quantity:,}",
        money(line.unit_cost),
        money(line.line_total),
    ]


def _line_table(
    lines: list[OrderLineRow], money: _Money, s: dict[str, ParagraphStyle], width: float
) -> Table:
    texts = [_cell_texts(line, money) for line in lines]
    widths = column_widths(texts, width)
    cell = Cells(widths, s)
    rows: list[list[Any]] = [list(COLUMNS)]
    description = s["cell"]
    for number, row_texts in enumerate(texts, start=1):
        rows.append(
            [
                Paragraph(markup(text), description) if column == DESCRIPTION else cell(text, column, number)
                for column, text in enumerate(row_texts)
            ]
        )
    table = Table(rows, colWidths=widths, repeatRows=1)
    commands: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, 0), FONT_BOLD, TABLE_SIZE),
        ("FONT", (0, 1), (-1, -1), FONT, TABLE_SIZE),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("BACKGROUND", (0, 0), (-1, 0), SHADE),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, INK),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, STRIPE]),
    ]
    commands += [("ALIGN", (c, 0), (c, -1), "RIGHT") for c in RIGHT_ALIGNED]
    table.setStyle(TableStyle(commands + cell.commands))
    return table


def _totals(detail: OrderDetail, money: _Money, s: dict[str, ParagraphStyle]) -> Table:
    subtotal = detail.total
    count = len(detail.lines)
    amount = money(subtotal)
    # The amount's column is as wide as the amount in bold, so it never breaks.
    amount_width = max(40 * mm, text_width(amount, FONT_BOLD, 10.5) + PAD + 8)
    if pdf_text.is_plain(amount):
        subtotal_cell: Any = amount
        total_cell: Any = amount
    else:
        subtotal_style = ParagraphStyle("subtotal", s["cell_right"], fontSize=9, leading=11)
        total_style = ParagraphStyle("total", s["cell_right"], fontName=FONT_BOLD, fontSize=10.5, leading=13)
        subtotal_cell = Paragraph(markup(amount), subtotal_style)
        total_cell = Paragraph(markup(amount), total_style)
    rows = [
        [f"Subtotal ({count:,} line{'s' if count != 1 else ''})", subtotal_cell],
        ["Total", total_cell],
    ]
    table = Table(rows, colWidths=[45 * mm, amount_width], hAlign="RIGHT")
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), FONT, 9),
                ("TEXTCOLOR", (0, 0), (-1, -1), INK),
                ("FONT", (0, 1), (-1, 1), FONT_BOLD, 10.5),
                ("ALIGN", (0, 0), (-1, -1), "RIGHT"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LINEABOVE", (0, 1), (-1, 1), 0.8, INK),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
            ]
        )
    )
    return table


def _authorization(s: dict[str, ParagraphStyle], width: float) -> Table:
    gap = 8 * mm
    column = (width - 2 * gap) / 3
    labels = [Paragraph(text, s["small"]) for text in ("Name", "Signature", "Date")]
    table = Table(
        [
            [Paragraph("Authorized by", s["bold"]), "", "", "", ""],
            ["", "", "", "", ""],
            [labels[0], "", labels[1], "", labels[2]],
        ],
        colWidths=[column, gap, column, gap, column],
        rowHeights=[None, 12 * mm, None],
    )
    table.setStyle(
        TableStyle(
            [
                ("LINEABOVE", (0, 2), (0, 2), 0.6, INK),
                ("LINEABOVE", (2, 2), (2, 2), 0.6, INK),
                ("LINEABOVE", (4, 2), (4, 2), 0.6, INK),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("SPAN", (0, 0), (-1, 0)),
            ]
        )
    )
    return table


def user_texts(detail: OrderDetail, supplier: SupplierRow, office: OfficeSettings) -> list[str]:
    """Every text on the form that a person typed (to check the fonts can draw it)."""
    texts = [
        detail.number,
        detail.notes,
        office.office_name,
        office.address,
        office.phone,
        office.email,
        office.currency_symbol,
        supplier.name,
        supplier.address,
        supplier.contact,
        supplier.phone,
        supplier.email,
        supplier.account_number,
    ]
    for line in detail.lines:
        texts += [line.sku, line.supplier_sku, line.description, line.purchase_unit, line.unit]
    return texts


def write_order_pdf(
    target: BinaryIO,
    detail: OrderDetail,
    supplier: SupplierRow,
    office: OfficeSettings,
    on_warning: Warn | None = None,
) -> None:
    """Render the order form into the open binary file `target`."""
    pdf_text.register_fonts()
    missing = pdf_text.missing_characters(user_texts(detail, supplier, office))
    if missing and on_warning is not None:
        shown = " ".join(missing[:20]) + (" …" if len(missing) > 20 else "")
        on_warning(
            "Some characters cannot be shown in the PDF and are printed as "
            f"“{pdf_text.REPLACEMENT}”: {shown}. Check the order form before sending it."
        )
    page_size = A4 if office.page_size == "A4" else LETTER
    width = page_size[0] - 2 * MARGIN_X
    s = _styles()
    money = _Money(office.currency_symbol or "$")
    story: list[Any] = [
        _header(detail, office, s, width),
        Spacer(1, 7 * mm),
        _parties(supplier, office, s, width),
        Spacer(1, 7 * mm),
        _line_table(detail.lines, money, s, width),
        Spacer(1, 3 * mm),
    ]
    closing: list[Any] = [_totals(detail, money, s)]
    if detail.notes.strip():
        closing += [
            Spacer(1, 4 * mm),
            Paragraph("Notes", s["bold"]),
            Paragraph(markup(detail.notes), s["base"]),
        ]
    closing += [Spacer(1, 10 * mm), _authorization(s, width)]
    story.append(KeepTogether(closing))
    doc = SimpleDocTemplate(
        target,
        pagesize=page_size,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=f"Purchase order {detail.number}",
        author=office.office_name,
        subject=f"Purchase order to {supplier.name}",
        creator="inventory-app",
    )
    canvas = _page_canvas(
        detail.number, supplier.name, office.office_name, MARKS.get(detail.status), s["footer"]
    )
    doc.build(story, canvasmaker=canvas)
