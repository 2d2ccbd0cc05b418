"""RELIABILITY B2: random sequences of stock work keep the numbers true.

A hypothesis state machine drives receive / use / adjust / adjust_to / dispose /
reverse (and a few nonsense inputs) over three items, one of them tracking
expiry with several lots including one that has already expired. Beside the
database it keeps a small model of what each lot should hold, so it knows in
advance whether a step must succeed or be refused, and which lots a use takes.
After every step it checks that on hand equals the ledger, nothing is negative,
the low flag follows the usable stock, `check_database()` is happy, and that a
refused step left everything exactly as it was.

Each example gets a database of its own (a fresh SQLite file, or an emptied
PostgreSQL schema), because the `db` fixture lives per test, not per example.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test

from inventory_app.core import corrections
from inventory_app.core.accounts.context import set_current_user
from inventory_app.core.catalog import items as catalog
from inventory_app.core.stock import movements as stock
from inventory_app.core.stock import queries as stock_queries
from inventory_app.core.stock.check import check_database
from inventory_app.core.types import DISPOSE_REASONS, MovementKind
from inventory_app.db.session import close_database, open_database
from inventory_app.errors import InsufficientStock, InventoryError, ValidationError
from tests.conftest import reset_postgres
from tests.core.helpers import new_item

TODAY = date.today()
# The tracked item's lots: one already expired, three usable with different expiries.
LOTS = {
    "EXP": TODAY - timedelta(days=5),
    "A": TODAY + timedelta(days=15),
    "B": TODAY + timedelta(days=45),
    "C": TODAY + timedelta(days=120),
}
ITEMS = {
    # key: (sku, tracks_expiry, reorder_point)
    "gloves": ("GLV-M", False, 4),
    "gauze": ("GAUZE", False, 0),
    "vaccine": ("VAX-FLU", True, 3),
}
ITEM_KEYS = sorted(ITEMS)
LOT_CHOICES = [None, *LOTS, "NOPE"]
# Refused by every stock action, including adjust (so no negative numbers here).
BAD_QUANTITIES = [0, 1.5, "2.5", "1,5", "NaN", "inf", float("nan"), float("-inf"), 10**20, "", None, "x"]

keys = st.sampled_from(ITEM_KEYS)
lot_picks = st.sampled_from(LOT_CHOICES)
odds = st.sampled_from([False] * 3 + [True])  # True: keep an odd choice


def expired(lot: str) -> bool:
    return lot in LOTS and LOTS[lot] < TODAY


@dataclass
class ModelItem:
    tracked: bool
    reorder_point: int
    # Lot number ("" for an item without lots) -> quantity it should hold.
    lots: dict[str, int] = field(default_factory=dict)

    def usable(self) -> int:
        return sum(q for lot, q in self.lots.items() if not expired(lot))

    def fefo(self, include_expired: bool, only: str | None = None) -> list[tuple[str, int]]:
        """Lots holding stock in first-expired order, as the ledger should take them."""
        lots = [(lot, q) for lot, q in self.lots.items() if q > 0 and (only is None or lot == only)]
        if not include_expired:
            lots = [(lot, q) for lot, q in lots if not expired(lot)]
        return sorted(lots, key=lambda lq: LOTS[lq[0]])


@dataclass
class ModelMovement:
    item: str
    lot: str
    quantity: int
    kind: MovementKind
    reversed: bool = False


@dataclass(frozen=True)
class Refused:
    """The model's verdict that a step must raise exactly this error class."""

    kind: type[InventoryError]


