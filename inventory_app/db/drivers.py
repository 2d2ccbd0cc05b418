"""The PostgreSQL driver, loaded only for a PostgreSQL database.

peewee imports psycopg (about 100 ms) when peewee itself is imported, so every start of the
command line or the window paid for it, although an office on a SQLite file never uses it.
`defer_postgres_driver()`, called by an entry point before peewee is first imported, makes
that import fail quietly; `load_postgres_driver()`, called before a PostgreSQL database is
made, imports the driver and hands peewee what its own import would have given it.
"""

from __future__ import annotations

import sys
from typing import Any

_deferred = False


def defer_postgres_driver() -> None:
    """Keep peewee from importing psycopg until a PostgreSQL database is opened (no effect
    once peewee or psycopg is imported)."""
    global _deferred
    if "peewee" in sys.modules or "psycopg" in sys.modules:
        return
    sys.modules["psycopg"] = None  # type: ignore[assignment]  # `import psycopg` fails at once
    _deferred = True


def load_postgres_driver() -> None:
    """Import psycopg and give it to peewee (needed only after `defer_postgres_driver`)."""
    global _deferred
    if not _deferred:
        return
    if sys.modules.get("psycopg", False) is None:
        del sys.modules["psycopg"]
    _deferred = False
    import peewee
    import psycopg
    from psycopg.pq import TransactionStatus
    from psycopg.types.json import Json, Jsonb

    module: Any = peewee  # peewee's stubs do not declare its driver slots
    if module.psycopg is None:
        module.psycopg = psycopg
        module.TransactionStatus = TransactionStatus
        module.Json_pg3 = Json
        module.Jsonb_pg3 = Jsonb
        adapter = peewee.Psycopg3Adapter
        adapter.txn_idle = TransactionStatus.IDLE
        adapter.txn_inerror = TransactionStatus.INERROR
        adapter.txn_unknown = TransactionStatus.UNKNOWN
