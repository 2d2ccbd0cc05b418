"""GS1 element strings from drug and vaccine boxes: what a scanner types, and what is not GS1."""

from __future__ import annotations

from datetime import date

import pytest

from inventory_app.core.catalog.gs1 import GS1Code, gtin_check_digit_ok, gtin_keys, parse_gs1

GS = "\x1d"
GTIN = "00312345678906"  # check digit 6 is right
TODAY = date(2025, 3, 1)


def parse(text: str) -> GS1Code | None:
    return parse_gs1(text, today=TODAY)


def test_gtin_expiry_and_lot_at_the_end():
    assert parse(f"01{GTIN}17270630" + "10AB12C") == GS1Code(GTIN, date(2027, 6, 30), "AB12C", None)


def test_lot_in_the_middle_ends_at_the_group_separator():
    code = parse(f"01{GTIN}10AB12C{GS}17270630")
    assert code == GS1Code(GTIN, date(2027, 6, 30), "AB12C", None)


def test_lot_and_serial_both_variable():
    code = parse(f"01{GTIN}21SN0001X{GS}10LOT-7/B{GS}17261231")
    assert code == GS1Code(GTIN, date(2026, 12, 31), "LOT-7/B", "SN0001X")


def test_serial_at_the_end():
    assert parse(f"01{GTIN}1727063010AB{GS}21987654321") == GS1Code(
        GTIN, date(2027, 6, 30), "AB", "987654321"
    )


def test_production_date_and_count_are_read_past():
    code = parse(f"01{GTIN}11250115172701001012{GS}3010")
    assert code == GS1Code(GTIN, date(2027, 1, 31), "12", None)


def test_a_trailing_group_separator_and_line_end_are_ignored():
    assert parse(f"01{GTIN}10AB12C{GS}\r\n") == GS1Code(GTIN, None, "AB12C", None)


@pytest.mark.parametrize("prefix", ["]d2", "]C1", "]Q3", GS, f"]d2{GS}"])
def test_symbology_identifier_or_leading_fnc1(prefix):
    assert parse(f"{prefix}01{GTIN}17270630" + "10AB12C") == GS1Code(GTIN, date(2027, 6, 30), "AB12C", None)


def test_human_readable_form_with_parentheses():
    code = parse(f"(01){GTIN}(17)270630(10)AB12C")
    assert code == GS1Code(GTIN, date(2027, 6, 30), "AB12C", None)


def test_human_readable_form_with_spaces_and_serial_before_lot():
    code = parse(f"(01) {GTIN} (21) 12345 (10) L-9 (17) 280100")
    assert code == GS1Code(GTIN, date(2028, 1, 31), "L-9", "12345")


@pytest.mark.parametrize(
    ("yymmdd", "expected"),
    [
        ("270600", date(2027, 6, 30)),  # DD=00: the last day of the month
        ("280200", date(2028, 2, 29)),  # a leap year
        ("270200", date(2027, 2, 28)),
        ("271231", date(2027, 12, 31)),
        ("990101", date(1999, 1, 1)),  # more than 50 years ahead: the past century
        ("740101", date(2074, 1, 1)),
    ],
)
def test_expiry_dates(yymmdd, expected):
    code = parse(f"01{GTIN}17{yymmdd}")
    assert code is not None and code.expires == expected


@pytest.mark.parametrize("yymmdd", ["271301", "270231", "270032"])
def test_an_expiry_that_is_no_date_is_left_empty(yymmdd):
    assert parse(f"01{GTIN}17{yymmdd}10AB") == GS1Code(GTIN, None, "AB", None)


def test_gtin_only():
    assert parse(f"01{GTIN}") == GS1Code(GTIN, None, None, None)


def test_a_second_label_without_gtin_needs_a_gs1_marker():
    assert parse("]C117270630" + "10AB12C") == GS1Code(None, date(2027, 6, 30), "AB12C", None)
    assert parse("(17)270630(10)AB12C") == GS1Code(None, date(2027, 6, 30), "AB12C", None)
    assert parse("17270630" + "10AB12C") is None  # bare: could be anyone's code


@pytest.mark.parametrize(
    "text",
    [
        f"01{GTIN[:-1]}7" + "17270630",
        f"]d201{GTIN[:-1]}0",
        f"(01){GTIN[:-1]}1(10)AB",
    ],
)
def test_a_wrong_check_digit_is_not_gs1(text):
    assert parse(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "GLV-M",
        "10-GAUZE",
        "0123456789",
        "4006381333931",  # EAN-13
        "036000291452",  # UPC-A
        "12345670",  # EAN-8
        GTIN,  # a GTIN-14 alone is a barcode, not an element string
        "",
        "   ",
        GS,
        "]d1ABC",  # DataMatrix of plain data
        "]C0010031234567890",  # Code 128 that is not GS1-128
        f"01{GTIN[:10]}",  # too short
        f"01{GTIN}17",  # expiry cut off
        f"01{GTIN}172706",
        f"01{GTIN}99",  # empty variable field
        f"01{GTIN}10" + "X" * 21,  # lot longer than 20
        f"01{GTIN}88ABC",  # no such AI
        "(01)",
        "(99",
        "(01)ABCDEFGHIJKLMN",
        "]Q3(01)x",
        "\x00\x01\x02",
        "01" + "٠" * 14,  # Arabic-Indic digits are digits to Python, not to GS1
    ],
)
def test_not_gs1(text):
    assert parse(text) is None


def test_garbage_never_raises():
    for text in ["(", ")", "()", "(0)", "(01)(17)", "]", "]d", "]d2", f"]d2{GS}", "((01))", "01" * 40, "🙂"]:
        assert parse(text) is None


def test_default_today_reads_a_near_year_in_this_century():
    code = parse_gs1(f"01{GTIN}17300630")
    assert code is not None and code.expires == date(2030, 6, 30)


def test_check_digit():
    assert gtin_check_digit_ok(GTIN)
    assert gtin_check_digit_ok("4006381333931")
    assert gtin_check_digit_ok("036000291452")
    assert gtin_check_digit_ok("12345670")
    assert not gtin_check_digit_ok("00312345678907")
    assert not gtin_check_digit_ok("12345")
    assert not gtin_check_digit_ok("ABCDEFGHIJKLMN")


def test_gtin_keys():
    assert gtin_keys(GTIN) == [GTIN, "0312345678906", "312345678906"]
    assert gtin_keys("04006381333931") == ["04006381333931", "4006381333931"]
    assert gtin_keys("4006381333931") == ["04006381333931", "4006381333931"]
    assert gtin_keys("036000291452") == ["00036000291452", "0036000291452", "036000291452"]
    assert gtin_keys("00000012345670") == ["00000012345670", "0000012345670", "000012345670", "12345670"]
    assert gtin_keys("14006381333938") == ["14006381333938"]
    assert gtin_keys("GLV-M") == []
    assert gtin_keys("1234567") == []
    assert gtin_keys("") == []
