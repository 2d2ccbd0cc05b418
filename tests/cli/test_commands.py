"""The command line: exit codes, one-line refusals on stderr, JSON on stdout.

Most tests call `cli.main([...])` in-process; a few run `python -m inventory_app`
for real, because exit codes and tracebacks only show in a real process.
Exit codes: 0 done, 1 refused (one line on stderr), 2 wrong usage.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing, redirect_stdout
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from inventory_app.cli import main
from inventory_app.core.accounts.context import set_current_user
from inventory_app.core.catalog import items as catalog
from inventory_app.core.types import ItemInput
from inventory_app.db.connection import ENV_VAR
from inventory_app.db.session import close_database, open_database

ROOT = Path(__file__).resolve().parents[2]
FAR_FUTURE = "2099-01-31"
ITEM_KEYS = {
    "sku",
    "name",
    "category",
    "location",
    "unit",
    "on_hand",
    "expired",
    "reorder_point",
    "par_level",
    "status",
    "supplier",
}


@pytest.fixture(autouse=True)
def _no_default_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test may touch the database in the user's data folder."""
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "from-env.db"))


class Cli:
    def __init__(self, capsys: pytest.CaptureFixture[str], db: Path) -> None:
        self.capsys = capsys
        self.db = db

    def __call__(self, *args: str, db: bool = True) -> tuple[int, str, str]:
        argv = (["--db", str(self.db)] if db else []) + list(args)
        self.capsys.readouterr()
        try:
            code = main(argv)
        except SystemExit as exc:  # argparse: wrong usage, --help, --version
            code = int(exc.code or 0)
        out, err = self.capsys.readouterr()
        return code, out, err

    def json(self, *args: str) -> Any:
        code, out, err = self(*args, "--json")
        assert code == 0, err
        return json.loads(out)

    def item(self, sku: str) -> dict[str, Any]:
        rows = [r for r in self.json("items") if r["sku"] == sku]
        assert len(rows) == 1
        return rows[0]


def _make_database(path: Path) -> None:
    set_current_user("tester")
    db = open_database(path)
    try:
        catalog.create_item(
            ItemInput(sku="GLV-M", name="Nitrile gloves, medium", unit="box", reorder_point=4, par_level=20)
        )
        catalog.create_item(ItemInput(sku="VAX-FLU", name="Flu vaccine", unit="dose", tracks_expiry=True))
        catalog.create_item(ItemInput(sku="GZ-44", name="Gauze 4x4", unit="pack", reorder_point=2))
    finally:
        close_database(db)
        set_current_user(None)


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    path = tmp_path / "inventory.db"
    _make_database(path)
    return Cli(capsys, path)


