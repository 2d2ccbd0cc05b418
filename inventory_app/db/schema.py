"""Schema creation and versioned upgrades.

A new database starts at `CURRENT_VERSION`. An older one is first copied to a
verified backup (SQLite) and then upgraded in ordered steps, each in its own
transaction that also records the new version, so a failing step leaves the
database at the last good version. A database newer than this program is
refused and not touched.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from peewee import Database, SqliteDatabase

from inventory_app.db.codes import code_key, optional_key
from inventory_app.db.connection import database_file
from inventory_app.db.models import (
    ALL_MODELS,
    MONEY_POSTGRES_TYPE,
    MONEY_SQLITE_TYPE,
    AuditEvent,
    Item,
    Lot,
    Operation,
    PurchaseOrder,
    PurchaseOrderLine,
    SchemaVersion,
    StockCount,
    StockCountLine,
    UserAccount,
)
from inventory_app.db.transaction import NOT_A_DATABASE
from inventory_app.errors import DatabaseProblem, DatabaseVersionError

# Step N upgrades a database at version N-1 to version N.
UpgradeStep = Callable[[Database], None]


def _add_purchasing(db: Database) -> None:
    """Version 2: purchase orders and their lines; receipts point at the line they fill;
    a supplier's own layout for order spreadsheets; stock counts and their lines."""
    for model in (PurchaseOrder, PurchaseOrderLine, StockCount, StockCountLine):
        db.create_tables([model], safe=True)
    # The column first, then its index: SQLite would index a quoted name that is not a
    # column yet as a string constant.
    if "po_line_id" not in {column.name for column in db.get_columns("movement")}:
        db.execute_sql(
            "ALTER TABLE movement ADD COLUMN po_line_id INTEGER "
            "REFERENCES purchase_order_line (id) ON DELETE RESTRICT"
        )
    db.execute_sql("CREATE INDEX IF NOT EXISTS movement_po_line_id ON movement (po_line_id)")
    if "order_layout" not in {column.name for column in db.get_columns("supplier")}:
        db.execute_sql("ALTER TABLE supplier ADD COLUMN order_layout TEXT NOT NULL DEFAULT ''")


def _add_accounts_and_audit(db: Database) -> None:
    """Version 3: user accounts for sign-in, the append-only audit log, saved request keys."""
    db.create_tables([UserAccount, AuditEvent, Operation], safe=True)
    install_append_only_triggers(db, ("audit_event",))


MONEY_COLUMNS = (("item", "unit_cost"), ("purchase_order_line", "unit_cost"))


def _exact_money(db: Database) -> None:
    """Version 4: money kept exactly to the ten-thousandth (models.MoneyField).

    A version 3 SQLite file holds prices in DECIMAL(12, 2) columns, which SQLite
    keeps as binary floats (6.5); each becomes a whole number of ten-thousandths
    in a new INTEGER column (65000) that takes the old one's place. A price there
    had at most two decimals, so rounding it to the ten-thousandth keeps every
    cent. PostgreSQL's NUMERIC(12, 2) columns are widened to NUMERIC(16, 4)."""
    tables = set(db.get_tables())
    for table, column in MONEY_COLUMNS:
        if table not in tables:
            continue  # created later in its exact form (a test's stand-in for an earlier step)
        if isinstance(db, SqliteDatabase):
            exact = f"{column}_exact"
            db.execute_sql(
                f'ALTER TABLE "{table}" ADD COLUMN "{exact}" {MONEY_SQLITE_TYPE} NOT NULL DEFAULT 0'
            )
            db.execute_sql(f'UPDATE "{table}" SET "{exact}" = CAST(ROUND("{column}" * 10000) AS INTEGER)')
            db.execute_sql(f'ALTER TABLE "{table}" DROP COLUMN "{column}"')
            db.execute_sql(f'ALTER TABLE "{table}" RENAME COLUMN "{exact}" TO "{column}"')
        else:
            db.execute_sql(f'ALTER TABLE "{table}" ALTER COLUMN "{column}" TYPE {MONEY_POSTGRES_TYPE}')


def _lots_without_numbers(db: Database) -> None:
    """Version 5: a lot may have no lot number (gloves and test kits give only an expiry).

    The unique index on (item, lot number) becomes two partial ones: one lot per item and
    lot number where there is a number, one lot per item and expiry date where there is
    none. A version 4 database held at most one lot without a number per item (the old
    index), so both hold for its rows and every lot is kept as it was."""
    db.execute_sql('DROP INDEX IF EXISTS "lot_item_id_lot_number"')
    db.create_tables([Lot], safe=True)  # the table is there: this adds the two new indexes


