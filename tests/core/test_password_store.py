"""The office server's password in the system's password store, and none where there is none."""

from __future__ import annotations

import keyring
import pytest
from keyring.backends import fail, null

from inventory_app.core import password_store
from tests.memory_keyring import use_memory_keyring

ACCOUNT = "postgresql://clinic@office-server:5432/inventory"


@pytest.fixture
def system_keyring():
    """Restore the system's keyring after a test sets one."""
    before = keyring.get_keyring()
    yield
    keyring.set_keyring(before)


@pytest.mark.parametrize("stand_in", [fail.Keyring, null.Keyring])
def test_a_fail_or_null_keyring_is_no_password_store(system_keyring, stand_in) -> None:
    keyring.set_keyring(stand_in())
    assert not password_store.usable()
    assert password_store.put(ACCOUNT, "secret") is False
    assert password_store.get(ACCOUNT) is None
    password_store.forget(ACCOUNT)  # nothing to forget: no error


def test_the_password_is_kept_and_forgotten_per_server(monkeypatch) -> None:
    store = use_memory_keyring(monkeypatch)
    assert password_store.usable()
    assert password_store.put(ACCOUNT, "secret")
    assert store.passwords == {(password_store.SERVICE, ACCOUNT): "secret"}
    assert password_store.get(ACCOUNT) == "secret"
    assert password_store.get(ACCOUNT.replace("clinic", "other")) is None
    password_store.forget(ACCOUNT)
    password_store.forget(ACCOUNT)  # twice: still no error
    assert password_store.get(ACCOUNT) is None


def test_a_refusing_store_means_the_password_is_asked_for(monkeypatch) -> None:
    class Locked:
        def get_password(self, service: str, username: str) -> str | None:
            raise keyring.errors.KeyringLocked("locked")

        def set_password(self, service: str, username: str, password: str) -> None:
            raise keyring.errors.PasswordSetError("refused")

        def delete_password(self, service: str, username: str) -> None:
            raise keyring.errors.PasswordDeleteError("refused")

    monkeypatch.setattr(password_store, "backend", lambda: Locked())
    assert password_store.put(ACCOUNT, "secret") is False
    assert password_store.get(ACCOUNT) is None
    password_store.forget(ACCOUNT)
