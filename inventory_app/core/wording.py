"""Counted words and money as a person reads them: "1 box", "28 syringes", "$1,234.50".

One place for plurals and amounts, so every screen, message and document says the same."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

# Units that do not take an -s, and the few that change more than that.
_UNCHANGED = {"each", "ea", "pcs", "pc", "ml", "mg", "g", "kg", "l", "cm", "mm", "m", "oz", "lb", "lbs"}
_IRREGULAR = {"box": "boxes", "pouch": "pouches", "bench": "benches", "glass": "glasses", "kit": "kits"}


def plural_of(word: str) -> str:
    """The plural of a unit or a counted noun: box → boxes, syringe → syringes, each → each,
    'stock movement' → 'stock movements', 'box of 100' → 'boxes of 100' (the noun before
    'of' changes)."""
    if not word:
        return word
    head, of, tail = word.partition(" of ")
    before, space, last = head.rpartition(" ")
    return before + space + _plural_word(last) + of + tail


def _plural_word(head: str) -> str:
    lower = head.lower()
    if lower in _UNCHANGED or not head.isalpha():
        return head
    if lower in _IRREGULAR:
        new = _IRREGULAR[lower]
    elif lower.endswith(("s", "x", "z", "ch", "sh")):
        new = lower + "es"
    elif lower.endswith("y") and len(lower) > 1 and lower[-2] not in "aeiou":
        new = lower[:-1] + "ies"
    else:
        new = lower + "s"
    if head.isupper() and len(head) > 1:
        return new.upper()
    if head[:1].isupper():
        return new[:1].upper() + new[1:]
    return new


def counted(n: int, word: str, plural: str | None = None) -> str:
    """'1 box', '2 boxes', '0 lines', '-1 box': the number and the word in the right form."""
    form = word if abs(n) == 1 else (plural if plural is not None else plural_of(word))
    return f"{n:,} {form}" if abs(n) >= 10_000 else f"{n} {form}"


def money_text(value: Decimal | int | float | None, symbol: str = "$") -> str:
    """An amount to the cent with the office's currency symbol: '$1,234.50', '-$3.00'.
    A symbol of letters (CHF, kr) is set apart by a space."""
    if value is None:
        return ""
    amount = Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    sign = "-" if amount < 0 else ""
    digits = f"{abs(amount):,.2f}"
    if symbol and symbol[-1:].isalpha():
        return f"{sign}{symbol} {digits}"
    return f"{sign}{symbol}{digits}"


# A lot the box gave no number for (gloves, test kits): known by its expiry date.
NO_LOT_NUMBER = "no lot number"


def lot_cell(lot_number: str, expires_on: date | None) -> str:
    """A lot's number in a list: the number, "no lot number" for a lot without one, and ""
    where there is no lot (an item that does not track expiry has no expiry either)."""
    if lot_number:
        return lot_number
    return NO_LOT_NUMBER if expires_on is not None else ""


def lot_name(lot_number: str, expires_on: date | None) -> str:
    """A lot in a sentence: "lot L123", or "the lot with no number expiring 2027-03-31"."""
    if lot_number or expires_on is None:
        return f"lot {lot_number}"
    return f"the lot with no number expiring {expires_on.isoformat()}"


def lot_short(lot_number: str, expires_on: date | None) -> str:
    """A lot in a list of several: "L123", or "no number, exp. 2027-03-31"."""
    if lot_number or expires_on is None:
        return lot_number
    return f"no number, exp. {expires_on.isoformat()}"


def and_list(parts: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    if len(parts) < 2:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def lot_after(lot_number: str, expires_on: date | None) -> str:
    """The lot after what came in, in an audit line: " lot L123", " (no lot number, expires
    2027-03-31)", or "" where there is no lot."""
    if lot_number:
        return f" lot {lot_number}"
    return f" (no lot number, expires {expires_on.isoformat()})" if expires_on is not None else ""


LotRef = tuple[str, date | None]  # (lot number, expiry date): ("", date) for a lot without a number


def lots_phrase(lots: list[LotRef]) -> str:
    """The lots a stock action touched, after what it did: ", lot L1", ", expiring
    2027-03-31" (a lot without a number), ", lots L1 and L2", ", lots L1 and the lot with no
    number expiring 2027-03-31", or "" when no lot was touched."""
    lots = list(dict.fromkeys(lots))
    numbers = [number for number, _ in lots if number]
    dates = [expires.isoformat() for number, expires in lots if not number and expires is not None]
    if not numbers:
        return f", expiring {and_list(dates)}" if dates else ""
    text = f", lot {numbers[0]}" if len(numbers) == 1 else f", lots {and_list(numbers)}"
    if dates:
        which = "the lot" if len(dates) == 1 else "the lots"
        text += f" and {which} with no number expiring {and_list(dates)}"
    return text


_DONE = {"receive": "Received", "use": "Used", "dispose": "Disposed of"}


def stock_outcome(action: str, quantity: int, unit: str, name: str, on_hand: int, lots: list[LotRef]) -> str:
    """What a stock action did, in words: 'Used 2 boxes of Nitrile exam gloves, medium (12 left).',
    'Received 5 syringes of Flu vaccine, expiring 2027-03-31 (33 on hand).'

    `quantity` is the signed change the movements made; `lots` the (lot number, expiry) of
    the lots they touched."""
    lot_part = lots_phrase(lots)
    if action == "adjust":
        sign = "+" if quantity > 0 else "−" if quantity < 0 else "±"
        return f"Adjusted {name} by {sign}{counted(abs(quantity), unit)}{lot_part} ({on_hand} on hand)."
    if action == "receive":
        return f"Received {counted(abs(quantity), unit)} of {name}{lot_part} ({on_hand} on hand)."
    verb = _DONE.get(action, action.capitalize())
    return f"{verb} {counted(abs(quantity), unit)} of {name}{lot_part} ({on_hand} left)."
