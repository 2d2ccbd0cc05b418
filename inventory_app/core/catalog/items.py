"""Items, suppliers, categories and storage locations: create, change, archive.

Each change writes one audit event naming the row and what changed; a save that
changes nothing writes none. Suppliers live in `core.catalog.suppliers`, re-exported here.
"""

from __future__ import annotations

from dataclasses import replace

from peewee import JOIN, Field, fn

from inventory_app.core import validation as v
from inventory_app.core.accounts import audit
from inventory_app.core.accounts.audit import Action
from inventory_app.core.accounts.audit_text import changes
from inventory_app.core.catalog import gs1
from inventory_app.core.catalog.suppliers import save_supplier as save_supplier
from inventory_app.core.catalog.suppliers import set_supplier_active as set_supplier_active
from inventory_app.core.catalog.suppliers import supplier as supplier
from inventory_app.core.catalog.suppliers import suppliers as suppliers
from inventory_app.core.catalog.suppliers import validate_supplier as validate_supplier
from inventory_app.core.changes import records
from inventory_app.core.types import ITEM_FIELDS, ItemDetail, ItemInput, NamedRow
from inventory_app.db.codes import clean_code, code_key
from inventory_app.db.models import (
    Category,
    Item,
    Location,
    Lot,
    Movement,
    PurchaseOrder,
    PurchaseOrderLine,
    Supplier,
)
from inventory_app.db.transaction import read_guard, write_unit
from inventory_app.errors import InventoryError, NotFound, ValidationError

# ---------------------------------------------------------------- items


def clean_item(data: ItemInput, item_id: int | None = None) -> ItemInput:
    """The input with text trimmed and numbers checked; raises the first problem found."""
    problems = validate_item(data, item_id)
    if problems:
        raise problems[0]
    return _normalised(data)


def _normalised(data: ItemInput) -> ItemInput:
    unit = data.unit.strip() or "each"
    return replace(
        data,
        sku=clean_code(data.sku),
        name=data.name.strip(),
        unit=unit,
        purchase_unit=data.purchase_unit.strip() or unit,
        supplier_sku=data.supplier_sku.strip(),
        barcode=clean_code(data.barcode),
        notes=data.notes.strip(),
    )


def validate_item(data: ItemInput, item_id: int | None = None) -> list[ValidationError]:
    """Every problem with `data`, each naming its field (for inline messages)."""
    problems: list[ValidationError] = []

    def check(call: object) -> None:
        try:
            call()  # type: ignore[operator]
        except ValidationError as exc:
            problems.append(exc)

    # SKUs and barcodes as they are stored: look-alike letters, dashes and invisible
    # characters made plain (`codes.clean_code`), so "ＡＢＣ-1" is the SKU ABC-1.
    sku = clean_code(data.sku)
    barcode = clean_code(data.barcode)
    check(lambda: v.text(sku, "sku", required=True, max_length=64))
    if sku and any(c.isspace() for c in sku):
        problems.append(ValidationError("sku", "SKU cannot contain spaces."))
    check(lambda: v.text(data.name, "name", required=True, max_length=300))
    check(lambda: v.text(data.unit, "unit", max_length=50))
    check(lambda: v.text(data.purchase_unit, "purchase_unit", max_length=50))
    check(lambda: v.text(data.supplier_sku, "supplier_sku", max_length=100))
    check(lambda: v.text(barcode, "barcode", max_length=100))
    check(lambda: v.required_int(data.reorder_point, "reorder_point"))
    check(lambda: v.whole_number(data.par_level, "par_level", allow_none=True))
    check(lambda: v.required_int(data.units_per_purchase_unit, "units_per_purchase_unit", minimum=1))
    check(lambda: v.money(data.unit_cost, "unit_cost"))
    check(lambda: v.whole_number(data.expiry_warning_days, "expiry_warning_days", allow_none=True))
    if (
        isinstance(data.par_level, int)
        and isinstance(data.reorder_point, int)
        and data.par_level < data.reorder_point
    ):
        problems.append(
            ValidationError(
                "par_level",
                f"Par level ({data.par_level}) cannot be below the reorder point ({data.reorder_point}).",
            )
        )
    if sku:
        clash = Item.select(Item.id, Item.sku).where(Item.sku_key == code_key(sku))
        if item_id is not None:
            clash = clash.where(Item.id != item_id)
        other = clash.first()
        if other is not None:
            problems.append(ValidationError("sku", f"SKU {other.sku} is already used."))
        else:  # SKUs and barcodes are one namespace: `stock use CODE` must find one item
            other = _code_owner(Item.barcode_key, sku, item_id)
            if other is not None:
                problems.append(ValidationError("sku", f"SKU {sku} is already the barcode of {other.sku}."))
    if barcode:
        other = _code_owner(Item.barcode_key, barcode, item_id)
        if other is not None:
            problems.append(ValidationError("barcode", f"Barcode {barcode} is already used by {other.sku}."))
        elif code_key(barcode) != code_key(sku):
            other = _code_owner(Item.sku_key, barcode, item_id)
            if other is not None:
                problems.append(
                    ValidationError("barcode", f"Barcode {barcode} is already the SKU of {other.sku}.")
                )
    for field, model, value in (
        ("category_id", Category, data.category_id),
        ("location_id", Location, data.location_id),
        ("supplier_id", Supplier, data.supplier_id),
    ):
        if value is not None and not model.select().where(model.id == value).exists():
            problems.append(ValidationError(field, f"{v.label(field[:-3])} no longer exists."))
    return problems


