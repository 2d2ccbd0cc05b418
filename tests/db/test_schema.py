"""RELIABILITY A13: a database newer than the program, or an upgrade failing half-way.

Newer: refused, and the file is not touched. Failing step: rolled back to the
last good version, with a verified copy taken before the upgrade. Also the
other files that are not our database: a PDF under a .db name, a foreign SQLite file.
"""

from __future__ import annotations

import sqlite3
import stat
from contextlib import closing
from pathlib import Path

import pytest
from peewee import Database, DatabaseError

from inventory_app.core import catalog, stock
from inventory_app.core.context import set_current_user
from inventory_app.core.types import ItemInput
from inventory_app.db import schema
from inventory_app.db.models import Movement
from inventory_app.db.session import close_database, open_database
from inventory_app.errors import DatabaseProblem, DatabaseVersionError

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
        assert schema.stored_version(db) == 2
        assert db.execute_sql("SELECT COUNT(*) FROM shelf_label").fetchone()[0] == 2
    finally:
        close_database(db)

    assert _version(v1_database) == 2
    assert _items(v1_database) == before_items
    backups = _backups(v1_database.parent)
    assert len(backups) == 1
    assert _query(backups[0], "PRAGMA integrity_check") == [("ok",)]
    assert _version(backups[0]) == 1
    assert "shelf_label" not in _tables(backups[0])
    assert _items(backups[0]) == before_items

    # Opening again at version 2 neither upgrades nor copies again.
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
    with pytest.raises(DatabaseVersionError, match="not created by this program"):
        open_database(path)
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
    from inventory_app.core import purchasing
    from inventory_app.core.check import check_database
    from inventory_app.core.purchase_types import LineReceipt, OrderStatus
    from inventory_app.core.types import SupplierInput

    set_current_user("tester")
    db = open_database(v1_database)
    try:
        assert schema.stored_version(db) == 2
        assert {"purchase_order", "purchase_order_line"} <= set(db.get_tables())
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
