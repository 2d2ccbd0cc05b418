"""Turning what a person typed into clean values, with messages that name the field."""

from __future__ import annotations

import math
import re
from datetime import date
from decimal import Decimal, InvalidOperation

from inventory_app.db.models import MONEY_PLACES, exact_money
from inventory_app.errors import ValidationError

MAX_QUANTITY = 10_000_000
# A comma is only a thousands separator ("1,200" or "12,345.50"); "1,5" could mean 1.5 or 15.
_GROUPED = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d*)?")
_POINT_GROUPED = re.compile(r"[+-]?[0-9]{1,3}(\.[0-9]{3})+")


def _drop_thousands(raw: str, field: str, value: object, what: str) -> str:
    """`raw` without thousands separators; refuses a comma used any other way."""
    if "," not in raw:
        return raw
    if not _GROUPED.fullmatch(raw):
        raise ValidationError(
            field, f"{label(field)} must be {what}, not “{value}” (use a point for decimals)."
        )
    return raw.replace(",", "")


def _refuse_point_groups(value: str, field: str) -> None:
    """A point followed by groups of three digits ("1.000", "12.500") is a thousands separator
    in much of the world and a decimal point in the rest: never guess which."""
    raw = value.strip()
    if not _POINT_GROUPED.fullmatch(raw):
        return
    whole_part, _point, decimals = raw.partition(".")
    joined = raw.replace(".", "")
    if set(decimals) == {"0"}:
        raise ValidationError(
            field,
            f"{label(field)} “{value}” could mean {int(whole_part)} or {int(joined)}: write the one meant.",
        )
    raise ValidationError(
        field,
        f"{label(field)} must be a whole number, not “{value}” (for {joined}, write it without the point).",
    )


def _too_large(field: str) -> ValidationError:
    return ValidationError(field, f"{label(field)} is too large: the most is {MAX_QUANTITY:,}.")


def text(value: object, field: str, *, required: bool = False, max_length: int = 300) -> str:
    cleaned = "" if value is None else str(value).strip()
    if required and not cleaned:
        raise ValidationError(field, f"{label(field)} is required.")
    if len(cleaned) > max_length:
        raise ValidationError(field, f"{label(field)} is longer than {max_length} characters.")
    return cleaned


def whole_number(
    value: object, field: str, *, minimum: int | None = 0, allow_none: bool = False
) -> int | None:
    """A whole number from an int or text like " 12 "; rejects fractions, NaN, inf, huge."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if allow_none:
            return None
        raise ValidationError(field, f"{label(field)} is required.")
    if isinstance(value, bool):
        raise ValidationError(field, f"{label(field)} must be a whole number.")
    if isinstance(value, int):
        number = value
    else:
        raw: object = value
        if isinstance(value, str):
            _refuse_point_groups(value, field)
            raw = _drop_thousands(value.strip(), field, value, "a whole number")
            # Plain digits only (as in imports): no "1e3", "1_000" or digits of other scripts.
            if not re.fullmatch(r"[+-]?[0-9]+(\.[0-9]+)?", str(raw)):
                raise ValidationError(field, f"{label(field)} must be a whole number, not “{value}”.")
        try:
            as_decimal = Decimal(str(raw))
        except InvalidOperation:
            raise ValidationError(field, f"{label(field)} must be a whole number, not “{value}”.") from None
        if not as_decimal.is_finite():
            raise ValidationError(field, f"{label(field)} must be a whole number, not “{value}”.")
        if as_decimal != as_decimal.to_integral_value():
            raise ValidationError(field, f"{label(field)} must be a whole number, not a fraction ({value}).")
        if abs(as_decimal) > MAX_QUANTITY:  # compared before int(): 5,000 digits cannot be printed
            raise _too_large(field)
        number = int(as_decimal)
    if abs(number) > MAX_QUANTITY:
        raise _too_large(field)
    if minimum is not None and number < minimum:
        if minimum == 0:
            raise ValidationError(field, f"{label(field)} cannot be negative.")
        raise ValidationError(field, f"{label(field)} must be at least {minimum}.")
    return number


def required_int(value: object, field: str, *, minimum: int | None = 0) -> int:
    number = whole_number(value, field, minimum=minimum)
    assert number is not None
    return number


def money(value: object, field: str) -> Decimal:
    """A non-negative amount with at most four decimals (0.068, 30.9831), kept exactly, from
    text like "$12.50" or "1,200". More decimals are refused, never rounded away unseen."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return Decimal("0")
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            raise ValidationError(field, f"{label(field)} must be an amount of money.")
        value = repr(value)
        if abs(Decimal(value) - exact_money(value)) < Decimal("0.000000001"):
            value = str(exact_money(value))  # a float's binary noise (0.30000000000000004)
    raw = str(value).strip()
    for symbol in ("$", "€", "£", "¥"):
        raw = raw.replace(symbol, "")
    raw = _drop_thousands(raw.strip(), field, value, "an amount of money")
    try:
        amount = Decimal(raw)
    except InvalidOperation:
        raise ValidationError(field, f"{label(field)} must be an amount of money, not “{value}”.") from None
    if not amount.is_finite():
        raise ValidationError(field, f"{label(field)} must be an amount of money.")
    if amount < 0:
        raise ValidationError(field, f"{label(field)} cannot be negative.")
    if amount > Decimal("100000000"):
        raise ValidationError(field, f"{label(field)} is too large.")
    if amount != amount.quantize(MONEY_PLACES):
        raise ValidationError(
            field, f"{label(field)} “{value}” has more than four decimals; amounts are kept to 0.0001."
        )
    return exact_money(amount)


def iso_date(value: object, field: str) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValidationError(field, f"{label(field)} must be a date like 2027-03-31.") from None


FIELD_LABELS = {
    "sku": "SKU",
    "name": "Name",
    "unit": "Unit of issue",
    "purchase_unit": "Purchase unit",
    "units_per_purchase_unit": "Units per purchase unit",
    "supplier_sku": "Supplier's SKU",
    "unit_cost": "Unit cost",
    "reorder_point": "Reorder point",
    "par_level": "Par level",
    "barcode": "Barcode",
    "quantity": "Quantity",
    "lot": "Lot number",
    "expires": "Expiry date",
    "reason": "Reason",
    "lead_time_days": "Lead time",
    "expiry_warning_days": "Expiry warning",
    "email": "E-mail",
}


def label(field: str) -> str:
    return FIELD_LABELS.get(field, field.replace("_", " ").capitalize())
