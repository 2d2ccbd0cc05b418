"""Office settings kept in the database (so they are backed up with the data)."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

from inventory_app.core import validation as v
from inventory_app.db.models import Setting
from inventory_app.db.transaction import read_guard, write_unit
from inventory_app.errors import ValidationError

PAGE_SIZES = ("Letter", "A4")


@dataclass(frozen=True, slots=True)
class OfficeSettings:
    office_name: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    expiry_warning_days: int = 60
    currency_symbol: str = "$"
    page_size: str = "Letter"
    po_prefix: str = "PO"

    @property
    def is_set_up(self) -> bool:
        return bool(self.office_name)


_INT_FIELDS = {"expiry_warning_days"}


@read_guard
def office_settings() -> OfficeSettings:
    stored = {row.key: row.value for row in Setting.select()}
    values: dict[str, object] = {}
    for f in fields(OfficeSettings):
        if f.name in stored:
            raw = stored[f.name]
            if f.name in _INT_FIELDS:
                try:
                    values[f.name] = int(raw)
                except ValueError:
                    continue
            else:
                values[f.name] = raw
    return OfficeSettings(**values)  # type: ignore[arg-type]


def clean_settings(data: OfficeSettings) -> OfficeSettings:
    days = v.required_int(data.expiry_warning_days, "expiry_warning_days")
    if days > 3650:
        raise ValidationError("expiry_warning_days", "Expiry warning must be at most 3650 days.")
    if data.page_size not in PAGE_SIZES:
        raise ValidationError("page_size", "Page size must be Letter or A4.")
    symbol = v.text(data.currency_symbol, "currency_symbol", max_length=5)
    email = v.text(data.email, "email", max_length=200)
    if email and ("@" not in email or " " in email):
        raise ValidationError("email", f"“{email}” does not look like an e-mail address.")
    return replace(
        data,
        office_name=v.text(data.office_name, "office_name", max_length=200),
        address=v.text(data.address, "address", max_length=1000),
        phone=v.text(data.phone, "phone", max_length=100),
        email=email,
        currency_symbol=symbol or "$",
        po_prefix=v.text(data.po_prefix, "po_prefix", max_length=10) or "PO",
        expiry_warning_days=days,
    )


@write_unit
def save_office_settings(data: OfficeSettings) -> OfficeSettings:
    data = clean_settings(data)
    for f in fields(OfficeSettings):
        value = str(getattr(data, f.name))
        Setting.insert(key=f.name, value=value).on_conflict(
            conflict_target=[Setting.key], update={Setting.value: value}
        ).execute()
    return data
