"""Build the bundle a clinic double-clicks: `python packaging/build.py` (after `pip install -e .`).

Runs PyInstaller on packaging/supply_room.spec with this Python (installing PyInstaller into it
first if it is missing) and leaves one folder, dist/supply-room/, holding `supply-room` (the
desktop app) and `inventory-app` (the command line); on macOS also dist/Supply Room.app.
A bundle is built on the system it is for: Windows on Windows, macOS on a Mac (see
.github/workflows/bundle.yml). PyInstaller's work files go to build/pyinstaller/.

  --clean   rebuild from nothing (PyInstaller's cache is otherwise reused)
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "packaging" / "supply_room.spec"
DIST = ROOT / "dist"
WORK = ROOT / "build" / "pyinstaller"
PYINSTALLER = "pyinstaller>=6.10,<7"
NAME = "supply-room"


def ensure_pyinstaller() -> None:
    if importlib.util.find_spec("PyInstaller") is not None:
        return
    print(f"Installing {PYINSTALLER} into {sys.prefix}", flush=True)
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", PYINSTALLER], check=True)


def app_installed() -> bool:
    needed = ("PySide6", "peewee", "reportlab", "inventory_app")
    missing = [name for name in needed if importlib.util.find_spec(name) is None]
    if missing:
        print(
            f"{', '.join(missing)} not found for {sys.executable}: run `pip install -e .` first.",
            file=sys.stderr,
        )
    return not missing


def folder_size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file() and not path.is_symlink())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="build.py", description="Build the Supply Room bundle.")
    parser.add_argument("--clean", action="store_true", help="rebuild from nothing")
    args = parser.parse_args(argv)
    if not app_installed():
        return 2
    ensure_pyinstaller()
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--log-level=WARN",
        f"--distpath={DIST}",
        f"--workpath={WORK}",
        str(SPEC),
    ]
    if args.clean:
        command.insert(3, "--clean")
    started = time.monotonic()
    # PyInstaller imports the app's modules while it looks for hidden imports: no window.
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    subprocess.run(command, check=True, cwd=ROOT, env=env)
    seconds = time.monotonic() - started
    folder = DIST / NAME
    suffix = ".exe" if sys.platform == "win32" else ""
    for program in (f"supply-room{suffix}", f"inventory-app{suffix}"):
        if not (folder / program).is_file():
            print(f"{program} is missing from {folder}", file=sys.stderr)
            return 1
    version = subprocess.run(
        [str(folder / f"inventory-app{suffix}"), "--version"], capture_output=True, text=True, check=True
    ).stdout.strip()
    size = folder_size(folder) / 1e6
    print(f"Built {folder} ({version}, {size:.0f} MB) in {seconds:.0f} s")
    app = DIST / "Supply Room.app"
    if sys.platform == "darwin" and app.is_dir():
        print(f"Built {app}")
    if shutil.which("du") and sys.platform != "win32":
        subprocess.run(["du", "-sh", str(folder)], check=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
