"""An in-memory stand-in for the system's password store (never the real one in tests)."""

from __future__ import annotations

import pytest

from inventory_app.core import password_store


class MemoryKeyring:
    def __init__(self) -> None:
        self.passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.passwords.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.passwords[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        del self.passwords[(service, username)]


def use_memory_keyring(monkeypatch: pytest.MonkeyPatch) -> MemoryKeyring:
    """Put a fresh in-memory store in place of the system's; returned to look into."""
    store = MemoryKeyring()
    monkeypatch.setattr(password_store, "backend", lambda: store)
    return store


def use_no_keyring(monkeypatch: pytest.MonkeyPatch) -> None:
    """As on a computer without a usable password store."""
    monkeypatch.setattr(password_store, "backend", lambda: None)
