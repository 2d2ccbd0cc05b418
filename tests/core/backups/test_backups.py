"""Backups and restore of a SQLite database (RELIABILITY G1, G2, G3; issue 8 "Backups").

G1 backs up while another process records movements; the other process says
when it has started through a pipe and stops when told, so nothing waits on a
clock. Corruption (G2) is made on purpose in known places: flipped bytes in the
b-tree pages of the item and movement tables, and a file cut in half.
"""

from __future__ import annotations

import multiprocessing
import os
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from datetime import datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from peewee import Database

from inventory_app.core.accounts import audit
from inventory_app.core.accounts import users as accounts
from inventory_app.core.accounts.audit import Action
from inventory_app.core.accounts.context import Actor, Role, set_current_actor, set_current_user
from inventory_app.core.backups import backup as backups
from inventory_app.core.backups import files as backup_files
from inventory_app.core.backups import restore as backup_restore
from inventory_app.core.backups.backup import BackupProblem, BackupsNotSupported
from inventory_app.core.stock import movements as stock
from inventory_app.core.stock.check import check_database
from inventory_app.db.connection import bind, current_database, describe_target
from inventory_app.db.models import Item, Movement
from inventory_app.db.schema import CURRENT_VERSION
from inventory_app.db.session import close_database, open_database
from inventory_app.errors import InventoryError, PermissionDenied
from tests.conftest import reset_postgres
from tests.core.helpers import new_item

V2_SCHEMA = Path(__file__).resolve().parents[2] / "db" / "data" / "schema_v2_sqlite.sql"
PROCESS_TIMEOUT = 60


@pytest.fixture(autouse=True)
def _signed_out_and_closed() -> Iterator[None]:
    """Nobody signed in before or after; the database a restore reopened is closed at the end."""
    set_current_actor(None)
    yield
    set_current_actor(None)
    try:
        current_database().close()
    except Exception:  # nothing bound
        pass


@pytest.fixture
def live(sqlite_db: Database) -> Path:
    """The open database file, with one item received twice."""
    item = new_item("GLV-M", unit="box")
    stock.receive(item.id, 5)
    stock.receive(item.id, 3)
    return Path(sqlite_db.database)


def _on_hand(sku: str = "GLV-M") -> int:
    return int(Item.get(Item.sku == sku).on_hand)


def _state() -> tuple[object, ...]:
    """What a refused restore must leave as it was."""
    items = tuple(Item.select(Item.sku, Item.on_hand).order_by(Item.id).tuples())
    moves = tuple(Movement.select(Movement.id, Movement.quantity).order_by(Movement.id).tuples())
    return items, moves


def _files(folder: Path) -> list[str]:
    return sorted(os.listdir(folder)) if folder.exists() else []


def _check_copy(path: Path, tmp_path: Path) -> tuple[bool, list[str], int]:
    """`check_database()` on a copy of a backup (the copy is opened by the program itself)."""
    probe = tmp_path / f"probe-{path.name}"
    probe.write_bytes(path.read_bytes())
    previous = current_database()
    db = open_database(probe)
    try:
        report = check_database()
        return report.ok, report.problems, Movement.select().count()
    finally:
        close_database(db)
        bind(previous)


# ---------------------------------------------------------------- G1: another process writes


def _write_movements(path: str, item_id: int, pipe: Any) -> None:
    """Receive and use one unit at a time until told to stop; report the count (or the error)."""
    set_current_user("other-process")
    db = open_database(path)
    written = 0
    try:
        while True:
            if written % 2 == 0:
                stock.receive(item_id, 1)
            else:
                stock.use(item_id, 1)
            written += 1
            if written == 1:
                pipe.send("started")
            if pipe.poll():
                pipe.recv()
                pipe.send(("stopped", written))
                return
    except Exception as exc:  # reported to the test
        pipe.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        close_database(db)


