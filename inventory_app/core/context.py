"""Who is acting: recorded on every movement and change."""

from __future__ import annotations

import getpass

_current_user: str | None = None


def current_user() -> str:
    if _current_user:
        return _current_user
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name on this system
        return "unknown"


def set_current_user(name: str | None) -> None:
    global _current_user
    _current_user = name.strip() if name else None
