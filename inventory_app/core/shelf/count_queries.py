"""Reading stock counts: the list, one count with its lines (the review), a scan's lines.

The review compares each counted line with the ledger at the moment it was
counted (one grouped query over the count's lines), so a count of the whole
catalog is reviewed in one pass. Writing is in `core.shelf.counts`.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from peewee import JOIN, SQL, Case, Expression, fn

from inventory_app.core.money import unit_cost_of_issue
from inventory_app.core.shelf.count_types import CountDetail, CountLineRow, CountStatus, CountSummary
from inventory_app.core.times import ledger_value, parse_time
from inventory_app.db.codes import code_key
from inventory_app.db.connection import current_database, is_sqlite
from inventory_app.db.models import (
    SERVER_NOW_POSTGRES,
    SERVER_NOW_SQLITE,
    Category,
    Item,
    Location,
    Lot,
    Movement,
    StockCount,
    StockCountLine,
)
from inventory_app.db.transaction import read_guard
from inventory_app.errors import NotFound


def server_now() -> SQL:
    """The database server's clock, in the ledger's format (so times compare with movements)."""
    return SQL(SERVER_NOW_SQLITE if is_sqlite(current_database()) else SERVER_NOW_POSTGRES)


def _as_date(value: object) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _summaries(where: Expression) -> list[CountSummary]:
    L = StockCountLine
    totals = {  # type: ignore[misc]  # peewee types .tuples() rows as models
        count_id: (int(lines), int(counted or 0))  # type: ignore[has-type]  # peewee types .tuples() rows as models
        for count_id, lines, counted in L.select(
            L.stock_count, fn.COUNT(L.id), fn.SUM(Case(None, [(L.counted.is_null(False), 1)], 0))
        )
        .group_by(L.stock_count)
        .tuples()
    }
    out = []
    for count in StockCount.select().where(where).order_by(StockCount.id.desc()):
        lines, counted = totals.get(count.id, (0, 0))
        out.append(
            CountSummary(
                id=count.id,
                title=count.title,
                status=CountStatus(count.status),
                location_id=count.location_id,
                category_id=count.category_id,
                note=count.note,
                started_at=parse_time(count.started_at),  # type: ignore[arg-type]
                started_by=count.started_by,
                closed_at=parse_time(count.closed_at),
                closed_by=count.closed_by,
                lines=lines,
                counted=counted,
            )
        )
    return out


def summary_of(count_id: int) -> CountSummary:
    found = _summaries(StockCount.id == count_id)
    if not found:
        raise NotFound(f"Count #{count_id} does not exist.")
    return found[0]


@read_guard
def list_counts(status: CountStatus | str | None = None) -> list[CountSummary]:
    """Counts, newest first; `status` filters."""
    where = StockCount.id.is_null(False)
    if status is not None:
        where = StockCount.status == str(CountStatus(status))
    return _summaries(where)


def _raw(query: Any) -> list[Any]:
    """Rows on a plain cursor, without peewee's per-value conversion (large counts)."""
    sql, params = query.sql()
    return list(current_database().execute_sql(sql, params).fetchall())


