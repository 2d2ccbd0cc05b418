"""The launcher (`supply-room`, main.py) starts the app with the cycle collector paused, and the
window resumes it once it has painted: start-up's objects are made without the collector
walking them again and again (inventory_app.collector)."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from inventory_app import app as app_module
from inventory_app import launch
from inventory_app.core.accounts.context import Actor, Role
from inventory_app.db.session import close_database, open_database
from inventory_app.documents.demo_catalog import load_bundled_demo
from inventory_app.ui.common import prompts
from tests.ui.conftest import shown_main_windows


@pytest.fixture
def launched(app_without_loop, monkeypatch, qtbot) -> Iterator[list[bool]]:
    """`launch.main` whose event loop records whether the collector ran while the window was
    up but not yet painted, then runs until the window says it has started (yielded: the
    records, [collector on before the paint, collector on after])."""
    monkeypatch.setattr(app_module.sign_in, "start_session", lambda parent: Actor("Ana", Role.ADMIN))
    seen: list[bool] = []

    def event_loop(self=None) -> int:
        seen.append(gc.isenabled())
        window = shown_main_windows()[0]
        with qtbot.waitSignal(window.started, timeout=10_000):
            pass
        seen.append(gc.isenabled())
        return 0

    monkeypatch.setattr(QApplication, "exec", event_loop)
    try:
        yield seen
    finally:
        gc.enable()
        gc.unfreeze()


def _demo_clinic(path: Path) -> Path:
    db = open_database(path)
    load_bundled_demo()
    close_database(db)
    return path


def test_the_collector_waits_for_the_first_paint_of_the_inventory(launched, tmp_path) -> None:
    clinic = _demo_clinic(tmp_path / "clinic.db")
    assert launch.main(["--db", str(clinic)]) == 0
    assert launched == [False, True]
    window = shown_main_windows()[0]
    assert window.inventory_page.model.rowCount() > 0 and not window.counts_pending


def test_a_new_office_starts_the_same_way(launched, tmp_path) -> None:
    assert launch.main(["--db", str(tmp_path / "new.db"), "--new"]) == 0
    assert launched == [False, True]
    assert shown_main_windows()[0].pages.currentWidget() is shown_main_windows()[0].welcome_page


def test_a_start_that_ends_early_leaves_the_collector_on(app_without_loop, tmp_path, monkeypatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(prompts, "error", lambda parent, title, text: shown.append(title))
    assert launch.main(["--db", str(tmp_path / "missing.db")]) == 1  # refused: no such inventory
    assert shown == ["Cannot open the database"] and not shown_main_windows()
    assert gc.isenabled()


def _fresh_python(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        check=True,
    )
    return done.stdout.strip()


def test_the_layers_imported_before_qt_are_qt_free_and_what_the_window_needs() -> None:
    before_qt = _fresh_python(
        "import sys; from inventory_app.launch import import_qt_free_layers; import_qt_free_layers(); "
        "print('PySide6' in sys.modules, sys.modules.get('psycopg', 'absent'))"
    )
    assert before_qt == "False None"  # no Qt yet, and the PostgreSQL driver left unloaded
    missing = _fresh_python(
        "import sys; import inventory_app.app; from inventory_app.launch import QT_FREE_FIRST; "
        "print([name for name in QT_FREE_FIRST if name not in sys.modules])"
    )
    assert missing == "[]"  # each is imported by the app anyway: nothing extra is loaded
