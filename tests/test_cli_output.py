"""The output helpers every command shares: tables, JSON, counted words and day options."""

from __future__ import annotations

from datetime import date

import pytest

from inventory_app.cli_output import UsageProblem, day, plural, print_json, table


def test_table_pads_columns_and_shows_none_as_empty(capsys: pytest.CaptureFixture[str]) -> None:
    table(["SKU", "Name"], [["G-1", "Gloves"], ["SYR-10", None]])
    lines = capsys.readouterr().out.splitlines()
    assert lines == ["SKU     Name", "------  ------", "G-1     Gloves", "SYR-10"]


def test_json_keeps_accents_and_writes_dates_as_text(capsys: pytest.CaptureFixture[str]) -> None:
    print_json({"name": "Gasas estériles", "on": date(2026, 3, 31)})
    assert capsys.readouterr().out == '{\n  "name": "Gasas estériles",\n  "on": "2026-03-31"\n}\n'


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
