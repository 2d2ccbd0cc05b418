"""Files the app writes (reports, labels, order forms, the import template, the audit log)
are readable by their owner only, as the database and its backups are, whatever the umask."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from peewee import Database

from inventory_app.documents.atomic_file import write_atomically
from inventory_app.documents.template import write_template


@pytest.fixture
def open_umask() -> Iterator[None]:
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_file_is_owner_only_even_with_an_open_umask(tmp_path: Path, open_umask: None) -> None:
    path = tmp_path / "report.pdf"
    write_atomically(path, lambda handle: handle.write(b"%PDF-1.4"))
    assert _mode(path) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["report.pdf"]


def test_a_rewritten_file_keeps_the_mode_someone_chose(tmp_path: Path, open_umask: None) -> None:
    path = tmp_path / "order.xlsx"
    write_atomically(path, lambda handle: handle.write(b"one"))
    path.chmod(0o640)  # shared with the office group on purpose
    write_atomically(path, lambda handle: handle.write(b"two"))
    assert _mode(path) == 0o640
    assert path.read_bytes() == b"two"


def test_the_import_template_is_owner_only(sqlite_db: Database, tmp_path: Path, open_umask: None) -> None:
    path = tmp_path / "template.xlsx"
    write_template(path)
    assert _mode(path) == 0o600
