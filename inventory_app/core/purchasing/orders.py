"""Purchase orders: drafts from suggestions, editing, ordering, receiving, cancelling.

An order belongs to one supplier and moves draft → ordered → partial → received,
or from draft or ordered to cancelled. Receiving writes receive movements linked
to the order line and updates the statuses in one transaction; reversing such a
movement from the ledger takes the quantity off the line again. Every change to
an order writes one audit event naming the order.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from peewee import IntegrityError, ModelSelect, fn

from inventory_app.core import validation as v
from inventory_app.core.accounts import audit
from inventory_app.core.accounts.audit import Action
from inventory_app.core.accounts.audit_text import shown
from inventory_app.core.accounts.context import current_user
from inventory_app.core.changes import Changes, record, records
from inventory_app.core.money import money_of
from inventory_app.core.purchasing.types import (
    OPEN_STATUSES,
    LineReceipt,
    OrderDetail,
    OrderLineRow,
    OrderStatus,
    OrderSummary,
    money,
)
from inventory_app.core.settings import office_settings
from inventory_app.core.stock.movements import put, stock_item
from inventory_app.core.types import MovementKind, MovementRow
from inventory_app.core.wording import lot_after
from inventory_app.db.connection import current_database
from inventory_app.db.models import Item, PurchaseOrder, PurchaseOrderLine, Supplier
from inventory_app.db.transaction import read_guard, write_unit
from inventory_app.errors import ConcurrentChange, InventoryError, NotFound, ValidationError

MAX_LINES = 2000
AUDIT_LINES = 10  # lines named in one audit event; the rest are counted


def _audit(order: PurchaseOrder, detail: str, action: str = Action.ORDER) -> None:
    audit.record(action, order.number, detail)


def _line_text(line: PurchaseOrderLine, sku: str, quantity: int | None = None) -> str:
    packs = line.quantity if quantity is None else quantity
    return f"line {line.line_no} {sku} × {packs} {line.purchase_unit}"


def _listed(parts: list[str]) -> str:
    shown_parts = parts[:AUDIT_LINES]
    more = len(parts) - len(shown_parts)
    return ", ".join(shown_parts) + (f" and {more} more" if more else "")


class OverReceipt(InventoryError):
    """More than ordered would be received; the caller must confirm."""


# ---------------------------------------------------------------- reading


def _as_date(value: object) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _summaries(query: ModelSelect[PurchaseOrder]) -> list[OrderSummary]:
    today = date.today()
    orders = list(query)
    if not orders:
        return []
    # Summed here, not in SQL: each line is quantity × its exact price rounded once to the
    # cent (as printed), and the two backends store money in different scales (MoneyField).
    lines = (
        PurchaseOrderLine.select(
            PurchaseOrderLine.order, PurchaseOrderLine.quantity, PurchaseOrderLine.unit_cost
        )
        .where(PurchaseOrderLine.order.in_([order.id for order in orders]))
        .tuples()
    )
    sums: dict[int, tuple[Decimal, int]] = {}
    for order_id, quantity, price in lines:
        total, count = sums.get(order_id, (Decimal("0.00"), 0))
        sums[order_id] = (total + money_of(quantity, price), count + 1)
    out = []
    for order in orders:
        status = OrderStatus(order.status)
        expected = _as_date(order.expected_on)
        total, count = sums.get(order.id, (Decimal("0"), 0))
        out.append(
            OrderSummary(
                id=order.id,
                number=order.number,
                supplier_id=order.supplier_id,
                supplier=order.supplier.name,
                status=status,
                created_at=order.created_at,
                ordered_on=_as_date(order.ordered_on),
                expected_on=expected,
                total=total.quantize(Decimal("0.01")),
                line_count=count,
                overdue=status in OPEN_STATUSES and expected is not None and expected < today,
            )
        )
    return out


def _orders_query() -> ModelSelect[PurchaseOrder]:
    return PurchaseOrder.select(PurchaseOrder, Supplier).join(Supplier)


@read_guard
def list_orders(status: OrderStatus | str | None = None) -> list[OrderSummary]:
    """Orders, newest first; `status` filters (overdue ones are flagged in the rows)."""
    query = _orders_query().order_by(PurchaseOrder.id.desc())
    if status is not None:
        query = query.where(PurchaseOrder.status == str(OrderStatus(status)))
    return _summaries(query)


def _order(order_id: int) -> PurchaseOrder:
    order: PurchaseOrder | None = _orders_query().where(PurchaseOrder.id == order_id).first()
    if order is None:
        raise NotFound(f"Purchase order #{order_id} does not exist.")
    return order


@read_guard
def order_id_for(number: str) -> int:
    """The id of the order numbered `number` (any case)."""
    row = PurchaseOrder.select(PurchaseOrder.id).where(
        fn.UPPER(PurchaseOrder.number) == number.strip().upper()
    )
    found: PurchaseOrder | None = row.first()
    if found is None:
        raise NotFound(f"There is no purchase order {number.strip()}.")
    return found.id


@read_guard
def order_detail(order_id: int) -> OrderDetail:
    order = _order(order_id)
    lines = (
        PurchaseOrderLine.select(PurchaseOrderLine, Item.id, Item.sku, Item.unit, Item.tracks_expiry)
        .join(Item)
        .where(PurchaseOrderLine.order == order_id)
        .order_by(PurchaseOrderLine.line_no)
    )
    rows = [
        OrderLineRow(
            id=line.id,
            line_no=line.line_no,
            item_id=line.item_id,
            sku=line.item.sku,
            supplier_sku=line.supplier_sku,
            description=line.description,
            unit=line.item.unit,
            purchase_unit=line.purchase_unit,
            units_per_purchase_unit=line.units_per_purchase_unit,
            quantity=line.quantity,
            received=line.received,
            unit_cost=Decimal(line.unit_cost),
            tracks_expiry=bool(line.item.tracks_expiry),
        )
        for line in lines
    ]
    summary = _summaries(_orders_query().where(PurchaseOrder.id == order_id))[0]
    return OrderDetail(summary=summary, notes=order.notes, created_by=order.created_by, lines=rows)


# ---------------------------------------------------------------- creating


def _next_number(today: date) -> str:
    prefix = (office_settings().po_prefix or "PO").strip()
    stem = f"{prefix}-{today.year}-"
    last = (
        PurchaseOrder.select(fn.MAX(PurchaseOrder.number))
        .where(PurchaseOrder.number.startswith(stem))
        .scalar()
    )
    sequence = 1
    if last:
        try:
            sequence = int(str(last)[len(stem) :]) + 1
        except ValueError:
            sequence = PurchaseOrder.select().where(PurchaseOrder.number.startswith(stem)).count() + 1
    return f"{stem}{sequence:04d}"


def _new_order(supplier_id: int, notes: str = "") -> PurchaseOrder:
    today = date.today()
    try:
        with current_database().atomic():
            return PurchaseOrder.create(
                number=_next_number(today),
                supplier=supplier_id,
                status=str(OrderStatus.DRAFT),
                created_at=datetime.now(UTC).replace(tzinfo=None),
                created_by=current_user(),
                notes=notes,
            )
    except IntegrityError:
        # Another workstation took the number in the same instant: start again.
        raise ConcurrentChange("Order number taken meanwhile.") from None


def _add_line(
    order: PurchaseOrder, item: Item, quantity: int, unit_cost: Decimal | None
) -> PurchaseOrderLine:
    line_no = (
        PurchaseOrderLine.select(fn.COALESCE(fn.MAX(PurchaseOrderLine.line_no), 0))
        .where(PurchaseOrderLine.order == order.id)
        .scalar()
    ) + 1
    if line_no > MAX_LINES:
        raise ValidationError("quantity", f"An order can hold at most {MAX_LINES} lines.")
    return PurchaseOrderLine.create(
        order=order.id,
        line_no=line_no,
        item=item.id,
        description=item.name,
        supplier_sku=item.supplier_sku,
        purchase_unit=item.purchase_unit,
        units_per_purchase_unit=max(1, item.units_per_purchase_unit),
        quantity=quantity,
        unit_cost=item.unit_cost if unit_cost is None else unit_cost,
    )


@records(orders=True)
@write_unit
def create_drafts(selections: Sequence[tuple[int, object]]) -> list[OrderSummary]:
    """One draft per supplier from (item id, purchase units) pairs; items need a supplier."""
    by_supplier: dict[int, list[tuple[Item, int]]] = {}
    for item_id, quantity in selections:
        qty = v.required_int(quantity, "quantity", minimum=1)
        item = Item.get_or_none(Item.id == item_id)
        if item is None:
            raise NotFound(f"Item #{item_id} does not exist.")
        if item.supplier_id is None:
            raise ValidationError("supplier", f"{item.sku} has no supplier: choose one before ordering it.")
        by_supplier.setdefault(item.supplier_id, []).append((item, qty))
    if not by_supplier:
        raise ValidationError("quantity", "Choose at least one item to order.")
    created = []
    for supplier_id in sorted(by_supplier):
        order = _new_order(supplier_id)
        lines = [
            _line_text(_add_line(order, item, qty, None), item.sku) for item, qty in by_supplier[supplier_id]
        ]
        _audit(order, f"draft created for {order.supplier.name}: {_listed(lines)}")
        created.append(order.id)
    return _summaries(_orders_query().where(PurchaseOrder.id.in_(created)).order_by(PurchaseOrder.id))


@records(orders=True)
@write_unit
def create_order(supplier_id: int, notes: str = "") -> OrderSummary:
    """An empty draft for a supplier, to fill by hand."""
    if not Supplier.select().where(Supplier.id == supplier_id).exists():
        raise NotFound(f"Supplier #{supplier_id} does not exist.")
    order = _new_order(supplier_id, v.text(notes, "notes", max_length=5000))
    _audit(order, f"empty draft created for {order.supplier.name}")
    return _summaries(_orders_query().where(PurchaseOrder.id == order.id))[0]


# ---------------------------------------------------------------- editing drafts


def _draft(order_id: int) -> PurchaseOrder:
    order = _order(order_id)
    if order.status != OrderStatus.DRAFT:
        raise InventoryError(
            f"{order.number} is {order.status}: only a draft's lines can be changed "
            "(receive or cancel it instead)."
        )
    return order


@records(orders=True)
@write_unit
def add_line(order_id: int, item_id: int, quantity: object, unit_cost: object = None) -> None:
    order = _draft(order_id)
    item = Item.get_or_none(Item.id == item_id)
    if item is None:
        raise NotFound(f"Item #{item_id} does not exist.")
    existing = PurchaseOrderLine.get_or_none(
        (PurchaseOrderLine.order == order_id) & (PurchaseOrderLine.item == item_id)
    )
    qty = v.required_int(quantity, "quantity", minimum=1)
    cost = None if unit_cost is None else v.money(unit_cost, "unit_cost")
    if existing is not None:
        before = (existing.quantity, Decimal(existing.unit_cost))
        existing.quantity += qty
        if cost is not None:
            existing.unit_cost = cost
        existing.save()
        text = f"line {existing.line_no} {item.sku}: quantity {before[0]} → {existing.quantity}"
        if cost is not None and cost != before[1]:
            text += f", unit cost {money(before[1])} → {money(cost)}"
        _audit(order, text)
        return
    line = _add_line(order, item, qty, cost)
    _audit(order, f"added {_line_text(line, item.sku)} at {money(Decimal(line.unit_cost))}")


@records(orders=True)
@write_unit
def update_line(line_id: int, quantity: object, unit_cost: object) -> None:
    line = PurchaseOrderLine.get_or_none(PurchaseOrderLine.id == line_id)
    if line is None:
        raise NotFound(f"Order line #{line_id} does not exist.")
    order = _draft(line.order_id)
    before = (line.quantity, Decimal(line.unit_cost))
    line.quantity = v.required_int(quantity, "quantity", minimum=1)
    line.unit_cost = v.money(unit_cost, "unit_cost")
    line.save()
    changed = []
    if line.quantity != before[0]:
        changed.append(f"quantity {before[0]} → {line.quantity}")
    if Decimal(line.unit_cost) != before[1]:
        changed.append(f"unit cost {money(before[1])} → {money(Decimal(line.unit_cost))}")
    if changed:
        _audit(order, f"line {line.line_no} {line.item.sku}: " + ", ".join(changed))


@records(orders=True)
@write_unit
def remove_line(line_id: int) -> None:
    line = PurchaseOrderLine.get_or_none(PurchaseOrderLine.id == line_id)
    if line is None:
        raise NotFound(f"Order line #{line_id} does not exist.")
    order = _draft(line.order_id)
    text = _line_text(line, line.item.sku)
    line.delete_instance()
    _audit(order, f"removed {text}")


@records(orders=True)
@write_unit
def set_notes(order_id: int, notes: str) -> None:
    order = _order(order_id)
    if order.status in (OrderStatus.RECEIVED, OrderStatus.CANCELLED):
        raise InventoryError(f"{order.number} is {order.status}; its notes cannot change.")
    cleaned = v.text(notes, "notes", max_length=5000)
    if cleaned != order.notes:
        order.notes = cleaned
        order.save()
        _audit(order, f"notes: {shown(cleaned)}")


# ---------------------------------------------------------------- status changes


@records(orders=True)
@write_unit
def mark_ordered(order_id: int, ordered_on: date | None = None) -> OrderSummary:
    """Send a draft: it gets an order date and an expected date from the supplier's lead time."""
    order = _order(order_id)
    if order.status != OrderStatus.DRAFT:
        raise InventoryError(f"{order.number} is {order.status}; only a draft can be marked as ordered.")
    if not PurchaseOrderLine.select().where(PurchaseOrderLine.order == order_id).exists():
        raise InventoryError(f"{order.number} has no lines; add what to order first.")
    when = ordered_on or date.today()
    order.status = str(OrderStatus.ORDERED)
    order.ordered_on = when
    order.expected_on = when + timedelta(days=order.supplier.lead_time_days)
    order.save()
    _record_line_items(order_id)  # what they bring now counts as on order
    _audit(order, f"ordered on {when.isoformat()}; expected {order.expected_on.isoformat()}")
    return _summaries(_orders_query().where(PurchaseOrder.id == order_id))[0]


