"""Validating an import into a plan: per row create, update (which fields), unchanged or error.

Nothing is written here. The rules a person would apply to the sheet:
- A SKU is listed once; an item that tracks expiry may be listed once per lot
  (distinct lot numbers, the same item details). Any other repeat is an error
  on every row involved, so "import only the valid rows" never picks one of
  two conflicting rows at random.
- The quantity column is the count on the shelf: for a new item its opening
  stock, for an existing one the figure to adjust to (the difference becomes
  an "import" adjustment when applied). For items that track expiry it is the
  quantity of the row's lot.
- An empty cell leaves an existing item's value as it is.
- Errors of one row make every row of the same SKU an error.
- A row whose only errors are in its price cells (not a price, too many decimals, too
  large) is still planned without the price: importing only the valid rows writes it so,
  its stock kept, and says so (a bad price never drops the stock count).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from operator import attrgetter
from typing import cast

from inventory_app.core.importing.collector import collector_paused
from inventory_app.core.importing.columns import ColumnMap
from inventory_app.core.importing.money import PricePer, PriceReading, price_reading, purchase_unit_price
from inventory_app.core.importing.reading import read_values
from inventory_app.core.importing.readings import DateOrder
from inventory_app.core.importing.rows import CleanRow, clean_rows
from inventory_app.core.importing.state import (
    CatalogState,
    Lots,
    StateView,
    expired_quantity,
    lot_key,
    previous_import,
)
from inventory_app.core.importing.types import (
    Cancelled,
    FieldChange,
    ImportPlan,
    ImportSource,
    PlannedRow,
    Progress,
    RowAction,
    RowIssue,
)
from inventory_app.core.importing.values import MAX_MONEY
from inventory_app.core.validation import label
from inventory_app.db.bulk import ItemState
from inventory_app.db.codes import clean_code, code_key
from inventory_app.db.transaction import read_guard

ITEM_FIELDS = (
    "name",
    "category",
    "location",
    "unit",
    "purchase_unit",
    "units_per_purchase_unit",
    "supplier",
    "supplier_sku",
    "unit_cost",
    "reorder_point",
    "par_level",
    "tracks_expiry",
    "barcode",
    "notes",
)
NAME_FIELDS = ("category", "location", "supplier")
_ITEM_FIELD_SET = frozenset(ITEM_FIELDS)
# A new item's values where the file gives none.
_NEW_ITEM: dict[str, object] = {
    "name": "",
    "category": "",
    "location": "",
    "unit": "each",
    "purchase_unit": "",
    "units_per_purchase_unit": 1,
    "supplier": "",
    "supplier_sku": "",
    "unit_cost": Decimal("0.00"),
    "reorder_point": 0,
    "par_level": None,
    "tracks_expiry": False,
    "barcode": "",
    "notes": "",
}


@dataclass(slots=True)
class LotChange:
    lot_number: str
    expires_on: date | None
    lot_id: int | None
    before: int
    after: int
    row: int


@dataclass(slots=True)
class ItemWrite:
    """What applying does to one item: create it, or change some fields, and its stock."""

    key: str
    sku: str
    item_id: int | None
    values: dict[str, object]  # create: every item field; update: the changed ones
    on_hand_before: int = 0
    quantity_after: int | None = None  # items without lots: the new on hand
    lots: list[LotChange] = field(default_factory=list)
    row_changes: dict[int, list[FieldChange]] = field(default_factory=dict)
    barcode_given: str = ""
    display_name: str = ""

    @property
    def create(self) -> bool:
        return self.item_id is None


@dataclass(slots=True)
class ImportWork:
    """The plan's working data for `apply_import` (not shown to the user)."""

    view: StateView
    writes: dict[str, ItemWrite]
    today: date
    without_price: dict[str, ItemWrite] = field(default_factory=dict)  # written only with only-valid


def _has_issues(rows: list[CleanRow]) -> bool:
    return bool(rows[0].issues) if len(rows) == 1 else any(r.issues for r in rows)


def _has_lots(rows: list[CleanRow]) -> bool:
    if len(rows) == 1:
        return "lot" in rows[0].values or "expires" in rows[0].values
    return any("lot" in r.values or "expires" in r.values for r in rows)


def _same(name: str, old: object, new: object) -> bool:
    if name in NAME_FIELDS:
        return str(old or "").lower() == str(new or "").lower()
    return old == new


