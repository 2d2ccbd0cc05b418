"""Every export is noted in the audit log with its file name and what it held (RELIABILITY F4).

The same functions serve the File ▸ Export menu, the Orders and Reports pages and
the command line, so logging them here covers all three. A failed export leaves
neither a file nor an event.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from peewee import Database

from inventory_app.core.accounts import audit
from inventory_app.core.accounts.audit import Action
from inventory_app.core.shelf import counts
from inventory_app.core.stock import movements as stock
from inventory_app.documents import count_sheet, exports, labels, order_forms, shelf_reports
from inventory_app.errors import InventoryError
from tests.documents.order_helpers import Line, make_order


def _exports() -> list[tuple[str, str]]:
    return [(e.object, e.detail) for e in reversed(audit.events(action=Action.EXPORT))]


@pytest.fixture
def office(sqlite_db: Database) -> int:
    """A draft order of two items, one of them with stock."""
    order = make_order([Line("Nitrile gloves, medium", sku="GLV-M"), Line("Gauze 4x4", sku="GZ-44")])
    stock.receive(order.lines[0].item_id, 7)
    return order.summary.id


def test_each_export_is_logged_once_with_its_file_name(office: int, tmp_path: Path) -> None:
    today = date.today()
    count = counts.start_count()
    writes: list[tuple[str, Callable[[Path], object]]] = [
        ("stock.xlsx", lambda p: exports.export_inventory(p)),
        ("low.csv", lambda p: exports.export_low_stock(p)),
        ("moves.xlsx", lambda p: exports.export_movements(p)),
        ("lots.csv", lambda p: exports.export_lots(p)),
        ("order.pdf", lambda p: order_forms.export_order(office, p)),
        ("order.xlsx", lambda p: order_forms.export_order(office, p)),
        ("labels.pdf", lambda p: labels.export_labels(p)),
        ("count.pdf", lambda p: count_sheet.export_count_sheet(count.summary.id, p)),
        ("usage.xlsx", lambda p: shelf_reports.export_usage_report(p, today - timedelta(days=30), today)),
        ("spend.xlsx", lambda p: shelf_reports.export_spending_report(p, today - timedelta(days=30), today)),
        ("waste.pdf", lambda p: shelf_reports.export_waste_log(p)),
    ]
    for name, write in writes:
        write(tmp_path / name)
        assert (tmp_path / name).exists()

    logged = _exports()
    assert [name for name, _ in logged] == [name for name, _ in writes]
    details = dict(logged)
    assert details["stock.xlsx"] == "inventory, 2 rows"
    assert details["moves.xlsx"] == "movements, 1 row"
    assert details["order.pdf"] == details["order.xlsx"] == "purchase order"
    assert details["count.pdf"] == "count sheet"
    newest = audit.events(action=Action.EXPORT, limit=1)[0]
    assert newest.user == "tester"


def test_a_failed_export_leaves_no_event(office: int, tmp_path: Path) -> None:
    with pytest.raises(InventoryError):
        order_forms.export_order(office, tmp_path / "order.docx")
    with pytest.raises(InventoryError):
        shelf_reports.export_waste_log(tmp_path / "missing-folder" / "waste.pdf")
    assert _exports() == []
