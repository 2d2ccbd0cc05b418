"""The built wheel holds every package of the app and the resources it reads at run time."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_package_on_disk_is_listed_for_the_wheel() -> None:
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    on_disk = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "inventory_app").rglob("__init__.py")
    }
    assert on_disk - listed == set(), "packages missing from pyproject.toml: the wheel would lack them"


def test_every_resource_kind_is_shipped() -> None:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]
    patterns = data["inventory_app.resources"]
    for folder in (ROOT / "resources").iterdir():
        if folder.is_dir() and folder.name != "__pycache__":
            assert any(p.startswith(f"{folder.name}/") for p in patterns), (
                f"resources/{folder.name} not shipped"
            )
