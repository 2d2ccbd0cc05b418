"""The four stock actions (their dialog is imported only when one is asked for)."""

from __future__ import annotations

from enum import StrEnum


class StockAction(StrEnum):
    RECEIVE = "receive"
    USE = "use"
    ADJUST = "adjust"
    DISPOSE = "dispose"
