"""The bundle's files agree with the package: the spec ships the same resources as the wheel,
the Linux desktop entry starts the installed launcher, and the icon files are all there."""

from __future__ import annotations

import ast
import configparser
import struct
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"


def _spec_constant(name: str) -> object:
    tree = ast.parse((PACKAGING / "supply_room.spec").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == name for t in node.targets):
            return ast.literal_eval(node.value)
    raise AssertionError(f"{name} is not in the spec")


def test_the_bundle_ships_the_resources_the_wheel_ships() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    wheel = project["tool"]["setuptools"]["package-data"]["inventory_app.resources"]
    assert sorted(_spec_constant("RESOURCE_FILES")) == sorted(wheel)


def test_the_desktop_entry_starts_the_gui_launcher() -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # keys are case-sensitive
    entry.read(PACKAGING / "supply-room.desktop", encoding="utf-8")
    desktop = entry["Desktop Entry"]
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert desktop["Exec"] in project["project"]["gui-scripts"]
    assert (desktop["Name"], desktop["Icon"]) == ("Supply Room", "supply-room")
    assert desktop["Type"] == "Application"
    assert "Office;" in desktop["Categories"]


def test_every_icon_size_is_there() -> None:
    icons = PACKAGING / "icons"
    for size in (16, 32, 48, 64, 128, 256, 512):
        png = (icons / f"supply-room-{size}.png").read_bytes()
        width, height = struct.unpack(">II", png[16:24])  # the IHDR chunk
        assert (width, height) == (size, size)
    ico = (icons / "supply-room.ico").read_bytes()
    assert struct.unpack("<HHH", ico[:6]) == (0, 1, 6)
    assert (icons / "supply-room.icns").read_bytes()[:4] == b"icns"
    assert b"<svg" in (ROOT / "resources" / "icons" / "supply-room.svg").read_bytes()
