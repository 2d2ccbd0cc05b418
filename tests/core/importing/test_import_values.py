"""Cleaning rules for imported cells, one by one (RELIABILITY B5: odd numbers, money, dates).

Each rule says what is accepted and what is refused with a message; a refused
value is never turned into something else silently (0, a rounded number, today).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from inventory_app.core.importing import values as iv
from inventory_app.errors import ValidationError

# ---------------------------------------------------------------- whole numbers (B5)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (12, 12),
        (12.0, 12),
        ("12", 12),
        (" 12 ", 12),
        ("\u00a012\u00a0", 12),
        ("+12", 12),
        ("1,200", 1200),
        ("12,345,678", None),  # above the maximum: see the refusals below
        ("12.0", 12),
        ("-0", 0),
        (-0.0, 0),
        ("0", 0),
        (None, None),
        ("", None),
        ("   ", None),
        (Decimal("7"), 7),
    ],
)
def test_whole_numbers_accepted(raw: object, expected: int | None) -> None:
    if raw == "12,345,678":
        with pytest.raises(ValidationError, match="too large"):
            iv.whole_number(raw, "quantity")
        return
    assert iv.whole_number(raw, "quantity") == expected


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("1,5", "comma is only read as a thousands separator"),
        ("1.5", "fraction"),
        (1.5, "fraction"),
        ("1e3", "scientific notation"),
        ("1E+3", "scientific notation"),
        ("NaN", "must be a whole number"),
        ("nan", "must be a whole number"),
        ("inf", "must be a whole number"),
        ("-Infinity", "must be a whole number"),
        (float("nan"), "must be a whole number"),
        (float("inf"), "must be a whole number"),
        (10**20, "too large"),
        (str(10**20), "too large"),
        (1e20, "too large"),
        (10_000_001, "too large"),
        ("-3", "cannot be negative"),
        (-3, "cannot be negative"),
        ("(3)", "must be a whole number"),
        ("12 boxes", "must be a whole number"),
        ("1 200", "must be a whole number"),
        ("0x10", "must be a whole number"),
        ("1_000", "must be a whole number"),
        ("٣", "must be a whole number"),
        (True, "TRUE"),
        (datetime(2027, 1, 1), "date"),
        (iv.FormulaWithoutValue("=A1*2"), "never saved"),
    ],
)
def test_whole_numbers_refused(raw: object, reason: str) -> None:
    with pytest.raises(ValidationError, match=reason) as caught:
        iv.whole_number(raw, "quantity")
    assert caught.value.field == "quantity"
    assert "Quantity" in caught.value.message


def test_pack_size_must_be_at_least_one() -> None:
    assert iv.whole_number("10", "units_per_purchase_unit", minimum=1) == 10
    with pytest.raises(ValidationError, match="at least 1"):
        iv.whole_number(0, "units_per_purchase_unit", minimum=1)


# ---------------------------------------------------------------- money (B5: Decimal)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("$12.50", "12.50"),
        ("12.5", "12.50"),
        (12.5, "12.50"),
        (12, "12.00"),
        (" 12 ", "12.00"),
        ("1,200.00", "1200.00"),
        ("$1,200", "1200.00"),
        ("€3.10", "3.10"),
        ("3.10 USD", "3.10"),
        (0.1 + 0.2, "0.30"),  # float noise of a cent value
        ("-0", "0.00"),
        ("12.50000", "12.50"),
        (Decimal("4.2"), "4.20"),
        # Suppliers price small items to 3 or 4 decimals: kept exactly, never rounded to the cent.
        ("0.068", "0.068"),
        ("$30.9831", "30.9831"),
        (30.9831, "30.9831"),
        (0.125, "0.125"),
        ("1,234.5600", "1234.56"),
        (Decimal("0.0001"), "0.0001"),
        (None, None),
        ("", None),
    ],
)
def test_money_accepted_as_decimal(raw: object, expected: str | None) -> None:
    amount = iv.money(raw, "unit_cost")
    if expected is None:
        assert amount is None
    else:
        assert isinstance(amount, Decimal)
        assert amount == Decimal(expected) and str(amount) == expected


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("0.00125", "more than four decimals"),
        (30.98315, "more than four decimals"),
        (Decimal("1.00001"), "more than four decimals"),
        ("-5", "cannot be negative"),
        ("-$5.00", "cannot be negative"),
        ("12,50", "comma"),
        ("NaN", "must be an amount of money"),
        (float("nan"), "must be an amount of money"),
        ("inf", "must be an amount of money"),
        ("1e3", "scientific notation"),
        (10**20, "too large"),
        ("abc", "must be an amount of money"),
        (False, "FALSE"),
        (iv.FormulaWithoutValue("=B2*C2"), "never saved"),
    ],
)
def test_money_refused(raw: object, reason: str) -> None:
    with pytest.raises(ValidationError, match=reason):
        iv.money(raw, "unit_cost")


# ---------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (datetime(2027, 3, 31, 0, 0), date(2027, 3, 31)),
        (datetime(2027, 3, 31, 14, 30), date(2027, 3, 31)),
        (date(2027, 3, 31), date(2027, 3, 31)),
        (46477, date(2027, 3, 31)),  # Excel serial
        (46477.5, date(2027, 3, 31)),
        ("46477", date(2027, 3, 31)),
        ("2027-03-31", date(2027, 3, 31)),
        ("2027-03-31 00:00:00", date(2027, 3, 31)),
        ("2027/3/31", date(2027, 3, 31)),
        ("20270331", date(2027, 3, 31)),
        ("03/31/2027", date(2027, 3, 31)),
        ("3/31/27", date(2027, 3, 31)),
        ("04/05/2027", date(2027, 4, 5)),  # month first (US)
        ("31/03/2027", date(2027, 3, 31)),  # day first when the first number is above 12
        ("31.03.2027", date(2027, 3, 31)),
        ("31 Mar 2027", date(2027, 3, 31)),
        ("31-Mar-27", date(2027, 3, 31)),
        ("Mar 31, 2027", date(2027, 3, 31)),
        ("March 31 2027", date(2027, 3, 31)),
        ("2027-02", date(2027, 2, 28)),  # month-only expiry: end of month
        ("02/2028", date(2028, 2, 29)),
        ("Feb 2027", date(2027, 2, 28)),
        (" 2027-03-31 ", date(2027, 3, 31)),
        (None, None),
        ("", None),
    ],
)
def test_dates_accepted(raw: object, expected: date | None) -> None:
    assert iv.a_date(raw, "expires") == expected


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("2027-02-30", "not a real date"),
        ("2027-13-01", "not a real date"),
        ("31/31/2027", "not a real date"),
        ("2027-00", "not a real date"),
        ("someday", "not a date"),
        ("Smarch 3, 2027", "not a date"),
        (5, "not a plausible date"),  # serial 5 = 1900-01-05
        (-1, "not a date"),
        (float("nan"), "not a date"),
        ("1899-12-31", "not a plausible date"),
        ("2999-01-01", "not a plausible date"),
        (True, "not a date"),
        (iv.FormulaWithoutValue("=TODAY()+365"), "never saved"),
    ],
)
def test_dates_refused(raw: object, reason: str) -> None:
    with pytest.raises(ValidationError, match=reason):
        iv.a_date(raw, "expires")


# ---------------------------------------------------------------- text and yes/no


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  Gauze 4x4  ", "Gauze 4x4"),
        (1001, "1001"),
        (1001.0, "1001"),
        (12.5, "12.5"),
        ("'=HYPERLINK(1)", "=HYPERLINK(1)"),  # the apostrophe our CSV export adds
        ("'-2+3", "-2+3"),
        ("'quoted'", "'quoted'"),  # an apostrophe before ordinary text stays
        (datetime(2027, 3, 31), "2027-03-31"),
        (None, ""),
    ],
)
def test_text(raw: object, expected: str) -> None:
    assert iv.text(raw, "name", 300) == expected


def test_text_too_long_and_formula() -> None:
    with pytest.raises(ValidationError, match="longer than 5"):
        iv.text("abcdefg", "sku", 5)
    with pytest.raises(ValidationError, match="never saved"):
        iv.text(iv.FormulaWithoutValue("=A1"), "name", 300)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("yes", True), ("Y", True), ("TRUE", True), (1, True), ("x", True), (True, True)]
    + [("no", False), ("N", False), ("false", False), (0, False), (False, False), ("", None), (None, None)],
)
def test_yes_no(raw: object, expected: bool | None) -> None:
    assert iv.yes_no(raw, "tracks_expiry") is expected


def test_yes_no_refuses_other_words() -> None:
    with pytest.raises(ValidationError, match="yes or no"):
        iv.yes_no("maybe", "tracks_expiry")