def test_g1_backup_while_another_process_writes(live: Path, tmp_path: Path) -> None:
    item_id = Item.get(Item.sku == "GLV-M").id
    context = multiprocessing.get_context("spawn")
    ours, theirs = context.Pipe()
    writer = context.Process(target=_write_movements, args=(str(live), item_id, theirs))
    writer.start()
    try:
        assert ours.poll(PROCESS_TIMEOUT), "the writing process did not start"
        assert ours.recv() == "started"
        path = backups.backup_now()
        ours.send("stop")
        assert ours.poll(PROCESS_TIMEOUT), "the writing process did not stop"
        outcome, written = ours.recv()
    finally:
        writer.join(timeout=PROCESS_TIMEOUT)
        if writer.is_alive():
            writer.kill()
    assert outcome == "stopped", written
    assert writer.exitcode == 0

    # Temp-then-rename: the folder holds the backup and nothing else.
    assert _files(path.parent) == [path.name]
    assert backup_files.file_problem(path, thorough=True) == ""
    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    ok, problems, copied_movements = _check_copy(path, tmp_path)
    assert ok, problems
    # The copy is one consistent moment of a database that kept changing around it.
    total_movements = Movement.select().count()
    assert 2 < copied_movements < total_movements
    assert total_movements == 2 + written
    assert check_database().ok


def _receive_with_notes(path: str, item_id: int, pipe: Any) -> None:
    """Receive one unit at a time, each with its own note, and keep the notes of the receipts
    that were acknowledged (saved without an error); answer "count" with how many, "stop" with
    the notes. A receipt refused (busy while a restore holds the database) is not acknowledged."""
    set_current_user("other-process")
    db = open_database(path)
    acknowledged: list[str] = []
    refused = 0
    try:
        n = 0
        while True:
            n += 1
            try:
                stock.receive(item_id, 1, note=f"w{n}")
                acknowledged.append(f"w{n}")
            except InventoryError:
                refused += 1
            if len(acknowledged) == 10 and n == 10:
                pipe.send("started")
            if pipe.poll():
                if pipe.recv() == "count":
                    pipe.send(len(acknowledged))
                    continue
                pipe.send(("stopped", acknowledged, refused))
                return
    except Exception as exc:  # reported to the test
        pipe.send(("error", f"{type(exc).__name__}: {exc}", 0))
    finally:
        close_database(db)


def _notes(path: Path) -> set[str]:
    with closing(sqlite3.connect(path)) as conn:
        return {row[0] for row in conn.execute("SELECT note FROM movement WHERE note LIKE 'w%'")}


def _count(ours: Any) -> int:
    ours.send("count")
    assert ours.poll(PROCESS_TIMEOUT), "the writing process did not answer"
    return int(ours.recv())


def test_g1_a_restore_while_another_process_writes_loses_no_acknowledged_receipt(
    live: Path, tmp_path: Path
) -> None:
    """The other process (an open window on another desk) keeps one connection through the
    restore: what it saved before is in the before-restore copy, what it saved after is in
    the restored database, which it sees and writes to through the same connection."""
    backup = backups.backup_now()
    item_id = Item.get(Item.sku == "GLV-M").id
    context = multiprocessing.get_context("spawn")
    ours, theirs = context.Pipe()
    writer = context.Process(target=_receive_with_notes, args=(str(live), item_id, theirs))
    writer.start()
    try:
        assert ours.poll(PROCESS_TIMEOUT), "the writing process did not start"
        assert ours.recv() == "started"
        safety = backups.restore(backup)
        after_restore = _count(ours)
        while _count(ours) < after_restore + 10:  # it goes on writing into the restored database
            assert writer.is_alive()
        ours.send("stop")
        assert ours.poll(PROCESS_TIMEOUT), "the writing process did not stop"
        outcome, acknowledged, refused = ours.recv()
    finally:
        writer.join(timeout=PROCESS_TIMEOUT)
        if writer.is_alive():
            writer.kill()
    assert outcome == "stopped", acknowledged
    before, restored = _notes(safety), _notes(live)
    missing = sorted(set(acknowledged) - before - restored, key=lambda n: int(n[1:]))
    assert not missing
    assert before and restored and not before & restored
    assert len(acknowledged) + refused >= len(before) + len(restored)
    # The restored database is the backup plus what was received after the restore.
    assert _on_hand() == 8 + len(restored)
    report = check_database()
    assert report.ok, report.problems


# ---------------------------------------------------------------- writing a backup


