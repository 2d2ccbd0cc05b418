"""A realistic small-clinic database: catalog, suppliers, lots and a few months of use.

The caller reads the bundled demo files (`documents.demo_catalog`) and hands
plain rows here. Past use is simulated through the real ledger services with
past timestamps, so the history, lots and caches are exactly what the app
itself would have written. Deterministic for a given seed and day. Loading
writes one audit event, not one per item or movement. The demo clinic names
itself (name, address, phone, e-mail) on its order forms unless the office has
typed any of its own details already.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from inventory_app.core import validation as v
from inventory_app.core.accounts import audit
from inventory_app.core.accounts.audit import Action
from inventory_app.core.catalog import items as catalog
from inventory_app.core.catalog import suppliers as suppliers_book
from inventory_app.core.changes import records
from inventory_app.core.settings import fill_empty_office_details
from inventory_app.core.stock.movements import put, stock_item, take
from inventory_app.core.types import ItemInput, MovementKind, SupplierInput
from inventory_app.db import ledger
from inventory_app.db.models import Item
from inventory_app.db.transaction import write_unit
from inventory_app.errors import InventoryError

WEEKS_OF_HISTORY = 12

Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class DemoSummary:
    items: int
    suppliers: int
    movements: int


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def _flag(value: object) -> bool:
    return str(value or "").strip().lower() in {"yes", "y", "true", "1", "x"}


def _lot_number(rng: random.Random, sku: str, when: date) -> str:
    prefix = "".join(ch for ch in sku.split("-")[-1] if ch.isalnum())[:3].upper() or "LOT"
    return f"{prefix}{when:%y%m}{rng.randint(100, 999)}"


@records(catalog=True, orders=True, counts=True)
@write_unit
def load_demo(
    suppliers: Sequence[Mapping[str, str]],
    items: Sequence[Mapping[str, str]],
    *,
    today: date | None = None,
    seed: int = 7,
    progress: Progress | None = None,
    office: Mapping[str, str] | None = None,
) -> DemoSummary:
    """Fill an empty database with the demo catalog and its history, in one transaction; the
    `office` details (office_name, address, phone, email) only when the office has none of its own."""
    if Item.select().exists():
        raise InventoryError(
            "The database already has items; demo data is only loaded into an empty database."
        )
    today = today or date.today()
    rng = random.Random(seed)
    now = datetime.now(UTC).replace(tzinfo=None)
    start = now - timedelta(weeks=WEEKS_OF_HISTORY)

    for row in suppliers:
        suppliers_book._create_supplier(
            SupplierInput(
                name=row["name"],
                account_number=row.get("account_number", ""),
                contact=row.get("contact", ""),
                phone=row.get("phone", ""),
                email=row.get("email", ""),
                address=row.get("address", ""),
                lead_time_days=int(row.get("lead_time_days") or 7),
            )
        )
    movements = 0
    total = len(items)
    for index, row in enumerate(items):
        par = v.whole_number(row.get("par_level"), "par_level", allow_none=True)
        item = catalog._create_item(
            ItemInput(
                sku=row["sku"],
                name=row["name"],
                unit=row.get("unit") or "each",
                category_id=catalog.category_id_for(row.get("category", "")),
                location_id=catalog.location_id_for(row.get("location", "")),
                purchase_unit=row.get("purchase_unit", ""),
                units_per_purchase_unit=int(row.get("units_per_purchase_unit") or 1),
                supplier_id=catalog.supplier_id_for(row.get("supplier", "")),
                supplier_sku=row.get("supplier_sku", ""),
                unit_cost=v.money(row.get("unit_cost"), "unit_cost"),
                reorder_point=int(row.get("reorder_point") or 0),
                par_level=par,
                tracks_expiry=_flag(row.get("tracks_expiry")),
                barcode=row.get("barcode", ""),
                notes=row.get("notes", ""),
            )
        )
        movements += _simulate(item.id, row, rng, today, start, now)
        if progress is not None:
            progress(index + 1, total)
    named = fill_empty_office_details(office) if office else []
    audit.record(
        Action.DEMO,
        "demo data",
        f"{_plural(total, 'item')}, {_plural(len(suppliers), 'supplier')}, "
        f"{_plural(movements, 'movement')} over {WEEKS_OF_HISTORY} weeks"
        + ("; the demo clinic's office details" if named else ""),
    )
    return DemoSummary(items=total, suppliers=len(suppliers), movements=movements)


def _simulate(
    item_id: int,
    row: Mapping[str, str],
    rng: random.Random,
    today: date,
    start: datetime,
    now: datetime,
) -> int:
    """Receive, use and restock week by week, then land on the row's on-hand figure."""
    item = stock_item(item_id)
    detail = Item.get_by_id(item_id)
    weekly = float(row.get("weekly_use") or 0)
    target = int(row.get("start_on_hand") or 0)
    pack = max(1, detail.units_per_purchase_unit)
    par = detail.par_level or max(2 * detail.reorder_point, pack)
    count = 0

    def receive(qty: int, when: datetime, expires_in: tuple[int, int] = (60, 540)) -> None:
        nonlocal count
        lot = expires = None
        if item.tracks_expiry:
            lot = _lot_number(rng, item.sku, when.date())
            expires = today + timedelta(days=rng.randint(*expires_in))
        put(stock_item(item_id), qty, MovementKind.RECEIVE, lot, expires, "", "", at=when)
        count += 1

    def use(qty: int, when: datetime) -> int:
        nonlocal count
        fresh = stock_item(item_id)
        available = fresh.on_hand - _expired(item_id, today)
        qty = min(qty, available)
        if qty > 0:
            take(fresh, qty, MovementKind.USE, None, "", "", False, "use", at=when)
            count += 1
        return qty

    opening = max(par, target, pack)
    receive(math.ceil(opening / pack) * pack, start)
    story = rng.random() if item.tracks_expiry else 1.0
    if story < 0.15:  # a lot that has expired since, still on the shelf (FEFO skips it)
        count += _extra_lot(item_id, rng, today - timedelta(days=rng.randint(3, 40)), start)
    pending: datetime | None = None
    for week in range(WEEKS_OF_HISTORY):
        week_start = start + timedelta(weeks=week, hours=rng.randint(1, 8))
        if pending is not None and pending <= week_start:
            fresh = stock_item(item_id)
            need = max(pack, par - fresh.on_hand)
            receive(math.ceil(need / pack) * pack, week_start)
            pending = None
        if weekly <= 0:
            continue
        used = max(0, round(rng.gauss(weekly, weekly * 0.35)))
        parts = _split(used, rng)
        days = sorted(week_start + timedelta(days=rng.randint(0, 6), hours=rng.randint(0, 8)) for _ in parts)
        for part, day in zip(parts, days, strict=True):
            use(part, min(day, now - timedelta(hours=2)))
        if pending is None and stock_item(item_id).on_hand <= detail.reorder_point:
            pending = week_start + timedelta(days=7 + rng.randint(2, 5))
    # Land on today's figure: a last delivery or a last use a day ago.
    fresh = stock_item(item_id)
    usable = fresh.on_hand - _expired(item_id, today)
    last = now - timedelta(minutes=rng.randint(30, 90))
    if usable < target:
        receive(target - usable, last)
    elif usable > target:
        use(usable - target, last)
    if 0.15 <= story < 0.4:  # a short-dated lot that arrived lately: expiring soon
        count += _extra_lot(item_id, rng, today + timedelta(days=rng.randint(5, 45)), last)
    return count


def _extra_lot(item_id: int, rng: random.Random, expires: date, when: datetime) -> int:
    """Receive a small extra lot with the given expiry."""
    item = stock_item(item_id)
    lot = _lot_number(rng, item.sku, when.date())
    qty = max(1, Item.get_by_id(item_id).reorder_point // 2)
    put(item, qty, MovementKind.RECEIVE, lot, expires, "", "", at=when)
    return 1


def _expired(item_id: int, today: date) -> int:
    return sum(
        lot.quantity
        for lot in ledger.lots_with_stock(item_id)
        if lot.expires_on is not None and lot.expires_on < today
    )


def _split(quantity: int, rng: random.Random) -> list[int]:
    if quantity <= 1:
        return [quantity] if quantity else []
    first = rng.randint(1, quantity)
    return [first, quantity - first] if first < quantity else [first]