class _Decider:
    def __init__(
        self, columns: ColumnMap, view: StateView, today: date, price: PriceReading | None = None
    ) -> None:
        self.columns = columns
        self.view = view
        self.today = today
        self.price = price

    def issue(self, row: CleanRow, name: str, message: str) -> None:
        where = name if name in self.columns.fields else "sku"
        row.issues.append(
            RowIssue(row.number, self.columns.letter(where), name, message, self.columns.header(where))
        )

    # ------------------------------------------------------------ one SKU

    def group(self, key: str, rows: list[CleanRow]) -> ItemWrite | None:
        if len(rows) > 1:
            # One row per lot: by its number, or by its expiry when it has no number.
            keys = [lot_key(str(r.values.get("lot") or ""), r.values.get("expires")) for r in rows]  # type: ignore[arg-type]
            if ("", None) in keys or len(set(keys)) != len(keys):
                numbers = ", ".join(str(r.number) for r in rows)
                for r in rows:
                    self.issue(
                        r,
                        "sku",
                        f"SKU {r.sku} is on more than one row ({numbers}); list each item once "
                        "(or once per lot, with different lot numbers or, for lots without a "
                        "number, different expiry dates).",
                    )
        merged = self._merge(rows)
        if "quantity" not in self.columns.fields:
            for r in rows:
                self._lot_without_quantity(r)
        if _has_issues(rows):
            return None
        # A SKU written with look-alike or invisible characters (ＡＢＣ-1, ABC‐1) is the code it
        # reads as: it changes the item of that code, as the same file imported twice must.
        existing = self.view.item(key)
        self._price_of_purchase_unit(rows[0], merged, existing)
        if _has_issues(rows):
            return None
        write = self._create(key, rows, merged) if existing is None else self._update(rows, merged, existing)
        write.barcode_given = str(merged.get("barcode", ""))
        write.display_name = str(merged.get("name") or (existing.name if existing else ""))
        return None if _has_issues(rows) else write

    def _price_of_purchase_unit(
        self, row: CleanRow, merged: dict[str, object], item: ItemState | None
    ) -> None:
        """A price per unit of issue becomes the item's price of one purchase unit (import_money),
        with the pack size of the row, else of the item, else 1."""
        amount = merged.get("unit_cost")
        if self.price is None or not self.price.converts or not isinstance(amount, Decimal):
            return
        pack = merged.get("units_per_purchase_unit") or (item.units_per_purchase_unit if item else 1)
        price = purchase_unit_price(amount, self.price.per, int(pack))  # type: ignore[call-overload]
        if price > MAX_MONEY:
            self.issue(row, "unit_cost", f"{amount} a unit × {pack} a pack is too large a price ({price}).")
        merged["unit_cost"] = price

    def _merge(self, rows: list[CleanRow]) -> dict[str, object]:
        if len(rows) == 1:
            merged: dict[str, object] = dict(rows[0].values)
            for name in merged.keys() - _ITEM_FIELD_SET:
                del merged[name]
            return merged
        merged = {}
        origin: dict[str, int] = {}
        for r in rows:
            for name in ITEM_FIELDS:
                if name not in r.values:
                    continue
                value = r.values[name]
                if name not in merged:
                    merged[name], origin[name] = value, r.number
                elif not _same(name, merged[name], value):
                    self.issue(
                        r,
                        name,
                        f"{label(name)} “{value}” differs from row {origin[name]} (“{merged[name]}”) "
                        f"of the same SKU.",
                    )
        return merged

    def _levels(self, row: CleanRow, reorder_point: object, par: object, merged: dict[str, object]) -> None:
        if isinstance(par, int) and isinstance(reorder_point, int) and par < reorder_point:
            where = "par_level" if "par_level" in merged else "reorder_point"
            self.issue(row, where, f"Par level ({par}) cannot be below the reorder point ({reorder_point}).")

    def _lot_without_quantity(self, row: CleanRow) -> None:
        """A lot or expiry with no quantity column: the lot cannot be recorded, and dropping it
        (or setting the item to track expiry with no lots) would change data without a word."""
        lot, expires = row.values.get("lot"), row.values.get("expires")
        if lot is None and expires is None:
            return
        what = f"Lot {lot}" if lot is not None else f"The expiry date {expires}"
        self.issue(
            row,
            "lot" if lot is not None else "expires",
            f"{what} of {row.sku} cannot be imported without its quantity, and no column is read as "
            f"On hand; map the column that holds the quantity as On hand (or ignore the lot and "
            f"expiry columns).",
        )

    def _no_lots(self, row: CleanRow) -> None:
        if "lot" not in row.values and "expires" not in row.values:
            return
        for name in ("lot", "expires"):
            if name in row.values:
                self.issue(
                    row,
                    name,
                    f"{row.sku} does not track lots and expiry, so {label(name).lower()} must be empty "
                    "(or set Tracks expiry to yes).",
                )

    def _tracked_row(self, row: CleanRow, write: ItemWrite, lots: Lots, usable: int) -> None:
        lot = row.values.get("lot")
        quantity = cast("int | None", row.values.get("quantity"))
        expires = cast("date | None", row.values.get("expires"))
        if not lot and expires is None:
            if quantity is not None and quantity != usable:
                self.issue(
                    row,
                    "quantity",
                    f"{row.sku} tracks lots and expiry: give the expiry date (and the lot number, "
                    f"if there is one) of these {quantity} (one row per lot).",
                )
            return
        # An expiry without a lot number is the item's lot without a number for that date.
        lot = str(lot or "")
        name = f"Lot {lot}" if lot else f"The lot with no number expiring {expires}"
        current = lots.get(lot_key(lot, expires))
        if current is not None:
            if expires is not None and current.expires_on != expires:
                self.issue(
                    row,
                    "expires",
                    f"Lot {lot} of {row.sku} expires on {current.expires_on or 'no date'} in the "
                    f"inventory, not {expires}.",
                )
            elif quantity is not None and quantity != current.quantity:
                write.lots.append(
                    LotChange(lot, current.expires_on, current.id, current.quantity, quantity, row.number)
                )
        elif quantity:
            if expires is None:
                self.issue(row, "expires", f"Lot {lot} of {row.sku} is new: give its expiry date.")
            else:
                write.lots.append(LotChange(lot, expires, None, 0, quantity, row.number))
        elif quantity is None and "quantity" in self.columns.fields:
            self.issue(row, "quantity", f"{name} of {row.sku} is new: give its quantity.")

    def _create(self, key: str, rows: list[CleanRow], merged: dict[str, object]) -> ItemWrite:
        first = rows[0]
        if "name" not in merged:
            self.issue(first, "name", f"{first.sku} is a new item: its name is required.")
        has_lots = _has_lots(rows)
        tracks = merged.get("tracks_expiry")
        tracks = has_lots if tracks is None else tracks
        reorder_point = merged.get("reorder_point", 0)
        self._levels(first, reorder_point, merged.get("par_level"), merged)
        unit = merged.get("unit") or "each"
        values = {**_NEW_ITEM, **merged}  # every item field, in the order of _NEW_ITEM
        values["unit"] = unit
        values["purchase_unit"] = merged.get("purchase_unit") or unit
        values["tracks_expiry"] = bool(tracks)
        write = ItemWrite(key, first.sku, None, values)
        if tracks:
            for r in rows:
                self._tracked_row(r, write, {}, 0)
        else:
            for r in rows:
                self._no_lots(r)
            write.quantity_after = int(first.values.get("quantity", 0))  # type: ignore[call-overload]
        return write

    def _current(self, item: ItemState, name: str) -> object:
        if name in NAME_FIELDS:
            return self.view.name_of(name, getattr(item, f"{name}_id"))
        return getattr(item, name)

    def _update(self, rows: list[CleanRow], merged: dict[str, object], item: ItemState) -> ItemWrite:
        first = rows[0]
        changes = []
        for name, value in merged.items():
            if name != "tracks_expiry":
                current = self._current(item, name)
                if not _same(name, current, value):
                    changes.append(FieldChange(name, current, value))
        has_lots = _has_lots(rows)
        tracks = merged["tracks_expiry"] if "tracks_expiry" in merged else item.tracks_expiry or has_lots
        if tracks != item.tracks_expiry:
            if item.on_hand != 0:
                self.issue(
                    first,
                    "tracks_expiry" if "tracks_expiry" in merged else "lot",
                    f"{item.sku} has {item.on_hand} {item.unit} on hand; tracking lots and expiry can only "
                    f"be switched {'on' if tracks else 'off'} while none is on hand.",
                )
            else:
                changes.append(FieldChange("tracks_expiry", item.tracks_expiry, tracks))
        if "reorder_point" in merged or "par_level" in merged:
            reorder_point = merged.get("reorder_point", item.reorder_point)
            self._levels(first, reorder_point, merged.get("par_level", item.par_level), merged)
        write = ItemWrite(item.sku_key, item.sku, item.id, {c.field: c.new for c in changes}, item.on_hand)
        write.row_changes[first.number] = changes
        if not tracks:
            for r in rows:
                self._no_lots(r)
            quantity = first.values.get("quantity")
            if quantity is not None and quantity != item.on_hand:
                write.quantity_after = int(quantity)  # type: ignore[call-overload]
                changes.append(FieldChange("quantity", item.on_hand, quantity))
            return write
        lots = self.view.lots(item.id) if item.tracks_expiry else {}
        usable = item.on_hand - expired_quantity(lots, self.today)
        for r in rows:
            self._tracked_row(r, write, lots, usable)
        for change in write.lots:
            write.row_changes.setdefault(change.row, []).append(
                FieldChange("quantity", change.before, change.after)
            )
        return write

    # ------------------------------------------------------------ across SKUs

    def barcodes(self, groups: dict[str, list[CleanRow]], writes: dict[str, ItemWrite]) -> None:
        """Barcodes given once, and SKUs and barcodes one namespace (in any case), so that
        `stock use CODE` finds one item: a barcode that is another item's SKU, or a new SKU
        that is another item's barcode, is an error of its row naming the other item."""
        by_code: dict[str, list[str]] = {}
        for key, write in writes.items():
            if write.barcode_given:
                by_code.setdefault(code_key(write.barcode_given), []).append(key)
        for keys in by_code.values():
            code = writes[keys[0]].barcode_given
            if len(keys) > 1:
                skus = ", ".join(writes[k].sku for k in keys)
                for k in keys:
                    self.issue(groups[k][0], "barcode", f"Barcode {code} is given to several SKUs ({skus}).")
                continue
            owner = self.view.barcode_owner(code)
            if owner is not None and owner != keys[0]:
                other = self.view.state.items[owner].sku
                self.issue(groups[keys[0]][0], "barcode", f"Barcode {code} is already used by {other}.")
                continue
            folded = code_key(code)
            if folded != keys[0]:
                named = writes.get(folded) or self.view.item(folded)
                if named is not None:
                    self.issue(
                        groups[keys[0]][0], "barcode", f"Barcode {code} is already the SKU of {named.sku}."
                    )
        for key, write in writes.items():
            if not write.create:
                continue
            owner = self.view.barcode_owner(key)
            if owner is not None and owner != key:
                other = self.view.state.items[owner].sku
                self.issue(groups[key][0], "sku", f"SKU {write.sku} is already the barcode of {other}.")


