"""The installed launchers: `supply-room` opens the desktop app (a GUI script, so Windows shows no
console window), `inventory-app` is the command line; both answer --version without a window."""

from __future__ import annotations

import os
import subprocess
import sys
from importlib.metadata import entry_points

import pytest

from inventory_app import __version__


def _launchers(group: str) -> dict[str, str]:
    ours = [ep for ep in entry_points(group=group) if ep.dist and ep.dist.name == "inventory-app"]
    return {ep.name: ep.value for ep in ours}


def test_the_desktop_app_is_a_gui_script() -> None:
    assert _launchers("gui_scripts") == {"supply-room": "inventory_app.launch:main"}


def test_the_command_line_is_a_console_script() -> None:
    assert _launchers("console_scripts") == {"inventory-app": "inventory_app.cli:main"}


@pytest.mark.parametrize(
    ("module", "prog"), [("inventory_app.launch", "supply-room"), ("inventory_app.cli", "inventory-app")]
)
def test_version_answers_and_exits(module: str, prog: str) -> None:
    # No display: had --version opened a window, it would wait for a person until the timeout.
    env = {**os.environ, "QT_QPA_PLATFORM": "minimal"}
    code = f"import sys; from {module} import main; sys.exit(main(['--version']))"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env=env, check=False
    )
    assert (done.returncode, done.stdout.strip()) == (0, f"{prog} {__version__}")
