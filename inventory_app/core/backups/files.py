"""Backup files on disk: their names, a verified copy of a SQLite file, what a backup holds.

A backup is a plain SQLite file named `inventory-YYYYMMDD-HHMMSS[-N]-KIND.db`
(local time; N only when two are taken in the same second). It is written to
a temporary name in the target folder with the online backup API, checked
(`integrity_check`, `foreign_key_check`), flushed to disk and only then renamed
into place, so a folder never holds a half-written backup under our name.
Files are created readable by their owner only.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import sqlite3
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from inventory_app.db.schema import CURRENT_VERSION
from inventory_app.db.schema_shape import schema_differences
from inventory_app.errors import InventoryError

try:
    import fcntl
except ImportError:  # Windows: a file held open there cannot be deleted by another program anyway
    fcntl = None  # type: ignore[assignment]

PREFIX = "inventory-"
SUFFIX = ".db"
BACKUP_NAME = re.compile(
    r"^inventory-(?P<day>\d{8})-(?P<time>\d{6})(?:-(?P<n>\d{1,4}))?(?:-(?P<kind>[a-z]+(?:-[a-z]+)*))?\.db$"
)
KIND = re.compile(r"^[a-z]+(?:-[a-z]+)*$")
SQLITE_HEADER = b"SQLite format 3\x00"
SIDE_FILES = ("-wal", "-shm", "-journal")
READ_TIMEOUT_S = 10.0


class BackupProblem(InventoryError):
    """A backup that cannot be written, or a file that cannot be restored; nothing was changed."""


@dataclass(frozen=True, slots=True)
class BackupInfo:
    path: Path
    taken_at: datetime | None  # local time, from the file name (fallback: mtime)
    size_bytes: int
    schema_version: int | None
    item_count: int | None
    last_movement: datetime | None  # newest movement.created_at (UTC as stored)
    problem: str  # "" when the file is a readable backup of ours, else why not
    note: str = ""  # something to know that does not stop a restore (a name dated after now)

    @property
    def ok(self) -> bool:
        return not self.problem


# ---------------------------------------------------------------- names


def name_time(path: Path) -> tuple[datetime, int] | None:
    """When a backup named by us was taken (local time) and its same-second number."""
    match = BACKUP_NAME.match(path.name)
    if match is None:
        return None
    try:
        taken = datetime.strptime(match["day"] + match["time"], "%Y%m%d%H%M%S")
    except ValueError:
        return None
    return taken, int(match["n"] or 1)


def new_backup_path(folder: Path, kind: str, now: datetime | None = None) -> Path:
    """A name for a backup taken now; the second one in the same second (of any kind) gets -2.

    The number is one more than the highest in that second, even when a lower one was deleted
    since, so that the numbers keep the order in which the backups were taken."""
    if not KIND.match(kind):
        raise ValueError(f"backup kind {kind!r}: lower-case words joined by '-'")
    moment = (now or datetime.now()).replace(microsecond=0)
    try:
        stamps = [name_time(p) for p in folder.iterdir()]
    except FileNotFoundError:
        stamps = []
    n = 1 + max((stamp[1] for stamp in stamps if stamp is not None and stamp[0] == moment), default=0)
    if n >= 10_000:
        raise BackupProblem(f"Too many backups in {folder} taken in the same second.")
    middle = "" if n == 1 else f"-{n}"
    return folder / f"{PREFIX}{moment:%Y%m%d-%H%M%S}{middle}-{kind}{SUFFIX}"


def our_backups(folder: Path) -> list[Path]:
    """Our backup files in `folder`, newest first (by the time in their names)."""
    try:
        entries = [p for p in folder.iterdir() if p.is_file()]
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise BackupProblem(f"The backup folder {folder} cannot be read ({exc.strerror}).") from exc
    named = [(name_time(p), p) for p in entries]
    ours = [(stamp, p) for stamp, p in named if stamp is not None]
    ours.sort(key=lambda pair: (pair[0], pair[1].name), reverse=True)
    return [p for _stamp, p in ours]


# ---------------------------------------------------------------- copying


def remove_side_files(path: Path) -> None:
    """Delete the -wal, -shm and -journal files that belong to `path`."""
    for suffix in SIDE_FILES:
        Path(str(path) + suffix).unlink(missing_ok=True)


_held: dict[str, int] = {}  # temp files this program is writing, with the descriptor holding their lock
_held_guard = threading.Lock()


def private_temp_file(folder: Path, stem: str) -> Path:
    """An empty new file in `folder` with a random name, readable by its owner only.

    The file is held (an advisory lock other programs can see, see `is_held`) until
    `release_temp`, so a clean-up never removes the temp file of a backup still running."""
    for _attempt in range(100):
        path = folder / f".{stem}-{secrets.token_hex(6)}.partial"
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            continue
        if fcntl is not None:
            with contextlib.suppress(OSError):
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        with _held_guard:
            _held[str(path)] = fd
        return path
    raise BackupProblem(f"Cannot create a temporary file in {folder}.")


def release_temp(path: Path) -> None:
    """Stop holding a temp file from `private_temp_file` (before renaming or deleting it)."""
    with _held_guard:
        fd = _held.pop(str(path), None)
    if fd is not None:
        os.close(fd)  # closing drops the lock


def is_held(path: Path) -> bool:
    """True when a running backup or restore (of this or another program) holds the temp file `path`."""
    with _held_guard:
        if str(path) in _held:
            return True
    if fcntl is None:
        return False
    try:
        fd = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        return False
    except OSError:
        return True  # cannot look: leave it alone
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(fd)
    return False


def read_only_uri(path: Path) -> str:
    """A URI that opens `path` without writing to it or creating files beside it."""
    return path.resolve().as_uri() + "?mode=ro&immutable=1"


def copy_pages(source: sqlite3.Connection, target: Path) -> None:
    """Copy the whole database of `source` into the file `target` in one step (one snapshot)."""
    dest = sqlite3.connect(str(target))
    try:
        source.backup(dest)
        # One self-contained file: no -wal beside a backup.
        dest.execute("PRAGMA journal_mode=DELETE").fetchone()
    finally:
        dest.close()


def file_problem(path: Path, *, thorough: bool = True) -> str:
    """Why `path` is not a sound database file ("" when it is)."""
    try:
        with _open_read_only(path) as conn:
            if not thorough:
                conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
                return ""
            result = [row[0] for row in conn.execute("PRAGMA integrity_check").fetchall()]
            if result != ["ok"]:
                return "it is damaged (the integrity check found: " + "; ".join(result[:3]) + ")."
            broken = conn.execute("PRAGMA foreign_key_check").fetchall()
            if broken:
                return f"it is damaged ({len(broken)} rows point at records that do not exist)."
    except sqlite3.Error as exc:
        return _sqlite_problem(exc)
    return ""


def fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable (not possible on every system)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_verified_copy(source: sqlite3.Connection, target: Path) -> Path:
    """Write `source` to `target`: temp file beside it, copy, check, flush, rename.

    On any failure the temp file is removed and `target` is left as it was."""
    folder = target.parent
    temp = private_temp_file(folder, target.stem)
    try:
        copy_pages(source, temp)
        problem = file_problem(temp)
        if problem:
            raise BackupProblem(f"The backup failed its check: {problem} Nothing was saved as {target.name}.")
        fsync_file(temp)
        release_temp(temp)
        os.replace(temp, target)
    except BaseException:
        release_temp(temp)
        temp.unlink(missing_ok=True)
        remove_side_files(temp)
        raise
    fsync_folder(folder)
    return target


# ---------------------------------------------------------------- what a backup holds


@contextlib.contextmanager
def _open_read_only(path: Path) -> Iterator[sqlite3.Connection]:
    conn = sqlite3.connect(read_only_uri(path), uri=True, timeout=READ_TIMEOUT_S)
    try:
        yield conn
    finally:
        conn.close()


def _sqlite_problem(exc: sqlite3.Error) -> str:
    text = str(exc).lower()
    if "not a database" in text or "file is encrypted" in text:
        return "it is not a database file."
    if "malformed" in text or "corrupt" in text:
        return "it is damaged (the database file is malformed)."
    if "unable to open" in text:
        return "it cannot be opened."
    return f"it cannot be read ({exc})."


def _header_problem(path: Path, size: int) -> str:
    """Cheap checks of the 100-byte SQLite header: is it one, and is it complete?"""
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
    except OSError as exc:
        return f"it cannot be read ({exc.strerror})."
    if not header.startswith(SQLITE_HEADER) or len(header) < 100:
        return "it is not a database file."
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    counter_valid = header[24:28] == header[92:96]
    if page_size < 512 or size % page_size or (counter_valid and pages * page_size > size):
        return "it is incomplete (the file was cut short)."
    return ""


def _wal_problem(path: Path) -> str:
    """A database copied while in use leaves its newest changes in a -wal file beside it,
    which a backup must not depend on."""
    wal = Path(str(path) + "-wal")
    try:
        in_use = wal.stat().st_size > 0
    except OSError:
        return ""
    if in_use:
        return (
            f"it was copied while the program had it open, and part of it is still in {wal.name} "
            "beside it. Choose a backup made by the program instead."
        )
    return ""


def _as_datetime(value: object) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        return None


def _contents(path: Path) -> tuple[int | None, int | None, datetime | None, str]:
    """Schema version, active items, newest movement, and a problem ("" if none)."""
    try:
        with _open_read_only(path) as conn:
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if not {"schema_version", "item", "movement"} <= tables:
                return None, None, None, "it is not an inventory database made by this program."
            row = conn.execute("SELECT version FROM schema_version ORDER BY id DESC LIMIT 1").fetchone()
            stored = row[0] if row else None
            version = stored if isinstance(stored, int) else None
            items = int(conn.execute("SELECT COUNT(*) FROM item WHERE active").fetchone()[0])
            newest = _as_datetime(conn.execute("SELECT MAX(created_at) FROM movement").fetchone()[0])
            differences = schema_differences(conn) if version == CURRENT_VERSION else []
    except sqlite3.Error as exc:
        return None, None, None, _sqlite_problem(exc)
    if version is None and stored is not None:
        return None, items, newest, "its schema version is not a number, so it was not made by this program."
    if version is None:
        return None, items, newest, "it has no schema version, so it was not made by this program."
    if version > CURRENT_VERSION:
        return (
            version,
            items,
            newest,
            f"it was made by a newer version of the program (schema {version}; "
            f"this program knows up to {CURRENT_VERSION}). Install the newer program to restore it.",
        )
    if differences:
        return version, items, newest, schema_problem(differences)
    return version, items, newest, ""


def schema_problem(differences: list[str]) -> str:
    """A backup's schema differences as one sentence for a refusal."""
    return "its schema is not the one this program builds (" + "; ".join(differences) + ")."


