"""`check` compares a PostgreSQL database's whole schema with the one this version builds:
an attacker who owns no server role but can run SQL as the app's account (or a hand edit)
cannot quietly drop the ledger's append-only trigger, neuter the function it runs or add a
rogue trigger."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from peewee import Database

from inventory_app.core.stock.check import check_database
from inventory_app.db import schema_shape_pg
from inventory_app.db.schema_shape import database_differences
from inventory_app.db.session import close_database, open_database
from tests.conftest import reset_postgres

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg(pg_url: str) -> Iterator[Database]:
    reset_postgres(pg_url)
    db = open_database(pg_url)
    try:
        yield db
    finally:
        close_database(db)


def test_a_new_postgres_database_has_the_expected_schema_and_the_scratch_schema_is_gone(pg: Database) -> None:
    assert database_differences(pg) == []
    assert check_database().ok
    schemas = {row[0] for row in pg.execute_sql("SELECT nspname FROM pg_namespace").fetchall()}
    assert schema_shape_pg.SCRATCH not in schemas
    assert pg.execute_sql("SHOW search_path").fetchone()[0] != schema_shape_pg.SCRATCH


CHANGES = {
    "append-only trigger dropped": (
        ["DROP TRIGGER movement_append_only ON movement"],
        ["trigger movement_append_only is missing"],
    ),
    "the trigger's function neutered": (
        [
            "CREATE OR REPLACE FUNCTION refuse_ledger_change() RETURNS trigger AS $$ "
            "BEGIN RETURN NEW; END; $$ LANGUAGE plpgsql"
        ],
        ["the function refuse_ledger_change is defined differently"],
    ),
    "a rogue trigger": (
        [
            "CREATE FUNCTION rogue() RETURNS trigger AS $$ BEGIN RETURN NEW; END; $$ LANGUAGE plpgsql",
            "CREATE TRIGGER rogue AFTER INSERT ON audit_event FOR EACH ROW EXECUTE FUNCTION rogue()",
        ],
        ["unexpected trigger rogue", "unexpected function rogue"],
    ),
    "accounts as a view": (
        [
            "DROP TABLE user_account CASCADE",
            "CREATE VIEW user_account AS SELECT 1 AS id, 'admin'::text AS role",
        ],
        ["the table user_account is a view"],
    ),
    "a column widened": (
        ["ALTER TABLE item ALTER COLUMN sku TYPE varchar(500)"],
        ["the column item.sku is defined differently"],
    ),
}


@pytest.mark.parametrize("change", CHANGES)
def test_check_names_every_difference_from_the_expected_postgres_schema(pg: Database, change: str) -> None:
    statements, differences = CHANGES[change]
    for statement in statements:
        pg.execute_sql(statement)
    found = database_differences(pg)
    for difference in differences:
        assert difference in found, found
    report = check_database()
    assert not report.ok
    for difference in differences:
        assert any(difference in problem for problem in report.problems), report.problems