def _code_owner(column: Field, code: str, item_id: int | None) -> Item | None:
    """Another item whose SKU or barcode key (`column`: Item.sku_key or Item.barcode_key) is
    the key of `code` (in any case and written form), or of any of its GTIN forms."""
    same = gs1.gtin_keys(code) if gs1.gtin_check_digit_ok(code) else [code]
    query = Item.select(Item.sku).where(column.in_([code_key(c) for c in same]))
    if item_id is not None:
        query = query.where(Item.id != item_id)
    found: Item | None = query.first()
    return found


_REFERENCES = ("category", "location", "supplier")
_NAMED_ONLY = (*_REFERENCES, "notes")  # changes named in the log without their values


def _item_fields(data: ItemInput) -> dict[str, object]:
    """The item's columns from the input: every field of ITEM_FIELDS (`category_id` is the
    column `category`), money exact, an empty barcode stored as none."""
    values: dict[str, object] = {
        name.removesuffix("_id") if name.removesuffix("_id") in _REFERENCES else name: getattr(data, name)
        for name in ITEM_FIELDS
    }
    values["unit_cost"] = v.money(data.unit_cost, "unit_cost")
    values["tracks_expiry"] = bool(data.tracks_expiry)
    values["barcode"] = data.barcode or None
    return values


def _audit_item(sku: str, name: str, detail: str) -> None:
    audit.record(Action.ITEM, f"{sku} {name}", detail)


def _create_item(data: ItemInput) -> Item:
    """Create an item inside the caller's transaction, without an audit event (demo data)."""
    return Item.create(**_item_fields(clean_item(data)))


@records(catalog=True)
@write_unit
def create_item(data: ItemInput) -> ItemDetail:
    item = _create_item(data)
    _audit_item(item.sku, item.name, "created")
    return item_detail(item.id)


@records(catalog=True)
@write_unit
def update_item(item_id: int, data: ItemInput) -> ItemDetail:
    item = _get_item(item_id)
    data = clean_item(data, item_id)
    if bool(data.tracks_expiry) != item.tracks_expiry and item.on_hand != 0:
        raise ValidationError(
            "tracks_expiry",
            f"Tracking lots and expiry can only be switched while none is on hand "
            f"({item.on_hand} {item.unit} now).",
        )
    fields = _item_fields(data)
    before = {key: getattr(item, f"{key}_id" if key in _REFERENCES else key) for key in fields}
    Item.update(**fields).where(Item.id == item_id).execute()
    changed = changes(before, fields, _NAMED_ONLY)
    if changed:
        _audit_item(data.sku, data.name, "changed " + ", ".join(changed))
    return item_detail(item_id)


@records(catalog=True)
@write_unit
def change_supplier(item_id: int, supplier_id: int) -> str:
    """Buy the item from another supplier from now on, in one transaction that changes nothing
    else of it (an edit made meanwhile elsewhere is kept); returns the supplier's name."""
    item = _get_item(item_id)
    supplier = Supplier.get_or_none(Supplier.id == supplier_id)
    if supplier is None or not supplier.active:
        raise ValidationError("supplier", "That supplier is no longer in the list; choose another.")
    if item.supplier_id != supplier_id:
        Item.update(supplier=supplier_id).where(Item.id == item_id).execute()
        _audit_item(item.sku, item.name, "changed supplier")
    return str(supplier.name)


def _set_item_active(item_id: int, active: bool) -> None:
    item = _get_item(item_id)
    if item.active != active:
        Item.update(active=active).where(Item.id == item_id).execute()
        _audit_item(item.sku, item.name, "restored" if active else "archived")


@records(catalog=True)
@write_unit
def archive_item(item_id: int) -> None:
    """Hide an item from lists and reorder suggestions; its history stays."""
    _set_item_active(item_id, False)


