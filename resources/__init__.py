"""Bundled files: demo catalog, icons, fonts. Found through `resource_path` only."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def resource_path(*parts: str) -> Path:
    """The path of a bundled file, e.g. resource_path("demo", "catalog.csv")."""
    return Path(str(files(__name__).joinpath(*parts)))
