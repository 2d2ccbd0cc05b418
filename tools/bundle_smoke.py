"""Start the desktop app as a clinic's first start would, without a screen, and stop it once its
first window is painted: the built bundle (dist/supply-room/supply-room) or any other launcher.

    python tools/bundle_smoke.py dist/supply-room/supply-room
    python tools/bundle_smoke.py .venv/bin/python main.py        # the same, from the checkout

The program gets a fresh home, data and settings folder and a new office (--db FILE --new), so
its first window is the one a new office sees: "create the administrator". It runs on Qt's
`minimal` platform with QT_DEBUG_BACKINGSTORE set, which makes Qt itself write every painted
window to outputNNNN.png in the working folder: nothing in the app is there for this test.
Passes when that picture shows a painted dialog, the program is still running, and it wrote no
traceback and no errors.log. Prints the time from start to the painted window.

Run it with a Python that has PySide6 (to look at the picture), e.g. the project's .venv.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtGui import QImage

TIMEOUT_S = 60.0


def _absolute(part: str) -> str:
    """A path given on the command line made absolute (program.exe for program on Windows)."""
    for candidate in (Path(part), Path(f"{part}.exe")):
        if candidate.exists():
            return str(candidate.absolute())
    return part


def _first_picture(folder: Path) -> Path | None:
    pictures = sorted(folder.glob("output*.png"))
    return pictures[0] if pictures else None


def _painted(picture: Path) -> str | None:
    """Why the picture is not a painted dialog (None when it is)."""
    image = QImage(str(picture))
    if image.isNull():
        return "the picture cannot be read"
    if image.width() < 300 or image.height() < 100:
        return f"the window is only {image.width()}x{image.height()} px"
    colours = {image.pixel(x, y) for x in range(0, image.width(), 3) for y in range(0, image.height(), 3)}
    if len(colours) < 8:
        return f"the window is blank ({len(colours)} colours)"
    return None


def _wait_for_picture(process: subprocess.Popen[bytes], shots: Path) -> tuple[Path | None, float]:
    started = time.monotonic()
    while time.monotonic() - started < TIMEOUT_S:
        picture = _first_picture(shots)
        if picture is not None:
            elapsed = time.monotonic() - started
            # Read it once Qt has finished writing it (its size has stopped changing).
            size = -1
            for _ in range(100):
                time.sleep(0.03)
                if size == (size := picture.stat().st_size) and size:
                    break
            return picture, elapsed
        if process.poll() is not None:
            return None, time.monotonic() - started
        time.sleep(0.02)
    return None, TIMEOUT_S


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", nargs="+", help="the program to start, with its arguments")
    parser.add_argument("--keep", metavar="PNG", help="save the painted window here")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="bundle-smoke-") as tmp:
        home = Path(tmp)
        shots = home / "shots"
        shots.mkdir()
        env = {key: value for key, value in os.environ.items() if not key.startswith("INVENTORY_APP_")}
        env.update(
            HOME=str(home),
            XDG_DATA_HOME=str(home / "data"),
            XDG_CONFIG_HOME=str(home / "config"),
            XDG_CACHE_HOME=str(home / "cache"),
            APPDATA=str(home / "appdata"),
            LOCALAPPDATA=str(home / "localappdata"),
            QT_QPA_PLATFORM="minimal:enable_fonts",
            QT_DEBUG_BACKINGSTORE="1",
        )
        # The program runs in the folder Qt writes the pictures to: paths given are made absolute.
        given = [_absolute(part) for part in args.command]
        command = [*given, "--db", str(home / "office.db"), "--new"]
        process = subprocess.Popen(
            command, cwd=shots, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        try:
            picture, elapsed = _wait_for_picture(process, shots)
            running = process.poll() is None
            problem = _painted(picture) if picture is not None else None
            if picture is not None and args.keep:
                shutil.copyfile(picture, args.keep)
        finally:
            process.terminate()
            try:
                _, err = process.communicate(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                _, err = process.communicate()
        errors = err.decode(errors="replace")
        logs = [log for log in home.rglob("errors.log") if log.stat().st_size]

        if picture is None:
            print(f"no window painted within {elapsed:.1f} s (exit {process.returncode})", file=sys.stderr)
            print(errors[-3000:], file=sys.stderr)
            return 1
        failures = []
        if problem:
            failures.append(problem)
        if not running:
            failures.append(f"the program had stopped (exit {process.returncode})")
        if "Traceback" in errors:
            failures.append("it printed a traceback:\n" + errors[-3000:])
        failures += [f"it wrote {log}:\n{log.read_text(errors='replace')[-3000:]}" for log in logs]
        if failures:
            print("\n".join(failures), file=sys.stderr)
            return 1
        size = QImage(str(picture))
        print(f"first window painted {elapsed:.2f} s after the start ({size.width()}x{size.height()} px)")
        return 0


if __name__ == "__main__":
    sys.exit(main())
