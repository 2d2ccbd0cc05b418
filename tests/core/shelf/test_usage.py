"""Use and spending from known ledgers: use per week and month, averages and weeks of supply,
top items, spending by supplier and category, the suggested reorder point and applying it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest

from inventory_app.core import corrections
from inventory_app.core.catalog import items as catalog
from inventory_app.core.purchasing import orders as purchasing
from inventory_app.core.purchasing.types import LineReceipt
from inventory_app.core.shelf import spending, usage
from inventory_app.core.shelf.types import UsagePoint
from inventory_app.core.stock import movements as stock
from inventory_app.db.models import Movement
from inventory_app.errors import NotFound, ValidationError
from tests.core.helpers import days, new_item
from tests.core.shelf.shelf_helpers import ago, at, receive_order, supplier

TODAY = date.today()


@pytest.fixture
def gloves(db):
    """Seven boxes used every week for the last eight weeks (56 in 56 days: one a day), lead
    time 5 days; a use outside the window, a reversed use, a disposal and a count around it."""
    north = supplier("Northgate", lead_time_days=5)
    item = new_item(
        "GLV-M", unit="box", unit_cost="64.50", units_per_purchase_unit=10, supplier_id=north,
        reorder_point=10, par_level=60,
    )  # fmt: skip
    stock.receive(item.id, 200, at=ago(100))
    stock.use(item.id, 20, at=ago(70))  # before the window
    for week in range(8):
        stock.use(item.id, 7, at=ago(3 + 7 * week))
    mistake = stock.use(item.id, 10, at=ago(2))[0]
    corrections.reverse(mistake.id)  # never happened: not use
    stock.dispose(item.id, 3, reason="damaged")  # waste, not use
    stock.adjust(item.id, 1, reason="count")  # a correction, not use
    return item.id


# ---------------------------------------------------------------- use over time


def test_use_per_week_and_per_month_net_of_reversals(db) -> None:
    item = new_item("GZ")
    monday = date(2026, 3, 2)
    assert monday.weekday() == 0
    stock.receive(item.id, 100, at=at(date(2026, 2, 1)))
    stock.use(item.id, 3, at=at(monday, 10))
    stock.use(item.id, 2, at=at(monday + timedelta(days=6), 23))  # Sunday night, local time
    stock.use(item.id, 4, at=at(monday + timedelta(days=7), 0, 30))  # Monday just after midnight
    reversed_use = stock.use(item.id, 6, at=at(monday + timedelta(days=15), 9))[0]
    corrections.reverse(reversed_use.id)
    stock.adjust(item.id, -5, reason="count", at=at(monday + timedelta(days=16), 9))
    stock.use(item.id, 1, at=at(date(2026, 3, 31), 18))
    stock.use(item.id, 5, at=at(date(2026, 4, 1), 8))

    weeks = usage.use_by_period(item.id, date(2026, 3, 4), date(2026, 4, 5), "week")
    assert weeks == [
        UsagePoint(date(2026, 3, 4), date(2026, 3, 8), 2),  # cut to the period: Monday's 3 are before it
        UsagePoint(date(2026, 3, 9), date(2026, 3, 15), 4),
        UsagePoint(date(2026, 3, 16), date(2026, 3, 22), 0),
        UsagePoint(date(2026, 3, 23), date(2026, 3, 29), 0),
        UsagePoint(date(2026, 3, 30), date(2026, 4, 5), 6),
    ]
    months = usage.use_by_period(item.id, date(2026, 1, 1), date(2026, 4, 30), "month")
    assert [(p.start, p.end, p.used) for p in months] == [
        (date(2026, 1, 1), date(2026, 1, 31), 0),
        (date(2026, 2, 1), date(2026, 2, 28), 0),
        (date(2026, 3, 1), date(2026, 3, 31), 10),
        (date(2026, 4, 1), date(2026, 4, 30), 5),
    ]
    with pytest.raises(ValidationError, match="after it ends"):
        usage.use_by_period(item.id, date(2026, 4, 1), date(2026, 3, 1))
    with pytest.raises(ValueError):
        usage.use_by_period(item.id, date(2026, 3, 1), date(2026, 4, 1), "fortnight")  # type: ignore[arg-type]


def test_average_weekly_use_and_weeks_of_supply(gloves) -> None:
    assert usage.average_weekly_use([gloves]) == {gloves: 7.0}
    assert usage.average_weekly_use([gloves], weeks=4) == {gloves: 7.0}
    # Over twelve weeks the early use of 20 joins in: (56 + 20) / 12 = 6.33, shown to one decimal.
    assert usage.average_weekly_use([gloves], weeks=12)[gloves] == 6.3

    row = usage.item_usage(gloves)
    assert (row.used, row.weekly_use) == (56, 7.0)
    assert row.on_hand == 200 - 20 - 56 - 3 + 1 == 122
    assert row.weeks_left == 17.4  # 122 / 7, to one decimal
    assert row.cost == Decimal("361.20")  # 56 boxes at 6.45
    assert row.to_json()["weeks_left"] == 17.4
    with pytest.raises(NotFound):
        usage.item_usage(9999)


def test_an_item_without_use_has_no_weeks_of_supply(db) -> None:
    item = new_item("SPARE")
    stock.receive(item.id, 5)
    row = usage.item_usage(item.id)
    assert (row.used, row.weekly_use, row.weeks_left) == (0, 0.0, None)
    assert usage.average_weekly_use([item.id]) == {}


def test_top_items_by_use_and_by_cost(db) -> None:
    cheap = new_item("CHEAP", unit_cost="1.00")
    dear = new_item("DEAR", unit_cost="60.00", units_per_purchase_unit=12)  # 5.00 each
    idle = new_item("IDLE", unit_cost="9.00")
    for item in (cheap, dear, idle):
        stock.receive(item.id, 50, at=ago(40))
    stock.use(cheap.id, 10, at=ago(10))
    stock.use(dear.id, 5, at=ago(9))
    start, end = TODAY - timedelta(days=30), TODAY

    by_use = usage.top_items(start, end, by="use")
    by_cost = usage.top_items(start, end, by="cost")

    assert [(r.sku, r.used, r.cost) for r in by_use] == [
        ("CHEAP", 10, Decimal("10.00")),
        ("DEAR", 5, Decimal("25.00")),
    ]
    assert [r.sku for r in by_cost] == ["DEAR", "CHEAP"]
    assert [r.sku for r in usage.top_items(start, end, by="cost", limit=1)] == ["DEAR"]
    report = usage.usage_report(start, end)
    assert [(r.sku, r.used) for r in report] == [("CHEAP", 10), ("DEAR", 5), ("IDLE", 0)]
    assert report[0].weeks == pytest.approx(31 / 7)
    assert usage.top_items(TODAY - timedelta(days=5), TODAY) == []
    with pytest.raises(ValidationError):
        usage.top_items(start, end, by="price")  # type: ignore[arg-type]


# ---------------------------------------------------------------- spending


def test_spending_by_supplier_and_category_from_received_order_lines(db) -> None:
    north = supplier("Northgate")
    summit = supplier("Summit")
    ppe = catalog.category_id_for("PPE")
    gloves = new_item(
        "GLV-M", unit="box", purchase_unit="case", units_per_purchase_unit=10, unit_cost="64.50",
        supplier_id=north, category_id=ppe,
    )  # fmt: skip
    gauze = new_item("GZ", unit_cost="3.10", supplier_id=north)  # no category
    flu = new_item(
        "VAC", unit="dose", units_per_purchase_unit=10, unit_cost="180.00", supplier_id=summit,
        tracks_expiry=True, category_id=catalog.category_id_for("Vaccines"),
    )  # fmt: skip
    receive_order(gloves.id, 2)  # 129.00
    receive_order(gauze.id, 5)  # 15.50
    receive_order(flu.id, 1, lot="FL1", expires=days(200), price="175.25")  # the order's price counts
    # Half an order received: only what arrived is spent.
    partial = purchasing.create_drafts([(gloves.id, 3)])[0]
    purchasing.mark_ordered(partial.id)
    purchasing.receive(partial.id, [LineReceipt(purchasing.order_detail(partial.id).lines[0].id, 1)])  # 64.50
    # A receipt booked by mistake and reversed, and stock received without an order: not spending.
    wrong = receive_order(gauze.id, 4)
    receipt = Movement.get(Movement.po_line == wrong.lines[0].id)
    corrections.reverse(receipt.id)
    stock.receive(gauze.id, 100)

    lines = spending.receipt_lines(TODAY, TODAY)
    assert [(x.sku, x.units, x.purchase_units, x.unit_price, x.amount) for x in lines] == [
        ("GLV-M", 20, Decimal(2), Decimal("64.50"), Decimal("129.00")),
        ("GZ", 5, Decimal(5), Decimal("3.10"), Decimal("15.50")),
        ("VAC", 10, Decimal(1), Decimal("175.25"), Decimal("175.25")),
        ("GLV-M", 10, Decimal(1), Decimal("64.50"), Decimal("64.50")),
    ]
    assert [(r.name, r.amount, r.units, r.receipts) for r in spending.spending_by_supplier(TODAY, TODAY)] == [
        ("Northgate", Decimal("209.00"), 35, 3),
        ("Summit", Decimal("175.25"), 10, 1),
    ]
    assert [(r.name, r.amount) for r in spending.spending_by_category(TODAY, TODAY)] == [
        ("PPE", Decimal("193.50")),
        ("Vaccines", Decimal("175.25")),
        ("No category", Decimal("15.50")),
    ]
    past = TODAY - timedelta(days=30)
    assert spending.spending_by_supplier(past, past + timedelta(days=7)) == []


# ---------------------------------------------------------------- reorder points


def test_suggested_reorder_point_from_use_lead_time_and_review(gloves) -> None:
    s = usage.suggest_reorder_point(gloves)
    # 1 a day × (5 days lead + 7 review) + one week of use (7) = 19.
    assert (s.current, s.suggested, s.daily_use, s.lead_time_days, s.review_days) == (10, 19, 1.0, 5, 7)
    assert s.safety_stock == 7.0 and s.changed and not s.par_conflict
    assert s.explanation == "1.00/day × (5 lead + 7 review days) + safety 7.0 = 19.0 → 19"
    assert usage.suggest_reorder_point(gloves, safety_weeks=0).suggested == 12
    assert usage.suggest_reorder_point(gloves, safety_weeks=2, review_days=0).suggested == 19
    assert usage.suggest_reorder_point(gloves, safety_weeks=0.5).suggested == 16  # 12 + 3.5, rounded up


def test_suggested_reorder_point_rounds_up_and_falls_back_to_a_week_of_lead_time(db) -> None:
    item = new_item("GZ")  # no supplier: lead time taken as 7 days
    stock.receive(item.id, 100, at=ago(90))
    stock.use(item.id, 10, at=ago(20))
    s = usage.suggest_reorder_point(item.id)
    # 10/56 a day × (7 + 7) + 10/56 × 7 = 3.75 → 4
    assert (s.lead_time_days, s.suggested, s.supplier) == (7, 4, "")
    assert s.daily_use == pytest.approx(10 / 56)

    idle = new_item("IDLE", reorder_point=3)
    stock.receive(idle.id, 5, at=ago(90))
    quiet = usage.suggest_reorder_point(idle.id)
    assert (quiet.suggested, quiet.explanation) == (0, "no use in the last 56 days")


def test_a_young_item_is_averaged_over_its_own_life(db) -> None:
    item = new_item("NEW", supplier_id=supplier("Quick", lead_time_days=2))
    stock.receive(item.id, 50, at=ago(13))  # 14 days of life, today included
    stock.use(item.id, 28, at=ago(5))
    s = usage.suggest_reorder_point(item.id)
    assert (s.window_days, s.daily_use, s.suggested) == (14, 2.0, 2 * (2 + 7) + 14)


def test_applying_the_suggestion_keeps_every_other_field(gloves) -> None:
    before = catalog.item_detail(gloves)
    after = usage.apply_reorder_point(gloves)
    assert after.reorder_point == 19
    assert replace(after, reorder_point=before.reorder_point) == before
    assert usage.apply_reorder_point(gloves, 25).reorder_point == 25
    assert [s.sku for s in usage.suggest_reorder_points() if s.changed] == ["GLV-M"]


def test_a_suggestion_above_the_par_level_is_refused_when_applied(gloves) -> None:
    d = catalog.item_detail(gloves)
    usage.apply_reorder_point(gloves, 10)
    from inventory_app.core.types import ItemInput

    catalog.update_item(
        gloves, ItemInput(sku=d.sku, name=d.name, unit=d.unit, reorder_point=10, par_level=15,
                          supplier_id=d.supplier_id, unit_cost=d.unit_cost,
                          units_per_purchase_unit=d.units_per_purchase_unit),
    )  # fmt: skip
    s = usage.suggest_reorder_point(gloves)
    assert s.par_conflict
    with pytest.raises(ValidationError) as info:
        usage.apply_reorder_point(gloves)
    assert info.value.field == "par_level"
    assert catalog.item_detail(gloves).reorder_point == 10


def test_the_use_table_of_every_item_agrees_with_each_items_use_by_period(db) -> None:
    a, b, idle = new_item("A"), new_item("B"), new_item("IDLE")
    for item in (a, b, idle):
        stock.receive(item.id, 100, at=at(date(2026, 2, 1)))
    for day, item, qty in ((3, a, 2), (9, a, 5), (10, b, 1), (24, b, 7), (31, a, 1)):
        stock.use(item.id, qty, at=at(date(2026, 3, 1) + timedelta(days=day - 1)))
    start, end = date(2026, 3, 4), date(2026, 3, 31)
    for period in ("week", "month"):
        periods, table = usage.period_table(start, end, period)
        assert set(table) == {a.id, b.id}  # items without use are left out
        for item in (a, b):
            points = usage.use_by_period(item.id, start, end, period)
            assert [(p.start, p.end) for p in points] == periods
            assert [p.used for p in points] == table[item.id]
    periods, table = usage.period_table(start, end, "month")
    assert periods == [(start, end)] and table == {a.id: [6], b.id: [8]}