@records(orders=True)
@write_unit
def cancel(order_id: int) -> OrderSummary:
    order = _order(order_id)
    if order.status not in (OrderStatus.DRAFT, OrderStatus.ORDERED):
        raise InventoryError(
            f"{order.number} is {order.status}; only a draft or an ordered purchase order can be cancelled."
        )
    was = order.status
    order.status = str(OrderStatus.CANCELLED)
    order.save()
    if was == OrderStatus.ORDERED:
        _record_line_items(order_id)  # no longer on order
    _audit(order, f"cancelled (was {was})")
    return _summaries(_orders_query().where(PurchaseOrder.id == order_id))[0]


def _record_line_items(order_id: int) -> None:
    """The items on the order's lines changed (their units on order)."""
    lines = PurchaseOrderLine.select(PurchaseOrderLine.item).where(PurchaseOrderLine.order == order_id)
    record(Changes.of_items(line.item_id for line in lines))


def _refresh_status(order_id: int) -> None:
    order = PurchaseOrder.get_by_id(order_id)
    if order.status in (OrderStatus.DRAFT, OrderStatus.CANCELLED):
        return
    lines = list(PurchaseOrderLine.select().where(PurchaseOrderLine.order == order_id))
    if all(line.received >= line.quantity for line in lines):
        status = OrderStatus.RECEIVED
    elif any(line.received > 0 for line in lines):
        status = OrderStatus.PARTIAL
    else:
        status = OrderStatus.ORDERED
    if order.status != status:
        order.status = str(status)
        order.save()