@records(catalog=True)
@write_unit
def restore_item(item_id: int) -> None:
    _set_item_active(item_id, True)


@records(catalog=True)
@write_unit
def delete_item(item_id: int) -> None:
    """Delete an item that never had stock movements; one with history must be archived."""
    item = _get_item(item_id)
    if Movement.select().where(Movement.item == item_id).exists():
        raise InventoryError(f"{item.sku} has stock history and cannot be deleted; archive it instead.")
    order = (
        PurchaseOrder.select(PurchaseOrder.number)
        .join(PurchaseOrderLine)
        .where(PurchaseOrderLine.item == item_id)
        .order_by(PurchaseOrder.number)
        .first()
    )
    if order is not None:
        raise InventoryError(
            f"{item.sku} is on purchase order {order.number} and cannot be deleted; archive it instead."
        )
    Lot.delete().where(Lot.item == item_id).execute()
    item.delete_instance()
    _audit_item(item.sku, item.name, "deleted (it had no stock history)")


def _get_item(item_id: int) -> Item:
    item = Item.get_or_none(Item.id == item_id)
    if item is None:
        raise NotFound(f"Item #{item_id} does not exist.")
    return item


@read_guard
def item_detail(item_id: int) -> ItemDetail:
    from inventory_app.core.stock.queries import expired_quantity

    item = _get_item(item_id)
    expired = expired_quantity(item_id) if item.tracks_expiry else 0
    return ItemDetail(
        id=item.id,
        **{name: getattr(item, name) for name in ITEM_FIELDS if name != "barcode"},
        barcode=item.barcode or "",
        active=item.active,
        on_hand=item.on_hand - expired,
        expired=expired,
    )


@read_guard
def reference_names(detail: ItemDetail) -> tuple[str, str, str]:
    """The item's category, location and supplier names ("" where none): three lookups by key,
    not the lists with their item counts."""

    def name(model: type[Category] | type[Location] | type[Supplier], key: int | None) -> str:
        if key is None:
            return ""
        found = model.select(model.name).where(model.id == key).tuples().first()
        return str(found[0]) if found else ""

    return (
        name(Category, detail.category_id),
        name(Location, detail.location_id),
        name(Supplier, detail.supplier_id),
    )


@read_guard
def item_id_for(code: str) -> int:
    """The item whose SKU or barcode is `code` in any case and written form (found by their
    keys, `codes.code_key`); failing that, the item whose barcode is the GTIN of `code` (a GS1
    scan of a drug box, or a GTIN in another length) in any of the forms of `gs1.gtin_keys`."""
    code = clean_code(code)
    key = code_key(code)
    row: Item | None = (
        Item.select(Item.id)
        .where((Item.sku_key == key) | (Item.barcode_key == key))
        .order_by(Item.active.desc(), Item.id)
        .first()
    )
    if row is not None:
        return row.id
    scanned = gs1.parse_gs1(code)
    gtin = scanned.gtin if scanned is not None else (code if gs1.gtin_check_digit_ok(code) else None)
    found = _item_with_gtin(gtin) if gtin else None
    if found is not None:
        return found.id
    if scanned is not None and scanned.gtin:
        raise NotFound(f"No item has the GTIN {scanned.gtin} as its barcode.")
    if scanned is not None:
        raise NotFound("This GS1 code names no product (it has no GTIN); scan the box's other code.")
    raise NotFound(f"No item has the SKU or barcode “{code}”.")


def _item_with_gtin(gtin: str, other_than: int | None = None) -> Item | None:
    keys = gs1.gtin_keys(gtin)
    if not keys:
        return None
    query = Item.select(Item.id, Item.sku, Item.name).where(Item.barcode_key.in_([code_key(k) for k in keys]))
    if other_than is not None:
        query = query.where(Item.id != other_than)
    found: Item | None = query.order_by(Item.active.desc(), Item.id).first()
    return found


@records(catalog=True)
@write_unit
def attach_gtin(item_id: int, gtin: str) -> ItemDetail:
    """Make `gtin` (read from a GS1 scan) the item's barcode, as its GTIN-14, so the next scan
    of the box finds the item. Refused if it is no GTIN or another item has it in any form;
    an item that has it already is left as it is. Audited as a change of the barcode."""
    item = _get_item(item_id)
    gtin = gtin.strip()
    if not gs1.gtin_check_digit_ok(gtin):
        raise ValidationError("barcode", f"“{gtin}” is not a GTIN (8 to 14 digits with a right check digit).")
    gtin14 = gs1.gtin_keys(gtin)[0]
    other = _item_with_gtin(gtin14, other_than=item_id)
    if other is not None:
        raise ValidationError(
            "barcode", f"GTIN {gtin14} is already the barcode of {other.sku} ({other.name})."
        )
    if (item.barcode or "") not in gs1.gtin_keys(gtin14):
        Item.update(barcode=gtin14).where(Item.id == item_id).execute()
        _audit_item(
            item.sku,
            item.name,
            "changed " + ", ".join(changes({"barcode": item.barcode}, {"barcode": gtin14})),
        )
    return item_detail(item_id)


