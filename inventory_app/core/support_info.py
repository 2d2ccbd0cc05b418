"""What the About box tells someone helping over the phone: the app's version and the folder
where it keeps its files (errors.log, and by default the database and its backups).

In the core so the window can ask without reaching into the database layer."""

from __future__ import annotations

import platform
from dataclasses import dataclass
from pathlib import Path

from inventory_app import __version__
from inventory_app.db.connection import data_folder

ERRORS_LOG = "errors.log"


@dataclass(frozen=True, slots=True)
class SupportInfo:
    version: str
    data_folder: Path
    errors_log: Path
    python_version: str


def support_info() -> SupportInfo:
    folder = data_folder()
    return SupportInfo(
        version=__version__,
        data_folder=folder,
        errors_log=folder / ERRORS_LOG,
        python_version=platform.python_version(),
    )
