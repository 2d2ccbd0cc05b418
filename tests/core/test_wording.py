from decimal import Decimal

import pytest

from inventory_app.core.wording import counted, money_text, plural_of


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