# ---------------------------------------------------------------- receiving


@records(orders=True)
@write_unit
def receive(order_id: int, receipts: Iterable[LineReceipt], allow_over: bool = False) -> list[MovementRow]:
    """Book what arrived, line by line, in one transaction; lines in a fixed order."""
    order = _order(order_id)
    if order.status == OrderStatus.DRAFT:
        raise InventoryError(f"{order.number} is a draft: mark it as ordered before receiving.")
    if order.status in (OrderStatus.RECEIVED, OrderStatus.CANCELLED):
        raise InventoryError(f"{order.number} is {order.status}; nothing more can be received.")
    lines = {line.id: line for line in PurchaseOrderLine.select().where(PurchaseOrderLine.order == order_id)}
    wanted = [r for r in receipts if r.quantity]
    if not wanted:
        raise ValidationError("quantity", "Enter how many arrived on at least one line.")
    totals: dict[int, int] = {}
    for receipt in wanted:
        line = lines.get(receipt.line_id)
        if line is None:
            raise NotFound(f"Line #{receipt.line_id} is not on {order.number}.")
        qty = v.required_int(receipt.quantity, "quantity", minimum=1)
        totals[line.id] = totals.get(line.id, 0) + qty
    for line_id, qty in totals.items():
        line = lines[line_id]
        units = qty * max(1, line.units_per_purchase_unit)
        if units > v.MAX_QUANTITY:  # even when confirmed as more than ordered
            raise ValidationError(
                "quantity",
                f"Line {line.line_no} ({line.description}): {qty:,} × {line.units_per_purchase_unit} "
                f"would be {units:,} units; at most {v.MAX_QUANTITY:,} can be received at once.",
            )
        if line.received + qty > line.quantity and not allow_over:
            raise OverReceipt(
                f"Line {line.line_no} ({line.description}): {line.received + qty} would be received "
                f"but {line.quantity} were ordered. Confirm to receive more than ordered."
            )
    movements: list[MovementRow] = []
    received: list[tuple[int, str]] = []
    for receipt in sorted(wanted, key=lambda r: (lines[r.line_id].item_id, r.line_id)):
        line = lines[receipt.line_id]
        item = stock_item(line.item_id)
        if item.tracks_expiry and not receipt.expires:
            # A box without a lot number still has its date: the lot without a number of that date.
            raise ValidationError(
                "expires",
                f"Line {line.line_no} ({item.sku}) tracks expiry: enter its expiry date "
                "(and the lot number, if the box has one).",
            )
        units = int(receipt.quantity) * max(1, line.units_per_purchase_unit)
        booked = put(
            item,
            units,
            MovementKind.RECEIVE,
            receipt.lot if item.tracks_expiry else None,
            receipt.expires if item.tracks_expiry else None,
            "",
            f"{order.number} line {line.line_no}",
            po_line=line.id,
        )
        movements += booked
        updated = (
            PurchaseOrderLine.update(received=PurchaseOrderLine.received + int(receipt.quantity))
            .where(PurchaseOrderLine.id == line.id)
            .execute()
        )
        if updated != 1:
            raise ConcurrentChange("Order line changed while saving.")
        lot = lot_after(booked[0].lot_number, booked[0].expires_on) if item.tracks_expiry else ""
        received.append((line.line_no, _line_text(line, item.sku, int(receipt.quantity)) + lot))
    _refresh_status(order_id)
    status = PurchaseOrder.get_by_id(order_id).status
    _audit(
        order,
        f"received {_listed([text for _no, text in sorted(received)])}; now {status}",
        Action.ORDER_RECEIVE,
    )
    return movements


@records(orders=True)
def undo_receipt(line_id: int, units: int) -> str:
    """A receipt on `line_id` was reversed: take it off the line (inside the reversal).
    Returns the order and line in words ("PO-2026-0004 line 2") for the reversal's audit event."""
    line = PurchaseOrderLine.get_or_none(PurchaseOrderLine.id == line_id)
    if line is None:
        return ""
    packs = units // max(1, line.units_per_purchase_unit)
    line.received = max(0, line.received - packs)
    line.save()
    _refresh_status(line.order_id)
    return f"{line.order.number} line {line.line_no}"
