"""Suppliers: the list, one supplier, create, change, archive (each change audited)."""

from __future__ import annotations

from peewee import JOIN, fn

from inventory_app.core import validation as v
from inventory_app.core.accounts import audit
from inventory_app.core.accounts.audit import Action
from inventory_app.core.accounts.audit_text import changes
from inventory_app.core.changes import records
from inventory_app.core.types import SupplierInput, SupplierRow
from inventory_app.db.models import Item, Supplier
from inventory_app.db.transaction import read_guard, write_unit
from inventory_app.errors import NotFound, ValidationError


def _supplier_row(row: Supplier, count: int = 0) -> SupplierRow:
    return SupplierRow(
        id=row.id,
        name=row.name,
        account_number=row.account_number,
        contact=row.contact,
        phone=row.phone,
        email=row.email,
        address=row.address,
        lead_time_days=row.lead_time_days,
        notes=row.notes,
        active=row.active,
        item_count=count,
    )


@read_guard
def suppliers(include_archived: bool = False) -> list[SupplierRow]:
    count = fn.COUNT(Item.id)
    query = (
        Supplier.select(Supplier, count.alias("n"))
        .join(
            Item,
            JOIN.LEFT_OUTER,
            on=(Item.supplier == Supplier.id) & (Item.active == True),  # noqa: E712
        )
        .group_by(Supplier.id)
        .order_by(fn.LOWER(Supplier.name))
    )
    if not include_archived:
        query = query.where(Supplier.active == True)  # noqa: E712
    return [_supplier_row(row, row.n) for row in query]  # type: ignore[attr-defined]  # selected as "n"


@read_guard
def supplier(supplier_id: int) -> SupplierRow:
    row = Supplier.get_or_none(Supplier.id == supplier_id)
    if row is None:
        raise NotFound(f"Supplier #{supplier_id} does not exist.")
    return _supplier_row(row)


def validate_supplier(data: SupplierInput, supplier_id: int | None = None) -> dict[str, object]:
    fields: dict[str, object] = {
        "name": v.text(data.name, "name", required=True, max_length=200),
        "account_number": v.text(data.account_number, "account_number", max_length=100),
        "contact": v.text(data.contact, "contact", max_length=200),
        "phone": v.text(data.phone, "phone", max_length=100),
        "email": v.text(data.email, "email", max_length=200),
        "address": v.text(data.address, "address", max_length=1000),
        "lead_time_days": v.required_int(data.lead_time_days, "lead_time_days"),
        "notes": v.text(data.notes, "notes", max_length=5000),
    }
    email = str(fields["email"])
    if email and ("@" not in email or " " in email):
        raise ValidationError("email", f"“{email}” does not look like an e-mail address.")
    if int(fields["lead_time_days"]) > 365:  # type: ignore[call-overload]
        raise ValidationError("lead_time_days", "Lead time must be at most 365 days.")
    clash = Supplier.select().where(fn.LOWER(Supplier.name) == str(fields["name"]).lower())
    if supplier_id is not None:
        clash = clash.where(Supplier.id != supplier_id)
    if clash.exists():
        raise ValidationError("name", f"A supplier named “{fields['name']}” already exists.")
    return fields


def _create_supplier(data: SupplierInput) -> SupplierRow:
    """Create a supplier inside the caller's transaction, without an audit event (demo data)."""
    return _supplier_row(Supplier.create(**validate_supplier(data)))


@records(catalog=True)
@write_unit
def save_supplier(data: SupplierInput, supplier_id: int | None = None) -> SupplierRow:
    if supplier_id is None:
        created = _create_supplier(data)
        audit.record(Action.SUPPLIER, created.name, "created")
        return created
    fields = validate_supplier(data, supplier_id)
    old = Supplier.get_or_none(Supplier.id == supplier_id)
    if old is None:
        raise NotFound(f"Supplier #{supplier_id} does not exist.")
    before = {key: getattr(old, key) for key in fields}
    Supplier.update(**fields).where(Supplier.id == supplier_id).execute()
    changed = changes(before, fields, ("address", "notes"))
    if changed:
        audit.record(Action.SUPPLIER, str(fields["name"]), "changed " + ", ".join(changed))
    return supplier(supplier_id)


@records(catalog=True)
@write_unit
def set_supplier_active(supplier_id: int, active: bool) -> None:
    row = Supplier.get_or_none(Supplier.id == supplier_id)
    if row is not None and row.active != active:
        Supplier.update(active=active).where(Supplier.id == supplier_id).execute()
        audit.record(Action.SUPPLIER, row.name, "restored" if active else "archived")
