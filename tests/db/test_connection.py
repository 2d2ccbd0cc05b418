"""Opening a database: which one, with which pragmas on every connection, and who may read it.

RELIABILITY A3: every connection, in every thread, has WAL, foreign_keys=1 and a
busy timeout of at least five seconds. Peewee opens one connection per thread,
so the worker threads here really get connections of their own.
"""

from __future__ import annotations

import os
import socket
import stat
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from peewee import Database, IntegrityError

from inventory_app.core.catalog import items as catalog
from inventory_app.core.types import ItemInput
from inventory_app.db import connection
from inventory_app.db.connection import (
    ENV_VAR,
    current_database,
    database_file,
    default_database_path,
    describe_target,
    make_database,
    resolve_target,
)
from inventory_app.db.models import Item
from inventory_app.db.session import close_database, open_database
from inventory_app.errors import DatabaseProblem


def _pragmas(db: Database) -> dict[str, object]:
    return {
        "journal_mode": db.execute_sql("PRAGMA journal_mode").fetchone()[0],
        "foreign_keys": db.execute_sql("PRAGMA foreign_keys").fetchone()[0],
        "busy_timeout": db.execute_sql("PRAGMA busy_timeout").fetchone()[0],
    }


def _assert_reliable(pragmas: dict[str, object], where: str) -> None:
    assert str(pragmas["journal_mode"]).lower() == "wal", f"{where}: {pragmas}"
    assert pragmas["foreign_keys"] == 1, f"{where}: {pragmas}"
    assert int(pragmas["busy_timeout"]) >= 5000, f"{where}: {pragmas}"  # type: ignore[call-overload]


@pytest.fixture
def opened(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Database]:
    monkeypatch.delenv(ENV_VAR, raising=False)
    db = open_database(tmp_path / "inventory.db")
    try:
        yield db
    finally:
        close_database(db)


# ---------------------------------------------------------------- A3: pragmas everywhere


def test_a3_every_connection_in_every_thread_has_wal_foreign_keys_and_busy_timeout(opened: Database) -> None:
    main_pragmas = _pragmas(opened)
    _assert_reliable(main_pragmas, "main thread")
    main_connection = opened.connection()

    workers = 2
    # Both workers hold their connection open at the same moment, so they are two
    # distinct connections (not one reused after the other closed).
    all_open = threading.Barrier(workers)
    results: dict[int, tuple[dict[str, object], int, bool]] = {}
    errors: list[BaseException] = []

    def worker(index: int) -> None:
        db = current_database()  # the bound database, as core code uses it
        try:
            pragmas = _pragmas(db)
            conn = db.connection()
            all_open.wait(timeout=30)
            # foreign_keys=1 is not only reported but enforced on this connection.
            refused = False
            try:
                Item.insert(sku=f"FK-{index}", name="orphan", category=999_999).execute()
            except IntegrityError:
                refused = True
            results[index] = (pragmas, id(conn), refused)
            all_open.wait(timeout=30)  # keep both connections alive until both have finished
        except BaseException as exc:  # reported to the main thread below
            errors.append(exc)
            all_open.abort()
        finally:
            db.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(t.is_alive() for t in threads)
    assert errors == []
    assert sorted(results) == list(range(workers))

    connection_ids = {id(main_connection)} | {conn_id for _, conn_id, _ in results.values()}
    assert len(connection_ids) == workers + 1, "each thread must have its own connection"
    for index, (pragmas, _, refused) in results.items():
        _assert_reliable(pragmas, f"worker thread {index}")
        assert refused, f"worker thread {index} accepted a row pointing at a missing category"
    assert Item.select().count() == 0
    # The main thread's own connection is untouched by the workers.
    assert opened.connection() is main_connection
    _assert_reliable(_pragmas(opened), "main thread after the workers")


def test_a3_a_reconnected_connection_gets_the_pragmas_again(opened: Database) -> None:
    opened.close()
    opened.connect()
    _assert_reliable(_pragmas(opened), "after reconnecting")


# ---------------------------------------------------------------- the file


