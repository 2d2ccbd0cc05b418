"""Spreadsheet commands of the command line: import, export, template."""

from __future__ import annotations

import argparse
from typing import Any


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add this module's commands to the `inventory-app` parser."""
