"""GUI fixtures: a main window over a fresh SQLite file, with per-test QSettings."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from inventory_app.documents.demo_catalog import load_bundled_demo
from inventory_app.ui.events import AppEvents
from inventory_app.ui.main_window import MainWindow


@pytest.fixture
def qsettings(tmp_path: Path, qapp) -> QSettings:  # noqa: ANN001
    """Workstation settings in a temporary folder (never the user's real ones)."""
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qs"))
    return QSettings(str(tmp_path / "qs" / "workstation.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def events() -> AppEvents:
    return AppEvents()


@pytest.fixture
def window(sqlite_db, qsettings, events, qtbot) -> Iterator[MainWindow]:  # noqa: ANN001
    """The main window on an empty database."""
    win = MainWindow(events, qsettings, "test.db")
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win


@pytest.fixture
def demo_window(sqlite_db, qsettings, events, qtbot) -> Iterator[MainWindow]:  # noqa: ANN001
    """The main window on the demo clinic."""
    load_bundled_demo()
    win = MainWindow(events, qsettings, "test.db")
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
