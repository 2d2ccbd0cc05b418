from datetime import date
from decimal import Decimal

import pytest

from inventory_app.core.wording import counted, lot_after, lots_phrase, money_text, plural_of, stock_outcome


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("box", "boxes"),
        ("syringe", "syringes"),
        ("each", "each"),
        ("ream", "reams"),
        ("battery", "batteries"),
        ("tray", "trays"),
        ("pouch", "pouches"),
        ("box of 100", "boxes of 100"),
        ("stock movement", "stock movements"),
        ("case of 10 boxes", "cases of 10 boxes"),
        ("expired lot", "expired lots"),
        ("Case", "Cases"),
        ("10/box", "10/box"),
        ("", ""),
    ],
)
def test_plural_of(word: str, expected: str) -> None:
    assert plural_of(word) == expected


def test_counted_uses_the_singular_only_for_one() -> None:
    assert counted(1, "box") == "1 box"
    assert counted(2, "box") == "2 boxes"
    assert counted(0, "line") == "0 lines"
    assert counted(-1, "box") == "-1 box"
    assert counted(28, "syringe") == "28 syringes"
    assert counted(1, "difference") == "1 difference"
    assert counted(12_000, "box") == "12,000 boxes"


def test_money_text_is_to_the_cent_with_the_symbol() -> None:
    assert money_text(Decimal("1234.5")) == "$1,234.50"
    assert money_text(Decimal("0.068"), "€") == "€0.07"
    assert money_text(Decimal("-3"), "$") == "-$3.00"
    assert money_text(Decimal("12"), "CHF") == "CHF 12.00"
    assert money_text(None) == ""


MARCH, JUNE = date(2027, 3, 31), date(2027, 6, 30)


def test_a_lot_without_a_number_reads_as_its_expiry_date() -> None:
    assert stock_outcome("receive", 5, "syringe", "Flu vaccine", 33, [("", MARCH)]) == (
        "Received 5 syringes of Flu vaccine, expiring 2027-03-31 (33 on hand)."
    )
    assert stock_outcome("use", -2, "box", "Gloves", 12, [("", MARCH), ("", MARCH)]) == (
        "Used 2 boxes of Gloves, expiring 2027-03-31 (12 left)."
    )
    assert stock_outcome("adjust", -3, "box", "Gloves", 9, [("", MARCH), ("", JUNE)]) == (
        "Adjusted Gloves by −3 boxes, expiring 2027-03-31 and 2027-06-30 (9 on hand)."
    )
    assert stock_outcome("dispose", -1, "kit", "Tests", 0, [("L1", MARCH)]) == (
        "Disposed of 1 kit of Tests, lot L1 (0 left)."
    )
    assert stock_outcome("use", -4, "box", "Gloves", 1, [("L1", MARCH), ("L2", JUNE), ("", JUNE)]) == (
        "Used 4 boxes of Gloves, lots L1 and L2 and the lot with no number expiring 2027-06-30 (1 left)."
    )
    assert stock_outcome("use", -1, "box", "Gauze", 3, [("", None)]) == "Used 1 box of Gauze (3 left)."
    assert "no number," not in lots_phrase([("", MARCH), ("L1", JUNE)])


def test_lot_after_a_receipt_in_an_audit_line() -> None:
    assert lot_after("L1", MARCH) == " lot L1"
    assert lot_after("", MARCH) == " (no lot number, expires 2027-03-31)"
    assert lot_after("", None) == ""