def code_keys(rows: list[tuple[int, str, str | None]]) -> list[tuple[str, str | None, int]]:
    """(SKU key, barcode key, id) of each (id, SKU, barcode), in id order, for version 6.

    The SKU key is unique. When an item's SKU looks the same as an earlier item's ("ABC-1" and
    "ＡＢＣ-1", or "ÄBC-1" and "äbc-1", which SQLite's LOWER() told apart), the earlier item
    keeps the key and the later one is marked: its key is its SKU as written, case-folded but
    not normalised ("ａｂｃ-1"), or, when that is taken too, that followed by "#" and its id.
    Such a key is not `code_key` of the SKU, so a lookup by the code finds the earlier item
    and `check` names the later one until it is given a SKU of its own."""
    taken: set[str] = set()
    keys: list[tuple[str, str | None, int]] = []
    for item_id, sku, barcode in sorted(rows):
        key = code_key(sku)
        if key in taken:
            key = sku.casefold()
            while key in taken:
                key = f"{key}#{item_id}"
        taken.add(key)
        keys.append((key, optional_key(barcode), item_id))
    return keys


def _code_keys(db: Database) -> None:
    """Version 6: SKUs and barcodes are found by keys computed in Python (`codes.code_key`),
    stored in two new indexed columns of item: SQLite's LOWER() folds ASCII letters only, and
    look-alike codes (full-width letters, typographic dashes, zero-width spaces) are one code.
    The codes themselves are kept as they were written."""
    present = {column.name for column in db.get_columns("item")}
    if "sku_key" not in present:
        db.execute_sql("ALTER TABLE item ADD COLUMN sku_key VARCHAR(255) NOT NULL DEFAULT ''")
    if "barcode_key" not in present:
        db.execute_sql("ALTER TABLE item ADD COLUMN barcode_key VARCHAR(300)")
    if not isinstance(db, SqliteDatabase):
        db.execute_sql("ALTER TABLE item ALTER COLUMN sku_key DROP DEFAULT")
    rows = [(r[0], r[1], r[2]) for r in db.execute_sql("SELECT id, sku, barcode FROM item").fetchall()]
    mark = "?" if isinstance(db, SqliteDatabase) else "%s"
    update = f"UPDATE item SET sku_key = {mark}, barcode_key = {mark} WHERE id = {mark}"
    cursor = db.cursor()
    try:
        cursor.executemany(update, code_keys(rows))
    finally:
        cursor.close()
    db.create_tables([Item], safe=True)  # the table is there: this adds the two new indexes


UPGRADE_STEPS: dict[int, UpgradeStep] = {
    2: _add_purchasing,
    3: _add_accounts_and_audit,
    4: _exact_money,
    5: _lots_without_numbers,
    6: _code_keys,
}
CURRENT_VERSION = 6

APPEND_ONLY_TABLES = ("movement", "audit_event")


def _sqlite_append_only(table: str) -> list[str]:
    return [
        f"""CREATE TRIGGER IF NOT EXISTS {table}_no_update BEFORE UPDATE ON {table}
        BEGIN SELECT RAISE(ABORT, '{table} rows cannot be changed; record a reversal'); END""",
        f"""CREATE TRIGGER IF NOT EXISTS {table}_no_delete BEFORE DELETE ON {table}
        BEGIN SELECT RAISE(ABORT, '{table} rows cannot be deleted; record a reversal'); END""",
    ]


def _postgres_append_only(table: str) -> list[str]:
    return [
        # No `%` in the text: drivers read it as a parameter placeholder.
        """CREATE OR REPLACE FUNCTION refuse_ledger_change() RETURNS trigger AS $$
        BEGIN RAISE EXCEPTION USING MESSAGE =
            TG_TABLE_NAME || ' rows cannot be changed or deleted; record a reversal'; END;
        $$ LANGUAGE plpgsql""",
        f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}",
        f"""CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table}
        FOR EACH ROW EXECUTE FUNCTION refuse_ledger_change()""",
    ]


def install_append_only_triggers(db: Database, tables: tuple[str, ...]) -> None:
    for table in tables:
        statements = (
            _sqlite_append_only(table) if isinstance(db, SqliteDatabase) else _postgres_append_only(table)
        )
        for sql in statements:
            db.execute_sql(sql)


NOT_OURS = "This database was not created by this program (it has no schema version)."
SQLITE_HEADER = b"SQLite format 3\x00"


