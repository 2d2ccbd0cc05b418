"""The count sheet: a printed list to count shelves with a pen.

One row per count line in shelf order, under a heading row for each location:
item, SKU, lot and expiry for items that track expiry, unit, and an empty box
to write the count in. It is a blind count by default: expected quantities
are printed only when asked for, so the counter writes what is on the shelf,
not what the computer expects. A line for an item that tracks expiry but held
no lot when the count started has blanks to note a lot found for it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, BinaryIO

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from inventory_app.core.settings import OfficeSettings, office_settings
from inventory_app.core.shelf import counts
from inventory_app.core.shelf.count_types import CountDetail, CountLineRow, CountStatus
from inventory_app.core.wording import NO_LOT_NUMBER
from inventory_app.documents import pdf_text, shelf_pdf
from inventory_app.documents.export_log import logged_export
from inventory_app.documents.shelf_pdf import INK, MUTED, RULE, SHADE, STRIPE, para

BOX_WIDTH = 24 * mm
BOX_HEIGHT = 6.5 * mm


class CountBox(Flowable):  # type: ignore[misc]
    """The empty box the counter writes in."""

    def __init__(self, width: float = BOX_WIDTH, height: float = BOX_HEIGHT) -> None:
        super().__init__()
        self.box_width = width
        self.box_height = height

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.box_width, self.box_height

    def draw(self) -> None:
        self.canv.saveState()
        self.canv.setStrokeColor(INK)
        self.canv.setLineWidth(0.7)
        self.canv.setFillColorRGB(1, 1, 1)
        self.canv.rect(0, 0, self.box_width, self.box_height, stroke=1, fill=1)
        self.canv.restoreState()


def _columns(show_expected: bool, width: float) -> list[tuple[str, float]]:
    fixed = [
        ("#", 9 * mm),
        ("Item", 0.0),
        ("SKU", 28 * mm),
        ("Lot / expiry", 30 * mm),
        ("Unit", 16 * mm),
    ]
    if show_expected:
        fixed.append(("Expected", 17 * mm))
    fixed.append(("Counted", BOX_WIDTH + 6))
    flexible = width - sum(w for _t, w in fixed)
    return [(title, w or flexible) for title, w in fixed]


def _lot_cell(line: CountLineRow, s: dict[str, Any]) -> Any:
    if line.needs_lot:
        return Paragraph("lot ________<br/>exp. ________", s["small"])
    if line.lot_id is None:
        return ""
    expires = line.expires_on.isoformat() if line.expires_on else ""
    number = shelf_pdf.markup(line.lot_number) if line.lot_number else NO_LOT_NUMBER  # known by its date
    return Paragraph(f"{number}<br/>{expires}", s["cell"])


def _header(detail: CountDetail, office: OfficeSettings, show_expected: bool, width: float) -> list[Any]:
    s = shelf_pdf.styles()
    summary = detail.summary
    facts = [
        ("Count", f"#{summary.id}"),
        ("Of", summary.title),
        (
            "Started",
            f"{summary.started_local:%Y-%m-%d %H:%M}"
            + (f" by {summary.started_by}" if summary.started_by else ""),
        ),
        ("Lines", f"{len(detail.lines):,}"),
    ]
    if summary.status is not CountStatus.OPEN:
        facts.append(("Status", str(summary.status).upper()))
    fact_rows = [[Paragraph(label, s["small"]), para(value, s["base"])] for label, value in facts]
    facts_table = Table(fact_rows, colWidths=[18 * mm, 62 * mm], hAlign="RIGHT")
    facts_table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0.5),
            ]
        )
    )
    left = [
        para(office.office_name or "Supply room", s["office"]),
        Paragraph("Stock count sheet", s["title"]),
    ]
    head = Table([[left, facts_table]], colWidths=[width - 82 * mm, 82 * mm])
    head.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    if show_expected:
        how = "Expected quantities are printed: write what is on the shelf, even when it differs."
    else:
        how = (
            "Blind count: write what is on the shelf, in the unit shown. Expected quantities are not "
            "printed. Write 0 for an item that is not there; leave the box empty if you did not count it."
        )
    blanks = Table(
        [["Counted by", "", "Date", "", "Checked by", ""]],
        colWidths=[20 * mm, 50 * mm, 11 * mm, 30 * mm, 20 * mm, width - 131 * mm],
    )
    blanks.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), shelf_pdf.FONT, 8.5),
                ("TEXTCOLOR", (0, 0), (-1, -1), MUTED),
                ("LINEBELOW", (1, 0), (1, 0), 0.6, INK),
                ("LINEBELOW", (3, 0), (3, 0), 0.6, INK),
                ("LINEBELOW", (5, 0), (5, 0), 0.6, INK),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
            ]
        )
    )
    story: list[Any] = [head, Spacer(1, 3 * mm), Paragraph(how, s["small"])]
    if summary.note:
        story.append(para(f"Note: {summary.note}", s["small"]))
    story += [Spacer(1, 5 * mm), blanks, Spacer(1, 5 * mm)]
    return story


def _location_table(
    location: str, lines: list[tuple[int, CountLineRow]], show_expected: bool, width: float
) -> Table:
    """One location's lines under its name; both header rows repeat when it runs onto the
    next page, so a continued page still says where the counter is."""
    s = shelf_pdf.styles()
    columns = _columns(show_expected, width)
    widths = [w for _t, w in columns]
    heading = (location or "No location").replace("\n", " ")
    # A plain string is drawn across the empty cells beside it; a spanning cell would do
    # the same but makes reportlab recompute spans at every page break of a long table.
    plain = pdf_text.is_plain(heading)
    rows: list[list[Any]] = [
        [heading if plain else para(heading, s["cell_bold"])] + [""] * (len(columns) - 1),
        [title for title, _w in columns],
    ]
    for number, line in lines:
        row = [
            str(number),
            para(line.name, s["cell"]),
            shelf_pdf.cell(line.sku, widths[2], s["cell"]),
            _lot_cell(line, s),
            shelf_pdf.cell(line.unit, widths[4], s["cell"]),
        ]
        if show_expected:
            row.append(f"{line.expected:,}")
        row.append(CountBox())
        rows.append(row)
    expected = len(columns) - 2
    commands = shelf_pdf.table_style(2, [0] + ([expected] if show_expected else []))
    commands += [
        ("ALIGN", (0, 0), (0, 0), "LEFT"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.white),
        ("LINEBELOW", (0, 0), (-1, 0), 0.4, RULE),
        ("FONT", (0, 1), (-1, 1), shelf_pdf.FONT_BOLD, 8.5),
        ("BACKGROUND", (0, 1), (-1, 1), SHADE),
        ("ALIGN", (-1, 1), (-1, -1), "CENTER"),
        ("TOPPADDING", (0, 2), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 2), (-1, -1), 3),
        ("ROWBACKGROUNDS", (0, 2), (-1, -1), [colors.white, STRIPE]),
    ]
    if not plain:
        commands.append(("SPAN", (0, 0), (-1, 0)))
    if show_expected:
        commands.append(("FONT", (expected, 2), (expected, -1), shelf_pdf.FONT_BOLD, 8.5))
    table = Table(rows, colWidths=widths, repeatRows=2)
    table.setStyle(TableStyle(commands))
    return table


def _tables(detail: CountDetail, show_expected: bool, width: float) -> list[Any]:
    groups: list[tuple[str, list[tuple[int, CountLineRow]]]] = []
    for number, line in enumerate(detail.lines, start=1):
        if not groups or groups[-1][0] != line.location:
            groups.append((line.location, []))
        groups[-1][1].append((number, line))
    story: list[Any] = []
    for location, lines in groups:
        story += [_location_table(location, lines, show_expected, width), Spacer(1, 5 * mm)]
    return story


def user_texts(detail: CountDetail, office: OfficeSettings) -> list[str]:
    texts = [office.office_name, detail.summary.title, detail.summary.note, detail.summary.started_by]
    for line in detail.lines:
        texts += [line.name, line.sku, line.location, line.lot_number, line.unit]
    return texts


def write_count_sheet(
    target: BinaryIO,
    detail: CountDetail,
    office: OfficeSettings,
    *,
    show_expected: bool = False,
    on_warning: shelf_pdf.Warn | None = None,
) -> None:
    """Render the count sheet of `detail` into the open binary file `target`."""
    shelf_pdf.warn_missing(user_texts(detail, office), on_warning, "count sheet")
    size = shelf_pdf.page_size(office.page_size)
    width = shelf_pdf.content_width(size)
    story = _header(detail, office, show_expected, width) + _tables(detail, show_expected, width)
    kind = "with expected quantities" if show_expected else "blind"
    shelf_pdf.build(
        target,
        story,
        size=size,
        title=f"Stock count #{detail.summary.id}",
        author=office.office_name,
        footer=f"Stock count #{detail.summary.id} · {detail.summary.title} · {kind}",
    )


@logged_export("count sheet")
def export_count_sheet(
    count_id: int,
    path: Path,
    *,
    show_expected: bool = False,
    on_warning: shelf_pdf.Warn | None = None,
) -> Path:
    """Save the count sheet of count `count_id` as a PDF at `path`."""
    detail = counts.count_detail(count_id)
    office = office_settings()
    return shelf_pdf.save(
        Path(path),
        lambda handle: write_count_sheet(
            handle, detail, office, show_expected=show_expected, on_warning=on_warning
        ),
    )