def test_a_new_database_file_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "new" / "folder" / "inventory.db"
    db = open_database(path)
    try:
        catalog.create_item(ItemInput(sku="GLV-M", name="Gloves, medium"))
        assert path.exists()
        modes = {
            f.name: stat.S_IMODE(f.stat().st_mode)
            for f in path.parent.iterdir()
            if f.name.startswith(path.name)
        }
        # The WAL and shared-memory files hold the same data as the database itself.
        assert set(modes) == {"inventory.db", "inventory.db-wal", "inventory.db-shm"}
        assert modes == dict.fromkeys(modes, 0o600)
    finally:
        close_database(db)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_new_databases_folders_are_owner_only_even_with_an_open_umask(tmp_path: Path) -> None:
    path = tmp_path / "office" / "data" / "inventory.db"
    old_umask = os.umask(0)
    try:
        close_database(open_database(path))
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE((tmp_path / "office").stat().st_mode) == 0o700
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_an_existing_file_keeps_its_mode(tmp_path: Path) -> None:
    path = tmp_path / "inventory.db"
    close_database(open_database(path))
    path.chmod(0o640)  # an administrator chose this; opening must not change it
    close_database(open_database(path))
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_a_folder_is_not_a_database(tmp_path: Path) -> None:
    with pytest.raises(DatabaseProblem, match="folder"):
        open_database(tmp_path)


@pytest.mark.parametrize("fs_type", ["nfs4", "cifs"])
def test_a11_sqlite_on_a_network_share_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fs_type: str
) -> None:
    monkeypatch.setattr(connection, "_filesystem_type", lambda path: fs_type)
    path = tmp_path / "inventory.db"
    with pytest.raises(DatabaseProblem, match="PostgreSQL"):
        make_database(str(path))
    assert not path.exists()


def test_a11_a_unc_path_is_refused() -> None:
    with pytest.raises(DatabaseProblem, match="network share"):
        make_database("//fileserver/share/inventory.db")


# ---------------------------------------------------------------- which database


def test_the_environment_variable_chooses_the_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    chosen = tmp_path / "from-env.db"
    monkeypatch.setenv(ENV_VAR, str(chosen))
    assert resolve_target(None) == str(chosen)
    db = open_database()
    try:
        assert database_file(db) == chosen
        assert current_database() is db
    finally:
        close_database(db)
    assert chosen.exists()


def test_an_explicit_target_beats_the_environment_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "from-env.db"))
    explicit = tmp_path / "explicit.db"
    db = open_database(explicit)
    try:
        assert database_file(db) == explicit
    finally:
        close_database(db)
    assert not (tmp_path / "from-env.db").exists()


def test_without_target_or_variable_the_default_file_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_VAR, raising=False)
    assert resolve_target(None) == str(default_database_path())
    monkeypatch.setenv(ENV_VAR, "   ")
    assert resolve_target(None) == str(default_database_path())


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("postgresql://alice:s3cret@db.local:5432/inventory", "postgresql://alice@db.local:5432/inventory"),
        ("postgres://alice:s3cret@db.local/inventory", "postgres://alice@db.local/inventory"),
        ("postgresql://alice:s3c@ret@db.local/inventory", "postgresql://alice@db.local/inventory"),
        ("postgresql://alice:pa?s3cret@db.local/inventory", "postgresql://alice@db.local/inventory"),
        (
            "postgresql://alice@db.local/inventory?password=s3cret&sslmode=require",
            "postgresql://alice@db.local/inventory?sslmode=require",
        ),
        (
            "postgresql://db.local/inventory?user=alice&password=s3cret",
            "postgresql://db.local/inventory?user=alice",
        ),
        ("postgresql://alice@db.local/inventory", "postgresql://alice@db.local/inventory"),
        ("/home/office/inventory.db", "/home/office/inventory.db"),
    ],
)
def test_describe_target_never_shows_a_password(url: str, shown: str) -> None:
    assert describe_target(url) == shown
    assert "s3cret" not in describe_target(url)


def test_an_unreachable_postgresql_server_is_a_readable_problem() -> None:
    # A port that is bound but not listening refuses connections at once.
    with socket.socket() as blocker:
        blocker.bind(("127.0.0.1", 0))
        port = blocker.getsockname()[1]
        url = f"postgresql://alice:s3cret@127.0.0.1:{port}/inventory"
        with pytest.raises(DatabaseProblem) as info:
            open_database(url)
    message = str(info.value)
    assert "connect" in message.lower()
    assert "s3cret" not in message
    assert "\n" not in message
