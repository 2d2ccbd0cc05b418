"""What every command of the command line shares: wrong usage, JSON and table output, days.

`UsageProblem` means the command was used wrongly (exit 2); `print_json` and `table` write
stdout; `day` reads a YYYY-MM-DD option.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Collection, Sequence
from datetime import date
from typing import Any

from inventory_app.core.accounts import shown_user
from inventory_app.core.settings import office_settings
from inventory_app.core.wording import counted


class UsageProblem(Exception):
    """Wrong usage found after parsing (exit 2)."""


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """Columns padded to their widest cell, a dashed line under the headers."""
    cells = [[str(c) for c in headers]] + [["" if c is None else str(c) for c in r] for r in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    for index, row in enumerate(cells):
        print("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip())
        if index == 0:
            print("  ".join("-" * w for w in widths))


def plural(n: int, word: str) -> str:
    """'1 line', '2 lines', '28 syringes': `core.wording.counted`, as every screen says it."""
    return counted(n, word)


def who(recorded: str | None, keys: Collection[str]) -> str:
    """Who did something, for a table: an account's name; '-' for work recorded without an
    account (the operating-system login, kept in the history and in --json, not shown)."""
    return shown_user(recorded, keys) or "-"


def currency() -> str:
    """The office's currency symbol, for `money_text` (read once per command)."""
    return office_settings().currency_symbol


def day(text: str | None, option: str) -> date | None:
    """The day given to `option` (None when the option was left out)."""
    if text is None:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise UsageProblem(f"{option} must be a date like 2026-03-31, not “{text}”") from None
