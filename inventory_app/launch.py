"""The desktop app's launcher (`supply-room`, main.py): the cycle collector paused from the first
import until the window has painted (see inventory_app.collector), the Qt-free layers imported
before Qt, then the app itself."""

from __future__ import annotations

import importlib
from collections.abc import Sequence

from inventory_app import collector
from inventory_app.db.drivers import defer_postgres_driver

# What the window needs from the layers below it. Imported before Qt because PySide6, once
# imported, reads the source of every module imported after it (to see whether it uses Qt's
# optional `__feature__` syntax): about 10 ms of start-up for these and the libraries they use,
# which never use Qt.
QT_FREE_FIRST = (
    "inventory_app.db.session",
    "inventory_app.core.database_choice",
    "inventory_app.core.accounts.users",
    "inventory_app.core.catalog.items",
    "inventory_app.core.stock.queries",
    "inventory_app.core.stock.item_filter",
)


def import_qt_free_layers() -> None:
    defer_postgres_driver()  # (an office on a SQLite file never loads the PostgreSQL driver)
    for name in QT_FREE_FIRST:
        importlib.import_module(name)


def main(argv: Sequence[str] | None = None) -> int:
    collector.pause()
    try:
        import_qt_free_layers()
        from inventory_app import app  # (everything the window needs, imported now)

        return app.main(argv)
    finally:
        collector.resume()  # (already on when the window painted)
