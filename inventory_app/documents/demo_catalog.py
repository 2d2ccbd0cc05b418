"""Reading the bundled demo catalog files and loading them through the core."""

from __future__ import annotations

import csv
from pathlib import Path

from inventory_app.core.catalog.demo import DemoSummary, Progress, load_demo
from inventory_app.resources import resource_path


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [dict(row) for row in csv.DictReader(handle)]


def load_bundled_demo(progress: Progress | None = None) -> DemoSummary:
    """Load the demo clinic into an empty database (refused when items exist); its office
    details too, unless the office has typed some of its own."""
    suppliers = _read(resource_path("demo", "suppliers.csv"))
    items = _read(resource_path("demo", "catalog.csv"))
    office = _read(resource_path("demo", "office.csv"))
    return load_demo(suppliers, items, progress=progress, office=office[0] if office else None)
