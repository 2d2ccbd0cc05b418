"""How a file writes its dates and numbers: decided from the values and the CSV's locale, never
guessed silently (a day-first expiry read month first can show an expired vaccine as usable)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

import pytest
from peewee import Database

from inventory_app.core.importing.apply import apply_import
from inventory_app.core.importing.plan import plan_import
from inventory_app.core.importing.reading import DatesUnclear
from inventory_app.core.importing.rows import prepare
from inventory_app.core.importing.types import ImportSource, SheetRows, SourceRow
from inventory_app.db.models import Item, Lot
from inventory_app.errors import ImportFileError

HEADER = ("SKU", "Name", "Tracks expiry", "Lot", "Expiry", "Qty", "Cost")


def source(*rows: Sequence[object], separator: str = ",", name: str = "stock.csv") -> ImportSource:
    numbered = tuple(SourceRow(i + 1, tuple(r)) for i, r in enumerate([HEADER, *rows]))
    checksum = hashlib.sha256(repr(rows).encode()).hexdigest()
    return prepare(SheetRows(name, "stock", ("stock",), numbered, checksum, separator))


def expiries() -> dict[str, date]:
    return {lot.lot_number: lot.expires_on for lot in Lot.select()}


def test_day_first_settled_by_a_value_above_12(db: Database) -> None:
    plan = plan_import(
        source(
            ("VAC-1", "Flu vaccine", "yes", "L1", "01/06/2019", "5", ""),
            ("VAC-1", "Flu vaccine", "yes", "L2", "31/01/2025", "3", ""),
        )
    )
    assert not plan.has_errors, plan.issues
    apply_import(plan)
    assert expiries() == {"L1": date(2019, 6, 1), "L2": date(2025, 1, 31)}
    (reading,) = plan.readings.dates
    assert (reading.order, reading.how, reading.row) == ("dmy", "values", 3)
    assert plan.readings.sentences()[0] == "Expiry dates read day first (31/01/2025 in row 3)."


def test_month_first_settled_by_a_second_part_above_12(db: Database) -> None:
    plan = plan_import(
        source(
            ("VAC-1", "Flu vaccine", "yes", "L1", "01/06/2019", "5", ""),
            ("VAC-1", "Flu vaccine", "yes", "L2", "01/31/2025", "3", ""),
        )
    )
    apply_import(plan)
    assert expiries() == {"L1": date(2019, 1, 6), "L2": date(2025, 1, 31)}


def test_a_column_written_both_ways_is_refused_naming_it(db: Database) -> None:
    both = r"column E \(Expiry\).*31/01/2025 in row 2.*01/31/2025 in row 3"
    with pytest.raises(ImportFileError, match=both):
        plan_import(
            source(
                ("VAC-1", "Flu vaccine", "yes", "L1", "31/01/2025", "5", ""),
                ("VAC-1", "Flu vaccine", "yes", "L2", "01/31/2025", "3", ""),
            )
        )


def test_a_semicolon_file_is_day_first_when_no_value_tells(db: Database) -> None:
    plan = plan_import(source(("VAC-1", "Flu vaccine", "yes", "L1", "01/06/2019", "5", ""), separator=";"))
    apply_import(plan)
    assert expiries() == {"L1": date(2019, 6, 1)}
    assert "semicolons" in plan.readings.sentences()[0]


def test_a_semicolon_file_whose_values_say_month_first_is_read_month_first(db: Database) -> None:
    plan = plan_import(
        source(
            ("VAC-1", "Flu vaccine", "yes", "L1", "01/06/2019", "5", ""),
            ("VAC-1", "Flu vaccine", "yes", "L2", "12/24/2026", "5", ""),
            separator=";",
        )
    )
    apply_import(plan)
    assert expiries() == {"L1": date(2019, 1, 6), "L2": date(2026, 12, 24)}


def test_nothing_tells_stops_until_a_person_says(db: Database) -> None:
    rows = [("VAC-1", "Flu vaccine", "yes", "L1", "01/06/2019", "5", "")]
    with pytest.raises(DatesUnclear) as caught:
        plan_import(source(*rows))
    assert (caught.value.letter, caught.value.example, caught.value.example_row) == ("E", "01/06/2019", 2)
    assert "column E (Expiry)" in str(caught.value)
    assert not Lot.select().exists()
    plan = plan_import(source(*rows), dates="mdy")
    apply_import(plan)
    assert expiries() == {"L1": date(2019, 1, 6)}
    assert plan.readings.sentences()[0] == "Expiry dates read month first, as chosen (01/06/2019 in row 2)."


def test_an_answer_against_the_values_is_refused(db: Database) -> None:
    with pytest.raises(ImportFileError, match="cannot be read month first: 31/01/2025"):
        plan_import(source(("VAC-1", "Flu vaccine", "yes", "L1", "31/01/2025", "5", "")), dates="mdy")


def test_year_first_two_digit_years(db: Database) -> None:
    plan = plan_import(source(("VAC-1", "Flu vaccine", "yes", "L1", "27/06/30", "5", "")), dates="ymd")
    assert not plan.has_errors, plan.issues
    apply_import(plan)
    assert expiries() == {"L1": date(2027, 6, 30)}


def test_iso_and_real_dates_need_no_question(db: Database) -> None:
    plan = plan_import(
        source(
            ("VAC-1", "Flu vaccine", "yes", "L1", "2027-06-01", "5", ""),
            ("VAC-1", "Flu vaccine", "yes", "L2", date(2027, 1, 6), "5", ""),
        )
    )
    assert plan.readings.dates == ()
    apply_import(plan)
    assert expiries() == {"L1": date(2027, 6, 1), "L2": date(2027, 1, 6)}


# ---------------------------------------------------------------- decimal commas


def test_decimal_comma_in_a_semicolon_file(db: Database) -> None:
    plan = plan_import(
        source(
            ("GLV", "Gloves", "", "", "", "1.000", "4,8"),
            ("GZ", "Gauze", "", "", "", "12", "€ 1.234,50"),
            separator=";",
        )
    )
    assert not plan.has_errors, plan.issues
    apply_import(plan)
    items = {i.sku: (i.on_hand, i.unit_cost) for i in Item.select()}
    assert items["GLV"][0] == 1000
    assert Decimal(items["GLV"][1]) == Decimal("4.8")
    assert Decimal(items["GZ"][1]) == Decimal("1234.50")
    assert "decimal comma" in plan.readings.sentences()[0]
    assert plan.readings.numbers is not None and plan.readings.numbers.example == "4,8"


def test_a_decimal_comma_quantity_is_refused_as_a_fraction(db: Database) -> None:
    plan = plan_import(source(("GLV", "Gloves", "", "", "", "4,8", ""), separator=";"))
    (issue,) = plan.issues
    assert issue.column == "F" and "fraction (4,8)" in issue.message


def test_a_decimal_comma_outside_a_comma_locale_is_refused_never_48(db: Database) -> None:
    plan = plan_import(source(("GLV", "Gloves", "", "", "", "", "4,8")))
    (issue,) = plan.issues
    assert issue.column == "G" and "4,8" in issue.message
    assert not Item.select().exists()


def test_a_semicolon_file_with_decimal_points_is_read_with_points(db: Database) -> None:
    plan = plan_import(source(("GLV", "Gloves", "", "", "", "2", "12.50"), separator=";"))
    apply_import(plan)
    assert Decimal(Item.get().unit_cost) == Decimal("12.50")
    assert plan.readings.sentences() == ("Numbers read with a decimal point (12.50 in row 2).",)


def test_a_file_with_both_decimal_commas_and_points_is_refused(db: Database) -> None:
    both = r"decimal comma \(4,8 in row 2\).*decimal point \(12.50 in row 3\)"
    with pytest.raises(ImportFileError, match=both):
        plan_import(
            source(
                ("GLV", "Gloves", "", "", "", "", "4,8"),
                ("GZ", "Gauze", "", "", "", "", "12.50"),
                separator=";",
            )
        )


def test_decimal_commas_suggest_day_first_in_a_tab_file(db: Database) -> None:
    plan = plan_import(
        source(("VAC-1", "Flu vaccine", "yes", "L1", "01.06.2019", "5", "4,80"), separator="\t")
    )
    apply_import(plan)
    assert expiries() == {"L1": date(2019, 6, 1)}