def _stock_when_counted(count_id: int, line_id: int | None = None) -> dict[int, int]:
    """Per counted line: the ledger's stock of its item (or lot) at the moment it was counted.

    That is the stock now (the cached sums, which equal the ledger) minus whatever the
    ledger recorded after that moment; only the movements since the earliest counting are
    read, so reviewing a count of the whole catalog does not sum the whole ledger."""
    L = StockCountLine
    query = L.select(L.id, L.item, L.lot, L.counted_at).where(
        (L.stock_count == count_id) & L.counted.is_null(False)
    )
    if line_id is not None:
        query = query.where(L.id == line_id)
    lines = [(row_id, item_id, lot_id, parse_time(at)) for row_id, item_id, lot_id, at in _raw(query)]
    if not lines:
        return {}
    # Sub-queries, not lists of ids: a whole-catalog count has tens of thousands of them.
    mine = L.stock_count == count_id if line_id is None else L.id == line_id
    on_count = L.select(L.item).where(mine)
    lots_on_count = L.select(L.lot).where(mine & L.lot.is_null(False))
    on_hand = dict(_raw(Item.select(Item.id, Item.on_hand).where(Item.id.in_(on_count))))
    in_lot = dict(_raw(Lot.select(Lot.id, Lot.quantity).where(Lot.id.in_(lots_on_count))))
    items = set(on_hand)
    earliest = min(at for _id, _item, _lot, at in lines if at is not None)
    later: dict[int, list[tuple[int | None, datetime, int]]] = {}
    # Only what was recorded since the first line was counted (the created_at index).
    recent = Movement.select(Movement.item, Movement.lot, Movement.created_at, Movement.quantity).where(
        Movement.created_at > ledger_value(earliest)
    )
    for item_id, lot_id, created_at, quantity in _raw(recent):
        if item_id not in items:
            continue
        when = parse_time(created_at)
        assert when is not None
        later.setdefault(item_id, []).append((lot_id, when, int(quantity)))
    result = {}
    for row_id, item_id, lot_id, at in lines:
        assert at is not None
        now = int(in_lot.get(lot_id, 0)) if lot_id is not None else int(on_hand.get(item_id, 0))
        since = sum(
            quantity
            for moved_lot, when, quantity in later.get(item_id, ())
            if when > at and (lot_id is None or moved_lot == lot_id)
        )
        result[row_id] = now - since
    return result


def line_rows(count_id: int, line_id: int | None = None) -> list[CountLineRow]:
    L = StockCountLine
    query = (
        L.select(
            L.id,
            L.item,
            Item.sku,
            Item.name,
            fn.COALESCE(Location.name, ""),
            fn.COALESCE(Category.name, ""),
            Item.unit,
            fn.COALESCE(Item.barcode, ""),
            Item.tracks_expiry,
            L.lot,
            fn.COALESCE(Lot.lot_number, ""),
            Lot.expires_on,
            L.expected,
            L.counted,
            L.counted_at,
            L.counted_by,
            Item.unit_cost,
            Item.units_per_purchase_unit,
            L.posted,
            L.note,
        )
        .join_from(L, Item)
        .join_from(Item, Location, JOIN.LEFT_OUTER)
        .join_from(Item, Category, JOIN.LEFT_OUTER)
        .join_from(L, Lot, JOIN.LEFT_OUTER)
        .where(L.stock_count == count_id)
    )
    if line_id is not None:
        query = query.where(L.id == line_id)
    when_counted = _stock_when_counted(count_id, line_id)
    rows = [
        CountLineRow(
            id=r[0],
            count_id=count_id,
            item_id=r[1],
            sku=r[2],
            name=r[3],
            location=r[4],
            category=r[5],
            unit=r[6],
            barcode=r[7],
            tracks_expiry=bool(r[8]),
            lot_id=r[9],
            lot_number=r[10],
            expires_on=_as_date(r[11]),
            expected=int(r[12]),
            counted=r[13],
            counted_at=parse_time(r[14]),
            counted_by=r[15],
            unit_cost=unit_cost_of_issue(r[16], r[17]),
            stock_when_counted=when_counted.get(r[0]),
            posted=r[18],
            note=r[19],
        )
        for r in _raw(query)
    ]
    # Shelf order: by location (none last), then name, then the first-expiring lot.
    rows.sort(
        key=lambda x: (
            not x.location,
            x.location.casefold(),
            x.name.casefold(),
            x.sku,
            x.expires_on or date.max,
            x.lot_number,
        )
    )
    return rows


@read_guard
def count_detail(count_id: int) -> CountDetail:
    """The count with every line: expected, counted, difference and value (the review)."""
    return CountDetail(summary=summary_of(count_id), lines=line_rows(count_id))


@read_guard
def lines_for_code(count_id: int, code: str) -> list[CountLineRow]:
    """The lines of the item whose SKU or barcode is `code` in any case and written form (by
    their keys, `codes.code_key`): what a scan selects. Empty when the item is not on this count."""
    key = code_key(code)
    if not key:
        return []
    items = {row.id for row in Item.select(Item.id).where((Item.sku_key == key) | (Item.barcode_key == key))}
    return [line for line in line_rows(count_id) if line.item_id in items]
