"""Order forms: a 500-line purchase order to PDF and to Excel, against the bare libraries.

    python benchmarks/order_forms.py [--lines 500] [--runs 7]

Measures `export_order` end to end (reading the order, rendering, writing a temp
file and renaming it) against:
- PDF: a bare reportlab platypus table of the same lines (DejaVu Sans, the
  description as a wrapped Paragraph, header row repeated) built to a file;
- Excel: a bare openpyxl workbook with the same cells appended and saved.
Targets (issue 5): within 1.5x of the bare library, and the PDF under 300 ms.
Runs are interleaved (ours, bare, ours, ...); prints median wall-clock and CPU
times, the ratios and PASS/MISS; never fails.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from inventory_app.core.accounts.context import set_current_user  # noqa: E402
from inventory_app.core.catalog import items as catalog  # noqa: E402
from inventory_app.core.catalog.order_layout import supplier_layout  # noqa: E402
from inventory_app.core.purchasing import orders as purchasing  # noqa: E402
from inventory_app.core.purchasing.types import OrderDetail  # noqa: E402
from inventory_app.core.settings import OfficeSettings, office_settings, save_office_settings  # noqa: E402
from inventory_app.core.types import ItemInput, SupplierInput  # noqa: E402
from inventory_app.db.session import close_database, open_database  # noqa: E402
from inventory_app.documents.order_forms import export_order  # noqa: E402
from inventory_app.documents.order_pdf import write_order_pdf  # noqa: E402
from inventory_app.documents.order_xlsx import write_order_xlsx  # noqa: E402

RATIO_TARGET = 1.5
PDF_TARGET_S = 0.300
DESCRIPTIONS = [
    "Nitrile exam gloves, medium, powder-free, textured fingertips, 100 per box",
    "Gauze sponges 4×4 <sterile>, 12-ply, 2 per pack",
    "Alcohol prep pads, medium, 200 per box",
    "Spritze – Größe 5 ml, Luer-Lock",
    "Sharps container 1 qt, red, with horizontal drop lid",
    "Exam table paper, crepe finish, 18 in × 225 ft",
    "Adhesive bandages 1 × 3 in, fabric, latex-free",
    "Disposable isolation gowns, level 2, yellow, universal size, fluid resistant & breathable",
]


def make_order(lines: int) -> int:
    save_office_settings(
        OfficeSettings(
            office_name="Lakeside Family Clinic",
            address="12 Harbour Road\nPortland, OR 97201",
            phone="(503) 555-0100",
            email="supplies@lakeside.example",
        )
    )
    supplier = catalog.save_supplier(
        SupplierInput(
            name="Northgate Medical Supply",
            account_number="NG-20417",
            contact="Dana Whitfield",
            address="400 Industrial Pkwy\nTacoma, WA 98421",
        )
    )
    wanted = []
    for i in range(lines):
        item = catalog.create_item(
            ItemInput(
                sku=f"SKU-{i:05d}",
                name=f"{DESCRIPTIONS[i % len(DESCRIPTIONS)]} #{i}",
                supplier_id=supplier.id,
                supplier_sku=f"NG-{100000 + i * 7}",
                unit="box",
                purchase_unit="case",
                units_per_purchase_unit=10,
                unit_cost=f"{5 + (i * 37) % 200}.{i % 100:02d}",
            )
        )
        wanted.append((item.id, 1 + i % 12))
    return purchasing.create_drafts(wanted)[0].id


def bare_pdf(detail: OrderDetail, path: Path) -> None:
    from reportlab.lib.pagesizes import LETTER
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    from inventory_app.documents.pdf_text import FONT, register_fonts

    register_fonts()
    style = ParagraphStyle("cell", fontName=FONT, fontSize=8, leading=9.6)
    rows: list[list[object]] = [
        ["No.", "Supplier SKU", "Our SKU", "Description", "Purchase unit", "Qty", "Unit price", "Line total"]
    ]
    for line in detail.lines:
        rows.append(
            [
                str(line.line_no),
                line.supplier_sku,
                line.sku,
                Paragraph(escape(line.description), style),
                line.purchase_unit_text,
                str(line.quantity),
                f"${line.unit_cost:,.2f}",
                f"${line.line_total:,.2f}",
            ]
        )
    widths = [8 * mm, 23 * mm, 21 * mm, None, 23 * mm, 12 * mm, 19 * mm, 21 * mm]
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), FONT, 8), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    SimpleDocTemplate(str(path), pagesize=LETTER).build([table])


def bare_xlsx(detail: OrderDetail, path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(
        [
            "No.",
            "Supplier SKU",
            "Our SKU",
            "Description",
            "Purchase unit",
            "Quantity",
            "Unit price",
            "Line total",
        ]
    )
    for line in detail.lines:
        ws.append(
            [
                line.line_no,
                line.supplier_sku,
                line.sku,
                line.description,
                line.purchase_unit_text,
                line.quantity,
                line.unit_cost,
                line.line_total,
            ]
        )
    wb.save(path)


def timed_pair(ours: Callable[[], object], bare: Callable[[], object], runs: int) -> dict[str, float]:
    """Median wall-clock and CPU seconds of each, the runs interleaved so that load from
    other processes falls on both alike."""
    ours()  # warm-up: imports, font loading
    bare()
    times: dict[str, list[float]] = {"ours": [], "bare": [], "ours_cpu": [], "bare_cpu": []}
    for _ in range(runs):
        for name, work in (("ours", ours), ("bare", bare)):
            wall, cpu = time.perf_counter(), time.process_time()
            work()
            times[f"{name}_cpu"].append(time.process_time() - cpu)
            times[name].append(time.perf_counter() - wall)
    return {name: statistics.median(values) for name, values in times.items()}


def report(name: str, t: dict[str, float], limit: float | None = None) -> None:
    ratio = t["ours_cpu"] / t["bare_cpu"] if t["bare_cpu"] else float("inf")
    ok = ratio <= RATIO_TARGET and (limit is None or t["ours"] <= limit)
    extra = f"; target < {limit * 1000:.0f} ms wall" if limit else ""
    print(
        f"{name:6} ours {t['ours'] * 1000:7.1f} ms wall {t['ours_cpu'] * 1000:7.1f} ms CPU   "
        f"bare {t['bare'] * 1000:7.1f} ms wall {t['bare_cpu'] * 1000:7.1f} ms CPU   "
        f"ratio {ratio:4.2f} CPU, {t['ours'] / t['bare']:4.2f} wall (target <= {RATIO_TARGET}{extra})   "
        f"{'PASS' if ok else 'MISS'}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=500)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="order-forms-bench-") as folder_name:
        folder = Path(folder_name)
        set_current_user("benchmark")
        db = open_database(folder / "bench.db")
        try:
            order_id = make_order(args.lines)
            detail = purchasing.order_detail(order_id)
            print(f"{args.lines}-line purchase order, median of {args.runs} runs")
            pdf = timed_pair(
                lambda: export_order(order_id, folder / "ours.pdf"),
                lambda: bare_pdf(detail, folder / "bare.pdf"),
                args.runs,
            )
            report("PDF", pdf, PDF_TARGET_S)
            xlsx = timed_pair(
                lambda: export_order(order_id, folder / "ours.xlsx"),
                lambda: bare_xlsx(detail, folder / "bare.xlsx"),
                args.runs,
            )
            report("Excel", xlsx)
            # The same, rendering only: the form from the order already read, to a file.
            supplier = catalog.supplier(detail.summary.supplier_id)
            office = office_settings()
            layout = supplier_layout(supplier.id)

            def render(write: Callable[[BinaryIO], None], path: Path) -> None:
                with path.open("wb") as handle:
                    write(handle)

            pdf_render = timed_pair(
                lambda: render(lambda h: write_order_pdf(h, detail, supplier, office), folder / "r.pdf"),
                lambda: bare_pdf(detail, folder / "bare.pdf"),
                args.runs,
            )
            report("PDF*", pdf_render, PDF_TARGET_S)
            xlsx_render = timed_pair(
                lambda: render(
                    lambda h: write_order_xlsx(h, detail, supplier, office, layout), folder / "r.xlsx"
                ),
                lambda: bare_xlsx(detail, folder / "bare.xlsx"),
                args.runs,
            )
            report("Excel*", xlsx_render)
            read = timed_pair(lambda: purchasing.order_detail(order_id), lambda: None, args.runs)
            wall, cpu = read["ours"] * 1000, read["ours_cpu"] * 1000
            print(f"reading the order (order_detail): {wall:.1f} ms wall, {cpu:.1f} ms CPU")
            print(
                "PDF/Excel: ours = export_order end to end (reads the order from the database, renders, "
                "writes a temp file, fsyncs, renames). PDF*/Excel*: ours = rendering only, from the order "
                "already read. bare = the library alone from lines already in memory. The ratio is judged "
                "on CPU time, which load from other processes disturbs least."
            )
        finally:
            close_database(db)


if __name__ == "__main__":
    main()
