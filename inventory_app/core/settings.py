"""Office settings kept in the database (so they are backed up with the data)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path

from inventory_app.core import validation as v
from inventory_app.core.accounts import audit
from inventory_app.core.accounts.audit import Action
from inventory_app.core.accounts.roles import require_admin
from inventory_app.core.changes import records
from inventory_app.db.connection import is_sqlite
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
    # Lock the screen after this many idle minutes (0: never).
    idle_lock_minutes: int = 10
    # Where backups go; "" means a "backups" folder beside the database file.
    backup_folder: str = ""
    # Days of backups kept: of each kind, the newest of each of the last this many days that have
    # one (and of 8 weeks, and manual copies for 90 days: core.backup_retention).
    backups_to_keep: int = 14


# What the order forms print about the office itself.
OFFICE_DETAILS = ("office_name", "address", "phone", "email")
_INT_FIELDS = {"expiry_warning_days", "idle_lock_minutes", "backups_to_keep"}
MAX_IDLE_LOCK_MINUTES = 240
MAX_BACKUPS_TO_KEEP = 365


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
    idle = v.required_int(data.idle_lock_minutes, "idle_lock_minutes")
    if idle > MAX_IDLE_LOCK_MINUTES:
        raise ValidationError(
            "idle_lock_minutes", f"Lock after at most {MAX_IDLE_LOCK_MINUTES} minutes (0 never locks)."
        )
    keep = v.required_int(data.backups_to_keep, "backups_to_keep")
    if not 1 <= keep <= MAX_BACKUPS_TO_KEEP:
        raise ValidationError("backups_to_keep", f"Keep backups of between 1 and {MAX_BACKUPS_TO_KEEP} days.")
    return replace(
        data,
        office_name=v.text(data.office_name, "office_name", max_length=200),
        address=v.text(data.address, "address", max_length=1000),
        phone=v.text(data.phone, "phone", max_length=100),
        email=email,
        currency_symbol=symbol or "$",
        po_prefix=v.text(data.po_prefix, "po_prefix", max_length=10) or "PO",
        expiry_warning_days=days,
        idle_lock_minutes=idle,
        backups_to_keep=keep,
        backup_folder=v.text(data.backup_folder, "backup_folder", max_length=1000),
    )


def _check_backup_folder(folder: str) -> None:
    """A newly chosen backups folder must exist (an unplugged drive is not created by accident)."""
    if not folder:
        return
    path = Path(folder).expanduser()
    if path.is_dir():
        return
    if path.exists():
        raise ValidationError("backup_folder", f"{path} is a file, not a folder.")
    raise ValidationError(
        "backup_folder", f"The folder {path} does not exist. Choose one with Browse…, or leave it empty."
    )


@records(settings=True)
@write_unit
def save_office_settings(data: OfficeSettings) -> OfficeSettings:
    """Store the settings (administrators only); the audit log names each field changed."""
    require_admin("change the settings")
    data = clean_settings(data)
    before = office_settings()
    if data.backup_folder != before.backup_folder and is_sqlite():
        _check_backup_folder(data.backup_folder)
    changed = [f.name for f in fields(OfficeSettings) if getattr(before, f.name) != getattr(data, f.name)]
    if changed:
        audit.record(Action.SETTINGS, "office settings", ", ".join(changed))
    for f in fields(OfficeSettings):
        value = str(getattr(data, f.name))
        Setting.insert(key=f.name, value=value).on_conflict(
            conflict_target=[Setting.key], update={Setting.value: value}
        ).execute()
    return data


def fill_empty_office_details(details: Mapping[str, str]) -> list[str]:
    """Inside a write: give the office the name, address, phone and e-mail in `details`, only
    when none of them is set yet (the demo clinic's, so its order forms name an office; details
    the office typed are never mixed with made-up ones). The fields written, in order."""
    current = office_settings()
    if any(getattr(current, name) for name in OFFICE_DETAILS):
        return []
    wanted = {name: str(details.get(name) or "") for name in OFFICE_DETAILS}
    cleaned = clean_settings(replace(current, **wanted))  # type: ignore[arg-type]
    written = [name for name in OFFICE_DETAILS if getattr(cleaned, name)]
    for name in written:
        value = getattr(cleaned, name)
        Setting.insert(key=name, value=value).on_conflict(
            conflict_target=[Setting.key], update={Setting.value: value}
        ).execute()
    return written
