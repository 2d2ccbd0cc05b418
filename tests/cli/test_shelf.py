"""`inventory-app expiring | dispose-expired | lot | labels | report | counts`: output,
JSON, exit codes (0 done, 1 refused with one line on stderr, 2 wrong usage)."""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.cli.test_commands import Cli, _no_default_database, _one_line, _run, cli, demo_load  # noqa: F401 - fixtures
from tests.documents.test_labels import barcodes_in

TODAY = date.today()


def _day(n: int) -> str:
    return (TODAY + timedelta(days=n)).isoformat()


@pytest.fixture
def lots(cli: Cli) -> Cli:  # noqa: F811
    """The small database with three flu vaccine lots: expired, expiring, far off."""
    for lot, qty, expires in (("OLD", 4, _day(-3)), ("SOON", 6, _day(20)), ("FAR", 8, _day(300))):
        code, _out, err = cli("stock", "receive", "VAX-FLU", str(qty), "--lot", lot, "--expires", expires)
        assert code == 0, err
    return cli


@pytest.fixture
def shop(demo_load, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:  # noqa: F811
    path = tmp_path / "demo.db"
    shutil.copy(demo_load[0], path)
    return Cli(capsys, path)


# ---------------------------------------------------------------- expiry


def test_expiring_lists_expired_and_expiring_lots_soonest_first(lots: Cli) -> None:
    rows = lots.json("expiring")
    assert [(r["lot"], r["state"], r["quantity"]) for r in rows] == [
        ("OLD", "expired", 4),
        ("SOON", "expiring", 6),
    ]
    assert rows[0]["days_left"] == -3 and rows[0]["window_days"] == 60
    assert {"sku", "name", "expires_on", "value", "unit_cost", "location"} <= set(rows[0])
    assert [r["lot"] for r in lots.json("expiring", "--days", "400")] == ["OLD", "SOON", "FAR"]
    assert [r["lot"] for r in lots.json("expiring", "--days", "0")] == ["OLD"]

    code, out, err = lots("expiring")
    assert code == 0, err
    assert "OLD" in out and "EXPIRED" in out and "SOON" in out and "FAR" not in out
    assert "1 expired lot (value $0.00), 1 expiring within their warning windows." in out
    code, _out, err = lots("expiring", "--days", "-1")
    assert code == 2 and "negative" in err


def test_expiring_with_nothing_to_show(cli: Cli) -> None:  # noqa: F811
    code, out, _err = cli("expiring")
    assert code == 0 and "No lots expired or expiring" in out
    assert cli.json("expiring") == []


def test_dispose_expired(lots: Cli) -> None:
    code, _out, err = lots("dispose-expired")
    assert code == 2 and "--all" in err
    code, _out, err = lots("dispose-expired", "--all", "--sku", "VAX-FLU")
    assert code == 2

    dry = lots.json("dispose-expired", "--all", "--dry-run")
    assert dry["dry_run"] and [x["lot"] for x in dry["lots"]] == ["OLD"] and dry["movements"] == []
    assert lots.item("VAX-FLU")["expired"] == 4

    done = lots.json("dispose-expired", "--sku", "VAX-FLU", "--lot", "old", "--note", "monthly check")
    assert [(m["quantity"], m["reason"], m["lot_number"], m["note"]) for m in done["movements"]] == [
        (-4, "expired", "OLD", "monthly check")
    ]
    assert lots.item("VAX-FLU")["expired"] == 0 and lots.item("VAX-FLU")["on_hand"] == 14

    code, out, _err = lots("dispose-expired", "--all")
    assert code == 0 and "Nothing to dispose of" in out
    code, out, err = lots("dispose-expired", "--lot", "SOON")
    assert code == 1 and out == ""
    assert "No expired lot numbered SOON holds stock." == _one_line(err).removeprefix("inventory-app: ")
    code, _out, err = lots("dispose-expired", "--sku", "NOPE")
    assert code == 1 and "NOPE" in _one_line(err)


def test_lot_trace(lots: Cli) -> None:
    assert lots("stock", "use", "VAX-FLU", "2", "--lot", "SOON")[0] == 0
    (trace,) = lots.json("lot", "soon")
    assert (trace["sku"], trace["lot"], trace["received"], trace["used"], trace["quantity"]) == (
        "VAX-FLU", "SOON", 6, 2, 4,
    )  # fmt: skip
    assert trace["receipts"][0]["order"] is None and trace["receipts"][0]["quantity"] == 6
    assert [m["kind"] for m in trace["movements"]] == ["receive", "use"]

    code, out, err = lots("lot", "SOON")
    assert code == 0, err
    assert "Lot SOON of VAX-FLU Flu vaccine" in out and "4 doses left" in out and "not on an order" in out
    code, out, err = lots("lot", "XYZ-404")
    assert code == 1 and out == "" and "No lot numbered “XYZ-404”." in _one_line(err)


# ---------------------------------------------------------------- labels


def test_labels(cli: Cli, tmp_path: Path) -> None:  # noqa: F811
    path = tmp_path / "labels.pdf"
    code, out, err = cli("labels", str(path), "--sku", "GZ-44", "GLV-M", "--layout", "a4-24")
    assert code == 0, err
    assert "Wrote 2 labels (a4-24)" in out
    text = PdfReader(path).pages[0].extract_text()
    assert "Gauze 4x4" in text and "Reorder at 2" in text and "Nitrile gloves, medium" in text
    assert barcodes_in(path) == ["GZ-44", "GLV-M"]

    result = cli.json("labels", str(path), "--copies", "2")  # every active item, twice
    assert result["labels"] == 6 and result["layout"] == "letter-30"

    for args, expected_code, words in (
        (["--sku", "NOPE"], 1, "NOPE"),
        (["--layout", "avery-1"], 1, "letter-30"),
        (["--start", "31"], 1, "Start at"),
    ):
        code, out, err = cli("labels", str(tmp_path / "x.pdf"), *args)
        assert code == expected_code and words in _one_line(err), (args, err)
    code, _out, err = cli("labels", str(tmp_path / "x.txt"))
    assert code == 1 and ".pdf" in _one_line(err)
    assert not (tmp_path / "x.pdf").exists()


# ---------------------------------------------------------------- reports


def test_reports(shop: Cli, tmp_path: Path) -> None:
    usage = tmp_path / "usage.xlsx"
    code, out, err = shop("report", "usage", str(usage), "--from", _day(-60), "--to", _day(0), "--top", "5")
    assert code == 0, err
    assert f"Wrote the usage report for {_day(-60)} to {_day(0)}" in out
    assert load_workbook(usage).sheetnames == [
        "Report",
        "Use by item",
        "Top 5 by use",
        "Top 5 by cost",
        "Use by week",
    ]

    spending = shop.json("report", "spending", str(tmp_path / "spending.xlsx"))
    assert spending["from"] == _day(-89) and spending["to"] == _day(0)
    waste = shop.json("report", "waste", str(tmp_path / "waste.pdf"))
    assert Path(waste["file"]).exists()
    assert "Expiry & waste log" in PdfReader(waste["file"]).pages[0].extract_text()

    for args, expected_code in (
        (["report", "usage", str(tmp_path / "u.csv")], 1),
        (["report", "usage", str(tmp_path / "u.xlsx"), "--from", "2026-02-30"], 2),
        (["report", "usage", str(tmp_path / "u.xlsx"), "--from", _day(0), "--to", _day(-1)], 2),
        (["report", "usage", str(tmp_path / "u.xlsx"), "--top", "0"], 2),
        (["report", "stock", str(tmp_path / "u.xlsx")], 2),
    ):
        code, _out, err = shop(*args)
        assert code == expected_code, (args, err)
        assert "Traceback" not in err
    assert not (tmp_path / "u.xlsx").exists()


# ---------------------------------------------------------------- counts


def test_a_count_from_start_to_post(shop: Cli, tmp_path: Path) -> None:
    started = shop.json("counts", "start", "--location", "Supply Room B", "--note", "month end")
    cid = str(started["id"])
    assert started["title"] == "Location: Supply Room B" and started["status"] == "open"
    lines = started["lines"]
    assert lines and all(line["location"] == "Supply Room B" and line["counted"] is None for line in lines)
    plain = next(line for line in lines if not line["lot"])
    tracked = next(line for line in lines if line["lot"])

    sheet = tmp_path / "sheet.pdf"
    code, out, err = shop("counts", "sheet", cid, str(sheet))
    assert code == 0 and "blind" in out, err
    assert "Blind count" in PdfReader(sheet).pages[0].extract_text()

    entered = shop.json("counts", "enter", cid, f"{plain['sku']}={plain['expected'] + 2}")
    assert entered["lines"][0]["difference"] == 2
    entered = shop.json("counts", "enter", cid, f"{tracked['sku']}=0", "--lot", tracked["lot"])
    assert entered["lines"][0]["difference"] == -tracked["expected"]

    review = shop.json("counts", "show", cid)
    assert review["counted"] == 2 and len(review["lines"]) == len(lines)
    code, out, err = shop("counts", "show", cid)
    assert code == 0 and "2 lines differ, net value " in out, err
    net = Decimal(review["total_value"])
    assert f"net value {'+' if net > 0 else ''}{'-' if net < 0 else ''}${abs(net):,.2f};" in out
    recorded = shop.json("counts", "list")[0]["started_by"]
    assert recorded  # the operating-system login stays in the history and in --json
    code, out, err = shop("counts", "list")
    assert code == 0 and recorded not in out and "  -  " in out, err  # no account: not named

    posted = shop.json("counts", "post", cid)
    assert posted["count"]["status"] == "posted"
    assert sorted(m["quantity"] for m in posted["movements"]) == sorted([2, -tracked["expected"]])
    assert all(m["reason"] == "count" for m in posted["movements"])
    assert posted["skipped"] == len(lines) - 2
    assert shop.item(plain["sku"])["on_hand"] == plain["expected"] + 2
    assert shop.json("check")["ok"] is True

    code, out, err = shop("counts", "post", cid)
    assert code == 1 and out == "" and "is posted" in _one_line(err)
    assert [c["status"] for c in shop.json("counts", "list")] == ["posted"]


def test_counts_refusals_and_abandon(shop: Cli) -> None:
    started = shop.json("counts", "start", "--category", "Vaccines")
    cid = str(started["id"])
    several = [line for line in started["lines"] if line["lot"]]
    sku_with_lots = next(
        line["sku"] for line in several if sum(1 for x in several if x["sku"] == line["sku"]) > 1
    )
    code, _out, err = shop("counts", "enter", cid, f"{sku_with_lots}=3")
    assert code == 2 and "--lot" in err
    code, _out, err = shop("counts", "enter", cid, "just-a-word")
    assert code == 2 and "SKU=QTY" in err
    code, _out, err = shop("counts", "enter", cid, "NO-SUCH-SKU=1")
    assert code == 1 and "NO-SUCH-SKU" in _one_line(err)
    code, _out, err = shop("counts", "enter", cid, f"{sku_with_lots}=1", "--lot", "NEW-LOT")
    assert code == 1 and "expiry date" in _one_line(err)
    added = shop.json(
        "counts", "enter", cid, f"{sku_with_lots}=1", "--lot", "NEW-LOT", "--expires", _day(100)
    )
    assert added["added"] and added["lines"][0]["lot"] == "NEW-LOT"
    code, _out, err = shop("counts", "start", "--category", "Vaccines")
    assert code == 1 and "still open" in _one_line(err)
    code, _out, err = shop("counts", "start", "--location", "Nowhere")
    assert code == 1 and "Nowhere" in _one_line(err)

    before = shop.json("items")
    code, out, err = shop("counts", "abandon", cid)
    assert code == 0 and "no stock was changed" in out, err
    assert shop.json("items") == before
    code, _out, err = shop("counts", "enter", cid, f"{sku_with_lots}=1", "--lot", "NEW-LOT")
    assert code == 1 and "abandoned" in _one_line(err)
    code, _out, err = shop("counts", "show", "999")
    assert code == 1 and "#999" in _one_line(err)


def test_exit_codes_in_a_real_process(tmp_path: Path) -> None:
    db = tmp_path / "real.db"
    assert _run("--db", str(db), "--new", "expiring").returncode == 0
    refused = _run("--db", str(db), "lot", "NOPE")
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1
    usage = _run("--db", str(db), "dispose-expired")
    assert usage.returncode == 2 and "Traceback" not in usage.stderr