def _newer(version: int) -> DatabaseVersionError:
    return DatabaseVersionError(
        f"This database was written by a newer version of the program (schema {version}; "
        f"this program knows up to {CURRENT_VERSION}). Install the newer program; "
        "the database was not changed."
    )


def refuse_foreign_file(path: Path) -> None:
    """Read an existing SQLite file without changing a byte of it (no WAL switch, no pragmas)
    and refuse it when it is not a database, not ours, or from a newer program."""
    try:
        if path.stat().st_size == 0:
            return
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError:
        return  # opening will say what is wrong with the file
    if header != SQLITE_HEADER:
        raise DatabaseProblem(NOT_A_DATABASE)
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return
    try:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not tables:
            return
        if SchemaVersion._meta.table_name not in tables:
            raise DatabaseVersionError(NOT_OURS)
        row = conn.execute("SELECT version FROM schema_version ORDER BY id DESC LIMIT 1").fetchone()
    except sqlite3.DatabaseError:
        return  # e.g. a WAL file in a read-only folder: the normal open explains it
    finally:
        conn.close()
    if row is not None and row[0] is None:
        raise DatabaseVersionError(NOT_OURS)
    if row is not None and not isinstance(row[0], int):
        raise DatabaseVersionError(
            "This database was not created by this program (its schema version is not a number)."
        )
    if row is not None and row[0] > CURRENT_VERSION:
        raise _newer(row[0])


def stored_version(db: Database) -> int | None:
    """The schema version recorded in the database; None for an empty database."""
    if not db.table_exists(SchemaVersion._meta.table_name):
        if db.get_tables():
            raise DatabaseVersionError(NOT_OURS)
        return None
    row = SchemaVersion.select(SchemaVersion.version).order_by(SchemaVersion.id.desc()).first()
    return row.version if row else None


def _create(db: Database) -> None:
    with db.atomic():
        db.create_tables(ALL_MODELS)
        install_append_only_triggers(db, APPEND_ONLY_TABLES)
        SchemaVersion.create(version=CURRENT_VERSION)


def _private_new_file(stem: Path, suffix: str) -> Path:
    """A new empty file `stem` + suffix (or stem-2, stem-3 … when taken), born readable by the
    owner only: a copy of the records must never be open to others, not even before a chmod."""
    for n in range(1, 1000):
        target = stem.with_name(f"{stem.name}{'' if n == 1 else f'-{n}'}{suffix}")
        try:
            os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        except FileExistsError:
            continue
        return target
    raise DatabaseVersionError(f"Cannot name a backup beside {stem.name}: too many with that name.")


def backup_before_upgrade(db: Database, old_version: int) -> Path | None:
    """Copy a SQLite database beside itself and verify the copy; None for PostgreSQL."""
    path = database_file(db)
    if path is None:
        return None
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = _private_new_file(
        path.with_name(f"{path.stem}.v{old_version}-before-upgrade-{stamp}"), path.suffix
    )
    source = sqlite3.connect(str(path))
    try:
        dest = sqlite3.connect(str(target))
        try:
            source.backup(dest)
            ok = dest.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            dest.close()
    finally:
        source.close()
    if ok != "ok":
        target.unlink(missing_ok=True)
        raise DatabaseVersionError(f"The backup before the upgrade failed its check ({ok}).")
    return target


def upgrade(db: Database, from_version: int) -> Path | None:
    """Run every step from `from_version` to CURRENT_VERSION; return the backup made."""
    backup = backup_before_upgrade(db, from_version)
    for version in range(from_version + 1, CURRENT_VERSION + 1):
        step = UPGRADE_STEPS.get(version)
        if step is None:
            raise DatabaseVersionError(f"No upgrade step to schema version {version}.")
        try:
            with db.atomic():
                step(db)
                SchemaVersion.update(version=version).execute()
        except DatabaseVersionError:
            raise
        except Exception as exc:
            where = f" A copy from before the upgrade is at {backup}." if backup else ""
            raise DatabaseVersionError(
                f"Upgrading the database to version {version} failed ({exc}); "
                f"it was left at version {version - 1}.{where}"
            ) from exc
    return backup


def ensure_schema(db: Database) -> Path | None:
    """Create or upgrade the schema of an open database. Returns a pre-upgrade backup path."""
    version = stored_version(db)
    if version is None:
        _create(db)
        return None
    if version > CURRENT_VERSION:
        raise _newer(version)
    if version < CURRENT_VERSION:
        return upgrade(db, version)
    return None
