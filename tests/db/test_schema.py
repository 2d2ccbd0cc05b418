"""RELIABILITY A13: a database newer than the program, or an upgrade failing half-way.

Newer: refused, and the file is not touched. Failing step: rolled back to the
last good version, with a verified copy taken before the upgrade. Also the
other files that are not our database: a PDF under a .db name, a foreign SQLite file.
The real upgrades are run on frozen copies of each release's schema (version 1,
version 2) with data in them.
"""

from __future__ import annotations

import sqlite3
import stat
from contextlib import closing
from decimal import Decimal
from pathlib import Path

import pytest
from peewee import Database, DatabaseError, IntegrityError

from inventory_app.core.accounts.context import set_current_user
from inventory_app.core.catalog import items as catalog
from inventory_app.core.stock import movements as stock
from inventory_app.core.types import ItemInput
from inventory_app.db import schema
from inventory_app.db.models import Movement
from inventory_app.db.session import close_database, open_database
from inventory_app.errors import DatabaseProblem, DatabaseVersionError, ValidationError

PDF_BYTES = (
    b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
) * 20


def _query(path: Path, sql: str) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute(sql).fetchall()


def _version(path: Path) -> int:
    return int(_query(path, "SELECT version FROM schema_version ORDER BY id DESC")[0][0])


def _tables(path: Path) -> set[str]:
    return {row[0] for row in _query(path, "SELECT name FROM sqlite_master WHERE type = 'table'")}


def _items(path: Path) -> list[tuple[object, ...]]:
    return _query(path, "SELECT sku, name, on_hand FROM item ORDER BY sku")


def _movements(path: Path) -> list[tuple[object, ...]]:
    return _query(path, "SELECT id, item_id, kind, quantity, created_at FROM movement ORDER BY id")


def _backups(folder: Path, version: int = 1) -> list[Path]:
    return sorted(folder.glob(f"inventory.v{version}-before-upgrade-*"))


V1_SCHEMA = Path(__file__).parent / "data" / "schema_v1_sqlite.sql"


@pytest.fixture
def v1_database(tmp_path: Path) -> Path:
    """A database as the first release wrote it (schema version 1), with some stock in it."""
    path = tmp_path / "inventory.db"
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA journal_mode=wal")  # as the app writes its files
        conn.executescript(V1_SCHEMA.read_text())
        item = (
            "INSERT INTO item (id, sku, name, unit, purchase_unit, units_per_purchase_unit, "
            "supplier_sku, unit_cost, reorder_point, tracks_expiry, notes, active, on_hand) "
            "VALUES (?, ?, ?, 'box', 'box', 1, '', 0, 2, 0, '', 1, ?)"
        )
        conn.execute(item, (1, "GLV-M", "Gloves, medium", 7))
        conn.execute(item, (2, "GZ-44", "Gauze 4x4", 3))
        movement = (
            'INSERT INTO movement (item_id, kind, quantity, reason, note, "user", created_at) '
            "VALUES (?, ?, ?, '', '', 'tester', '2026-01-05 09:00:00.000')"
        )
        conn.executemany(movement, [(1, "receive", 12), (1, "use", -5), (2, "receive", 3)])
        conn.commit()
    path.chmod(0o600)
    assert _version(path) == 1
    return path


# ---------------------------------------------------------------- newer than the program


def test_a13_a_newer_database_is_refused_and_not_touched(v1_database: Path) -> None:
    with closing(sqlite3.connect(v1_database)) as conn:
        conn.execute("UPDATE schema_version SET version = ?", (schema.CURRENT_VERSION + 1,))
        conn.commit()
    before_bytes = v1_database.read_bytes()
    before_items, before_movements = _items(v1_database), _movements(v1_database)

    with pytest.raises(DatabaseVersionError) as info:
        open_database(v1_database)

    assert "newer" in str(info.value)
    assert "Traceback" not in str(info.value)
    assert v1_database.read_bytes() == before_bytes
    assert _items(v1_database) == before_items
    assert _movements(v1_database) == before_movements
    assert _version(v1_database) == schema.CURRENT_VERSION + 1
    assert _backups(v1_database.parent) == []
    assert sorted(p.name for p in v1_database.parent.iterdir()) == ["inventory.db"]


# ---------------------------------------------------------------- upgrades


