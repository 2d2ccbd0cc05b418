"""Open and save dialogs that start in the last folder used on this workstation."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

KEY = "files/last_folder"


def last_folder(settings: QSettings) -> str:
    saved = settings.value(KEY)
    if saved and Path(str(saved)).is_dir():
        return str(saved)
    return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)


def remember_folder(settings: QSettings, chosen: str) -> None:
    if chosen:
        settings.setValue(KEY, str(Path(chosen).parent))


def ask_open_file(parent: QWidget | None, settings: QSettings, title: str, filters: str) -> str | None:
    path, _ = QFileDialog.getOpenFileName(parent, title, last_folder(settings), filters)
    remember_folder(settings, path)
    return path or None


def ask_save_file(
    parent: QWidget | None, settings: QSettings, title: str, file_name: str, filters: str
) -> str | None:
    start = str(Path(last_folder(settings)) / file_name)
    path, _ = QFileDialog.getSaveFileName(parent, title, start, filters)
    remember_folder(settings, path)
    return path or None


def ask_folder(parent: QWidget | None, title: str, start: str = "") -> str | None:
    """A folder chosen by the user, starting at `start` when it exists."""
    folder = QFileDialog.getExistingDirectory(parent, title, start if start and Path(start).is_dir() else "")
    return folder or None