def is_inventory_file(path: Path) -> bool:
    """True when `path` is a SQLite file with this program's tables (an inventory or a backup
    of one, sound or not): what a backup to a chosen file may replace."""
    try:
        with path.open("rb") as handle:
            if handle.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
                return False
        with _open_read_only(path) as conn:
            names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except (OSError, sqlite3.Error):
        return False
    return {"schema_version", "item", "movement"} <= names


def has_accounts_in(path: Path) -> bool:
    """True when the backup `path` holds at least one sign-in account."""
    try:
        with _open_read_only(path) as conn:
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if "user_account" not in tables:
                return False
            return conn.execute("SELECT 1 FROM user_account LIMIT 1").fetchone() is not None
    except sqlite3.Error:
        return False


def inspect_backup(path: Path, *, thorough: bool = True) -> BackupInfo:
    """What a backup file holds and whether it can be restored.

    `thorough` runs the integrity and foreign-key checks over every page (what
    restore does); without it only the header and the contents are read, which
    is quick enough for a list of many backups."""
    path = Path(path)
    stamp = name_time(path)
    try:
        stat = path.stat()
    except FileNotFoundError:
        return BackupInfo(path, stamp[0] if stamp else None, 0, None, None, None, "the file does not exist.")
    except OSError as exc:
        return BackupInfo(path, None, 0, None, None, None, f"it cannot be read ({exc.strerror}).")
    taken = stamp[0] if stamp else datetime.fromtimestamp(stat.st_mtime)
    if not path.is_file():
        return BackupInfo(path, taken, 0, None, None, None, "it is a folder, not a backup file.")
    size = stat.st_size
    problem = _header_problem(path, size) or _wal_problem(path)
    if problem:
        return BackupInfo(path, taken, size, None, None, None, problem)
    version, items, newest, problem = _contents(path)
    if not problem:
        problem = file_problem(path, thorough=thorough)
    return BackupInfo(path, taken, size, version, items, newest, problem)


def list_backups_in(folder: Path, *, thorough: bool = False) -> list[BackupInfo]:
    return [inspect_backup(p, thorough=thorough) for p in our_backups(folder)]
