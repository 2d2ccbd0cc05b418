"""Hostile text and extreme input on the command line (RELIABILITY H1, H4).

Stored text never steers the terminal: control characters in notes, lots, SKUs and names are
shown escaped and on one line; --json stays valid JSON with the text unchanged. A password in a
PostgreSQL URL never appears in a message. Numbers and dates beyond what the records can hold
end in one plain line and exit 1 or 2, never a traceback (these run as real processes, where a
traceback would show).
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from inventory_app.cli.output import print_json, shown, table
from inventory_app.core import validation as v
from inventory_app.db.connection import hide_passwords, url_passwords
from inventory_app.errors import ValidationError
from tests.cli.test_commands import Cli, _no_default_database, _run, demo_load  # noqa: F401 - fixtures
from tests.cli.test_commands import cli as cli  # the fixture

HOSTILE = "\x1b]0;pwned\x07\nforged line"
SHOWN = "\\x1b]0;pwned\\x07\\nforged line"
RAW = ("\x1b", "\x07", "\r", "\x9b")


def _clean(out: str) -> None:
    for char in RAW:
        assert char not in out, f"{char!r} reached the terminal: {out!r}"
    assert not any(line.startswith("forged line") for line in out.splitlines()), out


def _line_with(out: str, text: str) -> str:
    lines = [line for line in out.splitlines() if text in line]
    assert len(lines) == 1, out
    return lines[0]


# ---------------------------------------------------------------- control characters


def test_shown_escapes_every_control_character() -> None:
    assert shown(HOSTILE + "\r#9 use\t\x9b\x7f\u202e\u2028é") == (
        SHOWN + "\\r#9 use\\t\\x9b\\x7f\\u202e\\u2028é"
    )
    assert shown(None) == "" and shown(12) == "12"


def test_table_keeps_each_row_on_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    table(["SKU", "Note"], [["G-1", HOSTILE], ["G-2", "plain"]])
    lines = capsys.readouterr().out.splitlines()
    assert lines == ["SKU  Note", "---  " + "-" * len(SHOWN), "G-1  " + SHOWN, "G-2  plain"]


def test_json_escapes_controls_the_encoder_leaves_raw(capsys: pytest.CaptureFixture[str]) -> None:
    print_json({"note": HOSTILE + "\x9b\u202e"})
    out = capsys.readouterr().out
    _clean(out)
    assert "\u202e" not in out
    assert json.loads(out) == {"note": HOSTILE + "\x9b\u202e"}


def test_history_lot_and_items_show_hostile_text_escaped(cli: Cli) -> None:
    lot = "L1" + HOSTILE
    code, out, err = cli(
        "stock", "receive", "VAX-FLU", "5", "--lot", lot, "--expires", "2099-01-31", "--note", HOSTILE
    )
    assert code == 0, err
    _clean(out)
    assert "L1" + SHOWN in _line_with(out, "Recorded")

    code, out, err = cli("history", "VAX-FLU")
    assert code == 0, err
    _clean(out)
    row = _line_with(out, "receive")
    assert "L1" + SHOWN in row and row.rstrip().endswith(SHOWN)
    assert len(out.splitlines()) == 3  # header, dashes, one movement

    code, out, err = cli("lot", lot)
    assert code == 0, err
    _clean(out)
    assert f"Lot L1{SHOWN} of VAX-FLU" in out
    assert _line_with(out, "receive  +5").rstrip().endswith(SHOWN)

    # A name is stored text too; items lists it escaped, in one row.
    with closing(sqlite3.connect(cli.db)) as conn, conn:
        conn.execute("UPDATE item SET name = ? WHERE sku = 'GZ-44'", ("Gauze" + HOSTILE,))
    code, out, err = cli("items")
    assert code == 0, err
    _clean(out)
    assert "Gauze" + SHOWN[:30] in _line_with(out, "GZ-44")

    # --json keeps the text exactly, as valid JSON.
    [movement] = cli.json("history", "VAX-FLU")
    assert movement["note"] == HOSTILE and movement["lot_number"] == lot
    assert cli.item("GZ-44")["name"] == "Gauze" + HOSTILE


def test_a_message_cannot_steer_the_terminal(cli: Cli) -> None:
    code, out, err = cli("history", "NOPE\x1b]0;pwned\x07\rX")
    assert code == 1
    _clean(out + err)
    assert "NOPE\\x1b]0;pwned\\x07\\rX" in err


# ---------------------------------------------------------------- passwords in URLs


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://u:secret%zz@127.0.0.1:1/x",  # a bad %-escape: the library quotes it
        "postgresql://u:secret@127.0.0.1:1/x",  # a closed port
        "postgres://u:s%65cret@127.0.0.1:1/x?sslmode=bogus",
        "postgresql://u@127.0.0.1:1/x?password=secret",
    ],
)
def test_no_password_from_a_url_in_any_message(url: str) -> None:
    done = _run("--db", url, "items")
    assert done.returncode == 1, done.stderr
    assert "secret" not in done.stdout + done.stderr
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1


def test_passwords_are_masked_in_a_servers_text() -> None:
    url = "postgresql://ana:p%40ssw0rd@db.example/stock?password=other1&sslmode=require"
    assert set(url_passwords(url)) == {"p%40ssw0rd", "p@ssw0rd", "other1"}
    text = 'bad token "p%40ssw0rd", p@ssw0rd and other1'
    assert hide_passwords(text, url) == 'bad token "***", *** and ***'
    assert url_passwords("/tmp/inventory.db") == []


# ---------------------------------------------------------------- numbers and dates


def test_quantities_say_the_limit_and_never_guess_a_point() -> None:
    with pytest.raises(ValidationError, match="Quantity is too large: the most is 10,000,000"):
        v.whole_number("99999999999999999999", "quantity")
    with pytest.raises(ValidationError, match="the most is 10,000,000"):
        v.whole_number("9" * 5000, "quantity")
    with pytest.raises(ValidationError, match="could mean 1 or 1000"):
        v.whole_number("1.000", "quantity")
    with pytest.raises(ValidationError, match="for 12500, write it without the point"):
        v.whole_number("12.500", "quantity")
    assert (v.whole_number("1,000", "quantity"), v.whole_number("2.0", "quantity")) == (1000, 2)


def test_one_point_000_is_not_taken_as_one(cli: Cli) -> None:
    code, _out, err = cli("stock", "receive", "GLV-M", "1.000")
    assert code == 1 and "could mean 1 or 1000" in err
    assert cli.item("GLV-M")["on_hand"] == 0


def test_over_cannot_book_more_than_the_largest_quantity(
    demo_load: tuple[Path, dict[str, int]],  # noqa: F811
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / "demo.db"
    shutil.copyfile(demo_load[0], path)
    orders = Cli(capsys, path)
    [order] = [o for o in orders.json("orders", "create") if o["supplier"] == "Northgate Medical Supply"]
    number = order["number"]
    assert orders("orders", "mark-ordered", number)[0] == 0
    [line] = [x for x in orders.json("orders", "show", number)["lines"] if x["sku"] == "EXM-PPR-21"]
    assert line["units_per_purchase_unit"] == 12
    before = orders.item("EXM-PPR-21")["on_hand"]

    code, _out, err = orders("orders", "receive", number, "EXM-PPR-21=10000000", "--over")
    assert code == 1, err
    assert "10,000,000 × 12 would be 120,000,000 units; at most 10,000,000" in err
    assert orders.item("EXM-PPR-21")["on_hand"] == before
    code, _out, err = orders("orders", "receive", number, "EXM-PPR-21=1.000")
    assert code == 1 and "could mean 1 or 1000" in err


@pytest.fixture
def extreme_db(cli: Cli) -> Path:
    """The small test inventory with an open count (#1) and one movement."""
    assert cli("stock", "receive", "GLV-M", "3")[0] == 0
    assert cli("counts", "start")[0] == 0
    return cli.db


def _text_version_backup(db: Path) -> Path:
    backup = db.with_name("text-version.db")
    shutil.copyfile(db, backup)
    with closing(sqlite3.connect(backup)) as conn, conn:
        conn.execute("UPDATE schema_version SET version = 'five'")
    return backup


EXTREME = [
    (["stock", "reverse", "99999999999999999999999"], 2, "at most"),
    (["audit", "--limit", "9999999999999999999999"], 2, "at most"),
    (["counts", "enter", "99999999999999999999", "GLV-M=1"], 2, "at most"),
    (["counts", "enter", "1", "GLV-M=99999999999999999999"], 1, "the most is 10,000,000"),
    (["counts", "show", "-99999999999999999999"], 2, "at least 1"),
    (["expiring", "--days", "99999999999999"], 2, "at most 36,500"),
    (["stock", "use", "GLV-M", "9" * 5000], 1, "the most is 10,000,000"),
    (["export", "movements", "{dir}/m.csv", "--from", "0001-01-01"], 2, "from 1900-01-01 to 2999-12-31"),
    (["export", "movements", "{dir}/m.csv", "--to", "9999-12-31"], 2, "from 1900-01-01 to 2999-12-31"),
    (["report", "usage", "{dir}/u.xlsx", "--from", "0001-01-01"], 2, "--from must be a date"),
    (["report", "usage", "{dir}/u.xlsx", "--to", "9999-12-31"], 2, "--to must be a date"),
    (["report", "waste", "{dir}/w.xlsx", "--from", "0001-01-01", "--to", "9999-12-31"], 2, "1900-01-01"),
    (["audit", "--since", "0001-01-01"], 2, "--since must be a date"),
    (["restore", "{backup}", "--yes"], 1, "schema version is not a number"),
]


@pytest.mark.parametrize(
    ("args", "code", "said"), EXTREME, ids=lambda x: " ".join(x)[:40] if isinstance(x, list) else None
)
def test_extreme_input_ends_in_one_plain_line(
    extreme_db: Path, args: list[str], code: int, said: str
) -> None:
    backup = _text_version_backup(extreme_db) if "{backup}" in args else None
    argv = [a.format(dir=extreme_db.parent, backup=backup) for a in args]
    done = _run("--db", str(extreme_db), *argv)
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == code, done.stderr
    assert said in done.stderr
    lines = done.stderr.strip().splitlines()
    if code == 2:  # the usage, then the one line that says what is wrong
        assert lines[0].startswith("usage: inventory-app"), done.stderr
        lines = [line for line in lines if line.startswith("inventory-app")]
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("inventory-app") and said in lines[0], done.stderr


def test_a_device_is_not_a_database() -> None:
    done = _run("--db", "/dev/null", "items")
    assert "Traceback" not in done.stderr
    assert done.returncode == 1
    assert done.stderr.strip() == (
        "inventory-app: /dev/null: /dev/null is not a database file (it is a device, pipe or socket)."
    )


def test_a_database_whose_version_is_text_is_refused_plainly(extreme_db: Path) -> None:
    done = _run("--db", str(_text_version_backup(extreme_db)), "items")
    assert "Traceback" not in done.stderr
    assert done.returncode == 1 and "schema version is not a number" in done.stderr
