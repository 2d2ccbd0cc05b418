"""A backup is checked on a worker thread with the models pointed at the staged copy, while the
window's thread goes on reading the live database (a restore no longer rebinds the models for
every thread)."""

from __future__ import annotations

import threading
from pathlib import Path

from peewee import SqliteDatabase

from inventory_app.db.models import Setting, database_proxy
from inventory_app.db.schema import ensure_schema


def test_another_database_on_one_thread_only(sqlite_db, tmp_path: Path) -> None:
    Setting.create(key="office_name", value="Live office")
    staged = SqliteDatabase(str(tmp_path / "staged.db"))
    inside = threading.Event()
    done = threading.Event()
    seen: dict[str, object] = {}

    def check_the_copy() -> None:
        with database_proxy.on_this_thread(staged):
            staged.connect()
            ensure_schema(staged)
            Setting.create(key="office_name", value="Staged copy")
            seen["worker"] = Setting.get(Setting.key == "office_name").value
            inside.set()
            assert done.wait(10)
            staged.close()
        seen["worker after"] = database_proxy.obj

    worker = threading.Thread(target=check_the_copy)
    worker.start()
    assert inside.wait(10)
    seen["window"] = Setting.get(Setting.key == "office_name").value  # meanwhile, on this thread
    done.set()
    worker.join(10)

    assert seen["worker"] == "Staged copy"
    assert seen["window"] == "Live office"
    assert seen["worker after"] is sqlite_db  # back to the app's database on that thread too
    assert Setting.select().count() == 1
