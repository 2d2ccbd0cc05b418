"""Dates as people type them and as boxes print them.

"2027-06-30", "06/30/2027" (month first, as in the US), "30.06.2027" or "30/06/2027" (day
first, as in most of Europe), and a month alone as printed on boxes, "2027-06", "06/2027",
"06/27", "Jun 2027", meaning the last day of that month. Which of day and month comes first
in "01/06/2027" is the workstation's habit (`order`), unless a part above 12 settles it.
"""

from __future__ import annotations

import calendar
import re
from datetime import date
from typing import Literal

DateOrder = Literal["dmy", "mdy", "ymd"]

MONTHS = {
    name: number
    for number in range(1, 13)
    for name in (calendar.month_name[number].lower(), calendar.month_abbr[number].lower())
}
MONTHS["sept"] = 9

_PARTS = re.compile(r"[A-Za-z]+|\d+")


class DateNotRead(ValueError):
    """The text is not a date this reader understands; the message says what is expected."""


def last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _year(text: str) -> int:
    value = int(text)
    if len(text) <= 2:
        return 2000 + value  # "27" on a box is 2027; expiry dates are never last century
    if len(text) != 4:
        raise DateNotRead(f"“{text}” is not a year")
    return value


def _make(year: int, month: int, day: int | None) -> date:
    if not 1 <= month <= 12:
        raise DateNotRead(f"there is no month {month}")
    if not 1 <= year <= 9999:
        raise DateNotRead(f"the year {year} is out of range")
    if day is None:
        return last_day(year, month)
    try:
        return date(year, month, day)
    except ValueError:
        raise DateNotRead(f"{calendar.month_name[month]} {year} has no day {day}") from None


def read_typed_date(text: str, order: DateOrder = "ymd") -> date:
    """The date `text` means; raises DateNotRead with a plain reason when it means none."""
    cleaned = text.strip().lower()
    if cleaned.startswith("exp"):
        cleaned = cleaned.lstrip("expiry:. ")
    if not cleaned:
        raise DateNotRead("no date was entered")
    parts = _PARTS.findall(cleaned)
    words = [p for p in parts if not p.isdigit()]
    if words:
        return _with_month_name(parts, words)
    if len(parts) == 1:
        return _compact(parts[0], order)
    numbers = parts
    if len(numbers) == 2:  # a month and a year, as printed on boxes
        first, second = numbers
        if len(first) == 4:
            return _make(int(first), int(second), None)
        return _make(_year(second), int(first), None)
    if len(numbers) != 3:
        raise DateNotRead(f"“{text.strip()}” is not a date")
    a, b, c = numbers
    if len(a) == 4:  # 2027-06-30 whatever the habit
        return _make(int(a), int(b), int(c))
    first, second, year = int(a), int(b), _year(c)
    if "." in cleaned and order == "mdy" and first > 12:
        order = "dmy"
    if first > 12 and second <= 12:
        return _make(year, second, first)
    if second > 12 and first <= 12:
        return _make(year, first, second)
    if order == "mdy":
        return _make(year, first, second)
    return _make(year, second, first)


def _compact(digits: str, order: DateOrder) -> date:
    """20270630, or 202706 (a month)."""
    if len(digits) == 8:
        return _make(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    if len(digits) == 6 and digits[:2] in ("19", "20"):
        return _make(int(digits[:4]), int(digits[4:]), None)
    raise DateNotRead(f"“{digits}” is not a date")


def _with_month_name(parts: list[str], words: list[str]) -> date:
    """'30 Jun 2027', 'June 30, 2027', 'Jun 2027', '2027 Jun'."""
    if len(words) != 1 or words[0] not in MONTHS:
        raise DateNotRead(f"“{' '.join(words)}” is not a month")
    month = MONTHS[words[0]]
    numbers = [p for p in parts if p.isdigit()]
    if len(numbers) == 1:
        return _make(_year(numbers[0]), month, None)
    if len(numbers) == 2:
        year_index = 0 if len(numbers[0]) == 4 else 1
        day = int(numbers[1 - year_index])
        return _make(_year(numbers[year_index]), month, day)
    raise DateNotRead("a date with a month name needs a day and a year, or a year")


def order_of_format(short_format: str) -> DateOrder:
    """The day/month order of a locale's short date format ('M/d/yy' → mdy, 'dd.MM.yy' → dmy)."""
    lower = short_format.lower()
    positions = {part: lower.find(part) for part in "dmy"}
    if min(positions.values()) < 0:
        return "ymd"
    ranked = sorted(positions, key=positions.__getitem__)
    return "".join(ranked) if "".join(ranked) in ("dmy", "mdy", "ymd") else "ymd"  # type: ignore[return-value]


def example_for(order: DateOrder) -> str:
    """What to show as an example of a typed date for this habit."""
    return {"dmy": "30/06/2027", "mdy": "06/30/2027", "ymd": "2027-06-30"}[order]
