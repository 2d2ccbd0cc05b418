"""Which of our backups a folder keeps, and which half-written files it no longer needs.

Retention works per kind of backup (daily, exit, manual, before-restore…), so
fourteen exit backups in one day never push out the daily backups or the
manual copy taken before a risky change. For each kind it keeps:

- the newest backup of each of the last `days` days that have one (14 by
  default: "backups to keep" in Settings),
- the newest backup of each of the last 8 weeks that have one,
- every manual and before-restore copy taken in the last 90 days.

Days and weeks without a backup do not count, so a closed fortnight never
empties the folder. A file named with a time after now (a clock that ran
ahead, or a name typed by hand) is never counted and never deleted: it would
otherwise hold a place for years. Files of any other name are never touched.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from inventory_app.core.backups.files import BACKUP_NAME, SIDE_FILES, is_held, our_backups

DAYS_KEPT = 14
WEEKS_KEPT = 8
KEPT_WHOLE_DAYS = 90
KEPT_WHOLE = frozenset({"manual", "before-restore"})
STALE_PARTIAL_S = 3600
PARTIAL_NAME = re.compile(r"^\..+-[0-9a-f]{12}\.partial(?:-journal|-wal|-shm)?$")
FUTURE_NOTE = (
    "named with a time after now (the clock may have been wrong): "
    "the automatic clean-up never counts or deletes it."
)


@dataclass(frozen=True, slots=True)
class Named:
    """A backup file with the time and kind its name gives."""

    path: Path
    taken: datetime
    kind: str
    n: int  # the second, third… backup taken in the same second


def named(path: Path) -> Named | None:
    match = BACKUP_NAME.match(path.name)
    if match is None:
        return None
    try:
        taken = datetime.strptime(match["day"] + match["time"], "%Y%m%d%H%M%S")
    except ValueError:
        return None
    return Named(path, taken, match["kind"] or "", int(match["n"] or 1))


def is_future(path: Path, now: datetime | None = None) -> bool:
    """True when the name of our backup `path` carries a time after `now`."""
    found = named(path)
    return found is not None and found.taken > (now or datetime.now())


def _newest_per_period(backups: list[Named], period: Callable[[datetime], Hashable], limit: int) -> set[Path]:
    """The newest backup of each of the `limit` newest periods that have one (`backups` newest first)."""
    kept: set[Path] = set()
    seen: set[Hashable] = set()
    for backup in backups:
        key = period(backup.taken)
        if key in seen:
            continue
        if len(seen) == limit:
            break
        seen.add(key)
        kept.add(backup.path)
    return kept


def _day(moment: datetime) -> date:
    return moment.date()


def _week(moment: datetime) -> tuple[int, int]:
    year, week, _weekday = moment.isocalendar()
    return year, week


def kept_backups(
    backups: list[Named], now: datetime, days: int = DAYS_KEPT, weeks: int = WEEKS_KEPT
) -> set[Path]:
    """The backups the rules keep among `backups`; future-dated ones are left out of the count
    (and out of the answer: the caller keeps them anyway)."""
    counted = sorted((b for b in backups if b.taken <= now), key=lambda b: (b.taken, b.n), reverse=True)
    kept: set[Path] = set()
    for kind in {b.kind for b in counted}:
        of_kind = [b for b in counted if b.kind == kind]
        kept |= _newest_per_period(of_kind, _day, max(days, 1))
        kept |= _newest_per_period(of_kind, _week, weeks)
        if kind in KEPT_WHOLE:
            since = now - timedelta(days=KEPT_WHOLE_DAYS)
            kept |= {b.path for b in of_kind if b.taken >= since}
    return kept


def rotate(
    folder: Path, days: int = DAYS_KEPT, protect: tuple[Path, ...] = (), now: datetime | None = None
) -> list[Path]:
    """Delete our backups in `folder` that the rules no longer keep (never a future-dated one,
    one in `protect`, or a file of another name); returns the files deleted."""
    now = now or datetime.now()
    protected = {p.resolve() for p in protect}
    found = [b for b in (named(p) for p in our_backups(folder)) if b is not None]
    kept = kept_backups(found, now, days)
    deleted: list[Path] = []
    for backup in found:
        if backup.taken > now or backup.path in kept or backup.path.resolve() in protected:
            continue
        try:
            backup.path.unlink()
        except OSError:
            continue  # gone already, locked or read-only: the next rotation tries again
        for suffix in SIDE_FILES:
            Path(str(backup.path) + suffix).unlink(missing_ok=True)
        deleted.append(backup.path)
    return deleted


def remove_stale_partials(folder: Path, prefix: str = ".", now: float | None = None) -> list[Path]:
    """Delete the hidden `.partial` files a killed backup or restore left in `folder` (and their
    -journal): only ours (by name, starting with `prefix`), untouched for an hour and not held
    by a running backup. Returns the files removed."""
    now = time.time() if now is None else now
    try:
        names = {p.name for p in folder.iterdir()}
    except OSError:
        return []
    removed: list[Path] = []
    for name in sorted(names):
        if not (name.startswith(prefix) and PARTIAL_NAME.match(name)):
            continue
        main = re.sub(r"\.partial-(journal|wal|shm)$", ".partial", name)
        if name != main and main in names:
            continue  # goes with its main file
        try:
            present = [
                path
                for path in (folder / (main + suffix) for suffix in ("", *SIDE_FILES))
                if path.name in names and path.is_file() and not path.is_symlink()
            ]
            if not present or is_held(folder / main):
                continue
            if any(now - path.stat().st_mtime < STALE_PARTIAL_S for path in present):
                continue
            for path in present:
                path.unlink()
                removed.append(path)
        except OSError:
            continue
    return removed