def test_backup_files_are_owner_only_even_with_an_open_umask(live: Path) -> None:
    old_umask = os.umask(0)
    try:
        made = backups.backup_now()
        exact = backups.backup_to(live.parent / "copy-for-the-accountant.db")
        safety = backups.restore(made)
    finally:
        os.umask(old_umask)
    for path in (made, exact, safety):
        assert path.stat().st_mode & 0o777 == 0o600, path
    assert made.parent.stat().st_mode & 0o777 == 0o700
    assert made.parent == live.parent / "backups"
    stamp = datetime.strptime(
        made.name[len("inventory-") : len("inventory-YYYYMMDD-HHMMSS")], "%Y%m%d-%H%M%S"
    )
    assert abs(stamp - datetime.now()) < timedelta(minutes=5)
    assert made.name.endswith("-manual.db")


def test_two_backups_in_one_second_get_two_names(live: Path) -> None:
    folder = live.parent / "backups"
    folder.mkdir()
    now = datetime(2026, 3, 2, 8, 30, 15)
    first = backup_files.new_backup_path(folder, "manual", now)
    first.write_bytes(b"")
    second = backup_files.new_backup_path(folder, "daily", now)
    second.write_bytes(b"")
    third = backup_files.new_backup_path(folder, "manual", now)
    assert (first.name, second.name, third.name) == (
        "inventory-20260302-083015-manual.db",
        "inventory-20260302-083015-2-daily.db",
        "inventory-20260302-083015-3-manual.db",
    )
    assert backup_files.name_time(third) == (now, 3)
    assert backup_files.our_backups(folder) == [second, first]