# ---------------------------------------------------------------- categories & locations


def _named_rows(model: type[Category] | type[Location], include_archived: bool) -> list[NamedRow]:
    count = fn.COUNT(Item.id)
    field = Item.category if model is Category else Item.location
    query = (
        model.select(model, count.alias("n"))
        .join(Item, JOIN.LEFT_OUTER, on=(field == model.id) & (Item.active == True))  # noqa: E712
        .group_by(model.id)
        .order_by(fn.LOWER(model.name))
    )
    if not include_archived:
        query = query.where(model.active == True)  # noqa: E712
    return [
        NamedRow(
            id=row.id,
            name=row.name,
            active=row.active,
            item_count=row.n,  # type: ignore[union-attr]  # selected as "n"
            expiry_warning_days=getattr(row, "expiry_warning_days", None),
        )
        for row in query
    ]


@read_guard
def categories(include_archived: bool = False) -> list[NamedRow]:
    return _named_rows(Category, include_archived)


@read_guard
def locations(include_archived: bool = False) -> list[NamedRow]:
    return _named_rows(Location, include_archived)


def _named_action(model: type[Category] | type[Location]) -> str:
    return Action.CATEGORY if model is Category else Action.LOCATION


def _save_named(
    model: type[Category] | type[Location], name: str, row_id: int | None, **extra: object
) -> NamedRow:
    cleaned = v.text(name, "name", required=True, max_length=100)
    clash = model.select().where(fn.LOWER(model.name) == cleaned.lower())
    if row_id is not None:
        clash = clash.where(model.id != row_id)
    if clash.exists():
        raise ValidationError("name", f"“{cleaned}” already exists.")
    if row_id is None:
        row = model.create(name=cleaned, **extra)
        audit.record(_named_action(model), cleaned, "created")
    else:
        old = model.get_or_none(model.id == row_id)
        if old is None:
            raise NotFound(f"“{cleaned}” no longer exists.")
        fields = {"name": cleaned, **extra}
        before = {key: getattr(old, key) for key in fields}
        model.update(**fields).where(model.id == row_id).execute()
        row = model.get_by_id(row_id)
        changed = changes(before, fields)
        if changed:
            audit.record(_named_action(model), cleaned, "changed " + ", ".join(changed))
    return NamedRow(id=row.id, name=row.name, active=row.active)


def _set_named_active(model: type[Category] | type[Location], row_id: int, active: bool) -> None:
    row = model.get_or_none(model.id == row_id)
    if row is not None and row.active != active:
        model.update(active=active).where(model.id == row_id).execute()
        audit.record(_named_action(model), row.name, "restored" if active else "archived")


@records(catalog=True)
@write_unit
def save_category(
    name: str, category_id: int | None = None, expiry_warning_days: int | None = None
) -> NamedRow:
    days = v.whole_number(expiry_warning_days, "expiry_warning_days", allow_none=True)
    return _save_named(Category, name, category_id, expiry_warning_days=days)


@records(catalog=True)
@write_unit
def save_location(name: str, location_id: int | None = None) -> NamedRow:
    return _save_named(Location, name, location_id)


@records(catalog=True)
@write_unit
def set_category_active(category_id: int, active: bool) -> None:
    _set_named_active(Category, category_id, active)


@records(catalog=True)
@write_unit
def set_location_active(location_id: int, active: bool) -> None:
    _set_named_active(Location, location_id, active)


def category_id_for(name: str, create: bool = True) -> int | None:
    return _id_for(Category, name, create)


def location_id_for(name: str, create: bool = True) -> int | None:
    return _id_for(Location, name, create)


def supplier_id_for(name: str, create: bool = True) -> int | None:
    return _id_for(Supplier, name, create)


@write_unit
def _id_for(model: type[Category] | type[Location] | type[Supplier], name: str, create: bool) -> int | None:
    cleaned = (name or "").strip()
    if not cleaned:
        return None
    row: Category | Location | Supplier | None = (
        model.select(model.id).where(fn.LOWER(model.name) == cleaned.lower()).first()
    )
    if row is not None:
        return row.id
    if not create:
        raise NotFound(f"“{cleaned}” does not exist.")
    return model.create(name=cleaned).id
