"""The output helpers every command shares: tables, JSON, counted words and day options."""

from __future__ import annotations

import json
import sys
from datetime import date
from decimal import Decimal

import pytest

from inventory_app.cli.output import UsageProblem, day, indented_json, plural, print_json, table
from inventory_app.core.types import Status


def test_table_pads_columns_and_shows_none_as_empty(capsys: pytest.CaptureFixture[str]) -> None:
    table(["SKU", "Name"], [["G-1", "Gloves"], ["SYR-10", None]])
    lines = capsys.readouterr().out.splitlines()
    assert lines == ["SKU     Name", "------  ------", "G-1     Gloves", "SYR-10"]


def test_json_keeps_accents_and_writes_dates_as_text(capsys: pytest.CaptureFixture[str]) -> None:
    print_json({"name": "Gasas estériles", "on": date(2026, 3, 31)})
    assert capsys.readouterr().out == '{\n  "name": "Gasas estériles",\n  "on": "2026-03-31"\n}\n'


JSON_SAMPLES: list[object] = [
    [],
    {},
    "",
    0,
    None,
    [
        {
            "id": 1,
            "sku": "G-1",
            "name": 'Gasas estériles "x" \\ \n\t',
            "par_level": None,
            "on": date(2026, 3, 31),
        }
    ],
    {"ok": True, "bad": False, "n": -3, "f": 1.5, "nan": float("nan"), "inf": float("-inf"), "big": 10**30},
    {"nested": {"list": [1, [2, []], {}], "deep": {"a": {"b": [{"c": Decimal("1.10")}]}}}, "t": (1, "x")},
    {1: "int key", 2.5: "float key", False: "bool key", None: "none key", "s": Status.LOW},
    [{"movements": [{"id": 1, "quantity": -2}], "item": {"sku": "\x1b]0;x\x07\u202e", "status": Status.OK}}],
]


@pytest.mark.parametrize("data", JSON_SAMPLES)
def test_indented_json_writes_what_the_json_module_writes(data: object) -> None:
    assert indented_json(data) == json.dumps(data, ensure_ascii=False, indent=2, default=str)


def test_items_json_is_not_much_slower_than_the_json_module_at_its_fastest() -> None:
    """Not a timing assertion: counts the Python calls writing 2,000 item records takes, which
    the pure-Python encoder behind `json.dumps(indent=2)` makes about 80 per record (4 here)."""
    rows = [
        {"id": i, "sku": f"S-{i}", "name": "Gloves", "on_hand": i, "par_level": None, "next_expiry": None}
        for i in range(2000)
    ]
    calls = 0

    def count(frame, event, arg):
        nonlocal calls
        calls += event == "call"

    sys.setprofile(count)
    try:
        indented_json(rows)
    finally:
        sys.setprofile(None)
    assert calls < 10 * len(rows)


def test_plural_and_days() -> None:
    assert (plural(1, "lot"), plural(0, "lot"), plural(3, "lot")) == ("1 lot", "0 lots", "3 lots")
    # The words every screen uses (core.wording), not a bare "s": boxes, each, 1 difference.
    assert (plural(28, "syringe"), plural(2, "box"), plural(5, "each")) == (
        "28 syringes",
        "2 boxes",
        "5 each",
    )
    assert (plural(1, "difference"), plural(12_500, "glove")) == ("1 difference", "12,500 gloves")
    assert day(None, "--from") is None
    assert day(" 2026-03-31 ", "--from") == date(2026, 3, 31)
    with pytest.raises(UsageProblem, match="--until must be a date like 2026-03-31, not “31/03/2026”"):
        day("31/03/2026", "--until")
