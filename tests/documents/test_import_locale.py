"""CSV files written the European way (`;`, dd/mm/yyyy, decimal commas) through the command line:
read as meant, said so in the preview, or refused naming the column and an example."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from tests.documents.test_import_cli import Cli, _no_default_database, cli  # noqa: F401

EUROPEAN = (
    "SKU;Name;Tracks expiry;Lot;Expiry;Qty;Cost\n"
    "VAC-BCG;Vacina BCG;yes;B19;01/06/2019;10;4,8\n"
    "VAC-BCG;Vacina BCG;yes;B25;31/01/2025;5;4,8\n"
    "SER-5;Seringa 5 ml;no;;;1.000;0,25\n"
)


def _write(folder: Path, name: str, text: str, encoding: str = "utf-8-sig") -> Path:
    path = folder / name
    path.write_bytes(text.replace("\n", "\r\n").encode(encoding))
    return path


def _rows(db: Path, query: str) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(db)) as conn:
        return conn.execute(query).fetchall()


def test_a_semicolon_file_with_day_first_dates_and_decimal_commas(cli: Cli, tmp_path: Path) -> None:  # noqa: F811
    path = _write(tmp_path, "estoque.csv", EUROPEAN, "cp1252")
    code, out, err = cli("import", str(path), "--dry-run")
    assert code == 0, err
    assert "Expiry dates read day first (31/01/2025 in row 3)." in out
    assert "Numbers read with a decimal comma (4,8 in row 2)" in out
    code, out, err = cli("import", str(path))
    assert code == 0, err
    lots = dict(_rows(cli.db, "SELECT lot_number, expires_on FROM lot ORDER BY 1"))
    assert {k: str(v)[:10] for k, v in lots.items()} == {"B19": "2019-06-01", "B25": "2025-01-31"}
    assert _rows(cli.db, "SELECT on_hand FROM item WHERE sku = 'SER-5'") == [(1000,)]


def test_json_says_how_values_were_read(cli: Cli, tmp_path: Path) -> None:  # noqa: F811
    found = cli.json("import", str(_write(tmp_path, "estoque.csv", EUROPEAN)), "--dry-run")
    assert found["read_as"]["dates"] == [
        {
            "field": "expires",
            "column": "E",
            "order": "dmy",
            "decided_by": "values",
            "example": "31/01/2025",
            "row": 3,
        }
    ]
    assert found["read_as"]["numbers"]["decimal"] == ","


def test_ambiguous_dates_are_refused_naming_the_column_until_dates_is_given(
    cli: Cli,  # noqa: F811
    tmp_path: Path,
) -> None:
    path = _write(
        tmp_path,
        "vaccines.csv",
        "SKU,Name,Lot,Expiry date,Qty\n"
        "VAC-1,Flu vaccine,F1,01/06/2027,5\n"
        "VAC-1,Flu vaccine,F2,02/07/2027,5\n",
    )
    before = cli.snapshot()
    code, out, err = cli("import", str(path))
    assert code == 1
    assert "column D (Expiry date)" in err and "01/06/2027 (row 2)" in err and "--dates dmy" in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert cli.snapshot() == before
    code, out, err = cli("import", str(path), "--dates", "dmy")
    assert code == 0, err
    assert "Expiry dates read day first, as chosen (01/06/2027 in row 2)." in out
    lots = dict(_rows(cli.db, "SELECT lot_number, expires_on FROM lot ORDER BY 1"))
    assert {k: str(v)[:10] for k, v in lots.items()} == {"F1": "2027-06-01", "F2": "2027-07-02"}


@pytest.mark.parametrize(("dates", "expected"), [("mdy", {"F1": "2027-01-06"}), ("ymd", None)])
def test_the_answer_is_applied_as_given(cli: Cli, tmp_path: Path, dates: str, expected: object) -> None:  # noqa: F811
    path = _write(tmp_path, "v.csv", "SKU,Name,Lot,Expiry,Qty\nVAC-1,Flu vaccine,F1,01/06/2027,5\n")
    code, out, err = cli("import", str(path), "--dates", dates)
    if expected is None:  # 01/06/2027 cannot be year first: a row error, nothing imported
        assert code == 1 and "Row 2, column D (Expiry)" in out and "year first" in out
        assert _rows(cli.db, "SELECT count(*) FROM lot") == [(0,)]
        return
    assert code == 0, err
    lots = dict(_rows(cli.db, "SELECT lot_number, expires_on FROM lot"))
    assert {k: str(v)[:10] for k, v in lots.items()} == expected


def test_a_decimal_comma_in_a_comma_file_is_refused_never_48(cli: Cli, tmp_path: Path) -> None:  # noqa: F811
    path = _write(tmp_path, "prices.csv", 'SKU,Name,Qty,Cost\nGLV,Gloves,2,"4,8"\n')
    code, out, err = cli("import", str(path))
    assert code == 1
    assert "Row 2, column D (Cost)" in out and "4,8" in out
    assert _rows(cli.db, "SELECT count(*) FROM item") == [(0,)]
