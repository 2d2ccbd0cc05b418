"""Applying an import plan: one transaction, all or nothing, the ledger kept true.

The plan the user saw is written exactly, or not at all: inside the write
transaction the catalog is read again and every fact the preview relied on is
compared (see `import_state`); any difference refuses the import. A file with
errors is refused unless the caller asked for only the valid rows; even then
the rows written are decided before the transaction starts, never by catching
failures half-way; a row whose only errors are in its price cells is then written
without the price, its stock kept (the result counts them). Opening stock and changed counts become "import"
adjustments in the ledger, and the cached quantities are set in the same
transaction through the bulk statements of `db.bulk`. One audit event names the
file and what it wrote. Staff may import new items only: a plan that changes
existing items (their fields or their stock) needs an administrator.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from peewee import IntegrityError

from inventory_app.core.accounts import audit
from inventory_app.core.accounts.audit import Action
from inventory_app.core.accounts.context import current_user
from inventory_app.core.accounts.roles import require_admin
from inventory_app.core.changes import records
from inventory_app.core.importing.collector import collector_paused
from inventory_app.core.importing.plan import NAME_FIELDS, ImportWork, ItemWrite
from inventory_app.core.importing.state import CHECKSUM_KEY, CatalogState, LotKey, lot_key
from inventory_app.core.importing.types import Cancelled, ImportPlan, ImportResult, Progress, RowAction
from inventory_app.core.types import MovementKind
from inventory_app.db import bulk
from inventory_app.db.transaction import write_unit
from inventory_app.errors import ConcurrentChange, ImportFileError, InventoryError, OperationCancelled

CHUNK = 2000
IMPORT_REASON = "import"
_NAME_COLUMNS = {"category": "category_id", "location": "location_id", "supplier": "supplier_id"}


@records(catalog=True)
@collector_paused()
def apply_import(
    plan: ImportPlan,
    *,
    only_valid: bool = False,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ImportResult:
    """Write the plan in one transaction. Refused (nothing written) when the plan has errors and
    `only_valid` is false, when the catalog changed since the plan was made, or when cancelled."""
    if not isinstance(plan.work, ImportWork):
        raise InventoryError("This import plan cannot be applied; check the file again.")
    counts = plan.counts
    if plan.has_errors and not only_valid:
        errors = counts[RowAction.ERROR]
        others = len(plan.rows) - errors
        raise ImportFileError(
            f"{plan.source.file_name}: {errors} row{'s' if errors != 1 else ''} "
            f"{'have' if errors != 1 else 'has'} errors, so nothing was imported. Fix them, or import "
            f"only the {others} valid row{'s' if others != 1 else ''}."
        )
    if not plan.changes_anything:  # e.g. the same file again (B4): nothing to write, nothing written
        names = {"supplier": 0, "category": 0, "location": 0, "movements": 0, "lots": 0}
    else:
        names = _write(plan, plan.work, progress, cancelled, only_valid)
    items = plan.items_counted(only_valid)  # items, not rows: an item listed once per lot counts once
    kept = len(plan.kept_without_price) if only_valid else 0
    return ImportResult(
        created=items[RowAction.CREATE],
        updated=items[RowAction.UPDATE],
        unchanged=items[RowAction.UNCHANGED],
        not_imported=counts[RowAction.ERROR] - kept,
        without_price=kept,
        movements=names.pop("movements"),
        new_suppliers=names["supplier"],
        new_categories=names["category"],
        new_locations=names["location"],
        new_lots=names["lots"],
    )


class _Steps:
    """Progress and cancellation between chunks of work."""

    def __init__(self, total: int, progress: Progress | None, cancelled: Cancelled | None) -> None:
        self.total, self.done = max(total, 1), 0
        self.progress, self.cancelled = progress, cancelled

    def run(
        self, rows: Sequence[Sequence[object]], statement: Callable[[Sequence[Sequence[object]]], int]
    ) -> int:
        changed = 0
        for start in range(0, len(rows), CHUNK):
            if self.cancelled is not None and self.cancelled():
                raise OperationCancelled("The import was cancelled; nothing was imported.")
            chunk = rows[start : start + CHUNK]
            changed += statement(chunk)
            self.done += len(chunk)
            if self.progress is not None:
                self.progress(min(self.done, self.total), self.total)
        return changed


def _name_ids(
    fresh: CatalogState, writes: list[ItemWrite]
) -> tuple[dict[str, dict[str, int]], dict[str, int]]:
    ids: dict[str, dict[str, int]] = {}
    created: dict[str, int] = {}
    for table in NAME_FIELDS:
        wanted: dict[str, str] = {}
        for given in dict.fromkeys(write.values.get(table) for write in writes):  # each once, in order
            name = str(given or "")
            if name:
                wanted.setdefault(name.lower(), name)
        missing = [name for key, name in wanted.items() if key not in fresh.name_keys[table]]
        created[table] = bulk.insert_names(table, missing) if missing else 0
        by_name: dict[str, int] = {}
        for row_id, name in sorted(bulk.names(table) if missing else fresh.names[table].items()):
            by_name.setdefault(name.lower(), row_id)
        ids[table] = by_name
    return ids, created


def _column_values(values: dict[str, object], ids: dict[str, dict[str, int]]) -> dict[str, object]:
    out: dict[str, object] = {}
    for name, value in values.items():
        if name in _NAME_COLUMNS:
            out[_NAME_COLUMNS[name]] = ids[name].get(str(value).lower()) if value else None
        elif name == "barcode":
            out["barcode"] = value or None
        else:
            out[name] = value
    return out


def _writes(work: ImportWork, only_valid: bool = True) -> list[ItemWrite]:
    """What applying writes; with `only_valid`, the items kept without their price too."""
    planned = [*work.writes.values(), *(work.without_price.values() if only_valid else ())]
    return [w for w in planned if w.create or w.values or w.lots or w.quantity_after is not None]


def existing_items_changed(plan: ImportPlan) -> int:
    """How many existing items applying `plan` would change: more than none needs an administrator."""
    if not isinstance(plan.work, ImportWork):
        return 0
    return sum(1 for w in _writes(plan.work) if not w.create)


def _plural(count: int, word: str, words: str | None = None) -> str:
    return f"{count:,} {word if count == 1 else words or word + 's'}"


@write_unit
def _write(
    plan: ImportPlan,
    work: ImportWork,
    progress: Progress | None,
    cancelled: Cancelled | None,
    only_valid: bool = False,
) -> dict[str, int]:
    writes = _writes(work, only_valid)
    creates = [w for w in writes if w.create]
    updates = [w for w in writes if not w.create]
    if updates:
        require_admin(
            f"import {plan.source.file_name}: it changes {_plural(len(updates), 'existing item')}, "
            "and staff may import new items only"
        )
    fresh = CatalogState()
    changed = work.view.changed_since(fresh)
    if changed is not None:
        raise InventoryError(
            f"The inventory changed since {plan.source.file_name} was checked ({changed}); nothing "
            "was imported. Check the file again."
        )
    steps = _Steps(len(creates) + len(updates) + len(writes), progress, cancelled)
    ids, created_names = _name_ids(fresh, writes)
    file_name = plan.source.file_name

    item_rows = []
    categories, locations, suppliers = ids["category"], ids["location"], ids["supplier"]
    for w in creates:  # every item field is in a new item's values (as _column_values writes them)
        v = w.values
        on_hand = sum(c.after for c in w.lots) if w.lots else (w.quantity_after or 0)
        category, location, supplier = v["category"], v["location"], v["supplier"]
        item_rows.append(
            (
                w.sku,
                v["name"],
                categories.get(str(category).lower()) if category else None,
                locations.get(str(location).lower()) if location else None,
                v["unit"],
                v["purchase_unit"],
                v["units_per_purchase_unit"],
                suppliers.get(str(supplier).lower()) if supplier else None,
                v["supplier_sku"],
                v["unit_cost"],
                v["reorder_point"],
                v["par_level"],
                v["tracks_expiry"],
                v["barcode"] or None,
                v["notes"],
                on_hand,
            )
        )
    try:
        steps.run(item_rows, bulk.insert_items)
    except IntegrityError:
        raise ConcurrentChange("An item was added by someone else meanwhile.") from None
    item_ids = bulk.item_ids() if creates else {}

    by_columns: dict[tuple[str, ...], list[tuple[object, ...]]] = defaultdict(list)
    for w in updates:
        if w.values:
            v = _column_values(w.values, ids)
            columns = tuple(sorted(v))
            by_columns[columns].append((*(v[c] for c in columns), w.item_id))
    for columns, rows in by_columns.items():
        steps.run(rows, lambda chunk, c=columns: bulk.update_items(c, chunk))  # type: ignore[misc]

    on_hand_rows: list[tuple[int, int, int]] = []
    lot_updates: list[tuple[int, int, int]] = []
    new_lots: list[tuple[int, str, object, int]] = []
    movements: list[tuple[int, int | None, int, str]] = []
    lot_movements: list[tuple[int, LotKey, int, str]] = []
    opening, count = f"Opening stock from {file_name}", f"Count from {file_name}"
    for w in writes:
        item_id = w.item_id if w.item_id is not None else item_ids[w.key]
        note = opening if w.item_id is None else count
        delta = 0
        for change in w.lots:
            difference = change.after - change.before
            delta += difference
            if change.lot_id is None:
                new_lots.append((item_id, change.lot_number, change.expires_on, change.after))
                lot_movements.append(
                    (item_id, lot_key(change.lot_number, change.expires_on), difference, note)
                )
            else:
                lot_updates.append((change.after, change.lot_id, change.before))
                movements.append((item_id, change.lot_id, difference, note))
        if w.quantity_after is not None and w.quantity_after != w.on_hand_before:
            delta += w.quantity_after - w.on_hand_before
            movements.append((item_id, None, w.quantity_after - w.on_hand_before, note))
        if delta and not w.create:
            on_hand_rows.append((w.on_hand_before + delta, item_id, w.on_hand_before))
    if bulk.set_on_hand(on_hand_rows) != len(on_hand_rows):
        raise ConcurrentChange("Stock changed while importing.")
    if bulk.set_lot_quantities(lot_updates) != len(lot_updates):
        raise ConcurrentChange("Stock changed while importing.")
    try:
        bulk.insert_lots(new_lots)  # type: ignore[arg-type]
    except IntegrityError:
        raise ConcurrentChange("A lot was added by someone else meanwhile.") from None
    if lot_movements:
        lot_ids = {
            (lot.item_id, lot_key(lot.lot_number, lot.expires_on)): lot.id for lot in bulk.lot_states()
        }
        movements.extend((i, lot_ids[(i, key)], q, note) for i, key, q, note in lot_movements)
    user = current_user()
    steps.run(
        movements,
        lambda chunk: bulk.insert_movements(chunk, str(MovementKind.ADJUST), IMPORT_REASON, user),  # type: ignore[arg-type]
    )
    record = {"file": file_name, "at": datetime.now(UTC).isoformat(timespec="seconds"), "user": user}
    bulk.put_setting(CHECKSUM_KEY + plan.source.checksum, json.dumps(record))
    detail = f"{len(creates):,} new, {len(updates):,} updated, {_plural(len(movements), 'stock line')}"
    names = {"supplier": "suppliers", "category": "categories", "location": "locations"}
    new = [_plural(n, f"new {table}", f"new {names[table]}") for table, n in created_names.items() if n]
    if new:
        detail += "; " + ", ".join(new)
    kept = len(plan.kept_without_price) if only_valid else 0
    if kept:
        detail += f"; {_plural(kept, 'row')} without the price (not valid)"
    if plan.counts[RowAction.ERROR] > kept:
        detail += f"; {_plural(plan.counts[RowAction.ERROR] - kept, 'row')} with errors not imported"
    audit.record(Action.IMPORT, file_name, detail)
    return {**created_names, "movements": len(movements), "lots": len(new_lots)}
