"""`inventory-app orders ...`: suggestions, drafts, the status changes and receiving."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from inventory_app.core.accounts.context import set_current_user
from inventory_app.core.catalog import items as catalog
from inventory_app.core.stock import movements as stock
from inventory_app.core.stock import queries as stock_queries
from inventory_app.core.types import ItemInput
from inventory_app.db.session import close_database, open_database
from tests.cli.test_commands import Cli, _no_default_database, demo_load  # noqa: F401 - fixtures


@pytest.fixture
def orders_cli(demo_load, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:  # noqa: F811
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
    assert code == 1 and "tracks expiry" in err and "--expires" in err
    assert orders_cli.json("orders", "show", number)["status"] == "ordered"
    done = orders_cli.json("orders", "receive", number, "--all", "--lot", "L-77", "--expires", "2028-05-31")
    assert done["status"] == "received"


def test_a_tracked_line_received_with_an_expiry_and_no_lot_number(orders_cli: Cli) -> None:
    """--expires without --lot books the lot without a number of that date; the same date
    again adds to it."""
    number, sku = next(
        (o["number"], line["sku"])
        for o in _create(orders_cli)
        for line in orders_cli.json("orders", "show", o["number"])["lines"]
        if line["sku"].startswith("VAC")
    )
    orders_cli("orders", "mark-ordered", number)
    code, out, err = orders_cli("orders", "receive", number, f"{sku}=1", "--expires", "2028-05-31")
    assert code == 0, err
    assert f"{number}" in out and "received" in out
    code, _, err = orders_cli("orders", "receive", number, f"{sku}=1", "--expires", "2028-05-31", "--over")
    assert code == 0, err
    line = next(x for x in orders_cli.json("orders", "show", number)["lines"] if x["sku"] == sku)
    assert line["received"] == 2
    set_current_user("tester")
    db = open_database(orders_cli.db)
    try:
        item_id = catalog.item_id_for(sku)
        per_pack = catalog.item_detail(item_id).units_per_purchase_unit
        lots = [(x.lot_number, x.expires_on, x.quantity) for x in stock_queries.lots(item_id)]
    finally:
        close_database(db)
        set_current_user(None)
    assert [x for x in lots if x[1] == date(2028, 5, 31)] == [("", date(2028, 5, 31), 2 * per_pack)]
    assert "no lot number" in orders_cli("history", sku)[1]


def test_receiving_an_order_with_an_expired_lot_warns_and_records(orders_cli: Cli) -> None:
    number, sku = next(
        (o["number"], line["sku"])
        for o in _create(orders_cli)
        for line in orders_cli.json("orders", "show", o["number"])["lines"]
        if line["sku"].startswith("VAC")
    )
    orders_cli("orders", "mark-ordered", number)
    past = date.fromordinal(date.today().toordinal() - 1).isoformat()
    code, out, err = orders_cli("orders", "receive", number, f"{sku}=1", "--lot", "X9", "--expires", past)
    assert code == 0 and f"{number}" in out and "received" in out
    assert err.strip() == (
        f"Warning: Lot X9 expired on {past}; it is recorded, and shows on the Expiring page as expired."
    )
    line = next(x for x in orders_cli.json("orders", "show", number)["lines"] if x["sku"] == sku)
    assert line["received"] == 1


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


# ---------------------------------------------------------------- what the commands say about every low item


def _add_items(cli: Cli, *items: ItemInput, stock_of: dict[str, int] | None = None) -> None:
    """Items added to the copied demo database (the command line has no command to create one)."""
    set_current_user("tester")
    db = open_database(cli.db)
    try:
        for item in items:
            created = catalog.create_item(item)
            if stock_of and stock_of.get(item.sku):
                stock.receive(created.id, stock_of[item.sku])
    finally:
        close_database(db)
        set_current_user(None)


def _suggested(cli: Cli, sku: str) -> dict:
    return next(
        line for group in cli.json("orders", "suggest") for line in group["lines"] if line["sku"] == sku
    )


def test_suggest_says_a_reorder_point_of_0_gives_nothing_to_order(orders_cli: Cli) -> None:
    _add_items(orders_cli, ItemInput(sku="ZZ-RP0", name="Tongue depressors", unit="box"))
    line = _suggested(orders_cli, "ZZ-RP0")  # out (0 on hand), no order of any kind
    assert line["state"] == "no target" and line["on_order"] == line["in_draft"] == 0
    assert "draft" not in line["reason"] and "covered" not in line["reason"]
    assert "nothing to order: reorder point 0 and no par level (set a par level" in line["reason"]
    code, out, _ = orders_cli("orders", "suggest")
    row = next(text for text in out.splitlines() if text.startswith("ZZ-RP0"))
    assert code == 0 and "nothing to order" in row and "draft" not in row
    # A par level no higher than what is on hand (at the reorder point) says so too.
    _add_items(
        orders_cli,
        ItemInput(sku="ZZ-PAR", name="Cotton balls", unit="bag", reorder_point=3, par_level=3),
        stock_of={"ZZ-PAR": 3},
    )
    assert "par level 3 is not above on hand 3" in _suggested(orders_cli, "ZZ-PAR")["reason"]
    # An item that really is on a draft keeps "covered by a draft order".
    drafted = orders_cli.json("orders", "create")[0]
    sku = orders_cli.json("orders", "show", drafted["number"])["lines"][0]["sku"]
    assert _suggested(orders_cli, sku)["state"] == "in draft"


def test_create_lists_the_items_it_leaves_out_for_want_of_a_supplier(orders_cli: Cli) -> None:
    _add_items(
        orders_cli,
        ItemInput(sku="ZZ-NOSUP", name="Finger splints", unit="each", reorder_point=4, par_level=10),
    )
    code, out, _ = orders_cli("orders", "create")
    assert code == 0 and "PO-" in out
    assert "Not ordered, no supplier (1 item):" in out and "ZZ-NOSUP  Finger splints" in out
    assert "Assign supplier" in out and "Supplier column" in out
    # Nothing left with a supplier: still says which items wait for one.
    code, out, _ = orders_cli("orders", "create")
    assert code == 0 and "Nothing to order" in out and "ZZ-NOSUP" in out
    # --json: stdout stays JSON, the notice goes to stderr.
    code, out, err = orders_cli("orders", "create", "--json")
    assert code == 0 and json.loads(out) == [] and "ZZ-NOSUP" in err
    # Asked for one supplier only: the items of none are not that supplier's business.
    supplier = orders_cli.json("orders", "list")[0]["supplier"]
    code, out, _ = orders_cli("orders", "create", "--supplier", supplier)
    assert code == 0 and "ZZ-NOSUP" not in out


def test_json_create_with_nothing_to_order_prints_json(orders_cli: Cli) -> None:
    assert _create(orders_cli)
    code, out, err = orders_cli("orders", "create", "--json")
    assert code == 0 and json.loads(out) == [] and err == ""
    supplier = orders_cli.json("orders", "list")[0]["supplier"]
    code, out, _ = orders_cli("orders", "create", "--supplier", supplier, "--json")
    assert code == 0 and json.loads(out) == []


def test_items_status_low_includes_the_items_that_are_out(orders_cli: Cli) -> None:
    everything = orders_cli.json("items")
    out = {r["sku"] for r in everything if r["status"] == "out"}
    assert out, "the demo has no item that is out"
    low = orders_cli.json("items", "--status", "low")
    assert {r["sku"] for r in low} == {r["sku"] for r in everything if r["status"] in ("low", "out")}
    assert out <= {r["sku"] for r in low}
    assert {r["sku"] for r in orders_cli.json("items", "--status", "out")} == out
    code, text, _ = orders_cli("items", "--status", "low")
    assert code == 0 and all(sku in text for sku in out) and "OUT" in text


def test_low_stock_lists_what_needs_ordering_now(orders_cli: Cli) -> None:
    _add_items(orders_cli, ItemInput(sku="ZZ-NOSUP", name="Finger splints", reorder_point=4, par_level=10))
    rows = orders_cli.json("low-stock")
    not_ok = {r["sku"] for r in orders_cli.json("items") if r["status"] != "ok"}
    assert [r["sku"] for r in rows] == sorted(not_ok)
    for key in (
        "sku",
        "name",
        "on_hand",
        "reorder_point",
        "on_order",
        "suggested_units",
        "status",
        "to_order",
    ):
        assert all(key in r for r in rows), key
    splints = next(r for r in rows if r["sku"] == "ZZ-NOSUP")
    assert splints["status"] == "out" and splints["suggested_units"] == 10 and splints["supplier"] is None
    code, out, err = orders_cli("low-stock")
    assert code == 0, err
    header = out.splitlines()[0].split()
    assert header[:2] == ["SKU", "Name"] and "Suggested" in header and "On" in header
    splints_line = next(text for text in out.splitlines() if text.startswith("ZZ-NOSUP"))
    assert "0 (OUT)" in splints_line and "10 × each" in splints_line and "(none)" in splints_line
    assert f"{len(rows)} items low or out; {len(rows)} to order now" in out
    # Once drafted, the lines show what is coming and nothing more to order.
    _create(orders_cli)
    after = orders_cli.json("low-stock")
    drafted = [r for r in after if r["sku"] != "ZZ-NOSUP"]
    assert all(not r["to_order"] and r["in_draft"] > 0 for r in drafted)
    code, out, _ = orders_cli("low-stock")
    assert "in draft)" in out and f"{len(after)} items low or out; 1 to order now" in out