class LedgerMachine(RuleBasedStateMachine):
    """Set `open_target` on a subclass: a callable that returns an empty database's target."""

    open_target: Callable[[], str]

    def __init__(self) -> None:
        super().__init__()
        self.db = None
        self.folder: str | None = None
        self.ids: dict[str, int] = {}
        self.model: dict[str, ModelItem] = {}
        self.movements: dict[int, ModelMovement] = {}

    # ------------------------------------------------------------ set-up

    @initialize()
    def open_fresh_database(self) -> None:
        set_current_user("property")
        target = type(self).open_target()
        if not target.startswith("postgresql://"):
            self.folder = str(Path(target).parent)
        self.db = open_database(target)
        for key, (sku, tracked, reorder_point) in ITEMS.items():
            self.ids[key] = new_item(sku, tracks_expiry=tracked, reorder_point=reorder_point).id
            self.model[key] = ModelItem(tracked, reorder_point, {} if tracked else {"": 0})
        # Start with some stock, the expired lot among it, so it is there from the first step.
        for key, quantity, lot in (("vaccine", 4, "EXP"), ("vaccine", 6, "A"), ("gloves", 8, None)):
            self._record(stock.receive(self.ids[key], quantity, lot=lot, expires=LOTS.get(lot or "")), key)
            self.model[key].lots[lot or ""] = quantity

    def teardown(self) -> None:
        if self.db is not None:
            close_database(self.db)
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
        set_current_user(None)

    # ------------------------------------------------------------ helpers

    def _record(self, rows, key: str) -> None:
        for row in rows:
            self.movements[row.id] = ModelMovement(key, row.lot_number, row.quantity, row.kind)
            if row.reversal_of is not None:
                self.movements[row.reversal_of].reversed = True

    def _state(self) -> tuple[object, ...]:
        return tuple(
            (
                tuple(stock_queries.history(item_id)),
                catalog.item_detail(item_id),
                tuple(stock_queries.lots(item_id, include_empty=True)),
            )
            for item_id in self.ids.values()
        )

    def _attempt(self, key: str, call: Callable[[], list], expect: Refused | list[tuple[str, int]]) -> None:
        """Run one step; the model says what it must do (a refusal, or lot changes in order)."""
        before = self._state()
        try:
            rows = call()
        except InventoryError as exc:
            assert self._state() == before, f"a refused step ({exc}) changed something"
            assert isinstance(expect, Refused), f"refused unexpectedly: {exc!r}"
            assert type(exc) is expect.kind, f"expected {expect.kind.__name__}, got {exc!r}"
            event(f"refused: {type(exc).__name__}")
            return
        assert not isinstance(expect, Refused), f"should have raised {expect.kind.__name__}"
        assert [(r.lot_number, r.quantity) for r in rows] == expect
        event(f"applied: {len(rows)} ledger lines")
        model = self.model[key]
        for lot, quantity in expect:
            model.lots[lot] = model.lots.get(lot, 0) + quantity
        self._record(rows, key)

    def _expect_take(
        self, key: str, quantity: int, lot: str | None, include_expired: bool
    ) -> Refused | list[tuple[str, int]]:
        model = self.model[key]
        if not model.tracked:
            if lot:
                return Refused(ValidationError)
            if model.lots[""] < quantity:
                return Refused(InsufficientStock)
            return [("", -quantity)]
        candidates = model.fefo(include_expired=True, only=lot)
        if lot and not candidates:
            return Refused(InsufficientStock if lot in model.lots else ValidationError)
        if not include_expired:
            if lot and expired(lot):
                return Refused(ValidationError)
            candidates = [(n, q) for n, q in candidates if not expired(n)]
        if sum(q for _, q in candidates) < quantity:
            return Refused(InsufficientStock)
        plan, left = [], quantity
        for name, have in candidates:
            if left == 0:
                break
            part = min(left, have)
            plan.append((name, -part))
            left -= part
        return plan

    def _expect_put(self, key: str, quantity: int, lot: str | None) -> Refused | list[tuple[str, int]]:
        if not self.model[key].tracked:
            return Refused(ValidationError) if lot else [("", quantity)]
        if lot is None or lot not in LOTS:
            return Refused(ValidationError)
        return [(lot, quantity)]

    # ------------------------------------------------------------ rules
    # Each rule also draws `odd`. When it is set (about one step in four) the drawn lot or
    # reason is kept even where it makes no sense for the item, so refusals get tried;
    # otherwise it is made plausible, so most steps really move stock.

    def _lot(self, key: str, drawn: str | None, odd: bool, put: bool) -> str | None:
        if odd:
            return drawn
        if not self.model[key].tracked:
            return None
        if drawn in LOTS:
            return drawn
        return "A" if put else None  # receiving needs a lot; taking without one is FEFO

    def _expires(self, key: str, lot: str | None) -> date | None:
        return LOTS.get(lot or "") if self.model[key].tracked else None

    @rule(key=keys, quantity=st.integers(1, 20), drawn=lot_picks, odd=odds, wrong_expiry=st.booleans())
    def receive(self, key: str, quantity: int, drawn: str | None, odd: bool, wrong_expiry: bool) -> None:
        lot = self._lot(key, drawn, odd, put=True)
        expect = self._expect_put(key, quantity, lot)
        expires = self._expires(key, lot)
        if odd and wrong_expiry and lot in self.model[key].lots and not isinstance(expect, Refused):
            expires = LOTS[lot] + timedelta(days=1)  # an existing lot keeps its expiry
            expect = Refused(ValidationError)
        self._attempt(key, lambda: stock.receive(self.ids[key], quantity, lot=lot, expires=expires), expect)

    @rule(key=keys, quantity=st.integers(1, 8), drawn=lot_picks, odd=odds)
    def use(self, key: str, quantity: int, drawn: str | None, odd: bool) -> None:
        lot = self._lot(key, drawn, odd, put=False)
        expect = self._expect_take(key, quantity, lot, include_expired=False)
        self._attempt(key, lambda: stock.use(self.ids[key], quantity, lot=lot), expect)

    @rule(
        key=keys,
        quantity=st.integers(1, 8),
        drawn=lot_picks,
        odd=odds,
        reason=st.sampled_from([*DISPOSE_REASONS, "lost", ""]),
    )
    def dispose(self, key: str, quantity: int, drawn: str | None, odd: bool, reason: str) -> None:
        lot = self._lot(key, drawn, odd, put=False)
        if not odd and reason not in DISPOSE_REASONS:
            reason = "expired"
        if reason not in DISPOSE_REASONS:
            expect: Refused | list[tuple[str, int]] = Refused(ValidationError)
        else:
            expect = self._expect_take(key, quantity, lot, include_expired=True)
        self._attempt(key, lambda: stock.dispose(self.ids[key], quantity, reason=reason, lot=lot), expect)

    @rule(
        key=keys,
        difference=st.integers(-8, 10),
        drawn=lot_picks,
        odd=odds,
        reason=st.sampled_from(["count", "correction", "found", ""]),
    )
    def adjust(self, key: str, difference: int, drawn: str | None, odd: bool, reason: str) -> None:
        lot = self._lot(key, drawn, odd, put=difference > 0)
        if not odd and not reason:
            reason = "correction"
        if not reason or difference == 0:
            expect: Refused | list[tuple[str, int]] = Refused(ValidationError)
        elif difference > 0:
            expect = self._expect_put(key, difference, lot)
        else:
            expect = self._expect_take(key, -difference, lot, include_expired=bool(lot))
        expires = self._expires(key, lot)
        self._attempt(
            key,
            lambda: stock.adjust(self.ids[key], difference, reason=reason, lot=lot, expires=expires),
            expect,
        )

    @rule(key=keys, counted=st.integers(0, 20), drawn=lot_picks, odd=odds)
    def adjust_to(self, key: str, counted: int, drawn: str | None, odd: bool) -> None:
        model = self.model[key]
        lot = self._lot(key, drawn, odd, put=True)
        if lot and model.tracked:
            current = model.lots.get(lot, 0)
        elif model.tracked:
            current = model.usable()
        else:
            current = model.lots[""]
        difference = counted - current
        if difference == 0:
            expect: Refused | list[tuple[str, int]] = []
        elif difference > 0:
            expect = self._expect_put(key, difference, lot)
        else:
            expect = self._expect_take(key, -difference, lot, include_expired=bool(lot))
        expires = self._expires(key, lot)
        self._attempt(key, lambda: stock.adjust_to(self.ids[key], counted, lot=lot, expires=expires), expect)

    @rule(pick=st.integers(0, 10_000), odd=odds)
    def reverse(self, pick: int, odd: bool) -> None:
        choices = sorted(self.movements)
        reversible = [
            i for i in choices if not self.movements[i].reversed and self.movements[i].kind != "reversal"
        ]
        if not odd and reversible:
            choices = reversible
        movement_id = choices[pick % len(choices)]
        original = self.movements[movement_id]
        model = self.model[original.item]
        if original.kind is MovementKind.REVERSAL or original.reversed:
            expect: Refused | list[tuple[str, int]] = Refused(InventoryError)
        elif original.quantity > 0 and model.lots[original.lot] < original.quantity:
            expect = Refused(InsufficientStock)
        else:
            expect = [(original.lot, -original.quantity)]
        self._attempt(original.item, lambda: corrections.reverse(movement_id), expect)

    @rule(
        key=keys,
        action=st.sampled_from(["receive", "use", "dispose", "adjust"]),
        quantity=st.sampled_from(BAD_QUANTITIES),
    )
    def nonsense_quantity(self, key: str, action: str, quantity: object) -> None:
        item_id = self.ids[key]
        lot = self._lot(key, "A", False, put=True)
        calls = {
            "receive": lambda: stock.receive(item_id, quantity, lot=lot, expires=self._expires(key, lot)),
            "use": lambda: stock.use(item_id, quantity),
            "dispose": lambda: stock.dispose(item_id, quantity, reason="damaged"),
            "adjust": lambda: stock.adjust(item_id, quantity, reason="correction"),
        }
        self._attempt(key, calls[action], Refused(ValidationError))

    # ------------------------------------------------------------ invariants

    @invariant()
    def on_hand_equals_the_ledger(self) -> None:
        if not self.ids:
            return
        rows = {row.id: row for row in stock_queries.list_items()}
        for key, item_id in self.ids.items():
            model = self.model[key]
            history = stock_queries.history(item_id)
            ledger_total = sum(m.quantity for m in history)
            assert all(m.balance >= 0 for m in history), "the running balance went negative"
            if history:
                assert history[-1].balance == ledger_total

            by_lot: dict[str, int] = {}
            for m in history:
                by_lot[m.lot_number] = by_lot.get(m.lot_number, 0) + m.quantity
            lots = stock_queries.lots(item_id, include_empty=True)
            assert {lot.lot_number: lot.quantity for lot in lots} == {n: q for n, q in by_lot.items() if n}
            assert all(lot.quantity >= 0 for lot in lots)
            assert all(lot.expired == expired(lot.lot_number) for lot in lots)
            usable_in_ledger = sum(q for n, q in by_lot.items() if not expired(n))

            detail = catalog.item_detail(item_id)
            row = rows[item_id]
            for shown in (detail, row):
                assert shown.on_hand + shown.expired == ledger_total
                assert shown.on_hand == usable_in_ledger
                assert shown.on_hand >= 0 and shown.expired >= 0
            assert row.needs_reorder == (row.on_hand <= model.reorder_point)
            assert row.status == ("out" if row.on_hand == 0 else "low" if row.needs_reorder else "ok")

            # The model agrees with the database lot by lot.
            assert {n: q for n, q in by_lot.items() if q} == {n: q for n, q in model.lots.items() if q}
            assert detail.on_hand == model.usable()

        counts = stock_queries.attention_counts()
        statuses = [rows[i].status for i in self.ids.values()]
        assert (counts.low, counts.out) == (statuses.count("low"), statuses.count("out"))
        vaccine = self.model["vaccine"].lots
        assert counts.expired == (1 if vaccine.get("EXP", 0) > 0 else 0)
        assert counts.expiring == sum(1 for lot in ("A", "B") if vaccine.get(lot, 0) > 0)  # C: 120 days

    @invariant()
    def check_database_agrees(self) -> None:
        if not self.ids:
            return
        report = check_database()
        assert report.ok, report.problems
        assert report.items_checked == len(ITEMS)


def sqlite_target() -> str:
    return str(Path(tempfile.mkdtemp(prefix="ledger-prop-")) / "inventory.db")


def test_ledger_properties_on_sqlite() -> None:
    class OnSqlite(LedgerMachine):
        open_target = staticmethod(sqlite_target)

    run_state_machine_as_test(
        OnSqlite,
        settings=settings(
            max_examples=40,
            stateful_step_count=25,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )


@pytest.mark.postgres
def test_ledger_properties_on_postgres(pg_url: str) -> None:
    def postgres_target() -> str:
        reset_postgres(pg_url)
        return pg_url

    class OnPostgres(LedgerMachine):
        open_target = staticmethod(postgres_target)

    run_state_machine_as_test(
        OnPostgres,
        settings=settings(
            max_examples=12,
            stateful_step_count=20,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )
