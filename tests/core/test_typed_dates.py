from datetime import date

import pytest

from inventory_app.core.typed_dates import DateNotRead, order_of_format, read_typed_date


@pytest.mark.parametrize(
    ("text", "order", "expected"),
    [
        ("2027-06-30", "mdy", date(2027, 6, 30)),
        ("2027/06/30", "dmy", date(2027, 6, 30)),
        ("20270630", "mdy", date(2027, 6, 30)),
        ("06/30/2027", "mdy", date(2027, 6, 30)),
        ("30.06.2027", "dmy", date(2027, 6, 30)),
        ("30/06/2027", "dmy", date(2027, 6, 30)),
        ("01/06/2027", "dmy", date(2027, 6, 1)),
        ("01/06/2027", "mdy", date(2027, 1, 6)),
        ("30/06/2027", "mdy", date(2027, 6, 30)),  # a part above 12 settles it
        ("30.06.2027", "mdy", date(2027, 6, 30)),
        ("2027-06", "mdy", date(2027, 6, 30)),
        ("06/2027", "dmy", date(2027, 6, 30)),
        ("02/2028", "mdy", date(2028, 2, 29)),
        ("06/27", "mdy", date(2027, 6, 30)),
        ("EXP 06/2027", "mdy", date(2027, 6, 30)),
        ("Jun 2027", "dmy", date(2027, 6, 30)),
        ("30 Jun 2027", "mdy", date(2027, 6, 30)),
        ("June 30, 2027", "dmy", date(2027, 6, 30)),
        ("  2027-06-30 ", "ymd", date(2027, 6, 30)),
    ],
)
def test_typed_dates_are_read_as_meant(text: str, order: str, expected: date) -> None:
    assert read_typed_date(text, order) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text", ["", "abc", "2027-13-01", "2027-02-30", "31/31/2027", "1/2/3/4", "Foo 2027", "123"]
)
def test_what_is_not_a_date_is_refused_with_a_reason(text: str) -> None:
    with pytest.raises(DateNotRead) as error:
        read_typed_date(text, "mdy")
    assert str(error.value)


def test_the_order_comes_from_the_locale_format() -> None:
    assert order_of_format("M/d/yy") == "mdy"
    assert order_of_format("dd/MM/yyyy") == "dmy"
    assert order_of_format("dd.MM.yy") == "dmy"
    assert order_of_format("yyyy-MM-dd") == "ymd"
