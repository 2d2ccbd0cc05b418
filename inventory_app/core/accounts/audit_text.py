"""Audit details in words: which fields of a saved row changed, and from what to what."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal

from inventory_app.core import validation as v

SHOWN_LENGTH = 40


def shown(value: object) -> str:
    """A field value as the log shows it: short, "empty" for nothing, yes/no for flags."""
    if value is None or value == "":
        return "empty"
    if isinstance(value, bool):
        return "yes" if value else "no"
    text = " ".join(str(value).split())
    return text if len(text) <= SHOWN_LENGTH else text[: SHOWN_LENGTH - 1] + "…"


def _same(old: object, new: object) -> bool:
    if old in (None, "") and new in (None, ""):
        return True
    if isinstance(old, bool) or isinstance(new, bool):
        return bool(old) == bool(new)
    if isinstance(old, Decimal | int | float) and isinstance(new, Decimal | int | float):
        return Decimal(str(old)) == Decimal(str(new))
    return old == new


def changes(old: Mapping[str, object], new: Mapping[str, object], name_only: Iterable[str] = ()) -> list[str]:
    """'Reorder point 5 → 8' for each field whose value differs; fields in `name_only`
    (long text, references by id) are named without their values."""
    hidden = set(name_only)
    out = []
    for field, value in new.items():
        before = old.get(field)
        if _same(before, value):
            continue
        if field in hidden:
            out.append(v.label(field))
        else:
            out.append(f"{v.label(field)} {shown(before)} → {shown(value)}")
    return out
