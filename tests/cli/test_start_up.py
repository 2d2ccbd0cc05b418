"""The command line loads only what the command needs: `--version` nothing of the app's
libraries; `items` on a SQLite file neither the PostgreSQL driver nor the spreadsheet, PDF or
password libraries; a PostgreSQL database still gets its driver when it is opened."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from inventory_app.cli.files import EXPORT_KINDS

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("peewee", "psycopg", "openpyxl", "reportlab", "argon2", "PySide6", "python_calamine")


def _loaded_after(*args: str) -> tuple[int, list[str]]:
    """Run the command line in a fresh interpreter; its exit code and the heavy libraries loaded."""
    script = (
        "import json, sys\n"
        "from inventory_app.cli import main\n"
        f"code = main({list(args)!r})\n"
        f"heavy = sorted({{m.split('.')[0] for m in sys.modules if m.split('.')[0] in {HEAVY!r}"
        " and sys.modules[m] is not None})\n"
        "print(json.dumps([code, heavy]), file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    code, heavy = json.loads(done.stderr.strip().splitlines()[-1])
    return code, heavy


def test_version_loads_none_of_the_libraries() -> None:
    assert _loaded_after("--version") == (0, [])


def test_items_on_a_sqlite_file_loads_only_the_database_library(tmp_path: Path) -> None:
    db = tmp_path / "inventory.db"
    assert _loaded_after("--db", str(db), "--new", "items") == (0, ["peewee"])


def test_importing_a_spreadsheet_still_finds_its_libraries(tmp_path: Path) -> None:
    db = tmp_path / "inventory.db"
    book = tmp_path / "template.xlsx"
    code, heavy = _loaded_after("--db", str(db), "--new", "template", str(book))
    assert code == 0 and book.is_file() and "openpyxl" in heavy and "psycopg" not in heavy


@pytest.mark.postgres
def test_a_postgres_database_gets_its_driver_when_opened(pg_url: str) -> None:
    from tests.conftest import reset_postgres

    reset_postgres(pg_url)
    code, heavy = _loaded_after("--db", pg_url, "--new", "items")
    assert code == 0 and "psycopg" in heavy


def test_the_export_kinds_the_parser_offers_are_the_exports() -> None:
    from inventory_app.documents.exports import EXPORTS

    assert list(EXPORT_KINDS) == list(EXPORTS)
