"""The PySide6 pin (DESIGN §7): 6.12.0 on CPython 3.11 drops a reference to `None`
on every void Qt call and aborts the interpreter ("none_dealloc") after a few
thousand calls. Python 3.12+ makes `None` immortal, so only older interpreters
need the pin; this file proves the installed Qt survives and the pin is in place.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from importlib.metadata import version
from pathlib import Path

from packaging.requirements import Requirement
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
BROKEN = Version("6.12.0")
CALLS = 20_000
MARKER = "QT-PIN-SURVIVED"

SCRIPT = f"""
import sys
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QWidget

app = QApplication([])
widget = QWidget()
before = sys.getrefcount(None)
for i in range({CALLS}):
    step = i % 3
    if step == 0:
        widget.setWindowTitle("call %d" % i)
    elif step == 1:
        widget.update()
    else:
        QCoreApplication.processEvents()
after = sys.getrefcount(None)
widget.close()
del widget
print("{MARKER}", before, after, flush=True)
"""


def test_twenty_thousand_void_qt_calls_do_not_kill_the_interpreter() -> None:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        timeout=300,
    )
    assert result.returncode == 0, (result.returncode, result.stderr[-2000:])
    lines = [line for line in result.stdout.splitlines() if line.startswith(MARKER)]
    assert len(lines) == 1, result.stdout
    before, after = (int(n) for n in lines[0].split()[1:])
    # Each void call must leave None's reference count alone (immortal on 3.12+:
    # both numbers are then the same huge constant).
    assert after >= before - CALLS // 10, (before, after)


def _pyside_requirements() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = [Requirement(text) for text in project["dependencies"]]
    return [r for r in requirements if r.name.lower().startswith("pyside6")]


def test_pyside6_6_12_0_is_not_installed_on_python_before_3_12() -> None:
    import PySide6
    import shiboken6

    installed = {
        "PySide6": Version(PySide6.__version__),
        "shiboken6": Version(shiboken6.__version__),
        "PySide6-Essentials": Version(version("PySide6-Essentials")),
    }
    if sys.version_info < (3, 12):
        assert all(v != BROKEN for v in installed.values()), installed
    # The requirement that applies to this interpreter allows what is installed.
    applicable = [r for r in _pyside_requirements() if r.marker is None or r.marker.evaluate()]
    assert len(applicable) == 1, applicable
    assert installed["PySide6-Essentials"] in applicable[0].specifier


def test_pyproject_excludes_6_12_0_for_python_before_3_12() -> None:
    requirements = _pyside_requirements()
    old_python = {"python_version": "3.11", "python_full_version": "3.11.7"}
    for_old = [r for r in requirements if r.marker is not None and r.marker.evaluate(old_python)]
    assert for_old, [str(r) for r in requirements]
    for requirement in for_old:
        assert requirement.name == "PySide6-Essentials"
        assert BROKEN not in requirement.specifier, str(requirement)
        assert Version("6.11.3") in requirement.specifier, str(requirement)
    new_python = {"python_version": "3.12", "python_full_version": "3.12.4"}
    for_new = [r for r in requirements if r.marker is None or r.marker.evaluate(new_python)]
    assert len(for_new) == 1 and BROKEN in for_new[0].specifier
