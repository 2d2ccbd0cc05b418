"""Rules for the lock and backup settings, checked in the core (the Settings page and any other
caller get the same refusals)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from peewee import Database

from inventory_app.core.settings import office_settings, save_office_settings
from inventory_app.db.models import Setting
from inventory_app.errors import ValidationError


def test_defaults_lock_after_ten_minutes_and_keep_fourteen_backups(sqlite_db: Database) -> None:
    settings = office_settings()
    assert (settings.idle_lock_minutes, settings.backups_to_keep, settings.backup_folder) == (10, 14, "")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("idle_lock_minutes", 241, "at most 240 minutes"),
        ("idle_lock_minutes", -1, "cannot be negative"),
        ("backups_to_keep", 0, "between 1 and 365"),
        ("backups_to_keep", 366, "between 1 and 365"),
    ],
)
def test_out_of_range_numbers_are_refused_by_field(
    sqlite_db: Database, field: str, value: int, message: str
) -> None:
    with pytest.raises(ValidationError, match=message) as info:
        save_office_settings(replace(office_settings(), **{field: value}))
    assert info.value.field == field
    assert Setting.select().count() == 0


def test_a_new_backups_folder_must_exist(sqlite_db: Database, tmp_path: Path) -> None:
    missing = tmp_path / "usb-stick"
    with pytest.raises(ValidationError, match="does not exist") as info:
        save_office_settings(replace(office_settings(), backup_folder=str(missing)))
    assert info.value.field == "backup_folder"
    a_file = tmp_path / "notes.txt"
    a_file.write_text("x")
    with pytest.raises(ValidationError, match="is a file, not a folder"):
        save_office_settings(replace(office_settings(), backup_folder=str(a_file)))
    assert office_settings().backup_folder == ""

    missing.mkdir()
    saved = save_office_settings(replace(office_settings(), backup_folder=str(missing), idle_lock_minutes=0))
    assert (saved.backup_folder, saved.idle_lock_minutes) == (str(missing), 0)


def test_a_stored_folder_that_went_missing_does_not_block_other_settings(
    sqlite_db: Database, tmp_path: Path
) -> None:
    folder = tmp_path / "backups-drive"
    folder.mkdir()
    save_office_settings(replace(office_settings(), backup_folder=str(folder)))
    folder.rmdir()  # the drive was unplugged
    saved = save_office_settings(replace(office_settings(), phone="555-0100"))
    assert (saved.phone, saved.backup_folder) == ("555-0100", str(folder))
