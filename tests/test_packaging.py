"""The built wheel holds every package of the app and the resources it reads at run time
(a wheel that lacked one gave an app that could not start when installed, not editable)."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel_files(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", str(ROOT), "-w", str(out)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = out.glob("inventory_app-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


@pytest.mark.slow
def test_every_package_on_disk_is_in_the_wheel(wheel_files: set[str]) -> None:
    on_disk = {
        init.relative_to(ROOT).as_posix()
        for init in (ROOT / "inventory_app").rglob("__init__.py")
        if "__pycache__" not in init.parts
    }
    assert len(on_disk) > 20
    assert on_disk - wheel_files == set(), "packages missing from the wheel"
    modules = {p.relative_to(ROOT).as_posix() for p in (ROOT / "inventory_app").rglob("*.py")}
    assert modules - wheel_files == set()


@pytest.mark.slow
def test_every_resource_is_in_the_wheel(wheel_files: set[str]) -> None:
    shipped = {
        "inventory_app/resources/" + path.relative_to(ROOT / "resources").as_posix()
        for path in (ROOT / "resources").rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }
    assert any(name.endswith(".svg") for name in shipped) and any("help/" in name for name in shipped)
    assert shipped - wheel_files == set(), "resources missing from the wheel"