def test_a_failure_mid_copy_leaves_no_partial_backup(live: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = live.parent / "backups"
    before = backups.backup_to(live.parent / "kept.db")
    kept_bytes = before.read_bytes()

    def half_written(source: sqlite3.Connection, target: Path) -> None:
        with target.open("ab") as handle:
            handle.write(b"SQLite format 3\x00" + b"\x00" * 5000)
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(backup_files, "copy_pages", half_written)
    with pytest.raises(BackupProblem, match="disk is full"):
        backups.backup_now(folder)
    with pytest.raises(BackupProblem, match="disk is full"):
        backups.backup_to(before)
    assert _files(folder) == []
    assert before.read_bytes() == kept_bytes  # the earlier file at that name is untouched
    assert sorted(p.name for p in live.parent.iterdir() if p.name.endswith(".partial")) == []


def test_a_copy_that_fails_its_check_is_not_kept(live: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = live.parent / "backups"
    monkeypatch.setattr(backup_files, "file_problem", lambda path, thorough=True: "it is damaged (test).")
    with pytest.raises(BackupProblem, match="failed its check"):
        backups.backup_now(folder)
    assert _files(folder) == []


def test_backup_to_refuses_the_database_itself(live: Path) -> None:
    before = live.read_bytes()
    with pytest.raises(BackupProblem, match="the database itself"):
        backups.backup_to(live)
    assert live.read_bytes() == before


def test_every_backup_is_audited(live: Path) -> None:
    made = backups.backup_now()
    exact = backups.backup_to(live.parent / "exact.db")
    logged = [(e.action, e.object, e.detail) for e in audit.events(action=Action.BACKUP)]
    assert logged == [(Action.BACKUP, str(exact), "file"), (Action.BACKUP, str(made), "manual")]


# ---------------------------------------------------------------- daily backups (retention: its own file)


def test_backup_if_due_makes_one_daily_backup_per_day(live: Path) -> None:
    first = backups.backup_if_due()
    assert first is not None and first.name.endswith("-daily.db")
    assert backups.backup_if_due() is None
    assert backups.backup_if_due() is None
    assert len(backup_files.our_backups(first.parent)) == 1

    # Yesterday's backup does not count for today.
    yesterday = datetime.now() - timedelta(days=1)
    first.rename(first.with_name(f"inventory-{yesterday:%Y%m%d-%H%M%S}-daily.db"))
    second = backups.backup_if_due()
    assert second is not None and second.exists()
    assert backups.backup_if_due() is None
    assert len(backup_files.our_backups(first.parent)) == 2


# ---------------------------------------------------------------- listing


def test_list_backups_shows_date_items_and_last_movement(live: Path) -> None:
    older = backups.backup_now()
    older_last = Movement.select().order_by(Movement.id.desc()).get().created_at
    new_item("GZ-44")
    stock.receive(Item.get(Item.sku == "GZ-44").id, 2)
    newer = backups.backup_now()
    newer_last = Movement.select().order_by(Movement.id.desc()).get().created_at
    (newer.parent / "readme.txt").write_text("not a backup")

    listed = backups.list_backups()
    assert [info.path for info in listed] == [newer, older]
    assert [(info.item_count, info.schema_version, info.problem) for info in listed] == [
        (2, CURRENT_VERSION, ""),
        (1, CURRENT_VERSION, ""),
    ]
    assert [info.last_movement for info in listed] == [newer_last, older_last]
    assert all(info.size_bytes == info.path.stat().st_size > 0 for info in listed)
    assert all(
        info.taken_at is not None and abs(info.taken_at - datetime.now()) < timedelta(minutes=5)
        for info in listed
    )


def test_inspect_names_what_is_wrong_with_a_file(live: Path, tmp_path: Path) -> None:
    text = tmp_path / "letter.db"
    text.write_text("Dear supplier, " * 100)
    other = tmp_path / "other.db"
    with closing(sqlite3.connect(other)) as conn:
        conn.execute("CREATE TABLE patients (name TEXT)")
        conn.commit()
    assert "not a database file" in backups.inspect_backup(text).problem
    assert "not an inventory database" in backups.inspect_backup(other).problem
    assert "does not exist" in backups.inspect_backup(tmp_path / "missing.db").problem
    in_use = tmp_path / "copied-while-open.db"
    in_use.write_bytes(live.read_bytes())
    Path(str(in_use) + "-wal").write_bytes(b"frames not yet in the file")
    assert "copied while the program had it open" in backups.inspect_backup(in_use).problem
    exact = backups.backup_to(tmp_path / "exact.db")
    info = backups.inspect_backup(exact)
    assert info.problem == "" and info.item_count == 1
    assert info.taken_at is not None  # from the file's time when the name carries none


# ---------------------------------------------------------------- restore


def test_restore_brings_back_the_old_data_and_check_passes(live: Path) -> None:
    backup = backups.backup_now()
    stock.use(Item.get(Item.sku == "GLV-M").id, 6)
    new_item("LATER")
    assert _on_hand() == 2

    safety = backups.restore(backup)

    assert _on_hand() == 8
    assert not Item.select().where(Item.sku == "LATER").exists()
    report = check_database()
    assert report.ok, report.problems
    newest = audit.events(limit=1)[0]
    assert (newest.action, newest.object) == (Action.RESTORE, str(backup))
    # The log keeps what was done after the backup (the backup itself, the use, the new item),
    # carried over in order, then the restore; before them, the backup's own log.
    assert [e.action for e in audit.events()] == [
        Action.RESTORE,
        Action.ITEM,
        Action.USE,
        Action.BACKUP,
        Action.RECEIVE,
        Action.RECEIVE,
        Action.ITEM,
    ]
    assert "3 later events of the log carried over" in newest.detail
    assert str(safety) in newest.detail
    # The safety copy holds the state from just before the restore.
    info = backups.inspect_backup(safety)
    assert (info.problem, info.item_count) == ("", 2)
    assert safety.name.endswith("-before-restore.db")
    # The program goes on writing to the restored database.
    stock.receive(Item.get(Item.sku == "GLV-M").id, 1)
    assert _on_hand() == 9 and check_database().ok


def test_g3_restore_with_changes_still_in_the_write_ahead_log_keeps_a_safety_copy(
    live: Path, sqlite_db: Database
) -> None:
    backup = backups.backup_now()
    # Another program keeps the file open and nothing is folded into the file: what we write
    # next stays in the -wal file. The restore writes through the log like any change.
    other = sqlite3.connect(live)
    try:
        other.execute("SELECT COUNT(*) FROM item").fetchone()
        sqlite_db.execute_sql("PRAGMA wal_autocheckpoint=0")
        stock.receive(Item.get(Item.sku == "GLV-M").id, 100)
        wal = Path(str(live) + "-wal")
        assert wal.stat().st_size > 0
        safety = backups.restore(backup)
        # The other program sees the restored records on its next read, through its open connection.
        assert other.execute("SELECT on_hand FROM item WHERE sku = 'GLV-M'").fetchone() == (8,)
    finally:
        other.close()
    assert _on_hand() == 8
    report = check_database()
    assert report.ok, report.problems
    with closing(sqlite3.connect(backup_files.read_only_uri(safety), uri=True)) as conn:
        assert conn.execute("SELECT on_hand FROM item WHERE sku = 'GLV-M'").fetchone() == (108,)
    leftovers = [p.name for p in live.parent.iterdir() if ".restoring" in p.name or p.suffix == ".partial"]
    assert leftovers == []


def _flip_table_pages(path: Path, tables: tuple[str, ...]) -> None:
    """Invert the b-tree page headers of `tables` (the bytes SQLite reads first)."""
    with closing(sqlite3.connect(path)) as conn:
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        roots = [
            conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (t,)).fetchone()[0]
            for t in tables
        ]
    data = bytearray(path.read_bytes())
    for root in roots:
        start = (root - 1) * page_size
        for offset in range(start, start + 12):
            data[offset] ^= 0xFF
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("damage", ["flipped bytes", "truncated"])
def test_g2_a_corrupted_backup_is_refused_and_the_database_is_unchanged(live: Path, damage: str) -> None:
    backup = backups.backup_now()
    if damage == "truncated":
        data = backup.read_bytes()
        backup.write_bytes(data[: len(data) // 2])
    else:
        _flip_table_pages(backup, ("item", "movement"))
    stock.receive(Item.get(Item.sku == "GLV-M").id, 4)
    before, live_bytes_folder = _state(), _files(live.parent)
    listed = backups.list_backups(thorough=True)
    assert listed[0].problem != "" and "damaged" in listed[0].problem or "incomplete" in listed[0].problem

    with pytest.raises(BackupProblem, match="cannot be restored.*(damaged|incomplete).*Nothing was changed"):
        backups.restore(backup)

    assert _state() == before
    assert _files(live.parent) == live_bytes_folder
    assert _files(backup.parent) == [backup.name]  # no safety copy either: nothing was started
    assert check_database().ok


def test_restore_refuses_the_database_in_use(live: Path) -> None:
    before = _state()
    with pytest.raises(BackupProblem, match="is the database in use"):
        backups.restore(live)
    assert _state() == before
    assert not (live.parent / "backups").exists()


def test_a_backup_from_a_newer_program_is_refused(live: Path) -> None:
    backup = backups.backup_now()
    with closing(sqlite3.connect(backup)) as conn:
        conn.execute("UPDATE schema_version SET version = ?", (CURRENT_VERSION + 1,))
        conn.commit()
    before = _state()
    info = backups.inspect_backup(backup)
    assert "newer version of the program" in info.problem
    assert info.schema_version == CURRENT_VERSION + 1
    with pytest.raises(BackupProblem, match="newer version of the program"):
        backups.restore(backup)
    assert _state() == before
    assert _files(backup.parent) == [backup.name]


CRAFTED_SCHEMAS = {
    "accounts as a view": (
        "DROP TABLE user_account;"
        "CREATE VIEW user_account AS SELECT 1 AS id, 'x' AS name, 'x' AS name_key, 'x' AS password_hash,"
        " 'admin' AS role, 1 AS active;",
        ["the table user_account is a view"],
    ),
    "append-only triggers dropped, a rogue one added": (
        "DROP TRIGGER movement_no_update; DROP TRIGGER movement_no_delete;"
        "DROP TRIGGER audit_event_no_delete;"
        "CREATE TRIGGER x AFTER INSERT ON audit_event BEGIN DELETE FROM audit_event WHERE id = new.id; END;",
        [
            "trigger movement_no_update is missing",
            "trigger movement_no_delete is missing",
            "trigger audit_event_no_delete is missing",
            "unexpected trigger x",
        ],
    ),
}


def _craft(path: Path, script: str) -> None:
    with closing(sqlite3.connect(path)) as conn:
        conn.executescript(script)
        conn.commit()


@pytest.mark.parametrize("crafted", CRAFTED_SCHEMAS)
def test_g5_a_backup_whose_schema_differs_is_refused_and_check_reports_it(
    live: Path, tmp_path: Path, crafted: str
) -> None:
    script, differences = CRAFTED_SCHEMAS[crafted]
    backup = backups.backup_now()
    _craft(backup, script)
    before = _state()
    info = backups.inspect_backup(backup)
    assert info.schema_version == CURRENT_VERSION
    for difference in differences:
        assert difference in info.problem
    with pytest.raises(BackupProblem, match="schema is not the one this program builds") as refused:
        backups.restore(backup)
    for difference in differences:
        assert difference in str(refused.value)
    assert _state() == before
    assert _files(backup.parent) == [backup.name]  # not even a safety copy was needed

    ok, problems, _moves = _check_copy(backup, tmp_path)
    assert not ok
    for difference in differences:
        assert any(difference in problem for problem in problems), problems


def test_g5_check_reports_a_live_database_whose_schema_was_changed(live: Path) -> None:
    assert check_database().ok
    current_database().execute_sql("DROP TRIGGER movement_no_update")
    report = check_database()
    assert not report.ok
    assert report.problems == [
        "The schema is not the one this program builds: trigger movement_no_update is missing."
    ]


def test_g5_an_older_backup_whose_schema_differs_is_put_back_after_the_upgrade(
    live: Path, tmp_path: Path
) -> None:
    old = tmp_path / "inventory-20250110-170000-daily.db"
    with closing(sqlite3.connect(old)) as conn:
        conn.executescript(V2_SCHEMA.read_text())
        conn.execute("CREATE TRIGGER x AFTER INSERT ON item BEGIN SELECT 1; END")
        conn.commit()
    before = _state()
    with pytest.raises(BackupProblem, match="unexpected trigger x"):
        backups.restore(old)
    assert _state() == before
    assert check_database().ok


def test_a_backup_without_accounts_into_an_office_with_accounts_needs_confirmation(live: Path) -> None:
    backup = backups.backup_now()  # before the first account
    set_current_actor(accounts.create_first_admin("dana", "correct horse"))
    before = _state()
    with pytest.raises(backups.NoAccountsInBackup, match="sign-in is off"):
        backups.restore(backup)
    assert _state() == before
    assert accounts.has_accounts()
    assert _files(backup.parent) == [backup.name]

    backups.restore(backup, allow_no_accounts=True)
    assert not accounts.has_accounts()


def test_a_backup_with_accounts_is_restored_without_confirmation(live: Path) -> None:
    set_current_actor(accounts.create_first_admin("dana", "correct horse"))
    backup = backups.backup_now()
    accounts.add_user("sam", "staple battery", Role.STAFF)
    backups.restore(backup)
    assert [user.name for user in accounts.list_users()] == ["dana"]


def test_a_backup_from_an_older_version_is_restored_and_upgraded(live: Path, tmp_path: Path) -> None:
    old = tmp_path / "inventory-20250110-170000-daily.db"
    with closing(sqlite3.connect(old)) as conn:
        conn.executescript(V2_SCHEMA.read_text())
        conn.execute(
            "INSERT INTO item (id, sku, name, unit, purchase_unit, units_per_purchase_unit, supplier_sku, "
            "unit_cost, reorder_point, tracks_expiry, notes, active, on_hand) "
            "VALUES (1, 'OLD-1', 'From last year', 'box', 'box', 1, '', 0, 0, 0, '', 1, 4)"
        )
        conn.execute(
            'INSERT INTO movement (item_id, kind, quantity, reason, note, "user", created_at) '
            "VALUES (1, 'receive', 4, '', '', 'tester', '2025-01-10 16:00:00.000')"
        )
        conn.commit()
    info = backups.inspect_backup(old)
    assert (info.problem, info.schema_version, info.item_count) == ("", 2, 1)

    backups.restore(old)

    assert [r.sku for r in Item.select()] == ["OLD-1"]
    assert check_database().ok
    assert audit.events(limit=1)[0].action == Action.RESTORE  # the audit table came with the upgrade


def test_staff_may_not_restore(live: Path) -> None:
    backup = backups.backup_now()
    set_current_actor(accounts.create_first_admin("dana", "correct horse"))
    accounts.add_user("sam", "staple battery", Role.STAFF)
    set_current_actor(Actor("sam", Role.STAFF))
    before = _state()
    with pytest.raises(PermissionDenied, match="Only an administrator can restore a backup"):
        backups.restore(backup)
    assert _state() == before
    assert _files(backup.parent) == [backup.name]
    set_current_actor(None)
    with pytest.raises(PermissionDenied):
        backups.restore(backup)  # accounts exist: nobody signed in is not an administrator
    set_current_actor(Actor("dana", Role.ADMIN))
    backups.restore(backup, allow_no_accounts=True)  # taken before the first account
    assert audit.events(limit=1)[0].user == "dana"


@pytest.mark.parametrize("failing_step", ["swap", "record"])
def test_a_failure_after_the_safety_copy_leaves_the_database_intact(
    live: Path, monkeypatch: pytest.MonkeyPatch, failing_step: str
) -> None:
    backup = backups.backup_now()
    stock.receive(Item.get(Item.sku == "GLV-M").id, 10)
    before = _state()
    if failing_step == "swap":
        real_replace = backup_restore._replace_contents

        def fails_after_the_tables_were_replaced(conn: sqlite3.Connection) -> None:
            real_replace(conn)
            raise sqlite3.OperationalError("disk I/O error")

        monkeypatch.setattr(backup_restore, "_replace_contents", fails_after_the_tables_were_replaced)
    else:

        def no_record(*_args: object, **_kwargs: object) -> int:
            raise sqlite3.OperationalError("disk I/O error")

        monkeypatch.setattr(backup_restore, "audit", SimpleNamespace(record=no_record))

    with pytest.raises(BackupProblem, match="left as it was before"):
        backups.restore(backup)

    assert _state() == before
    assert _on_hand() == 18
    report = check_database()
    assert report.ok, report.problems
    stock.use(Item.get(Item.sku == "GLV-M").id, 1)  # still open and writable
    assert _on_hand() == 17
    assert [p.name for p in live.parent.iterdir() if ".restoring" in p.name] == []


# ---------------------------------------------------------------- PostgreSQL


def test_postgres_commands_carry_no_password() -> None:
    url = "postgresql://clinic:s3cret@db.example:5432/inventory?sslmode=require&password=other"
    backup = backups.postgres_backup_command(url)
    assert backup.startswith("pg_dump --format=custom --file=inventory-")
    assert backup.endswith('.dump "postgresql://clinic@db.example:5432/inventory?sslmode=require"')
    restore = backups.postgres_restore_command(url, "inventory-20261127.dump")
    assert restore == (
        "pg_restore --clean --if-exists "
        '--dbname="postgresql://clinic@db.example:5432/inventory?sslmode=require" inventory-20261127.dump'
    )
    assert "s3cret" not in backup + restore and "other" not in backup + restore


@pytest.mark.postgres
def test_postgres_backups_explain_pg_dump(pg_url: str, tmp_path: Path) -> None:
    reset_postgres(pg_url)
    set_current_user("tester")
    db = open_database(pg_url)
    try:
        with pytest.raises(BackupsNotSupported) as raised:
            backups.backup_now(tmp_path)
        assert "pg_dump --format=custom --file=inventory-" in str(raised.value)
        assert f'"{describe_target(pg_url)}"' in raised.value.command
        with pytest.raises(BackupsNotSupported, match="pg_restore --clean") as raised:
            backups.restore(tmp_path / "inventory-20261127.dump")
        assert raised.value.command.endswith("inventory-20261127.dump")
        assert backups.backup_if_due() is None
        assert _files(tmp_path) == []
    finally:
        close_database(db)
        set_current_user(None)


def test_backup_to_replaces_an_earlier_backup_but_no_other_file(live: Path, tmp_path: Path) -> None:
    """A backup to a chosen file replaces only an earlier copy of an inventory at that name:
    never a document, a device or a pipe, nor what a link points at."""
    earlier = backups.backup_to(tmp_path / "monthly.db")
    stock.receive(Item.get(Item.sku == "GLV-M").id, 4)
    assert backups.backup_to(earlier) == earlier
    with closing(sqlite3.connect(backup_files.read_only_uri(earlier), uri=True)) as conn:
        assert conn.execute("SELECT on_hand FROM item WHERE sku = 'GLV-M'").fetchone() == (12,)

    letter = tmp_path / "letter.txt"
    letter.write_text("Dear supplier")
    other_db = tmp_path / "other.db"
    with closing(sqlite3.connect(other_db)) as conn:
        conn.execute("CREATE TABLE patients (name TEXT)")
        conn.commit()
    empty = tmp_path / "empty.db"
    empty.touch()
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    link = tmp_path / "link.db"
    link.symlink_to(letter)
    for target in (letter, other_db, empty, link):
        before = target.read_bytes()
        with pytest.raises(BackupProblem, match="already exists and is not a backup of an inventory"):
            backups.backup_to(target)
        assert target.read_bytes() == before
    with pytest.raises(BackupProblem, match="not a regular file"):
        backups.backup_to(pipe)
    assert pipe.is_fifo()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".partial")]