def _price_only(rows: list[CleanRow]) -> bool:
    """Every problem of these rows is in a price cell (and there is one)."""
    issues = [i for r in rows for i in r.issues]
    return bool(issues) and all(i.field == "unit_cost" for i in issues)


def _without_price(decider: _Decider, key: str, rows: list[CleanRow]) -> ItemWrite | None:
    """The item of rows whose only errors are in their price cells, planned without the price;
    the problems that then show (a new item without a name) join the rows' errors."""
    if not _price_only(rows):
        return None
    bare = [
        CleanRow(
            r.number, r.sku, r.key, {k: v for k, v in r.values.items() if k != "unit_cost"}, [], r.heading
        )
        for r in rows
    ]
    write = decider.group(key, bare)
    for row, plain in zip(rows, bare, strict=True):
        row.issues.extend(plain.issues)
    return write if _price_only(rows) else None


def _planned(
    groups: dict[str, list[CleanRow]],
    writes: dict[str, ItemWrite],
    without_price: Mapping[str, ItemWrite] | None = None,
) -> list[PlannedRow]:
    out: list[PlannedRow] = []
    without_price = without_price or {}
    for key, rows in groups.items():
        write = writes.get(key)
        kept = without_price.get(key)
        if kept is not None:  # an error until only the valid rows are imported: then without the price
            for row in _planned({key: [replace(r, issues=[]) for r in rows]}, {key: kept}):
                issues = next(tuple(r.issues) for r in rows if r.number == row.row)
                out.append(replace(row, action=RowAction.ERROR, issues=issues, without_price=row.action))
            continue
        name = write.display_name if write else str(rows[0].values.get("name", ""))
        bad = [r for r in rows if r.issues] if _has_issues(rows) else []
        if bad or write is None:
            first_bad = bad[0].number if bad else rows[0].number
            for r in rows:
                issues = tuple(r.issues) or (
                    RowIssue(r.number, "", "", f"Not imported: row {first_bad} of the same SKU has errors."),
                )
                out.append(
                    PlannedRow(r.number, r.sku, name, RowAction.ERROR, issues=issues, heading=r.heading)
                )
            continue
        by_row = {change.row: change for change in write.lots} if write.lots else {}
        for index, r in enumerate(rows):
            changes = tuple(write.row_changes.get(r.number, ()))
            if r.number in by_row:
                quantity = by_row[r.number].after - by_row[r.number].before
            elif index == 0 and write.quantity_after is not None:
                quantity = write.quantity_after - write.on_hand_before
            else:
                quantity = 0
            if write.create:
                action = RowAction.CREATE
            else:
                action = RowAction.UPDATE if changes else RowAction.UNCHANGED
            lot = str(r.values.get("lot") or "")
            # The lot's expiry: without a number it is what names the lot.
            expires = by_row[r.number].expires_on if r.number in by_row else r.values.get("expires")
            new_lot = r.number in by_row and by_row[r.number].lot_id is None
            fields = (r.number, write.sku, name, action, changes, (), lot, quantity, r.heading, new_lot)
            out.append(PlannedRow(*fields, expires=cast("date | None", expires)))
    out.sort(key=attrgetter("row"))
    return out