def test_a13_a_migration_failing_half_way_is_rolled_back_with_a_verified_backup(
    v1_database: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before_items, before_movements = _items(v1_database), _movements(v1_database)
    ran: list[int] = []

    def half_made_step(db: Database) -> None:
        ran.append(1)
        db.execute_sql("CREATE TABLE half_made (id INTEGER PRIMARY KEY, note TEXT)")
        db.execute_sql("INSERT INTO half_made (note) VALUES ('should vanish')")
        db.execute_sql("ALTER TABLE item ADD COLUMN half_made_column INTEGER")
        db.execute_sql("UPDATE item SET name = 'changed by the failed step'")
        raise RuntimeError("step 2 broke half-way")

    monkeypatch.setitem(schema.UPGRADE_STEPS, 2, half_made_step)

    with pytest.raises(DatabaseVersionError) as info:
        open_database(v1_database)

    assert ran == [1]
    message = str(info.value)
    assert "version 2" in message and "version 1" in message
    # Rolled back: still version 1, nothing of the step is left.
    assert _version(v1_database) == 1
    assert "half_made" not in _tables(v1_database)
    columns = {row[1] for row in _query(v1_database, "PRAGMA table_info(item)")}
    assert "half_made_column" not in columns
    assert _items(v1_database) == before_items
    assert _movements(v1_database) == before_movements
    assert _query(v1_database, "PRAGMA integrity_check") == [("ok",)]

    # A verified copy from before the upgrade sits beside the database.
    backups = _backups(v1_database.parent)
    assert len(backups) == 1, list(v1_database.parent.iterdir())
    backup = backups[0]
    assert backup.suffix == ".db"
    assert str(backup) in message
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert _query(backup, "PRAGMA integrity_check") == [("ok",)]
    assert _version(backup) == 1
    assert _items(backup) == before_items
    assert _movements(backup) == before_movements

    # With the real step back, the same database upgrades and works.
    monkeypatch.undo()
    db = open_database(v1_database)
    try:
        assert schema.stored_version(db) == schema.CURRENT_VERSION
        assert catalog.item_detail(catalog.item_id_for("GLV-M")).on_hand == 7
    finally:
        close_database(db)


def test_a13_a_successful_step_upgrades_and_keeps_a_backup(
    v1_database: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before_items = _items(v1_database)

    def add_shelf_labels(db: Database) -> None:
        db.execute_sql("CREATE TABLE shelf_label (id INTEGER PRIMARY KEY, item_id INTEGER NOT NULL)")
        db.execute_sql("INSERT INTO shelf_label (item_id) SELECT id FROM item")

    monkeypatch.setitem(schema.UPGRADE_STEPS, 2, add_shelf_labels)

    db = open_database(v1_database)
    try:
        assert schema.stored_version(db) == schema.CURRENT_VERSION  # the later real steps ran too
        assert db.execute_sql("SELECT COUNT(*) FROM shelf_label").fetchone()[0] == 2
    finally:
        close_database(db)

    assert _version(v1_database) == schema.CURRENT_VERSION
    assert _items(v1_database) == before_items
    backups = _backups(v1_database.parent)
    assert len(backups) == 1
    assert _query(backups[0], "PRAGMA integrity_check") == [("ok",)]
    assert _version(backups[0]) == 1
    assert "shelf_label" not in _tables(backups[0])
    assert _items(backups[0]) == before_items

    # Opening again at the current version neither upgrades nor copies again.
    db = open_database(v1_database)
    close_database(db)
    assert _backups(v1_database.parent) == backups


def test_a13_a_missing_step_is_refused_before_anything_changes(
    v1_database: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delitem(schema.UPGRADE_STEPS, 2)
    with pytest.raises(DatabaseVersionError, match="version 2"):
        open_database(v1_database)
    assert _version(v1_database) == 1


# ---------------------------------------------------------------- not our database


def test_a13_a_file_that_is_not_a_database_gives_a_readable_problem(tmp_path: Path) -> None:
    path = tmp_path / "inventory.db"
    path.write_bytes(PDF_BYTES)

    with pytest.raises(DatabaseProblem) as info:
        open_database(path)

    message = str(info.value)
    assert "not a database" in message
    assert "Traceback" not in message and "\n" not in message
    assert "sqlite3" not in message and "peewee" not in message
    assert path.read_bytes() == PDF_BYTES
    assert sorted(p.name for p in tmp_path.iterdir()) == ["inventory.db"]


def test_a_sqlite_file_of_another_program_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "inventory.db"
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("CREATE TABLE patients (id INTEGER PRIMARY KEY, name TEXT)")
        conn.commit()
    before = path.read_bytes()
    with pytest.raises(DatabaseVersionError, match="not created by this program"):
        open_database(path)
    assert path.read_bytes() == before  # not even switched to WAL
    assert sorted(p.name for p in tmp_path.iterdir()) == ["inventory.db"]
    assert _tables(path) == {"patients"}


# ---------------------------------------------------------------- a new database, on both backends


def test_a_new_database_is_created_at_the_current_version_with_an_append_only_ledger(db: Database) -> None:
    """Creating the schema works on both backends (the PostgreSQL trigger included)."""
    assert schema.stored_version(db) == schema.CURRENT_VERSION
    item = catalog.create_item(ItemInput(sku="GLV-M", name="Gloves"))
    movement = stock.receive(item.id, 5)[0]
    for sql in ("UPDATE movement SET quantity = 50 WHERE id = {id}", "DELETE FROM movement WHERE id = {id}"):
        with pytest.raises(DatabaseError, match="cannot be (changed|deleted)"), db.atomic():
            db.execute_sql(sql.format(id=movement.id))
    assert catalog.item_detail(item.id).on_hand == 5
    assert [m.quantity for m in Movement.select()] == [5]


def test_step_2_adds_purchase_orders_to_a_first_release_database(v1_database: Path) -> None:
    """The real upgrade: purchase order tables, receipts linked to lines, data and rules kept."""
    from inventory_app.core.purchasing import orders as purchasing
    from inventory_app.core.purchasing.types import LineReceipt, OrderStatus
    from inventory_app.core.stock.check import check_database
    from inventory_app.core.types import SupplierInput

    set_current_user("tester")
    db = open_database(v1_database)
    try:
        assert schema.stored_version(db) == schema.CURRENT_VERSION
        assert {"purchase_order", "purchase_order_line", "user_account", "audit_event"} <= set(
            db.get_tables()
        )
        assert "po_line_id" in {c.name for c in db.get_columns("movement")}
        assert check_database().ok
        assert catalog.item_detail(1).on_hand == 7
        supplier = catalog.save_supplier(SupplierInput(name="Northgate", lead_time_days=3))
        item = catalog.item_detail(1)
        catalog.update_item(1, ItemInput(sku=item.sku, name=item.name, unit="box", supplier_id=supplier.id))
        order = purchasing.create_drafts([(1, 2)])[0]
        purchasing.mark_ordered(order.id)
        line = purchasing.order_detail(order.id).lines[0]
        purchasing.receive(order.id, [LineReceipt(line.id, 2)])
        assert purchasing.order_detail(order.id).status is OrderStatus.RECEIVED
        assert catalog.item_detail(1).on_hand == 9
        with pytest.raises(DatabaseError):
            db.execute_sql("DELETE FROM movement")
        assert check_database().ok
    finally:
        close_database(db)
        set_current_user(None)
    assert len(_backups(v1_database.parent)) == 1


# ---------------------------------------------------------------- version 2 to 3: accounts and the audit log

V2_SCHEMA = Path(__file__).parent / "data" / "schema_v2_sqlite.sql"
V2_TABLES = (
    "supplier",
    "location",
    "item",
    "lot",
    "purchase_order",
    "purchase_order_line",
    "movement",
    "stock_count",
    "stock_count_line",
)
V2_ITEM = "INSERT INTO item VALUES (?, ?, ?, NULL, 1, ?, ?, ?, 1, '', '6.50', 2, 10, ?, NULL, NULL, '', 1, ?)"
V2_MOVEMENT = (
    'INSERT INTO movement (item_id, lot_id, kind, quantity, reason, note, "user", created_at, '
    "reversal_of_id, po_line_id) VALUES (?, ?, ?, ?, ?, '', 'tester', ?, NULL, ?)"
)


@pytest.fixture
def v2_database(tmp_path: Path) -> Path:
    """A database as the second release wrote it (schema version 2): stock, a lot, a partly
    received purchase order, a posted count and a setting."""
    path = tmp_path / "inventory.db"
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA journal_mode=wal")
        conn.executescript(V2_SCHEMA.read_text())
        conn.execute("INSERT INTO supplier VALUES (1, 'Northgate', 'NG-1', '', '', '', '', 3, '', 1, '')")
        conn.execute("INSERT INTO location VALUES (1, 'Supply room', 1)")
        conn.execute(V2_ITEM, (1, "GLV-M", "Gloves, medium", "box", "case", 10, 0, 17))
        conn.execute(V2_ITEM, (2, "VAC-FLU", "Flu vaccine", "vial", "vial", 1, 1, 4))
        conn.execute("INSERT INTO lot VALUES (1, 2, 'L123', '2027-03-31', 4)")
        conn.execute(
            "INSERT INTO purchase_order VALUES (1, 'PO-2026-0001', 1, 'partial', "
            "'2026-01-04 08:00:00', 'tester', '2026-01-04', '2026-01-07', '')"
        )
        conn.execute(
            "INSERT INTO purchase_order_line "
            "VALUES (1, 1, 1, 1, 'Gloves, medium', '', 'case', 10, 3, 2, '6.50')"
        )
        conn.executemany(
            V2_MOVEMENT,
            [
                (1, None, "receive", 20, "", "2026-01-05 09:00:00.000", 1),
                (1, None, "use", -5, "", "2026-01-06 10:00:00.000", None),
                (1, None, "adjust", 2, "count", "2026-01-07 11:00:00.000", None),
                (2, 1, "receive", 4, "", "2026-01-05 09:30:00.000", None),
            ],
        )
        conn.execute(
            "INSERT INTO stock_count VALUES (1, 'All items', NULL, NULL, 'posted', '', "
            "'2026-01-07 10:00:00', 'tester', '2026-01-07 11:00:00', 'tester')"
        )
        conn.execute(
            "INSERT INTO stock_count_line VALUES (1, 1, 1, NULL, 15, '2026-01-07 10:00:00', 17, "
            "'2026-01-07 10:30:00', 'tester', 2, '')"
        )
        conn.execute("INSERT INTO setting VALUES ('po_prefix', 'PO')")
        conn.commit()
    path.chmod(0o600)
    assert _version(path) == 2
    return path


KEY_COLUMNS = ("sku_key", "barcode_key")  # added by version 6, computed from the codes


def _v2_rows(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every version 2 table; money as its amount (version 4 stores it in
    ten-thousandths, see test_step_4_keeps_every_cent_and_then_money_to_four_decimals)."""
    out = {}
    for table in V2_TABLES:
        columns = [row[1] for row in _query(path, f"PRAGMA table_info({table})") if row[1] not in KEY_COLUMNS]
        version = _version(path)
        shown = [
            f"printf('%.2f', {c} / 10000.0)"
            if c == "unit_cost" and version >= 4
            else f"printf('%.2f', {c})"
            if c == "unit_cost"
            else c
            for c in sorted(columns)
        ]
        out[table] = _query(path, f"SELECT {', '.join(shown)} FROM {table} ORDER BY id")
    out["setting"] = _query(path, "SELECT * FROM setting ORDER BY key")
    return out


def _triggers(path: Path) -> set[str]:
    return {row[0] for row in _query(path, "SELECT name FROM sqlite_master WHERE type = 'trigger'")}


def test_step_3_adds_accounts_and_an_append_only_audit_log_to_a_version_2_database(v2_database: Path) -> None:
    from inventory_app.core.accounts import audit
    from inventory_app.core.accounts import users as accounts
    from inventory_app.core.accounts.audit import Action
    from inventory_app.core.accounts.context import set_current_actor
    from inventory_app.core.stock.check import check_database

    before = _v2_rows(v2_database)
    set_current_user("tester")
    db = open_database(v2_database)
    try:
        assert schema.stored_version(db) == schema.CURRENT_VERSION
        assert {"user_account", "audit_event"} <= set(db.get_tables())
        report = check_database()
        assert report.ok, report.problems
        assert report.items_checked == 2
        assert not accounts.has_accounts()  # the office creates its first administrator next
        assert audit.events() == []
        assert _v2_rows(v2_database) == before  # the upgrade itself changed no data

        # The app works on the upgraded file and logs what it does.
        stock.use(1, 3)
        assert catalog.item_detail(1).on_hand == 14
        (event,) = audit.events()
        assert (event.user, event.action, event.object, event.detail) == (
            "tester",
            Action.USE,
            "GLV-M Gloves, medium",
            "used 3 boxes",
        )
        set_current_actor(accounts.create_first_admin("Ada Admin", "admin-password-1"))
        accounts.add_user("Sam Staff", "staff-password-1")
        assert len(audit.events()) == 3

        # The audit log and the ledger are append-only after the upgrade.
        for sql in (
            "UPDATE audit_event SET detail = 'x'",
            "DELETE FROM audit_event",
            "UPDATE movement SET quantity = 0",
            "DELETE FROM movement",
        ):
            with pytest.raises(DatabaseError, match="cannot be (changed|deleted)"), db.atomic():
                db.execute_sql(sql)
        assert len(audit.events()) == 3
        assert check_database().ok
    finally:
        set_current_actor(None)
        close_database(db)
        set_current_user(None)

    assert {"audit_event_no_update", "audit_event_no_delete", "movement_no_update", "movement_no_delete"} <= (
        _triggers(v2_database)
    )

    # A verified copy of the version 2 file was taken before the upgrade.
    (backup,) = _backups(v2_database.parent, version=2)
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert _query(backup, "PRAGMA integrity_check") == [("ok",)]
    assert _query(backup, "PRAGMA foreign_key_check") == []
    assert _version(backup) == 2
    assert not {"user_account", "audit_event"} & _tables(backup)
    assert _v2_rows(backup) == before


def test_step_3_failing_half_way_leaves_version_2_with_its_backup(
    v2_database: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _v2_rows(v2_database)
    real_step = schema.UPGRADE_STEPS[3]

    def breaks_after_creating_the_tables(db: Database) -> None:
        real_step(db)
        db.execute_sql(
            'INSERT INTO audit_event (at, "user", action, object, detail) '
            "VALUES ('2026-01-01', 'x', 'x', '', '')"
        )
        raise RuntimeError("power cut during step 3")

    monkeypatch.setitem(schema.UPGRADE_STEPS, 3, breaks_after_creating_the_tables)
    with pytest.raises(DatabaseVersionError, match="version 3 failed") as info:
        open_database(v2_database)
    assert "left at version 2" in str(info.value)
    assert _version(v2_database) == 2
    assert not {"user_account", "audit_event"} & _tables(v2_database)
    assert not any(name.startswith("audit_event") for name in _triggers(v2_database))
    assert _v2_rows(v2_database) == before
    (backup,) = _backups(v2_database.parent, version=2)
    assert str(backup) in str(info.value)
    assert _v2_rows(backup) == before

    monkeypatch.undo()
    db = open_database(v2_database)
    try:
        assert schema.stored_version(db) == schema.CURRENT_VERSION
        assert catalog.item_detail(1).unit_cost == Decimal("6.50")
    finally:
        close_database(db)
    assert _v2_rows(v2_database) == before


# ---------------------------------------------------------------- version 3 to 4: exact money

V3_SCHEMA = Path(__file__).parent / "data" / "schema_v3_sqlite.sql"
# Prices a version 3 database can hold (two decimals), including ones a binary float cannot
# hold exactly; none may move by a cent.
V3_PRICES = ("0.07", "0.10", "6.50", "12.35", "30.98", "1234567.89", "99999999.99", "0.00")


def _without_code_keys(db: Database) -> None:
    """The item table of a PostgreSQL database as it was before version 6: no code keys."""
    db.execute_sql("ALTER TABLE item DROP COLUMN sku_key, DROP COLUMN barcode_key")


def _money_column(db: Database, table: str) -> tuple[str, ...]:
    return tuple(c.data_type.lower() for c in db.get_columns(table) if c.name == "unit_cost")


def _fill_version_3(db: Database) -> None:
    """Items and order lines with money in them, written as version 3 wrote them."""
    item = (
        "INSERT INTO item (id, sku, name, unit, purchase_unit, units_per_purchase_unit, supplier_id, "
        "supplier_sku, unit_cost, reorder_point, tracks_expiry, notes, active, on_hand) "
        "VALUES ({id}, 'SKU-{id}', 'Item {id}', 'box', 'case', 10, 1, '', {price}, 0, false, '', true, 0)"
    )
    db.execute_sql(
        "INSERT INTO supplier (id, name, account_number, contact, phone, email, address, "
        "lead_time_days, notes, active, order_layout) "
        "VALUES (1, 'Northgate', '', '', '', '', '', 3, '', true, '')"
    )
    db.execute_sql(
        "INSERT INTO purchase_order (id, number, supplier_id, status, created_at, created_by, notes) "
        "VALUES (1, 'PO-2026-0001', 1, 'draft', '2026-01-04 08:00:00', 'tester', '')"
    )
    for n, price in enumerate(V3_PRICES, start=1):
        db.execute_sql(item.format(id=n, price=price))
        db.execute_sql(
            "INSERT INTO purchase_order_line (order_id, line_no, item_id, description, supplier_sku, "
            f"purchase_unit, units_per_purchase_unit, quantity, received, unit_cost) "
            f"VALUES (1, {n}, {n}, 'Item {n}', '', 'case', 10, 3, 0, {price})"
        )


@pytest.fixture
def v3_target(backend: str, db_target: str) -> str:
    """A version 3 database with money in it, on SQLite (the frozen version 3 schema) or on
    PostgreSQL (the current schema with the version 3 money columns, NUMERIC(12, 2))."""
    if backend == "sqlite":
        with closing(sqlite3.connect(db_target)) as conn:
            conn.execute("PRAGMA journal_mode=wal")
            conn.executescript(V3_SCHEMA.read_text())
            conn.commit()
    else:
        db = open_database(db_target)
        try:
            for table, column in schema.MONEY_COLUMNS:
                db.execute_sql(f"ALTER TABLE {table} ALTER COLUMN {column} TYPE NUMERIC(12, 2)")
            _without_code_keys(db)
            db.execute_sql("UPDATE schema_version SET version = 3")
        finally:
            close_database(db)
    from inventory_app.db.connection import make_database

    raw = make_database(db_target)  # not bound, not upgraded: the file as version 3 left it
    raw.connect()
    try:
        with raw.atomic():
            _fill_version_3(raw)
        if backend == "sqlite":
            stored = raw.execute_sql("SELECT DISTINCT typeof(unit_cost) FROM item").fetchall()
            assert {row[0] for row in stored} <= {"real", "integer"}  # what version 3 really kept
    finally:
        raw.close()
    return db_target


def test_step_4_keeps_every_cent_and_then_money_to_four_decimals(backend: str, v3_target: str) -> None:
    """The real upgrade on both backends: every price of a version 3 database comes through to
    the cent, the columns become exact (never REAL), and 4-decimal prices are kept from then on."""
    from inventory_app.core.purchasing import orders as purchasing
    from inventory_app.core.stock.check import check_database

    before = _query(Path(v3_target), "SELECT unit_cost FROM item ORDER BY id") if backend == "sqlite" else []
    set_current_user("tester")
    db = open_database(v3_target)
    try:
        assert schema.stored_version(db) == schema.CURRENT_VERSION
        expected = [Decimal(p) for p in V3_PRICES]
        assert [catalog.item_detail(n).unit_cost for n in range(1, len(V3_PRICES) + 1)] == expected
        detail = purchasing.order_detail(1)
        assert [line.unit_cost for line in detail.lines] == expected
        assert detail.total == sum((3 * p for p in expected), Decimal(0))
        if backend == "sqlite":
            assert _money_column(db, "item") == _money_column(db, "purchase_order_line") == ("integer",)
            for table, _column in schema.MONEY_COLUMNS:
                kinds = db.execute_sql(f"SELECT DISTINCT typeof(unit_cost) FROM {table}").fetchall()
                assert kinds == [("integer",)]
            assert db.execute_sql("SELECT unit_cost FROM item WHERE id = 3").fetchone()[0] == 65000
        else:
            assert _money_column(db, "item") == _money_column(db, "purchase_order_line") == ("numeric",)
            scale = db.execute_sql(
                "SELECT numeric_precision, numeric_scale FROM information_schema.columns "
                "WHERE table_name = 'item' AND column_name = 'unit_cost'"
            ).fetchone()
            assert tuple(scale) == (16, 4)

        # From now on a price with four decimals is kept exactly, and its order line is
        # quantity × exact price, rounded once to the cent.
        item = catalog.item_detail(1)
        catalog.update_item(
            1,
            ItemInput(
                sku=item.sku,
                name=item.name,
                unit="box",
                purchase_unit="case",
                units_per_purchase_unit=10,
                supplier_id=1,
                unit_cost=Decimal("30.9831"),
            ),
        )
        assert catalog.item_detail(1).unit_cost == Decimal("30.9831")
        line = next(x for x in purchasing.order_detail(1).lines if x.item_id == 1)
        purchasing.update_line(line.id, 7, "0.068")
        detail = purchasing.order_detail(1)
        line = next(x for x in detail.lines if x.item_id == 1)
        assert line.unit_cost == Decimal("0.068")
        assert line.line_total == Decimal("0.48")  # 7 × 0.068 = 0.476, rounded once
        (summary,) = [o for o in purchasing.list_orders() if o.id == 1]
        assert summary.total == detail.total == sum((x.line_total for x in detail.lines), Decimal(0))
        assert check_database().ok
    finally:
        close_database(db)
        set_current_user(None)
    if backend == "sqlite":
        # A verified copy of the version 3 file, its prices as they were, sits beside it.
        (backup,) = _backups(Path(v3_target).parent, version=3)
        assert _version(backup) == 3
        assert _query(backup, "PRAGMA integrity_check") == [("ok",)]
        assert _query(backup, "SELECT unit_cost FROM item ORDER BY id") == before


def test_step_4_failing_half_way_leaves_version_3_prices_as_they_were(
    v3_target: str, backend: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_step = schema.UPGRADE_STEPS[4]

    def breaks_after_the_first_table(db: Database) -> None:
        real_step(db)
        raise RuntimeError("power cut during step 4")

    monkeypatch.setitem(schema.UPGRADE_STEPS, 4, breaks_after_the_first_table)
    with pytest.raises(DatabaseVersionError, match="left at version 3"):
        open_database(v3_target)
    if backend == "sqlite":
        assert _version(Path(v3_target)) == 3
        assert {row[0] for row in _query(Path(v3_target), "SELECT typeof(unit_cost) FROM item")} <= {
            "real",
            "integer",
        }
        assert "unit_cost_exact" not in {row[1] for row in _query(Path(v3_target), "PRAGMA table_info(item)")}
    monkeypatch.undo()
    db = open_database(v3_target)
    try:
        assert schema.stored_version(db) == schema.CURRENT_VERSION
        assert [catalog.item_detail(n).unit_cost for n in range(1, len(V3_PRICES) + 1)] == [
            Decimal(p) for p in V3_PRICES
        ]
    finally:
        close_database(db)


# ---------------------------------------------------------------- version 4 to 5: lots without a number

V4_SCHEMA = Path(__file__).parent / "data" / "schema_v4_sqlite.sql"
# (id, item, lot number, expiry, quantity): numbered lots, a number two items share, and the one
# lot without a number an item could hold under version 4's unique (item, lot number).
V4_LOTS = (
    (1, 1, "L1", "2027-03-31", 4),
    (2, 1, "L2", "2026-11-30", 2),
    (3, 2, "L1", "2027-01-31", 3),
    (4, 2, "", "2026-09-30", 5),
)


def _lots(db: Database) -> list[tuple[object, ...]]:
    rows = db.execute_sql("SELECT id, item_id, lot_number, expires_on, quantity FROM lot ORDER BY id")
    return [(r[0], r[1], r[2], str(r[3])[:10], r[4]) for r in rows.fetchall()]


@pytest.fixture
def v4_target(backend: str, db_target: str) -> str:
    """A version 4 database with lots in it, on SQLite (the frozen version 4 schema) or on
    PostgreSQL (the current schema with version 4's unique index on (item, lot number))."""
    from inventory_app.db.connection import make_database

    if backend == "sqlite":
        with closing(sqlite3.connect(db_target)) as conn:
            conn.execute("PRAGMA journal_mode=wal")
            conn.executescript(V4_SCHEMA.read_text())
            conn.commit()
    else:
        db = open_database(db_target)
        try:
            for index in ("lot_item_id_lot_number_numbered", "lot_item_id_expires_on_unnumbered"):
                db.execute_sql(f'DROP INDEX "{index}"')
            db.execute_sql('CREATE UNIQUE INDEX "lot_item_id_lot_number" ON "lot" ("item_id", "lot_number")')
            _without_code_keys(db)
            db.execute_sql("UPDATE schema_version SET version = 4")
        finally:
            close_database(db)
    raw = make_database(db_target)  # not bound, not upgraded: the database as version 4 left it
    raw.connect()
    try:
        with raw.atomic():
            item = (
                "INSERT INTO item (id, sku, name, unit, purchase_unit, units_per_purchase_unit, "
                "supplier_sku, unit_cost, reorder_point, tracks_expiry, notes, active, on_hand) "
                "VALUES ({id}, '{sku}', '{sku}', 'box', 'box', 1, '', 0, 0, true, '', true, {on_hand})"
            )
            raw.execute_sql(item.format(id=1, sku="VAX", on_hand=6))
            raw.execute_sql(item.format(id=2, sku="KIT", on_hand=8))
            for lot in V4_LOTS:
                raw.execute_sql(
                    f"INSERT INTO lot (id, item_id, lot_number, expires_on, quantity) VALUES {lot!r}"
                )
                raw.execute_sql(
                    'INSERT INTO movement (item_id, lot_id, kind, quantity, reason, note, "user", '
                    "created_at) "
                    f"VALUES ({lot[1]}, {lot[0]}, 'receive', {lot[4]}, '', '', 'tester', "
                    "'2026-01-05 09:00:00')"
                )
            with pytest.raises(IntegrityError), raw.atomic():  # version 4: one lot per number
                raw.execute_sql("INSERT INTO lot (item_id, lot_number, quantity) VALUES (2, '', 0)")
    finally:
        raw.close()
    return db_target


def test_step_5_keeps_every_lot_and_then_takes_lots_without_a_number(backend: str, v4_target: str) -> None:
    """The real upgrade on both backends: every lot of a version 4 database is kept as it was;
    afterwards an item holds one lot without a number per expiry date, and still one lot per
    lot number."""
    from inventory_app.core.stock.check import check_database

    set_current_user("tester")
    db = open_database(v4_target)
    try:
        assert schema.stored_version(db) == schema.CURRENT_VERSION
        assert _lots(db) == [tuple(lot) for lot in V4_LOTS]
        report = check_database()
        assert report.ok, report.problems
        indexes = {index.name: index for index in db.get_indexes("lot")}
        assert "lot_item_id_lot_number" not in indexes
        assert indexes["lot_item_id_lot_number_numbered"].unique
        assert indexes["lot_item_id_expires_on_unnumbered"].unique

        # The existing lot without a number is the lot of its date; other dates are new lots.
        stock.receive(2, 2, expires="2026-09-30")
        stock.receive(2, 1, expires="2027-02-28")
        stock.receive(1, 1, lot="L1", expires="2027-03-31")
        assert _lots(db)[3] == (4, 2, "", "2026-09-30", 7)
        assert _lots(db)[4][1:] == (2, "", "2027-02-28", 1)
        assert len(_lots(db)) == 5
        for duplicate in ("(1, 'L1', '2028-01-01', 0)", "(2, '', '2027-02-28', 0)"):
            with pytest.raises(IntegrityError), db.atomic():
                db.execute_sql(
                    f"INSERT INTO lot (item_id, lot_number, expires_on, quantity) VALUES {duplicate}"
                )
        assert check_database().ok
    finally:
        close_database(db)
        set_current_user(None)
    if backend == "sqlite":
        (backup,) = _backups(Path(v4_target).parent, version=4)
        assert _version(backup) == 4
        assert _query(backup, "PRAGMA integrity_check") == [("ok",)]


# ---------------------------------------------------------------- version 5 to 6: code keys

V5_SCHEMA = Path(__file__).parent / "data" / "schema_v5_sqlite.sql"


def _v5_target(backend: str, db_target: str, items: tuple[tuple[int, str, str | None], ...]) -> str:
    """A version 5 database with `items` (id, SKU, barcode) in it, on SQLite (the frozen version
    5 schema) or on PostgreSQL (the current schema without the code keys)."""
    from inventory_app.db.connection import make_database

    if backend == "sqlite":
        with closing(sqlite3.connect(db_target)) as conn:
            conn.execute("PRAGMA journal_mode=wal")
            conn.executescript(V5_SCHEMA.read_text())
            conn.commit()
    else:
        db = open_database(db_target)
        try:
            _without_code_keys(db)
            db.execute_sql("UPDATE schema_version SET version = 5")
        finally:
            close_database(db)
    raw = make_database(db_target)  # not bound, not upgraded: the database as version 5 left it
    raw.connect()
    try:
        mark = "?" if backend == "sqlite" else "%s"
        with raw.atomic():
            for item_id, sku, barcode in items:
                raw.execute_sql(
                    "INSERT INTO item (id, sku, name, unit, purchase_unit, units_per_purchase_unit, "
                    "supplier_sku, unit_cost, reorder_point, tracks_expiry, barcode, notes, active, on_hand) "
                    f"VALUES ({mark}, {mark}, {mark}, 'box', 'box', 1, '', 0, 0, false, {mark}, '', true, 0)",
                    (item_id, sku, f"Item {item_id}", barcode),
                )
    finally:
        raw.close()
    return db_target


def _keys(db: Database) -> list[tuple[object, ...]]:
    return [tuple(r) for r in db.execute_sql("SELECT id, sku, sku_key, barcode_key FROM item ORDER BY id")]


def test_step_6_gives_every_item_of_a_version_5_database_its_code_keys(backend: str, db_target: str) -> None:
    """The real upgrade on both backends: each item's SKU and barcode get their case-folded keys
    (computed in Python), indexed, the SKU key unique; the codes are kept as they were written,
    and a SKU of another script is found in any case afterwards."""
    from inventory_app.core.stock.check import check_database

    items = ((1, "ABC-1", "4006381333931"), (2, "ÄBC-1", "ÖL-7"), (3, "GZ-44", None))
    target = _v5_target(backend, db_target, items)
    set_current_user("tester")
    db = open_database(target)
    try:
        assert schema.stored_version(db) == schema.CURRENT_VERSION == 6
        assert _keys(db) == [
            (1, "ABC-1", "abc-1", "4006381333931"),
            (2, "ÄBC-1", "äbc-1", "öl-7"),
            (3, "GZ-44", "gz-44", None),
        ]
        report = check_database()
        assert report.ok, report.problems  # the SQLite schema is the one a new database has
        indexes = {index.name: index for index in db.get_indexes("item")}
        assert indexes["item_sku_key"].unique
        assert not indexes["item_barcode_key"].unique
        assert catalog.item_id_for("äbc-1") == 2
        assert catalog.item_id_for("öl-7") == 2
        assert catalog.item_id_for("ＡＢＣ‐1") == 1
        with pytest.raises(IntegrityError), db.atomic():
            db.execute_sql("UPDATE item SET sku_key = 'abc-1' WHERE id = 3")
    finally:
        close_database(db)
        set_current_user(None)
    if backend == "sqlite":
        (backup,) = _backups(Path(target).parent, version=5)
        assert _version(backup) == 5


def test_step_6_keeps_going_past_skus_that_look_the_same_and_check_names_them(
    backend: str, db_target: str
) -> None:
    """Look-alike SKUs a version 5 database could hold ("ＡＢＣ-1" beside "ABC-1"; "äbc-1" beside
    "ÄBC-1", which SQLite's LOWER() told apart) do not break the upgrade: the earlier item keeps
    the key, the later one keeps its SKU case-folded as written (or that and "#id" when taken
    too), `check` names it beside the item it looks like, and saving it asks for its own SKU."""
    from inventory_app.core.stock.check import check_database

    items = (
        (1, "ABC-1", None),
        (2, "ÄBC-1", None),
        (3, "ＡＢＣ-1", None),
        (4, "äbc-1", "ABC\u20101"),
        (5, "GZ-44", None),
    )
    target = _v5_target(backend, db_target, items)
    set_current_user("tester")
    db = open_database(target)
    try:
        assert schema.stored_version(db) == schema.CURRENT_VERSION
        assert _keys(db) == [
            (1, "ABC-1", "abc-1", None),
            (2, "ÄBC-1", "äbc-1", None),
            (3, "ＡＢＣ-1", "ａｂｃ-1", None),
            (4, "äbc-1", "äbc-1#4", "abc-1"),
            (5, "GZ-44", "gz-44", None),
        ]
        assert catalog.item_id_for("ＡＢＣ-1") == 1
        assert catalog.item_id_for("äbc-1") == 2
        problems = check_database().problems
        assert problems == [
            "ＡＢＣ-1: looks the same as the SKU of ABC-1 (scanning or typing it finds ABC-1); "
            "give one of them a SKU of its own.",
            "äbc-1: looks the same as the SKU of ÄBC-1 (scanning or typing it finds ÄBC-1); "
            "give one of them a SKU of its own.",
        ]
        with pytest.raises(ValidationError, match="SKU ABC-1 is already used"):
            catalog.update_item(3, ItemInput(sku="ＡＢＣ-1", name="Item 3"))
        catalog.update_item(3, ItemInput(sku="ABC-3", name="Item 3"))
        with pytest.raises(ValidationError, match="Barcode ABC-1 is already the SKU of ABC-1"):
            catalog.update_item(4, ItemInput(sku="ÄBC-4", name="Item 4", barcode="ABC\u20101"))
        catalog.update_item(4, ItemInput(sku="ÄBC-4", name="Item 4"))
        assert catalog.item_id_for("abc-3") == 3
        assert catalog.item_id_for("äbc-4") == 4
        report = check_database()
        assert report.ok, report.problems
    finally:
        close_database(db)
        set_current_user(None)
