"""Checking an office server before the inventory is kept there: each problem said plainly,
against a real PostgreSQL server, and never with the password in the message."""

from __future__ import annotations

import socket
import time
import uuid
from collections.abc import Iterator
from dataclasses import replace

import psycopg
import pytest

from inventory_app.db.schema import CURRENT_VERSION
from inventory_app.db.server_check import (
    Problem,
    ServerAddress,
    check_server,
    diagnose_connect_error,
    server_url,
    split_server_url,
)
from tests.conftest import reset_postgres

SECRET = "s3cret:p@ss/word%"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def with_password(url: str, password: str) -> str:
    address = split_server_url(url)
    return server_url(address, password)


def test_the_url_is_built_from_its_parts_and_read_back_without_the_password() -> None:
    address = ServerAddress("office-server", 5433, "clinic inventory", "front desk")
    url = server_url(address, SECRET)
    assert SECRET not in url  # quoted: a / or @ in it cannot break the URL
    assert split_server_url(url) == address
    assert server_url(address) == "postgresql://front%20desk@office-server:5433/clinic%20inventory"
    assert split_server_url("postgres://ana@[::1]/inv") == ServerAddress("::1", 5432, "inv", "ana")


def test_an_empty_database_is_ready_for_a_new_inventory(pg_url: str) -> None:
    reset_postgres(pg_url)
    check = check_server(pg_url)
    assert check.ok and check.problem is Problem.NONE
    assert "empty" in check.text


def test_this_programs_inventory_is_ready(pg_db) -> None:
    check = check_server(pg_db.database)
    assert check.ok, check.text
    assert "is ready" in check.text


def test_a_missing_database_is_named(pg_url: str) -> None:
    url = server_url(replace(split_server_url(pg_url), database="no_such_inventory"), SECRET)
    check = check_server(url)
    assert not check.ok and check.problem is Problem.NO_DATABASE
    assert '"no_such_inventory"' in check.text and SECRET not in check.text


def test_a_port_where_no_server_listens_is_not_reachable(pg_url: str) -> None:
    address = split_server_url(pg_url)
    port = free_port()
    url = server_url(ServerAddress(address.host, port, address.database, address.user), SECRET)
    check = check_server(url)
    assert not check.ok and check.problem is Problem.UNREACHABLE
    assert f"port {port}" in check.text and "cannot be reached" in check.text
    assert SECRET not in check.text


def test_a_database_holding_something_else_is_not_this_programs(pg_url: str) -> None:
    reset_postgres(pg_url)
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("CREATE TABLE patient (id serial PRIMARY KEY, name text)")
    check = check_server(pg_url)
    assert not check.ok and check.problem is Problem.NOT_OURS
    assert "not this program's inventory" in check.text


def test_an_inventory_from_a_newer_version_is_refused(pg_db) -> None:
    with psycopg.connect(pg_db.database, autocommit=True) as conn:
        conn.execute("UPDATE schema_version SET version = %s", (CURRENT_VERSION + 1,))
    check = check_server(pg_db.database)
    assert not check.ok and check.problem is Problem.NEWER
    assert "newer version" in check.text and f"schema {CURRENT_VERSION + 1}" in check.text


def test_the_error_of_a_wrong_password_reads_as_a_wrong_password() -> None:
    """What psycopg raises when the server refuses the password (the test server trusts every
    local connection, so the real refusal is tried in the test below where possible)."""
    url = f"postgresql://clinic:{SECRET}@office-server:5432/inventory"
    error = psycopg.OperationalError(
        'connection failed: connection to server at "10.0.0.5", port 5432 failed: '
        'FATAL:  password authentication failed for user "clinic"'
    )
    check = diagnose_connect_error(error, url)
    assert not check.ok and check.problem is Problem.LOGIN
    assert 'The password is wrong for the user "clinic"' in check.text and SECRET not in check.text
    unknown = psycopg.OperationalError(f"connection failed: something odd about {SECRET}")
    assert SECRET not in diagnose_connect_error(unknown, url).text


@pytest.fixture
def role_with_password(pg_url: str) -> Iterator[tuple[str, str]]:
    """A role that must give its password over TCP: a line for it alone is put first in the test
    server's pg_hba.conf (which trusts everyone else) and taken out after."""
    role, password = f"pw_{uuid.uuid4().hex[:10]}", "right-Password-1"
    try:
        admin = psycopg.connect(pg_url, autocommit=True)
    except psycopg.Error as exc:
        pytest.skip(f"no admin connection: {exc}")
    try:
        superuser = admin.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user").fetchone()
        if not superuser or not superuser[0]:
            pytest.skip("the test server's user may not change pg_hba.conf")
        hba_row = admin.execute(
            "SELECT current_setting('hba_file'), pg_read_file(current_setting('hba_file'))"
        )
        hba_file, original = hba_row.fetchone()  # type: ignore[misc]
        admin.execute(f"CREATE ROLE {role} LOGIN PASSWORD '{password}'")
        strict = f"host all {role} 127.0.0.1/32 scram-sha-256\n{original}"

        def write(text: str) -> None:  # the server writes its own file (a superuser's large object)
            oid = admin.execute("SELECT lo_from_bytea(0, convert_to(%s, 'UTF8'))", (text,)).fetchone()
            assert oid is not None
            admin.execute("SELECT lo_export(%s, %s)", (oid[0], hba_file))
            admin.execute("SELECT lo_unlink(%s)", (oid[0],))

        write(strict)
        admin.execute("SELECT pg_reload_conf()")
        try:
            yield role, password
        finally:
            write(original)
            admin.execute("SELECT pg_reload_conf()")
            admin.execute(f"DROP ROLE IF EXISTS {role}")
    finally:
        admin.close()


def test_a_wrong_password_is_said_plainly_by_the_real_server(pg_url, role_with_password) -> None:
    role, password = role_with_password
    reset_postgres(pg_url)
    address = split_server_url(pg_url)
    mine = ServerAddress(address.host, address.port, address.database, role)
    deadline = time.monotonic() + 10  # the server reads pg_hba.conf again a moment after the signal
    while True:
        check = check_server(server_url(mine, "wrong-" + password))
        if check.problem is Problem.LOGIN or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert not check.ok and check.problem is Problem.LOGIN, check.text
    assert f'The password is wrong for the user "{role}"' in check.text
    assert password not in check.text
    # The right password connects; this role does not own the (empty) database, and is told so.
    right = check_server(server_url(mine, password))
    assert right.problem is Problem.NO_RIGHTS and f'the user "{role}" may not create' in right.text
    no_password = check_server(server_url(mine))
    assert no_password.problem is Problem.LOGIN and "asks for a password" in no_password.text