def _new_names(state: CatalogState, writes: dict[str, ItemWrite]) -> dict[str, tuple[str, ...]]:
    """Categories, locations and suppliers the valid rows name that do not exist yet."""
    found: dict[str, dict[str, str]] = {table: {} for table in NAME_FIELDS}
    for table in NAME_FIELDS:
        for name in dict.fromkeys(w.values.get(table) for w in writes.values()):  # each once, in order
            if name:
                key = str(name).lower()
                if key not in state.name_keys[table]:
                    found[table].setdefault(key, str(name))
    return {table: tuple(sorted(names.values(), key=str.lower)) for table, names in found.items()}


@read_guard
@collector_paused()
def plan_import(
    source: ImportSource,
    *,
    today: date | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    dates: DateOrder | None = None,
    price_per: PricePer | None = None,
    skus: Mapping[int, str] | None = None,
) -> ImportPlan:
    """What importing `source` would do, row by row. Reads the database, writes nothing.

    `dates` is how the file writes its dates when the file itself cannot tell (else
    `DatesUnclear` is raised: see `import_reading`). `price_per` says what the price
    column is the price of, when the user chose (else its heading says: `import_money`).
    `skus` are the codes the person typed for made SKUs (row number → SKU: `import_skus`)."""
    today = today or date.today()
    readings = read_values(source, dates)
    state = CatalogState()
    existing = {key: item.name for key, item in state.items.items()} if source.columns.made_skus else None
    clean, skipped = clean_rows(source, progress, cancelled, readings, existing, skus)
    view = StateView(state)
    price = price_reading(source.columns, price_per)
    decider = _Decider(source.columns, view, today, price)
    groups: dict[str, list[CleanRow]] = {}
    for row in clean:
        groups.setdefault(row.key or f"#row{row.number}", []).append(row)
    writes: dict[str, ItemWrite] = {}
    kept: dict[str, ItemWrite] = {}
    for key, rows in groups.items():
        write = decider.group(key, rows)
        if write is not None:
            writes[key] = write
        else:
            write = _without_price(decider, key, rows)
            if write is not None:
                kept[key] = write
    decider.barcodes(groups, {**writes, **kept})
    writes = {k: w for k, w in writes.items() if not _has_issues(groups[k])}
    kept = {k: w for k, w in kept.items() if _price_only(groups[k])}
    new = _new_names(state, {**writes, **kept})
    return ImportPlan(
        source=source,
        rows=tuple(_planned(groups, writes, kept)),
        skipped=tuple(skipped),
        new_suppliers=new["supplier"],
        new_categories=new["category"],
        new_locations=new["location"],
        previous_import=previous_import(source.checksum),
        readings=readings,
        price=price,
        typed_skus=frozenset(clean_code(code).lower() for code in (skus or {}).values()),
        work=ImportWork(view, writes, today, kept),
    )
