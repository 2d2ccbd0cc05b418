"""Which backups a folder keeps (RELIABILITY G6): per kind, a backup of each of the last 14 days
and 8 weeks, manual and before-restore copies for 90 days; names dated after now neither count
nor go; stale `.partial` files of killed backups are removed, current ones never; a backup to a
place of one's choice is for administrators, automatic backups run for everyone.

Backups are a SQLite feature (PostgreSQL is refused with the pg_dump command, tested in
test_backups), so the database-touching tests here run on a SQLite file.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from peewee import Database

from inventory_app.core.accounts import audit
from inventory_app.core.accounts import users as accounts
from inventory_app.core.accounts.audit import Action
from inventory_app.core.accounts.context import Actor, Role, set_current_actor
from inventory_app.core.backups import backup as backups
from inventory_app.core.backups import files as backup_files
from inventory_app.core.backups import retention as backup_retention
from inventory_app.core.settings import office_settings, save_office_settings
from inventory_app.core.stock import movements as stock
from inventory_app.errors import PermissionDenied
from tests.core.helpers import new_item

NOW = datetime(2026, 3, 31, 18, 0, 0)  # a Tuesday
PROCESS_TIMEOUT = 60
HOUR = 3600


@pytest.fixture(autouse=True)
def _signed_out() -> Iterator[None]:
    set_current_actor(None)
    yield
    set_current_actor(None)


@pytest.fixture
def live(sqlite_db: Database) -> Path:
    item = new_item("GLV-M", unit="box")
    stock.receive(item.id, 5)
    return Path(sqlite_db.database)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    made = tmp_path / "backups"
    made.mkdir()
    return made


def fake(folder: Path, when: datetime, kind: str, n: int = 1) -> Path:
    middle = "" if n == 1 else f"-{n}"
    path = folder / f"inventory-{when:%Y%m%d-%H%M%S}{middle}-{kind}.db"
    path.write_bytes(b"an old backup")
    return path


def taken(path: Path) -> datetime:
    stamp = backup_files.name_time(path)
    assert stamp is not None, path
    return stamp[0]


def names(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


def staff_signed_in() -> None:
    set_current_actor(accounts.create_first_admin("dana", "correct horse"))
    accounts.add_user("sam", "staple battery", Role.STAFF)
    set_current_actor(Actor("sam", Role.STAFF))


# ---------------------------------------------------------------- (2) per kind, days and weeks


def test_fourteen_exit_backups_in_a_day_keep_the_daily_and_the_manual_copy(folder: Path) -> None:
    daily = fake(folder, NOW - timedelta(days=1, hours=10), "daily")
    manual = fake(folder, NOW - timedelta(days=1, hours=9), "manual")  # before a risky change
    exits = [fake(folder, NOW - timedelta(minutes=15 * k), "exit") for k in range(14)]

    deleted = backup_retention.rotate(folder, 14, now=NOW)

    # By count (the newest 14) the daily and the manual copy were the two to go.
    assert names(folder) == {daily.name, manual.name, exits[0].name}
    assert sorted(deleted) == sorted(exits[1:])


def test_the_real_exit_backups_of_a_day_leave_yesterdays_daily_and_manual(live: Path) -> None:
    folder = backups.backup_folder()
    folder.mkdir(mode=0o700)
    yesterday = datetime.now().replace(microsecond=0) - timedelta(days=1)
    daily = fake(folder, yesterday, "daily")
    manual = fake(folder, yesterday + timedelta(seconds=1), "manual")
    made = [backups.backup_now(kind="exit") for _ in range(14)]

    left = names(folder)
    assert {daily.name, manual.name, made[-1].name} <= left
    exits_left = sorted(p for p in left if p.endswith("-exit.db"))
    # One exit backup per day: the newest (14 taken within a few seconds, one day or two).
    days_taken = {taken(p).date() for p in made}
    assert len(exits_left) == len(days_taken)


@pytest.mark.parametrize(("span", "kept"), [(30, 14 + 2), (90, 14 + 5)])
def test_daily_backups_keep_14_days_and_8_weeks(folder: Path, span: int, kept: int) -> None:
    dailies = {
        (NOW - timedelta(days=d)).date(): fake(folder, NOW - timedelta(days=d, hours=10), "daily")
        for d in range(span)
    }

    backup_retention.rotate(folder, 14, now=NOW)

    last_14 = {NOW.date() - timedelta(days=d) for d in range(14)}
    # The newest of each of the 8 weeks (Monday to Sunday) up to this one: their Sundays, and
    # for this week (Monday 30 March to Tuesday 31) today, which is among the 14 days. Sundays 29
    # and 22 March are among them too; 15, 8, 1 March, 22 and 15 February are not.
    sundays = {date(2026, 3, 29) - timedelta(weeks=w) for w in range(7)}
    expected = {dailies[day].name for day in last_14 | sundays if day in dailies}
    assert names(folder) == expected
    assert len(expected) == kept


def test_the_days_setting_is_the_number_of_days_kept(folder: Path) -> None:
    dailies = [fake(folder, NOW - timedelta(days=d), "daily") for d in range(10)]
    backup_retention.rotate(folder, 3, now=NOW)
    # Tue, Mon, Sun (the last three days), and Sun 29 March is also its week's newest.
    assert names(folder) == {dailies[0].name, dailies[1].name, dailies[2].name, dailies[9].name}


def test_days_without_a_backup_do_not_count(folder: Path) -> None:
    """A clinic closed for a month: the first backup after it deletes none of the ones before."""
    before = [fake(folder, NOW - timedelta(days=40 + d), "daily") for d in range(13)]
    today = fake(folder, NOW, "daily")
    assert backup_retention.rotate(folder, 14, now=NOW) == []
    assert names(folder) == {p.name for p in [*before, today]}


def test_manual_and_before_restore_copies_stay_90_days(folder: Path) -> None:
    manual = [
        fake(folder, NOW - timedelta(days=d, minutes=k), "manual") for d in range(0, 120, 2) for k in (1, 2)
    ]
    safety = [fake(folder, NOW - timedelta(days=d), "before-restore") for d in range(0, 120, 5)]
    daily = [
        fake(folder, NOW - timedelta(days=d, minutes=k), "daily") for d in range(0, 120, 2) for k in (1, 2)
    ]

    backup_retention.rotate(folder, 14, now=NOW)

    left = names(folder)
    cutoff = NOW - timedelta(days=90)
    recent = [p for p in manual + safety if taken(p) >= cutoff]
    older = [p for p in manual + safety if taken(p) < cutoff]
    assert len(recent) > 50 and older
    assert all(p.name in left for p in recent)  # every one, even two on one day
    # Past 90 days they are older than their kind's last 14 days and 8 weeks with backups.
    assert not any(p.name in left for p in older)
    # Two dailies on one day: only the newer is kept.
    assert daily[0].name in left and daily[1].name not in left


def test_other_files_are_never_deleted(folder: Path) -> None:
    foreign = ["notes.txt", "inventory.db", "inventory-2026.db", "inventory-20200101-000000-manual.db.bak"]
    for name in foreign:
        (folder / name).write_bytes(b"not ours")
    old = [fake(folder, NOW - timedelta(days=400 + d), "exit") for d in range(30)]
    backup_retention.rotate(folder, 14, now=NOW)
    assert set(foreign) <= names(folder)
    assert 14 <= sum(p.name in names(folder) for p in old) < 30


# ---------------------------------------------------------------- (3) names dated after now


def test_future_dated_backups_are_neither_counted_nor_deleted(folder: Path) -> None:
    real = [fake(folder, NOW - timedelta(days=d), "daily") for d in range(20)]
    ahead = [fake(folder, NOW + timedelta(days=d, seconds=1), "daily") for d in range(14)]
    ahead.append(fake(folder, datetime(2099, 12, 31, 23, 59, 59), "daily"))

    with_future = backup_retention.rotate(folder, 14, now=NOW)

    left = names(folder)
    assert {p.name for p in ahead} <= left
    # Exactly what the rules keep of the real ones when no future file is there at all.
    alone = folder.parent / "alone"
    alone.mkdir()
    for path in real:
        fake(alone, taken(path), "daily")
    without_future = backup_retention.rotate(alone, 14, now=NOW)
    assert sorted(p.name for p in with_future) == sorted(p.name for p in without_future)
    assert len(left) == len(ahead) + len(names(alone))


def test_a_future_dated_file_is_listed_with_a_note_and_survives_backups(live: Path) -> None:
    folder = backups.backup_folder()
    first = backups.backup_now(kind="daily")
    planted = folder / "inventory-20991231-235959-daily.db"
    backups.backup_to(planted)  # sign-in is off: whoever uses it may
    for _ in range(3):
        backups.backup_now(kind="daily")
        backups.backup_now(kind="exit")

    listed = {info.path.name: info for info in backups.list_backups()}
    assert planted.exists() and not first.exists()  # today's newest daily replaced the first
    assert sum(name.endswith("-daily.db") for name in listed) == 2  # today's newest and the planted one
    assert "time after now" in listed[planted.name].note
    assert listed[planted.name].problem == ""  # it can still be restored
    assert all(info.note == "" for name, info in listed.items() if name != planted.name)
    assert backups.list_backups()[0].path == planted  # newest first by its name


# ---------------------------------------------------------------- (7) stale .partial files


def _aged(path: Path, seconds: float) -> Path:
    path.write_bytes(b"SQLite format 3\x00" + b"\x00" * 4000)
    past = time.time() - seconds
    os.utime(path, (past, past))
    return path


def test_stale_partials_are_removed_and_current_ones_kept(live: Path) -> None:
    folder = backups.backup_folder()
    folder.mkdir(mode=0o700)
    stale = _aged(folder / ".inventory-20261201-101500-exit-0123456789ab.partial", 2 * HOUR)
    stale_journal = _aged(folder / ".inventory-20261201-101500-exit-0123456789ab.partial-journal", 2 * HOUR)
    fresh = _aged(folder / ".inventory-20261207-090000-manual-ba9876543210.partial", 60)
    restoring = _aged(live.parent / ".inventory.db.restoring-00112233aabb.partial", 3 * HOUR)
    not_ours = [
        _aged(folder / ".notes-0123456789ab.partial.txt", 3 * HOUR),
        _aged(folder / "inventory-0123456789ab.partial", 3 * HOUR),  # not hidden
        _aged(live.parent / ".thumbnail.partial", 3 * HOUR),
    ]
    # A backup still running in this program (its temp file held, even when it looks old).
    held = backup_files.private_temp_file(folder, "inventory-20261207-091000-daily")
    _aged(held, 2 * HOUR)
    try:
        backups.list_backups()
        assert not stale.exists() and not stale_journal.exists() and not restoring.exists()
        assert fresh.exists() and held.exists()
        assert all(p.exists() for p in not_ours)
    finally:
        backup_files.release_temp(held)
    backups.backup_now()
    assert not held.exists()  # no longer held, and older than an hour
    assert fresh.exists()


def _hold(path: str, pipe: Any) -> None:
    """Hold the temp file as a running backup does, until told to let go."""
    import fcntl

    fd = os.open(path, os.O_RDWR)
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    pipe.send("holding")
    pipe.recv()
    os.close(fd)
    pipe.send("released")


@pytest.mark.skipif(os.name != "posix", reason="advisory locks; elsewhere an open file cannot be deleted")
def test_a_partial_held_by_another_running_backup_is_kept(live: Path) -> None:
    folder = backups.backup_folder()
    folder.mkdir(mode=0o700)
    other = _aged(folder / ".inventory-20261207-080000-daily-a1b2c3d4e5f6.partial", 2 * HOUR)
    context = multiprocessing.get_context("spawn")
    ours, theirs = context.Pipe()
    holder = context.Process(target=_hold, args=(str(other), theirs))
    holder.start()
    try:
        assert ours.poll(PROCESS_TIMEOUT) and ours.recv() == "holding"
        backups.backup_now()
        assert other.exists()
        ours.send("let go")
        assert ours.poll(PROCESS_TIMEOUT) and ours.recv() == "released"
    except BaseException:
        holder.kill()  # it would wait to be told to let go
        raise
    finally:
        holder.join(timeout=PROCESS_TIMEOUT)
    backups.list_backups()
    assert not other.exists()


def test_a_killed_backup_to_a_file_leaves_a_partial_that_the_next_one_removes(
    live: Path, tmp_path: Path
) -> None:
    target = tmp_path / "exports" / "friday.db"
    target.parent.mkdir()
    left = _aged(target.parent / ".friday-0a0b0c0d0e0f.partial", 2 * HOUR)
    someone_elses = _aged(target.parent / ".thesis-0a0b0c0d0e0f.partial", 2 * HOUR)
    backups.backup_to(target)
    assert not left.exists() and someone_elses.exists() and target.exists()


# ---------------------------------------------------------------- (10) who may back up where


def test_staff_may_not_back_up_to_a_file_or_folder_of_their_choice(live: Path, tmp_path: Path) -> None:
    staff_signed_in()
    target = tmp_path / "usb-stick" / "everything.db"
    target.parent.mkdir()
    with pytest.raises(PermissionDenied, match="Only an administrator can back up to a file"):
        backups.backup_to(target)
    with pytest.raises(PermissionDenied, match="Only an administrator can back up to a folder"):
        backups.backup_now(target.parent)
    assert list(target.parent.iterdir()) == []
    assert audit.events(action=Action.BACKUP) == []

    # Into the office's backups folder, by hand or automatically: anyone.
    manual = backups.backup_now()
    exit_backup = backups.backup_now(kind="exit")
    daily = backups.backup_now(backups.backup_folder(), kind="daily")
    assert manual.exists() and exit_backup.exists() and daily.exists()
    assert [e.user for e in audit.events(action=Action.BACKUP)] == ["sam"] * 3

    set_current_actor(Actor("dana", Role.ADMIN))
    assert backups.backup_to(target) == target and target.exists()


def test_the_backups_setting_still_applies(live: Path) -> None:
    save_office_settings(replace(office_settings(), backups_to_keep=1))
    folder = backups.backup_folder()
    folder.mkdir(mode=0o700)
    yesterday = fake(folder, datetime.now().replace(microsecond=0) - timedelta(days=1), "exit")
    made = backups.backup_now(kind="exit")
    assert made.exists()
    # One day kept; yesterday's stays only while it is its week's newest: never past today's.
    same_week = datetime.now().isocalendar()[:2] == taken(yesterday).isocalendar()[:2]
    assert yesterday.exists() is (not same_week)
