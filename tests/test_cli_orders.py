"""`inventory-app orders ...`: suggestions, drafts, the status changes and receiving."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.test_cli import Cli, _no_default_database, demo_load  # noqa: F401 - fixtures


@pytest.fixture
def orders_cli(demo_load, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:  # noqa: ANN001, F811
    path = tmp_path / "demo.db"
    shutil.copy(demo_load[0], path)
    return Cli(capsys, path)


def _create(cli: Cli) -> list[dict]:
    return cli.json("orders", "create")


def test_suggest_groups_by_supplier_with_the_reasoning(orders_cli: Cli) -> None:
    groups = orders_cli.json("orders", "suggest")
    assert groups and all(group["lines"] for group in groups)
    line = groups[0]["lines"][0]
    for key in (
        "sku",
        "name",
        "on_hand",
        "on_order",
        "reorder_point",
        "par_level",
        "suggested_units",
        "purchase_unit",
        "units_per_purchase_unit",
        "suggested_purchase_units",
        "unit_cost",
        "line_total",
        "reason",
    ):
        assert key in line
    assert "→ need" in line["reason"]
    low = {r["sku"] for r in orders_cli.json("items") if r["status"] != "ok"}
    assert {x["sku"] for g in groups for x in g["lines"]} == low


def test_create_then_the_suggestions_are_covered(orders_cli: Cli) -> None:
    created = _create(orders_cli)
    assert created and all(o["status"] == "draft" and o["number"].startswith("PO-") for o in created)
    code, out, _ = orders_cli("orders", "create")
    assert code == 0 and "Nothing to order" in out
    listed = orders_cli.json("orders", "list", "--status", "draft")
    assert {o["number"] for o in listed} == {o["number"] for o in created}
    assert all({"number", "supplier", "status", "total"} <= o.keys() for o in listed)


def test_create_for_one_supplier(orders_cli: Cli) -> None:
    supplier = orders_cli.json("orders", "suggest")[0]["supplier"]
    created = orders_cli.json("orders", "create", "--supplier", supplier)
    assert [o["supplier"] for o in created] == [supplier]


def test_show_mark_ordered_receive_partially_then_all(orders_cli: Cli) -> None:
    created = _create(orders_cli)
    untracked = None
    for order in created:
        shown = orders_cli.json("orders", "show", order["number"])
        if all(not line["sku"].startswith(("VAC", "MED", "DX")) for line in shown["lines"]):
            untracked = shown
            break
    assert untracked is not None
    number = untracked["number"]
    code, _, err = orders_cli("orders", "receive", number, "--all")
    assert code == 1 and "draft" in err
    ordered = orders_cli.json("orders", "mark-ordered", number)
    assert ordered["status"] == "ordered" and ordered["expected_on"]
    first = untracked["lines"][0]
    before = next(r for r in orders_cli.json("items") if r["sku"] == first["sku"])["on_hand"]
    after_one = orders_cli.json("orders", "receive", number, f"{first['sku']}=1")
    expected_status = "received" if len(untracked["lines"]) == 1 and first["quantity"] == 1 else "partial"
    assert after_one["status"] == expected_status
    now = next(r for r in orders_cli.json("items") if r["sku"] == first["sku"])["on_hand"]
    assert now == before + first["units_per_purchase_unit"]
    done = (
        orders_cli.json("orders", "receive", number, "--all") if expected_status == "partial" else after_one
    )
    assert done["status"] == "received"
    assert all(line["received"] == line["quantity"] for line in done["lines"])
    code, _, err = orders_cli("orders", "cancel", number)
    assert code == 1 and "can be cancelled" in err
    assert orders_cli("check")[0] == 0


def test_a_tracked_line_needs_lot_and_expiry(orders_cli: Cli) -> None:
    created = _create(orders_cli)
    tracked = next(
        orders_cli.json("orders", "show", o["number"])
        for o in created
        if any(
            line["sku"].startswith("VAC") for line in orders_cli.json("orders", "show", o["number"])["lines"]
        )
    )
    number = tracked["number"]
    orders_cli("orders", "mark-ordered", number)
    code, _, err = orders_cli("orders", "receive", number, "--all")
    assert code == 1 and "tracks expiry" in err and "--lot" in err
    assert orders_cli.json("orders", "show", number)["status"] == "ordered"
    done = orders_cli.json("orders", "receive", number, "--all", "--lot", "L-77", "--expires", "2028-05-31")
    assert done["status"] == "received"


def test_over_receipt_needs_over(orders_cli: Cli) -> None:
    order = _create(orders_cli)[0]
    number = order["number"]
    line = orders_cli.json("orders", "show", number)["lines"][0]
    orders_cli("orders", "mark-ordered", number)
    too_many = f"{line['sku']}={line['quantity'] + 1}"
    code, _, err = orders_cli("orders", "receive", number, too_many, "--lot", "L1", "--expires", "2029-01-01")
    assert code == 1 and "Confirm" in err
    assert orders_cli.json("orders", "show", number)["lines"][0]["received"] == 0


def test_wrong_usage_and_unknown_orders(orders_cli: Cli) -> None:
    order = _create(orders_cli)[0]
    assert orders_cli("orders", "receive", order["number"])[0] == 2
    assert orders_cli("orders", "receive", order["number"], "--all", "X=1")[0] == 2
    assert orders_cli("orders", "receive", order["number"], "nonsense")[0] == 2
    code, _, err = orders_cli("orders", "show", "PO-1999-0001")
    assert code == 1 and "no purchase order" in err
    code, _, err = orders_cli("orders", "cancel", order["number"])
    assert code == 0
    code, _, err = orders_cli("orders", "mark-ordered", order["number"])
    assert code == 1 and "cancelled" in err


def test_export_writes_the_order_form(orders_cli: Cli, tmp_path: Path) -> None:
    order = _create(orders_cli)[0]
    pdf, xlsx = tmp_path / "po.pdf", tmp_path / "po.xlsx"
    assert orders_cli.json("orders", "export", order["number"], str(pdf)) == {"file": str(pdf)}
    assert pdf.read_bytes().startswith(b"%PDF")
    code, out, _ = orders_cli("orders", "export", order["number"], str(xlsx))
    assert code == 0 and str(xlsx) in out
    from openpyxl import load_workbook

    assert order["number"] in str([c.value for row in load_workbook(xlsx).active.iter_rows() for c in row])
    code, _, err = orders_cli("orders", "export", order["number"], str(tmp_path / "po.doc"))
    assert code == 1 and ".pdf or .xlsx" in err
