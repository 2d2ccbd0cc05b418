"""Bundled files: demo catalog, icons, fonts. Found through `resource_path` only."""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from pathlib import Path


@cache
def _root() -> Path:
    return Path(str(files(__name__)))


def resource_path(*parts: str) -> Path:
    """The path of a bundled file, e.g. resource_path("demo", "catalog.csv")."""
    return _root().joinpath(*parts)