@pytest.fixture(scope="module")
def demo_load(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    """The demo clinic, loaded once per module (copied for each test that changes it)."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    printed = io.StringIO()
    with redirect_stdout(printed):
        assert main(["--db", str(path), "demo", "--json"]) == 0
    return path, json.loads(printed.getvalue())


@pytest.fixture
def demo_file(demo_load: tuple[Path, dict[str, int]]) -> Path:
    return demo_load[0]


@pytest.fixture
def demo(demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    path = tmp_path / "demo.db"
    shutil.copyfile(demo_file, path)
    return Cli(capsys, path)


def _one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


def _run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "inventory_app", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        timeout=120,
    )


# ---------------------------------------------------------------- demo and items


def test_demo_loads_about_120_items_and_refuses_a_second_time(demo: Cli) -> None:
    rows = demo.json("items")
    assert 100 <= len(rows) <= 140
    assert len({r["sku"] for r in rows}) == len(rows)
    assert {r["status"] for r in rows} == {"ok", "low", "out"}

    code, out, err = demo("demo")
    assert code == 1
    assert out == ""
    assert "already has items" in _one_line(err)
    assert len(demo.json("items")) == len(rows)


def test_demo_prints_what_it_loaded(demo_load: tuple[Path, dict[str, int]], demo: Cli) -> None:
    summary = demo_load[1]
    assert summary["items"] == len(demo.json("items"))
    assert 100 <= summary["items"] <= 140
    assert summary["suppliers"] > 0 and summary["movements"] > summary["items"]


def test_demo_database_passes_check(demo: Cli) -> None:
    code, out, err = demo("check", "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["ok"] is True and report["problems"] == []
    assert report["items_checked"] >= 100


def test_items_json_has_the_documented_keys_and_consistent_status(demo: Cli) -> None:
    rows = demo.json("items")
    for row in rows:
        assert ITEM_KEYS <= set(row), row
        assert isinstance(row["on_hand"], int) and row["on_hand"] >= 0
        expected = "out" if row["on_hand"] <= 0 else "low" if row["on_hand"] <= row["reorder_point"] else "ok"
        assert row["status"] == expected, row


@pytest.mark.parametrize("status", ["low", "out", "ok"])
def test_items_status_filter(demo: Cli, status: str) -> None:
    everything = demo.json("items")
    filtered = demo.json("items", "--status", status)
    assert filtered, f"the demo has no {status} items"
    wanted = ("low", "out") if status == "low" else (status,)  # an item that is out is also low
    assert all(r["status"] in wanted for r in filtered)
    assert sorted(r["sku"] for r in filtered) == sorted(r["sku"] for r in everything if r["status"] in wanted)


def test_items_table_lists_low_items(demo: Cli) -> None:
    low = demo.json("items", "--status", "low")
    code, out, err = demo("items", "--status", "low")
    assert code == 0, err
    for row in low:
        assert row["sku"] in out
    assert out.rstrip().endswith(f"{len(low)} items")


# ---------------------------------------------------------------- stock


def test_receive_use_adjust_dispose(cli: Cli) -> None:
    code, out, err = cli("stock", "receive", "GLV-M", "10", "--note", "PO 17")
    assert code == 0, err
    assert "GLV-M" in out and "10 boxes on hand" in out
    assert cli("stock", "use", "GLV-M", "3")[0] == 0
    assert cli.item("GLV-M")["on_hand"] == 7
    assert cli("stock", "adjust", "GLV-M", "-2", "--reason", "count")[0] == 0
    assert cli.item("GLV-M")["on_hand"] == 5
    assert cli("stock", "adjust", "GLV-M", "9", "--to", "--reason", "count")[0] == 0
    assert cli.item("GLV-M")["on_hand"] == 9
    assert cli("stock", "dispose", "GLV-M", "1", "--reason", "damaged")[0] == 0
    item = cli.item("GLV-M")
    assert item["on_hand"] == 8 and item["status"] == "ok"

    history = cli.json("history", "GLV-M")
    assert [(m["kind"], m["quantity"]) for m in history] == [
        ("receive", 10),
        ("use", -3),
        ("adjust", -2),
        ("adjust", 4),
        ("dispose", -1),
    ]
    assert [m["reason"] for m in history] == ["", "", "count", "count", "damaged"]
    assert history[0]["note"] == "PO 17"


def test_lots_and_expiry(cli: Cli) -> None:
    result = cli.json("stock", "receive", "VAX-FLU", "5", "--lot", "L1", "--expires", FAR_FUTURE)
    assert result["movements"][0]["lot_number"] == "L1"
    assert result["movements"][0]["expires_on"] == FAR_FUTURE
    assert result["item"]["on_hand"] == 5
    assert result["item"]["next_expiry"] == FAR_FUTURE

    code, _, err = cli("stock", "receive", "VAX-FLU", "5")
    assert code == 1 and "lot" in _one_line(err)

    assert cli("stock", "use", "VAX-FLU", "2", "--lot", "L1")[0] == 0
    assert cli("stock", "dispose", "VAX-FLU", "1", "--lot", "L1", "--reason", "recalled")[0] == 0
    history = cli.json("history", "VAX-FLU")
    assert [(m["kind"], m["quantity"], m["lot_number"]) for m in history] == [
        ("receive", 5, "L1"),
        ("use", -2, "L1"),
        ("dispose", -1, "L1"),
    ]
    assert cli.item("VAX-FLU")["on_hand"] == 2


def test_an_expiry_without_a_lot_number_is_one_lot_per_date(cli: Cli) -> None:
    """`stock receive --expires` without `--lot`: the lot with no number of that date."""
    soon = (date.today() + timedelta(days=20)).isoformat()
    code, out, err = cli("stock", "receive", "VAX-FLU", "5", "--expires", soon)
    assert code == 0, err
    assert f"the lot with no number expiring {soon}" in out
    assert cli("stock", "receive", "VAX-FLU", "2", "--expires", soon)[0] == 0  # the same lot
    assert cli("stock", "receive", "VAX-FLU", "3", "--expires", FAR_FUTURE)[0] == 0  # another lot
    assert cli("stock", "receive", "VAX-FLU", "1", "--lot", "L1", "--expires", soon)[0] == 0
    lots = cli.json("expiring", "--days", "30")
    assert sorted((x["lot"], x["quantity"]) for x in lots) == [("", 7), ("L1", 1)]

    code, out, err = cli("expiring", "--days", "30")
    assert code == 0, err
    assert "no lot number" in out and "L1" in out
    # FEFO across lots with and without a number: the lot of `soon` without a number first (id order).
    assert [m["expires_on"] for m in cli.json("stock", "use", "VAX-FLU", "8")["movements"]] == [soon, soon]
    result = cli.json("stock", "use", "VAX-FLU", "1", "--expires", FAR_FUTURE)
    assert [(m["lot_number"], m["expires_on"]) for m in result["movements"]] == [("", FAR_FUTURE)]
    code, _, err = cli("stock", "use", "VAX-FLU", "1", "--expires", "2099-02-28")
    assert code == 1 and "no lot with no number expiring 2099-02-28" in _one_line(err)
    assert cli.item("VAX-FLU")["on_hand"] == 2

    code, out, err = cli("history", "VAX-FLU")
    assert code == 0, err
    assert out.count("no lot number") == 5  # three receipts and two uses of lots without one
    code, out, err = cli("check")
    assert code == 0 and out.startswith("OK"), err


def test_using_more_than_on_hand_is_refused_with_the_item_and_what_is_there(cli: Cli) -> None:
    assert cli("stock", "receive", "GLV-M", "7")[0] == 0
    code, out, err = cli("stock", "use", "GLV-M", "8")
    assert code == 1
    assert out == ""
    line = _one_line(err)
    assert "GLV-M" in line and "Nitrile gloves, medium" in line
    assert "only 7 on hand" in line
    assert cli.item("GLV-M")["on_hand"] == 7
    assert len(cli.json("history", "GLV-M")) == 1

    code, _, err = cli("stock", "dispose", "GLV-M", "8", "--reason", "expired")
    assert code == 1 and "only 7 on hand" in _one_line(err)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["stock", "use", "NO-SUCH", "1"], "NO-SUCH"),
        (["stock", "receive", "GLV-M", "1.5"], "whole number"),
        (["stock", "receive", "GLV-M", "0"], "at least 1"),
        (["stock", "receive", "GLV-M", "NaN"], "whole number"),
        (["stock", "dispose", "GLV-M", "1", "--reason", "boredom"], "expired"),
        (["stock", "reverse", "999"], "#999"),
        (["history", "NO-SUCH"], "NO-SUCH"),
    ],
)
def test_refusals_are_one_line_with_exit_1(cli: Cli, args: list[str], expected: str) -> None:
    code, out, err = cli(*args)
    assert code == 1
    assert out == ""
    assert expected in _one_line(err)


def test_reverse_undoes_a_movement_once(cli: Cli) -> None:
    received = cli.json("stock", "receive", "GZ-44", "6")
    movement_id = received["movements"][0]["id"]
    assert cli("stock", "use", "GZ-44", "2")[0] == 0

    code, out, err = cli("stock", "reverse", str(movement_id), "--note", "wrong item scanned")
    assert code == 1  # 6 received but only 4 left: reversing would go below zero
    assert "only 4" in _one_line(err)

    use_id = cli.json("history", "GZ-44")[-1]["id"]
    code, out, err = cli("stock", "reverse", str(use_id))
    assert code == 0, err
    assert f"#{use_id + 1} reversal +2" in out
    assert cli.item("GZ-44")["on_hand"] == 6

    code, _, err = cli("stock", "reverse", str(use_id))
    assert code == 1 and "already been reversed" in _one_line(err)
    code, _, err = cli("stock", "reverse", str(use_id + 1))
    assert code == 1 and "itself a reversal" in _one_line(err)

    history = cli.json("history", "GZ-44")
    assert history[1]["reversed_by"] == use_id + 1
    assert history[2]["reversal_of"] == use_id


def test_history_json_has_a_running_balance(cli: Cli) -> None:
    for args in (
        ["receive", "GLV-M", "10"],
        ["use", "GLV-M", "4"],
        ["receive", "GLV-M", "3"],
        ["adjust", "GLV-M", "-1", "--reason", "count"],
        ["use", "GLV-M", "8"],
    ):
        assert cli("stock", *args)[0] == 0
    history = cli.json("history", "GLV-M")
    assert [m["balance"] for m in history] == [10, 6, 9, 8, 0]
    total = 0
    for movement in history:
        total += movement["quantity"]
        assert movement["balance"] == total
        assert movement["user"]
        assert movement["created_at"]
    assert cli.item("GLV-M")["on_hand"] == 0 and cli.item("GLV-M")["status"] == "out"

    code, out, err = cli("history", "glv-m")  # SKUs match in any case
    assert code == 0, err
    assert out.count("\n") >= 2 + len(history)


def test_receiving_an_expired_lot_records_it_with_a_warning(cli: Cli) -> None:
    past = (date.today() - timedelta(days=5)).isoformat()
    code, out, err = cli("stock", "receive", "VAX-FLU", "3", "--lot", "OLD7", "--expires", past)
    assert code == 0
    assert "Recorded #1 receive +3 lot OLD7" in out
    assert _one_line(err) == (
        f"Warning: Lot OLD7 expired on {past}; it is recorded, and shows on the Expiring page as expired."
    )
    assert cli.item("VAX-FLU")["expired"] == 3

    code, out, err = cli("stock", "receive", "VAX-FLU", "1", "--lot", "OLD7", "--expires", past, "--json")
    assert code == 0 and json.loads(out)["item"]["expired"] == 4  # stdout stays JSON
    assert f"Lot OLD7 expired on {past}" in _one_line(err)

    code, out, err = cli("stock", "receive", "VAX-FLU", "2", "--lot", "NEW", "--expires", FAR_FUTURE)
    assert code == 0 and err == ""


# ---------------------------------------------------------------- check


def test_check_passes_on_a_good_database_and_names_a_tampered_item(cli: Cli) -> None:
    assert cli("stock", "receive", "GLV-M", "10")[0] == 0
    assert cli("stock", "receive", "GZ-44", "4")[0] == 0
    code, out, err = cli("check")
    assert code == 0, err
    assert out.startswith("OK")

    with closing(sqlite3.connect(cli.db)) as conn:
        conn.execute("UPDATE item SET on_hand = on_hand + 5 WHERE sku = 'GZ-44'")
        conn.commit()

    code, out, err = cli("check")
    assert code == 1
    assert "GZ-44" in out and "9" in out and "4" in out
    assert "GLV-M" not in out
    assert "1 problem" in _one_line(err)
    code, out, _ = cli("check", "--json")
    assert code == 1
    report = json.loads(out)
    assert report["ok"] is False
    assert len(report["problems"]) == 1 and "GZ-44" in report["problems"][0]


# ---------------------------------------------------------------- usage and choosing the database


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["bogus"],
        ["items", "--status", "bogus"],
        ["stock"],
        ["stock", "use", "GLV-M"],
        ["stock", "reverse", "abc"],
        ["stock", "adjust", "GLV-M", "3"],
        ["stock", "dispose", "GLV-M", "3"],
        ["stock", "adjust", "NO-SUCH", "3"],
    ],
)
def test_wrong_usage_exits_2(cli: Cli, args: list[str]) -> None:
    code, out, err = cli(*args)
    assert code == 2
    assert "usage:" in err
    assert "Traceback" not in err


def test_db_may_come_after_the_subcommand(cli: Cli) -> None:
    path = str(cli.db)
    assert cli("stock", "receive", "GLV-M", "4", "--db", path, db=False)[0] == 0
    assert cli("stock", "--db", path, "use", "GLV-M", "1", db=False)[0] == 0
    code, out, err = cli("items", "--db", path, "--json", db=False)
    assert code == 0, err
    assert {r["sku"]: r["on_hand"] for r in json.loads(out)}["GLV-M"] == 3
    code, out, err = cli("history", "GLV-M", "--json", "--db", path, db=False)
    assert code == 0 and len(json.loads(out)) == 2


def test_the_environment_variable_and_db_choose_the_database(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = tmp_path / "other.db"
    monkeypatch.setenv(ENV_VAR, str(cli.db))
    code, out, err = cli("items", "--json", db=False)
    assert code == 0, err
    assert sorted(r["sku"] for r in json.loads(out)) == ["GLV-M", "GZ-44", "VAX-FLU"]

    code, out, err = cli("--db", str(other), "--new", "items", "--json", db=False)
    assert code == 0, err
    assert json.loads(out) == []
    assert other.exists()


def test_a_db_that_does_not_exist_is_refused_unless_new(cli: Cli, tmp_path: Path) -> None:
    typo = tmp_path / "inventroy.db"
    code, out, err = cli("--db", str(typo), "items", db=False)
    assert code == 1 and out == ""
    line = _one_line(err)
    assert f"No inventory at {typo}. Check the name, or create a new one with --new" in line
    assert not typo.exists()

    code, out, err = cli("items", "--db", str(typo), "--new", "--json", db=False)
    assert code == 0, err
    assert json.loads(out) == [] and typo.exists()
    assert cli("--db", str(typo), "items", db=False)[0] == 0  # now it is an inventory


def test_the_environment_variable_naming_no_file_is_refused(cli: Cli, tmp_path: Path) -> None:
    # The autouse fixture points $INVENTORY_APP_DB at a file that does not exist.
    code, out, err = cli("check", db=False)
    assert code == 1 and out == ""
    assert f"No inventory at {tmp_path / 'from-env.db'}" in _one_line(err)
    assert not (tmp_path / "from-env.db").exists()


def test_an_empty_file_is_refused_not_made_an_inventory(cli: Cli, tmp_path: Path) -> None:
    empty = tmp_path / "clinic.db"
    empty.touch()
    for args in (["items"], ["users", "list"], ["demo"]):
        code, out, err = cli("--db", str(empty), *args, db=False)
        assert code == 1 and out == ""
        assert f"{empty} is an empty file, not an inventory" in _one_line(err)
        assert empty.stat().st_size == 0
    code, out, err = cli("--db", str(empty), "--new", "items", "--json", db=False)
    assert code == 0, err
    assert json.loads(out) == [] and empty.stat().st_size > 0


def test_demo_creates_the_database_it_fills(cli: Cli, tmp_path: Path) -> None:
    fresh = tmp_path / "demo-new.db"
    code, out, err = cli("--db", str(fresh), "demo", db=False)
    assert code == 0, err
    assert "Loaded the demo clinic" in out and fresh.exists()


def test_a_file_that_is_not_a_database_is_one_line(cli: Cli, tmp_path: Path) -> None:
    bogus = tmp_path / "scan.pdf"
    bogus.write_bytes(b"%PDF-1.4\n" + b"\x00garbage" * 200)
    code, out, err = cli("--db", str(bogus), "items", db=False)
    assert code == 1
    assert out == ""
    line = _one_line(err)
    assert str(bogus) in line and "not a database" in line


# ---------------------------------------------------------------- a real process


def test_real_process_exit_codes(tmp_path: Path) -> None:
    path = tmp_path / "inventory.db"
    _make_database(path)
    env = {ENV_VAR: str(tmp_path / "env.db")}

    done = _run("--db", str(path), "stock", "receive", "GLV-M", "3", env=env)
    assert done.returncode == 0, done.stderr
    assert "3 boxes on hand" in done.stdout

    refused = _run("--db", str(path), "stock", "use", "GLV-M", "5", env=env)
    assert refused.returncode == 1
    assert refused.stdout == ""
    assert "only 3 on hand" in _one_line(refused.stderr)

    usage = _run("stock", "use", env=env)
    assert usage.returncode == 2
    assert "usage:" in usage.stderr and "Traceback" not in usage.stderr

    check = _run("check", "--db", str(path), env=env)
    assert check.returncode == 0, check.stderr

    not_a_db = tmp_path / "scan.pdf"
    not_a_db.write_bytes(b"%PDF-1.4\n" + b"\x00garbage" * 200)
    bad = _run("--db", str(not_a_db), "items", env=env)
    assert bad.returncode == 1
    assert "not a database" in _one_line(bad.stderr)


def test_real_process_refuses_a_mistyped_db_and_creates_the_default_on_first_start(tmp_path: Path) -> None:
    typo = tmp_path / "clinc.db"
    refused = _run("--db", str(typo), "items", env={ENV_VAR: ""})
    assert refused.returncode == 1 and refused.stdout == ""
    assert f"No inventory at {typo}. Check the name" in _one_line(refused.stderr)
    assert not typo.exists()

    empty = tmp_path / "zero.db"
    empty.touch()
    refused = _run("items", env={ENV_VAR: str(empty)})
    assert refused.returncode == 1
    assert "an empty file, not an inventory" in _one_line(refused.stderr)

    # First start: no --db, no $INVENTORY_APP_DB; the file in the data folder is made without asking.
    first = _run("items", "--json", env={ENV_VAR: "", "XDG_DATA_HOME": str(tmp_path / "data")})
    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout) == []
    assert list((tmp_path / "data").rglob("inventory.db"))


def test_real_process_demo_twice(demo_file: Path, tmp_path: Path) -> None:
    path = tmp_path / "demo.db"
    shutil.copyfile(demo_file, path)
    again = _run("demo", env={ENV_VAR: str(path)})
    assert again.returncode == 1
    assert again.stdout == ""
    assert "already has items" in _one_line(again.stderr)


def test_real_process_unreachable_server_is_one_line_without_password(tmp_path: Path) -> None:
    import socket

    with socket.socket() as blocker:
        blocker.bind(("127.0.0.1", 0))
        port = blocker.getsockname()[1]
        url = f"postgresql://alice:s3cret@127.0.0.1:{port}/inventory"
        result = _run("--db", url, "items")
    assert result.returncode == 1
    line = _one_line(result.stderr)
    assert "s3cret" not in result.stderr
    assert f"postgresql://alice@127.0.0.1:{port}/inventory" in line
