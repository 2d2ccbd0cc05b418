"""Shared fixtures: a fresh database per test, on SQLite and on a real PostgreSQL server.

`db` runs a test once per backend. PostgreSQL comes from $INVENTORY_APP_TEST_PG_URL
(set by .ci/run), or from a throwaway cluster this file starts with
tests/pg-cluster.sh when the server binaries are installed. Where neither is
possible the PostgreSQL runs are skipped, except when $INVENTORY_APP_REQUIRE_PG
or $CI is set: then they fail, so CI never passes without them.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from peewee import Database

from inventory_app.core.accounts.context import set_current_user
from inventory_app.db.session import close_database, open_database

TESTS = Path(__file__).resolve().parent
PG_SCRIPT = TESTS / "pg-cluster.sh"


def _pg_required() -> bool:
    return bool(os.environ.get("INVENTORY_APP_REQUIRE_PG") or os.environ.get("CI"))


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """URL of a PostgreSQL database for tests (started here when none is given)."""
    given = os.environ.get("INVENTORY_APP_TEST_PG_URL")
    if given:
        yield given
        return
    folder = tempfile.mkdtemp(prefix="inventory-pg-")
    try:
        result = subprocess.run(
            ["bash", str(PG_SCRIPT), "start", folder],
            capture_output=True,
            text=True,
            timeout=120,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        result = None
        reason = str(exc)
    else:
        reason = result.stderr.strip()[-500:]
    if result is None or result.returncode != 0:
        shutil.rmtree(folder, ignore_errors=True)
        message = f"no PostgreSQL server for tests: {reason}"
        if _pg_required():
            pytest.fail(message)
        pytest.skip(message)
    try:
        yield result.stdout.strip()
    finally:
        subprocess.run(["bash", str(PG_SCRIPT), "stop", folder], capture_output=True, timeout=60)


def reset_postgres(url: str) -> None:
    """Drop everything in the test database so each test starts empty."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("DROP SCHEMA IF EXISTS public CASCADE")
        conn.execute("CREATE SCHEMA public")


@pytest.fixture(params=["sqlite", "postgres"])
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def db_target(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """A database string for an empty database on the chosen backend."""
    if backend == "sqlite":
        return str(tmp_path / "inventory.db")
    url = request.getfixturevalue("pg_url")
    reset_postgres(url)
    return url


def background_work_done() -> None:
    """Work a test left on Qt's thread pool (a daily backup, a saved PDF) ends before its database
    closes, so it can never write into the next test's database."""
    qtcore = sys.modules.get("PySide6.QtCore")
    if qtcore is not None:
        qtcore.QThreadPool.globalInstance().waitForDone(30_000)


def _opened(target: str | Path) -> Iterator[Database]:
    """The database at `target` open and bound to the models, with "tester" writing; closed after."""
    set_current_user("tester")
    database = open_database(target)
    try:
        yield database
    finally:
        background_work_done()
        close_database(database)
        set_current_user(None)


@pytest.fixture
def db(db_target: str) -> Iterator[Database]:
    """An open, empty database bound to the models, on SQLite and on PostgreSQL."""
    yield from _opened(db_target)


@pytest.fixture
def sqlite_db(tmp_path: Path) -> Iterator[Database]:
    """An open, empty SQLite database file (for SQLite-only behaviour and GUI tests)."""
    yield from _opened(tmp_path / "inventory.db")


@pytest.fixture
def pg_db(pg_url: str) -> Iterator[Database]:
    """An open, empty PostgreSQL database (for PostgreSQL-only behaviour)."""
    reset_postgres(pg_url)
    yield from _opened(pg_url)
