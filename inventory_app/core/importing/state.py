"""The catalog as an import sees it, and a record of what the preview relied on.

A preview is computed, shown, and applied seconds or minutes later, maybe
after another workstation used stock. Every fact the preview's decisions read
goes through `StateView`, which remembers it; applying re-reads the catalog
inside its transaction and refuses if any remembered fact changed, so what is
written is exactly what the user saw (optimistic concurrency, without
re-validating the whole file).

Also here: what the office's earlier imports leave behind for the next one, the
checksum of each imported file and the hand mapping of each header layout.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import date
from typing import Any

from inventory_app.core.importing.types import PreviousImport
from inventory_app.db import bulk
from inventory_app.db.bulk import ItemState, LotState
from inventory_app.db.codes import code_key
from inventory_app.db.transaction import write_unit

CHECKSUM_KEY = "import:"  # + the file's checksum, in the settings table
# A lot is known by its number, or by its expiry date when it has none (one such lot per date).
LotKey = tuple[str, date | None]
Lots = dict[LotKey, LotState]
_NO_LOTS: Lots = {}


def lot_key(lot_number: str, expires_on: date | None) -> LotKey:
    """How the import finds a lot: ("L123", None) by its number, ("", 2027-03-31) for the lot
    without a number of that date."""
    return (lot_number, None) if lot_number else ("", expires_on)


class CatalogState:
    """Items, lots, names and barcodes, read in a handful of plain queries."""

    def __init__(self) -> None:
        items = bulk.item_states()
        # Items by the key their SKU is found by (`codes.code_key`, stored as item.sku_key).
        self.items: dict[str, ItemState] = {item.sku_key: item for item in items}
        self.lots: dict[int, Lots] = {}
        for lot in bulk.lot_states():
            self.lots.setdefault(lot.item_id, {})[lot_key(lot.lot_number, lot.expires_on)] = lot
        self.names: dict[str, dict[int, str]] = {t: dict(bulk.names(t)) for t in bulk.NAMED_TABLES}
        self.name_keys: dict[str, dict[str, str]] = {}
        for table, by_id in self.names.items():
            keys: dict[str, str] = {}
            for name in by_id.values():
                keys.setdefault(name.lower(), name)
            self.name_keys[table] = keys
        self.barcodes: dict[str, str] = {}  # barcode key → SKU key of its item
        for item in items:
            if item.barcode_key:
                self.barcodes.setdefault(item.barcode_key, item.sku_key)


class StateView:
    """Reads of a `CatalogState`, each remembered so they can be checked again later."""

    def __init__(self, state: CatalogState) -> None:
        self.state = state
        self.reads: dict[tuple[str, Any, Any], object] = {}

    def item(self, key: str) -> ItemState | None:
        found = self.state.items.get(key)
        self.reads[("item", key, None)] = found
        return found

    def lots(self, item_id: int) -> Lots:
        found = self.state.lots.get(item_id, _NO_LOTS)
        self.reads[("lots", item_id, None)] = dict(found)
        return found

    def barcode_owner(self, code: str) -> str | None:
        """The key of the item whose barcode is `code` in any case and written form."""
        code = code_key(code)
        found = self.state.barcodes.get(code)
        self.reads[("barcode", code, None)] = found
        return found

    def name_of(self, table: str, row_id: int | None) -> str:
        found = self.state.names[table].get(row_id, "") if row_id is not None else ""
        self.reads[("name_of", table, row_id)] = found
        return found

    def changed_since(self, fresh: CatalogState) -> str | None:
        """The first remembered fact that `fresh` no longer agrees with, described; else None."""
        for (kind, a, b), seen in self.reads.items():
            if kind == "item":
                now: object = fresh.items.get(a)
            elif kind == "lots":
                now = dict(fresh.lots.get(a, _NO_LOTS))
            elif kind == "barcode":
                now = fresh.barcodes.get(a)
            else:
                now = fresh.names[a].get(b, "") if b is not None else ""
            if now != seen:
                return _describe(kind, a, b, seen, now)
        return None


def _describe(kind: str, a: object, b: object, seen: object, now: object) -> str:
    if kind == "item":  # `a` is the SKU's key: name the SKU as it is written
        item = seen or now
        return f"SKU {item.sku if item else a} was added or changed"  # type: ignore[attr-defined]
    if kind == "lots":
        return "the lots of an item in the file changed"
    if kind == "barcode":
        return f"barcode {a} was given to another item"
    return f"the {a} list changed"


def expired_quantity(lots: Lots, today: date) -> int:
    return sum(
        lot.quantity
        for lot in lots.values()
        if lot.quantity > 0 and lot.expires_on and lot.expires_on < today
    )


def previous_import(checksum: str) -> PreviousImport | None:
    raw = bulk.setting(CHECKSUM_KEY + checksum)
    if raw is None:
        return None
    try:
        data = json.loads(raw)
        return PreviousImport(str(data.get("file", "")), str(data.get("at", "")), str(data.get("user", "")))
    except (ValueError, AttributeError):
        return PreviousImport("", raw, "")


MAPPING_KEY = "import-map:"  # + a hash of the header layout, in the settings table


def _mapping_key(layout: str) -> str:
    return MAPPING_KEY + hashlib.sha1(layout.encode("utf-8")).hexdigest()


def saved_mapping(layout: str) -> dict[int, str | None]:
    """The hand mapping remembered for a header layout (`import_columns.layout_key`):
    column position → field, or None for a column to ignore. Empty when none was saved."""
    raw = bulk.setting(_mapping_key(layout))
    if not raw:
        return {}
    try:
        data = json.loads(raw)
        choices = data["columns"]
        return {int(k): (str(v) if v is not None else None) for k, v in choices.items()}
    except (ValueError, KeyError, TypeError, AttributeError):
        return {}


@write_unit
def remember_mapping(layout: str, choices: Mapping[int, str | None]) -> None:
    """Remember a hand mapping for a header layout, so the next file with the same headers
    is mapped the same way. An empty mapping forgets it."""
    record = {"layout": layout, "columns": {str(k): v for k, v in sorted(choices.items())}}
    bulk.put_setting(_mapping_key(layout), json.dumps(record))
