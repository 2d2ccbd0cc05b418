"""Files the app writes (order forms, reports, the import template, the audit log) appear
whole or not at all: written to a temporary name beside the target, then renamed. A new file
is readable by its owner only (0600), as the database and its backups are, whatever the umask:
these files hold prices, stock and names."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from inventory_app.errors import InventoryError


def write_atomically(path: Path, write: Callable[[BinaryIO], object]) -> None:
    """Let `write` fill a binary handle on a temporary file beside `path`, flush it to disk,
    then rename it over `path`: a crash, a full disk or an error half-way never leaves a
    partial file; a new file is made 0600 and an existing file keeps its permissions.
    Refusals name the file."""
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise InventoryError(f"Cannot save “{path.name}”: the folder {folder} does not exist.")
    try:
        fd, temp_name = tempfile.mkstemp(prefix=f".{path.stem[:40]}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise _file_problem(path, exc) from exc
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            _keep_mode(path, temp)
        else:
            os.chmod(temp, 0o600)
        os.replace(temp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise _file_problem(path, exc) from exc
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise


def _keep_mode(existing: Path, temp: Path) -> None:
    with contextlib.suppress(OSError):
        os.chmod(temp, existing.stat().st_mode & 0o777)


def _file_problem(path: Path, exc: OSError) -> InventoryError:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return InventoryError(
            f"The disk is full, so “{path.name}” was not saved. Free some space and try again."
        )
    if isinstance(exc, PermissionError) or exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return InventoryError(
            f"Cannot write “{path.name}” in {path.parent}: permission denied, or the file is open in "
            "another program. Close it there or choose another folder."
        )
    return InventoryError(f"Cannot save “{path.name}”: {exc.strerror or exc}.")
