"""The desktop app's launcher (`supply-room`, main.py): the cycle collector paused from the first
import until the window has painted (see inventory_app.collector), then the app itself."""

from __future__ import annotations

from collections.abc import Sequence

from inventory_app import collector


def main(argv: Sequence[str] | None = None) -> int:
    collector.pause()
    try:
        from inventory_app import app  # (everything the window needs, imported now)

        return app.main(argv)
    finally:
        collector.resume()  # (already on when the window painted)
