"""Stock counts: start, enter, review, post or abandon (RELIABILITY B6).

Starting a count snapshots what the ledger expects per item, and per lot for
items that track expiry, for all active items, one location or one category.
Counted quantities are saved line by line (a count can be continued another
day) with the moment each was counted. Posting writes one adjust movement with
the reason "count" per difference, all in one transaction; the difference is
counted minus what the ledger held when the line was counted, so stock used
during the count is not lost. Abandoning changes no stock. Reading (the list,
the review, a scan's lines) is in `core.shelf.count_queries` and re-exported here.

Starting, posting and abandoning each write one audit event; entering counted
numbers does not (each line keeps who counted it and when). Posting is for
administrators only.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import NamedTuple

from peewee import Expression, IntegrityError

from inventory_app.core import validation as v
from inventory_app.core.accounts import audit
from inventory_app.core.accounts.audit import Action
from inventory_app.core.accounts.context import current_user
from inventory_app.core.accounts.roles import require_admin
from inventory_app.core.changes import records
from inventory_app.core.shelf.count_queries import (
    count_detail,
    line_rows,
    lines_for_code,
    list_counts,
    server_now,
    summary_of,
)
from inventory_app.core.shelf.count_types import (
    CountDetail,
    CountLineRow,
    CountPosting,
    CountStatus,
    CountSummary,
)
from inventory_app.core.stock import movements as stock
from inventory_app.core.stock.ledger_time import stock_at, stock_on
from inventory_app.core.times import ledger_value, parse_time
from inventory_app.core.types import MovementRow
from inventory_app.core.wording import lot_after
from inventory_app.db import ledger
from inventory_app.db.connection import current_database
from inventory_app.db.models import Category, Item, Location, Lot, StockCount, StockCountLine
from inventory_app.db.transaction import write_unit
from inventory_app.errors import ConcurrentChange, InventoryError, NotFound, ValidationError

__all__ = [
    "abandon_count",
    "add_line",
    "count_detail",
    "enter_count",
    "enter_counts",
    "lines_for_code",
    "list_counts",
    "post_count",
    "start_count",
    "stock_at",
    "stock_on",
]

INSERT_BATCH = 500


# ---------------------------------------------------------------- starting


def _open_count(count_id: int) -> StockCount:
    count = StockCount.get_or_none(StockCount.id == count_id)
    if count is None:
        raise NotFound(f"Count #{count_id} does not exist.")
    if count.status != CountStatus.OPEN:
        raise InventoryError(f"Count #{count_id} ({count.title}) is {count.status}; it cannot change.")
    return count


def _audit_object(count_id: int, title: str) -> str:
    return f"count #{count_id} {title}"


def _title(location: Location | None, category: Category | None) -> str:
    if location is not None and category is not None:
        return f"{location.name} · {category.name}"
    if location is not None:
        return f"Location: {location.name}"
    if category is not None:
        return f"Category: {category.name}"
    return "All items"


@records(counts=True)
@write_unit
def start_count(
    *, location_id: int | None = None, category_id: int | None = None, note: str = ""
) -> CountDetail:
    """Start counting all active items, or those of one location and/or one category.

    Refused when an open count already covers some of the same items: posting both would
    correct the same stock twice."""
    location = category = None
    where = Item.active == True  # noqa: E712
    if location_id is not None:
        location = Location.get_or_none(Location.id == location_id)
        if location is None:
            raise NotFound(f"Location #{location_id} does not exist.")
        where &= Item.location == location_id
    if category_id is not None:
        category = Category.get_or_none(Category.id == category_id)
        if category is None:
            raise NotFound(f"Category #{category_id} does not exist.")
        where &= Item.category == category_id
    title = _title(location, category)
    items = list(Item.select(Item.id, Item.on_hand, Item.tracks_expiry).where(where).tuples())
    if not items:
        raise ValidationError("scope", f"There are no active items to count ({title}).")
    item_ids = {item_id for item_id, _on_hand, _tracks in items}
    busy = (
        StockCountLine.select(StockCount.id, StockCount.title, StockCountLine.item)
        .join(StockCount)
        .where(StockCount.status == str(CountStatus.OPEN))
        .tuples()
    )
    for other_id, other_title, item_id in busy:
        if item_id in item_ids:
            raise InventoryError(
                f"Count #{other_id} ({other_title}) is still open and covers some of the same items; "
                "post or abandon it first."
            )
    count_id = StockCount.insert(
        title=title,
        location=location_id,
        category=category_id,
        status=str(CountStatus.OPEN),
        note=v.text(note, "note", max_length=2000),
        started_at=server_now(),
        started_by=current_user(),
    ).execute()
    started = parse_time(StockCount.get_by_id(count_id).started_at)
    assert started is not None
    snapshot_at = ledger_value(started)
    lots: dict[int, list[tuple[int, int]]] = {}
    for lot_id, item_id, quantity in (
        Lot.select(Lot.id, Lot.item, Lot.quantity).where(Lot.quantity > 0).order_by(Lot.id).tuples()
    ):
        if item_id in item_ids:
            lots.setdefault(item_id, []).append((lot_id, int(quantity)))
    rows: list[dict[str, object]] = []
    for item_id, on_hand, tracks_expiry in items:
        held = lots.get(item_id, []) if tracks_expiry else []
        parts: list[tuple[int | None, int]] = list(held) or [(None, 0 if tracks_expiry else int(on_hand))]
        for lot_id, expected in parts:
            rows.append(
                {
                    "stock_count": count_id,
                    "item": item_id,
                    "lot": lot_id,
                    "expected": expected,
                    "snapshot_at": snapshot_at,
                }
            )
    for start in range(0, len(rows), INSERT_BATCH):
        StockCountLine.insert_many(rows[start : start + INSERT_BATCH]).execute()
    audit.record(Action.COUNT, _audit_object(count_id, title), f"started: {len(rows)} lines")
    return count_detail(count_id)


# ---------------------------------------------------------------- entering


class _LineInfo(NamedTuple):
    count_id: int
    sku: str
    needs_lot: bool  # tracks expiry but has no lot: only 0 can be counted on it


def _line_info(where: Expression) -> dict[int, _LineInfo]:
    L = StockCountLine
    query = L.select(L.id, L.stock_count, Item.sku, Item.tracks_expiry, L.lot).join(Item).where(where)
    return {
        row_id: _LineInfo(count_id, sku, bool(tracks) and lot_id is None)
        for row_id, count_id, sku, tracks, lot_id in query.tuples()
    }


def _line(line_id: int) -> _LineInfo:
    found = _line_info(StockCountLine.id == line_id).get(line_id)
    if found is None:
        raise NotFound(f"Count line #{line_id} does not exist.")
    return found


def _quantity(line: _LineInfo, counted: object) -> int | None:
    quantity = v.whole_number(counted, "quantity", minimum=0, allow_none=True)
    if quantity and line.needs_lot:
        raise ValidationError(
            "lot",
            f"{line.sku} tracks expiry: add the lot you found (its number and expiry date) "
            "to the count and enter the quantity there.",
        )
    return quantity


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), INSERT_BATCH):
        yield ids[start : start + INSERT_BATCH]


def _write_counts(by_quantity: Mapping[int | None, list[int]], counted_at: datetime | None = None) -> None:
    """Save counted quantities, one statement per quantity (and per few hundred lines)."""
    for quantity, line_ids in by_quantity.items():
        if quantity is None:
            values: dict[str, object] = {"counted": None, "counted_at": None, "counted_by": ""}
        else:
            values = {
                "counted": quantity,
                "counted_at": server_now() if counted_at is None else ledger_value(counted_at),
                "counted_by": current_user(),
            }
        for chunk in _chunks(sorted(line_ids)):
            StockCountLine.update(**values).where(StockCountLine.id.in_(chunk)).execute()


@records(counts=True)
@write_unit
def enter_count(line_id: int, counted: object, *, counted_at: datetime | None = None) -> CountLineRow:
    """Save the counted quantity of one line (None or "" clears it).

    The moment of counting is now, on the database server's clock, unless `counted_at`
    says when the shelf was counted (aware, or naive UTC); posting compares the count
    with the ledger at that moment."""
    line = _line(line_id)
    _open_count(line.count_id)
    _write_counts({_quantity(line, counted): [line_id]}, counted_at)
    return line_rows(line.count_id, line_id)[0]


@records(counts=True)
@write_unit
def enter_counts(count_id: int, entries: Mapping[int, object]) -> CountDetail:
    """Save several counted quantities ({line id: quantity}) in one transaction."""
    _open_count(count_id)
    info = _line_info(StockCountLine.stock_count == count_id)
    by_quantity: dict[int | None, list[int]] = {}
    for line_id, counted in entries.items():
        line = info.get(line_id)
        if line is None:
            raise NotFound(f"Line #{line_id} is not on count #{count_id}.")
        by_quantity.setdefault(_quantity(line, counted), []).append(line_id)
    _write_counts(by_quantity)
    return count_detail(count_id)


@records(counts=True)
@write_unit
def add_line(
    count_id: int,
    item_id: int,
    *,
    lot_number: str | None = None,
    expires: object = None,
    counted: object = None,
) -> CountLineRow:
    """Put an item (or a lot found on the shelf) on an open count, expecting what the ledger
    holds now; returns the existing line when it is there already. A new lot number of an
    item that tracks expiry needs its expiry date."""
    _open_count(count_id)
    item = Item.get_or_none(Item.id == item_id)
    if item is None:
        raise NotFound(f"Item #{item_id} does not exist.")
    lot_number = v.text(lot_number, "lot", max_length=100)
    expires_on = v.iso_date(expires, "expires")
    lot = None
    if item.tracks_expiry:
        if not lot_number and expires_on is None:
            raise ValidationError(
                "lot",
                f"{item.sku} tracks expiry: enter the lot number, or the expiry date of a lot without one.",
            )
        # Without a number the lot is the item's lot without a number for that expiry date.
        lot = (
            ledger.find_lot(item.id, lot_number)
            if lot_number
            else ledger.find_unnumbered_lot(item.id, expires_on)  # type: ignore[arg-type]
        )
        if lot is None:
            if expires_on is None:
                raise ValidationError(
                    "expires", f"{item.sku} lot {lot_number} is new: enter its expiry date."
                )
            try:
                with current_database().atomic():
                    lot = ledger.create_lot(item.id, lot_number, expires_on)
            except IntegrityError:
                raise ConcurrentChange("Lot was created by someone else.") from None
        elif expires_on is not None and lot.expires_on != expires_on:
            raise ValidationError(
                "expires", f"Lot {lot_number} of {item.sku} expires on {lot.expires_on}, not {expires_on}."
            )
    elif lot_number or expires_on:
        raise ValidationError("lot", f"{item.sku} does not track lots and expiry; leave them empty.")
    L = StockCountLine
    existing = L.get_or_none(
        (L.stock_count == count_id)
        & (L.item == item_id)
        & (L.lot.is_null() if lot is None else (L.lot == lot.id))
    )
    if existing is None:
        expected = lot.quantity if lot is not None else int(item.on_hand)
        line_id = L.insert(
            stock_count=count_id,
            item=item_id,
            lot=lot.id if lot else None,
            expected=expected,
            snapshot_at=server_now(),
        ).execute()
    else:
        line_id = existing.id
    if counted is not None and counted != "":
        _write_counts({_quantity(_line(line_id), counted): [line_id]})
    return line_rows(count_id, line_id)[0]


# ---------------------------------------------------------------- posting and abandoning


def _close(count_id: int, status: CountStatus) -> None:
    """Claim the open count for posting or abandoning; a second workstation finds it closed."""
    done = (
        StockCount.update(status=str(status), closed_at=server_now(), closed_by=current_user())
        .where((StockCount.id == count_id) & (StockCount.status == str(CountStatus.OPEN)))
        .execute()
    )
    if done != 1:
        raise InventoryError(f"Count #{count_id} was posted or abandoned meanwhile.")


def _on_hand_now(line: CountLineRow) -> int:
    if line.lot_id is not None:
        found = ledger.lot_by_id(line.lot_id)
        return found.quantity if found else 0
    item = ledger.stock_item(line.item_id)
    return item.on_hand if item else 0


@records(counts=True)
@write_unit
def post_count(count_id: int) -> CountPosting:
    """Write one adjust movement (reason "count") per difference, all in one transaction.

    Each difference is counted minus the ledger when the line was counted. Uncounted lines
    are left as they are. When stock was taken after counting so that less is on hand now
    than the count removes, only what is on hand is removed, and the notes say so.
    Administrators only."""
    require_admin("post a count")
    count = _open_count(count_id)
    _close(count_id, CountStatus.POSTED)
    movements: list[MovementRow] = []
    notes: list[str] = []
    skipped = 0
    outcome: dict[tuple[int, str], list[int]] = {}  # what each line posted, and why
    lines = sorted(line_rows(count_id), key=lambda x: (x.item_id, x.lot_id or 0))  # fixed lock order
    for line in lines:
        if line.counted is None:
            skipped += 1
            continue
        what = f"{line.sku}" + (lot_after(line.lot_number, line.expires_on) if line.lot_id else "")
        line_notes: list[str] = []
        if line.moved:
            line_notes.append(
                f"{what}: stock changed by {line.moved:+d} between the start of the count and the "
                f"counting; the difference is taken from the {line.stock_when_counted} held when counted."
            )
        difference = line.difference or 0
        if difference < 0:
            available = _on_hand_now(line)
            if available < -difference:
                line_notes.append(
                    f"{what}: the count removes {-difference} but only {available} is on hand now "
                    f"(taken since counting); removed {available}."
                )
                difference = -available
        if difference:
            _, adjusted = stock._adjust(
                line.item_id,
                difference,
                reason="count",
                lot=line.lot_number or None,
                expires=line.expires_on,
                note=f"Count #{count_id} ({count.title})",
            )
            movements += adjusted
        outcome.setdefault((difference, " ".join(line_notes)[:300]), []).append(line.id)
        notes += line_notes
    for (difference, note), line_ids in outcome.items():
        for chunk in _chunks(line_ids):
            StockCountLine.update(posted=difference, note=note).where(StockCountLine.id.in_(chunk)).execute()
    changed = sum(len(line_ids) for (difference, _note), line_ids in outcome.items() if difference)
    detail = f"posted: {changed} difference{'s' if changed != 1 else ''}"
    if skipped:
        detail += f", {skipped} line{'s' if skipped != 1 else ''} not counted"
    audit.record(Action.COUNT, _audit_object(count_id, count.title), detail)
    return CountPosting(summary=summary_of(count_id), movements=movements, notes=notes, skipped=skipped)


@records(counts=True)
@write_unit
def abandon_count(count_id: int) -> CountSummary:
    """Close an open count without changing any stock; its lines are kept for the record."""
    count = _open_count(count_id)
    _close(count_id, CountStatus.ABANDONED)
    audit.record(Action.COUNT, _audit_object(count_id, count.title), "abandoned; no stock changed")
    return summary_of(count_id)
