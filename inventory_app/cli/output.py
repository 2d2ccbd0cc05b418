"""What every command of the command line shares: wrong usage, JSON and table output, days.

`UsageProblem` means the command was used wrongly (exit 2); `print_json` and `table` write
stdout; `day` reads a YYYY-MM-DD option; `whole` reads a number option within its limits.

Stored text is written by anyone with an account, so it never reaches a terminal raw
(RELIABILITY H1): `shown` escapes control characters (ESC, BEL, CR, LF, DEL, the C1 range,
bidirectional overrides) as visible `\\x1b`, `\\r`, `\\n`; `table` shows every cell through it, so
no value can break a table into extra lines; `terminal_safe` escapes every control character
except the line ends the command itself prints in anything written to stdout and stderr, and
`print_json` writes them as JSON `\\u` escapes.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from typing import Any, TextIO

from inventory_app.core.accounts.users import shown_user
from inventory_app.core.settings import office_settings
from inventory_app.core.wording import counted


class UsageProblem(Exception):
    """Wrong usage found after parsing (exit 2)."""


# C0 controls, DEL, C1 controls (a lone \x9b is a terminal's CSI), the line and paragraph
# separators, and the bidirectional embeddings, overrides and isolates that reorder what is shown.
_OTHER_CONTROLS = r"\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069"
_CONTROL = re.compile(rf"[\x00-\x1f{_OTHER_CONTROLS}]")
_CONTROL_BUT_NEWLINE = re.compile(rf"[\x00-\x09\x0b-\x1f{_OTHER_CONTROLS}]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def shown(value: object) -> str:
    """`value` as text for a terminal: every control character written as a visible escape
    (\\x1b, \\x07, \\r, \\n), so stored text cannot retitle a terminal or forge a line."""
    text = "" if value is None else str(value)
    return _CONTROL.sub(_escape, text)


class _SafeStream:
    """A text stream that writes every control character except the line feed escaped."""

    def __init__(self, raw: TextIO) -> None:
        self._raw = raw

    def write(self, text: str) -> int:
        self._raw.write(_CONTROL_BUT_NEWLINE.sub(_escape, text))
        return len(text)

    def write_checked(self, text: str) -> int:
        """Write `text` that holds no control character but line feeds (JSON escaped by
        `print_json`), without scanning megabytes of it a second time."""
        self._raw.write(text)
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._raw, name)


@contextmanager
def terminal_safe() -> Iterator[None]:
    """While inside, stdout and stderr escape the control characters in whatever is written
    (a value in a message or a line is shown, never obeyed by the terminal); the line ends
    the commands print stay line ends. `shown` and `table` also escape line feeds in values."""
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _SafeStream(out), _SafeStream(err)  # type: ignore[assignment]
    try:
        yield
    finally:
        sys.stdout, sys.stderr = out, err


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def print_json(data: Any) -> None:
    """`data` as indented JSON; control characters inside strings (the JSON encoder leaves DEL,
    the C1 range and the bidirectional controls raw) are written as \\u escapes."""
    text = _CONTROL_BUT_NEWLINE.sub(_json_escape, indented_json(data)) + "\n"
    out = sys.stdout
    (out.write_checked if isinstance(out, _SafeStream) else out.write)(text)


# `json.dumps(..., indent=2)` runs the pure-Python encoder (the C one only writes compact JSON),
# which made `items --json` several times slower than the table. `indented_json` writes the same
# text, character for character, with the C string encoder for each value.
_encode_str: Callable[[str], str] = json.encoder.encode_basestring  # type: ignore[attr-defined]
_int_text = int.__repr__
_INDENT = "  "
_KEY_CACHE: dict[str, str] = {}  # '"on_hand": ' for each key seen (a command has a few dozen)


_SCALARS = {str, int, float, bool, type(None), date, Decimal}
_FLAT: dict[int, json.JSONEncoder] = {}


def _flat_encoder(level: int) -> json.JSONEncoder:
    """The C encoder writing a dict of plain values at `level` as `indent=2` would: its item
    separator carries the line end and indent (a JSON string never holds a raw line end)."""
    encoder = _FLAT.get(level)
    if encoder is None:
        separator = ",\n" + _INDENT * (level + 1)
        encoder = _FLAT[level] = json.JSONEncoder(
            ensure_ascii=False, separators=(separator, ": "), default=str
        )
    return encoder


def _float_text(value: float) -> str:
    if value != value:
        return "NaN"
    if value in (float("inf"), float("-inf")):
        return "Infinity" if value > 0 else "-Infinity"
    return float.__repr__(value)


def _key_text(key: object) -> str:
    if isinstance(key, str):
        return _encode_str(key)
    if key is True or key is False or key is None or isinstance(key, int | float):
        return '"' + _value_text(key, 0) + '"'
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")


def _value_text(value: object, level: int) -> str:
    kind = type(value)
    if kind is str:
        return _encode_str(value)  # type: ignore[arg-type]
    if kind is int:
        return _int_text(value)  # type: ignore[arg-type]
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, str):
        return _encode_str(value)
    if isinstance(value, int):
        return _int_text(value)
    if isinstance(value, float):
        return _float_text(value)
    if isinstance(value, list | tuple):
        if not value:
            return "[]"
        inner = "\n" + _INDENT * (level + 1)
        items = [_value_text(item, level + 1) for item in value]
        return "[" + inner + ("," + inner).join(items) + "\n" + _INDENT * level + "]"
    if isinstance(value, dict):
        if not value:
            return "{}"
        if set(map(type, value.values())) <= _SCALARS:  # a record (an item, a movement): in C
            inner = "\n" + _INDENT * (level + 1)
            return "{" + inner + _flat_encoder(level).encode(value)[1:-1] + "\n" + _INDENT * level + "}"
        inner = "\n" + _INDENT * (level + 1)
        pairs = []
        for key, item in value.items():
            name = _KEY_CACHE.get(key) if type(key) is str else None
            if name is None:
                name = _key_text(key) + ": "
                if type(key) is str and len(_KEY_CACHE) < 1000:
                    _KEY_CACHE[key] = name
            kind = type(item)  # the common values without a call
            if kind is str:
                pairs.append(name + _encode_str(item))
            elif kind is int:
                pairs.append(name + _int_text(item))
            elif item is None:
                pairs.append(name + "null")
            else:
                pairs.append(name + _value_text(item, level + 1))
        return "{" + inner + ("," + inner).join(pairs) + "\n" + _INDENT * level + "}"
    return _value_text(str(value), level)  # dates, Decimals: as text (json's default=str)


def indented_json(data: Any) -> str:
    """What `json.dumps(data, ensure_ascii=False, indent=2, default=str)` writes, faster."""
    return _value_text(data, 0)


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """Columns padded to their widest cell, a dashed line under the headers; every cell shown
    with `shown`, so a value cannot add a line or steer the terminal."""
    cells = [[shown(c) for c in headers]] + [["" if c is None else shown(c) for c in r] for r in rows]
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


# The days an option may name: a report from year 1 or up to 9999 would run past the calendar
# (a day is counted up to the next midnight, in local time), and no office keeps records there.
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2999, 12, 31)
MAX_ID = 2**63 - 1  # the largest number a database row id (or a LIMIT) can hold


def day(text: str | None, option: str) -> date | None:
    """The day given to `option` (None when the option was left out), between FIRST_DAY and
    LAST_DAY."""
    if text is None:
        return None
    try:
        value = date.fromisoformat(text.strip())
    except ValueError:
        raise UsageProblem(f"{option} must be a date like 2026-03-31, not “{text}”") from None
    if not FIRST_DAY <= value <= LAST_DAY:
        raise UsageProblem(f"{option} must be a date from {FIRST_DAY} to {LAST_DAY}, not {value}")
    return value


def whole(minimum: int = 0, maximum: int = MAX_ID) -> Callable[[str], int]:
    """An argparse `type` for a whole-number option or argument from `minimum` to `maximum`:
    anything else is wrong usage with a plain message (never a number too large for the
    database, or for a date, reaching it)."""

    def parse(text: str) -> int:
        raw = text.strip()
        if not re.fullmatch(r"[+-]?[0-9]+", raw):
            raise argparse.ArgumentTypeError(f"must be a whole number, not “{text}”")
        digits = raw.lstrip("+-").lstrip("0")
        number = None if len(digits) > len(str(maximum)) else int(raw)
        if (number is None and raw.startswith("-")) or (number is not None and number < minimum):
            if minimum == 0:
                raise argparse.ArgumentTypeError("cannot be negative")
            raise argparse.ArgumentTypeError(f"must be at least {minimum:,}")
        if number is None or number > maximum:
            raise argparse.ArgumentTypeError(f"must be at most {maximum:,}")
        return number

    return parse
