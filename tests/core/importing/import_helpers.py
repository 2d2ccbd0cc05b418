"""Helpers for import tests: plain rows in, a plan out; the whole database as a value."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence

from inventory_app.core.importing.apply import apply_import
from inventory_app.core.importing.plan import plan_import
from inventory_app.core.importing.rows import prepare
from inventory_app.core.importing.types import ImportPlan, ImportResult, ImportSource, SheetRows, SourceRow
from inventory_app.core.stock.check import check_database
from inventory_app.db.connection import current_database

HEADER = ("SKU", "Name", "Qty", "Reorder point", "Par", "Supplier", "Cost", "Unit", "Category", "Location")
TABLES = ("category", "location", "supplier", "item", "lot", "movement", "setting")


def source(
    *rows: Sequence[object],
    file_name: str = "supplies.xlsx",
    mapping: Mapping[str, str | None] | None = None,
    first_row: int = 1,
    make_skus: bool = False,
) -> ImportSource:
    """An import source from rows (the header found among them), as if read from a file.
    Blank rows (all cells empty) are left out, as the readers do."""
    numbered = tuple(
        SourceRow(first_row + i, tuple(r)) for i, r in enumerate(rows) if any(v is not None for v in r)
    )
    checksum = hashlib.sha256(repr(rows).encode()).hexdigest()
    return prepare(SheetRows(file_name, "Items", ("Items",), numbered, checksum), None, mapping, make_skus)


def plan(*rows: Sequence[object], **kwargs: object) -> ImportPlan:
    return plan_import(source(*rows, **kwargs))  # type: ignore[arg-type]


def run(*rows: Sequence[object], only_valid: bool = False) -> tuple[ImportPlan, ImportResult]:
    planned = plan(*rows)
    return planned, apply_import(planned, only_valid=only_valid)


def snapshot() -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table the import touches, in id order."""
    db = current_database()
    out = {}
    for table in TABLES:
        order = "key" if table == "setting" else "id"
        out[table] = [
            tuple(r) for r in db.execute_sql(f'SELECT * FROM {table} ORDER BY "{order}"').fetchall()
        ]
    return out


def assert_consistent() -> None:
    report = check_database()
    assert report.ok, report.problems


def by_sku(planned: ImportPlan) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for row in planned.rows:
        out.setdefault(row.sku, []).append(str(row.action))
    return out
