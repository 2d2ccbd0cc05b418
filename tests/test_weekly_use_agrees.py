"""One item, one weekly use and one weeks of supply: the same figures from every path that
shows them (core reports, reorder suggestions, the suggested reorder point, the usage
workbook, the command line), whatever the report's period."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook

from inventory_app.core import corrections
from inventory_app.core.accounts.context import set_current_user
from inventory_app.core.catalog import items as catalog
from inventory_app.core.purchasing import reorder
from inventory_app.core.shelf import usage
from inventory_app.core.stock import movements as stock
from inventory_app.core.stock.use_rate import use_rate, weekly_use_of, weeks_of_supply
from inventory_app.core.types import ItemInput, SupplierInput
from inventory_app.db.session import close_database, open_database
from inventory_app.documents.shelf_reports import export_usage_report
from tests.cli.test_commands import Cli
from tests.core.shelf.shelf_helpers import ago

TODAY = date.today()
# 59 syringes used in the last 8 weeks: 7.375 a week, shown 7.4; 31 on hand last 31 / 7.4 = 4.2 weeks.
WEEKLY, WEEKS_LEFT = 7.4, 4.2


def syringe_ledger() -> int:
    """A low item whose use is not a round number, with what an average must leave out: use
    before the window, a reversed use, a reversal of an old use, a disposal and a count."""
    north = catalog.save_supplier(SupplierInput(name="Northgate", lead_time_days=5)).id
    item = catalog.create_item(
        ItemInput(sku="SYR-3", name="Syringe 3 ml", unit="syringe", reorder_point=40, par_level=120,
                  supplier_id=north, units_per_purchase_unit=100)
    ).id  # fmt: skip
    stock.receive(item, 104, at=ago(100))
    stock.use(item, 10, at=ago(80))  # before the window
    old = stock.use(item, 5, at=ago(70))[0]
    corrections.reverse(old.id)  # reversed today: neither use nor negative use in the window
    for week in range(7):
        stock.use(item, 8, at=ago(2 + 7 * week))
    stock.use(item, 3, at=ago(52))
    mistake = stock.use(item, 6, at=ago(1))[0]
    corrections.reverse(mistake.id)
    stock.dispose(item, 2, reason="damaged")  # waste, not use
    stock.adjust(item, -2, reason="count")  # a correction, not use
    assert catalog.item_detail(item).on_hand == 104 - 10 - 59 - 2 - 2 == 31
    return item


def figures_in_core(item: int) -> dict[str, tuple[float | None, float | None]]:
    on_hand = catalog.item_detail(item).on_hand
    rate = use_rate(item)
    info = usage.item_usage(item)
    long_period = usage.usage_report(TODAY - timedelta(days=7 * 12), TODAY)  # another period
    short_top = usage.top_items(TODAY - timedelta(days=20), TODAY)
    line = next(line for group in reorder.suggestions() for line in group.lines if line.item_id == item)
    point = usage.suggest_reorder_point(item)
    row = next(r for r in long_period if r.item_id == item)
    top = next(r for r in short_top if r.item_id == item)
    return {
        "use rate": (rate.weekly, rate.weeks_left(on_hand)),
        "item usage (Reports page)": (info.weekly_use, info.weeks_left),
        "item usage as JSON": (info.to_json()["weekly_use"], info.to_json()["weeks_left"]),
        "usage report, 12 weeks": (row.weekly_use, row.weeks_left),
        "top items, 3 weeks": (top.weekly_use, top.weeks_left),
        "average weekly use": (usage.average_weekly_use([item])[item], weeks_of_supply(on_hand, WEEKLY)),
        "reorder suggestion": (line.weekly_use, line.weeks_left),
        "suggested reorder point": (point.weekly_use, weeks_of_supply(on_hand, point.weekly_use)),
    }


def test_every_path_gives_the_same_weekly_use_and_weeks_of_supply(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "use.db"
    set_current_user("tester")
    db = open_database(path)
    try:
        item = syringe_ledger()
        shown = figures_in_core(item)
        workbook = export_usage_report(tmp_path / "usage.xlsx", TODAY - timedelta(days=30), TODAY)
    finally:
        close_database(db)
        set_current_user(None)

    cli = Cli(capsys, path)
    suggested = next(line for group in cli.json("orders", "suggest") for line in group["lines"])
    shown["orders suggest --json"] = (suggested["weekly_use"], suggested["weeks_left"])
    code, _out, err = cli(
        "report", "usage", str(tmp_path / "cli.xlsx"), "--from", str(TODAY - timedelta(days=6))
    )
    assert code == 0, err
    for name, book in (("usage workbook", workbook), ("report usage (command line)", tmp_path / "cli.xlsx")):
        rows = list(load_workbook(book)["Use by item"].iter_rows(values_only=True))
        header, syringe = rows[0], next(r for r in rows if r[0] == "SYR-3")
        shown[name] = (
            syringe[header.index("Per week, last 8 weeks")],
            syringe[header.index("Weeks of supply")],
        )

    assert shown == dict.fromkeys(shown, (WEEKLY, WEEKS_LEFT)), shown


def test_one_rounding_halves_up_and_weeks_of_supply_from_the_figure_shown() -> None:
    assert weekly_use_of(59, 56) == 7.4  # 7.375
    assert weekly_use_of(3, 14) == 1.5  # exactly 1.5
    assert weekly_use_of(149, 40) == 26.1  # 26.075: half up, no float surprise
    assert weekly_use_of(0, 56) == 0.0
    assert weeks_of_supply(26, 7.45) == 3.5 and weeks_of_supply(26, 7.5) == 3.5
    assert weeks_of_supply(37, 7.4) == 5.0  # on hand / the weekly use shown, checkable by hand
    assert weeks_of_supply(5, 0.0) is None and weeks_of_supply(5, None) is None
