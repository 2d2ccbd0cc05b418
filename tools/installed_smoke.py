"""Start the installed app as a clinic would and stop it once its main window shows.

Run with the Python of a venv where the wheel was installed (not editable), from a folder
outside the checkout:  QT_QPA_PLATFORM=offscreen venv/bin/python tools/installed_smoke.py
Names the first administrator as a new office does; exits 0 when the main window showed,
and prints where the package was imported from."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

import inventory_app
from inventory_app import launch as gui

TIMEOUT_MS = 60_000


def main() -> int:
    where = Path(inventory_app.__file__).resolve()
    print(f"inventory_app from {where}")
    if "site-packages" not in where.parts:
        print("not the installed package: run this outside the checkout", file=sys.stderr)
        return 2
    qt = QApplication.instance() or QApplication([sys.argv[0]])
    shown: list[str] = []

    def look() -> None:
        visible = [w for w in qt.topLevelWidgets() if w.isVisible()]
        first_start = [w for w in visible if type(w).__name__ == "CreateAdminDialog"]
        if first_start:  # a new office names its administrator first
            dialog = first_start[0]
            dialog.name.setText("Smoke Test")
            dialog.password.setText("smoke-Test-2026")
            dialog.repeat.setText("smoke-Test-2026")
            dialog.create_button.click()
        windows = [w for w in visible if w.inherits("QMainWindow")]
        if windows:
            shown.append(windows[0].windowTitle())
            qt.quit()
        else:
            QTimer.singleShot(100, look)

    QTimer.singleShot(100, look)
    QTimer.singleShot(TIMEOUT_MS, qt.quit)
    with tempfile.TemporaryDirectory() as folder:
        code = gui.main(["--db", str(Path(folder) / "smoke.db"), "--new"])
    if not shown:
        print("the main window did not show", file=sys.stderr)
        return 1
    print(f"main window shown: {shown[0]!r} (exit {code})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
