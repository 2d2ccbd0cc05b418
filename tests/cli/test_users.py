"""The command line as a named user (issue 8; RELIABILITY F1, F2, F4, F5).

Before the first account, commands run as the computer's login name and
`users add NAME` creates the administrator. From then on every command needs
`--user NAME`; the password comes from $INVENTORY_APP_PASSWORD or is asked on
the terminal (getpass, patched here), never from an option. Staff are refused
administrators' commands by the core: exit 1, the core's message, nothing
changed. Most runs call `cli.main` in-process; the last tests run
`python -m inventory_app` for real.
"""

from __future__ import annotations

import getpass
import json
import os
import re
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from inventory_app.cli import main
from inventory_app.core.accounts.context import current_actor, set_current_actor, set_current_user
from inventory_app.core.catalog import items as catalog
from inventory_app.core.shelf import counts
from inventory_app.core.stock import movements as stock
from inventory_app.core.types import ItemInput
from inventory_app.db.connection import ENV_VAR
from inventory_app.db.models import AuditEvent, Movement, StockCount, UserAccount
from inventory_app.db.session import close_database, open_database

ROOT = Path(__file__).resolve().parents[2]
PASSWORD_VAR = "INVENTORY_APP_PASSWORD"
NEW_PASSWORD_VAR = "INVENTORY_APP_NEW_PASSWORD"
ADMIN_PW = "Admin-Pa55word"
STAFF_PW = "Staff-Pa55word"
WRONG_PW = "Not-the-Pa55word"
NEEDS_SIGN_IN = "This inventory needs sign-in: add --user NAME"


@pytest.fixture(autouse=True)
def _clean_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No default database, no password in the environment, nobody signed in."""
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "from-env.db"))
    monkeypatch.delenv(PASSWORD_VAR, raising=False)
    monkeypatch.delenv(NEW_PASSWORD_VAR, raising=False)
    set_current_actor(None)
    set_current_user(None)


class Cli:
    def __init__(self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, db: Path) -> None:
        self.capsys = capsys
        self.monkeypatch = monkeypatch
        self.db = db

    def __call__(
        self, *args: str, password: str | None = None, new_password: str | None = None
    ) -> tuple[int, str, str]:
        for var, value in ((PASSWORD_VAR, password), (NEW_PASSWORD_VAR, new_password)):
            if value is None:
                self.monkeypatch.delenv(var, raising=False)
            else:
                self.monkeypatch.setenv(var, value)
        self.capsys.readouterr()
        try:
            code = main(["--db", str(self.db), *args])
        except SystemExit as exc:  # argparse: wrong usage
            code = int(exc.code or 0)
        out, err = self.capsys.readouterr()
        assert "Traceback" not in err
        assert current_actor() is None, "the command left someone signed in"
        return code, out, err

    def as_admin(self, *args: str, **env: str) -> tuple[int, str, str]:
        return self("--user", "ana", *args, password=ADMIN_PW, **env)

    def as_staff(self, *args: str, **env: str) -> tuple[int, str, str]:
        return self("--user", "bob", *args, password=STAFF_PW, **env)

    def json(self, *args: str, password: str = ADMIN_PW, user: str = "ana") -> Any:
        code, out, err = self("--user", user, *args, "--json", password=password)
        assert code == 0, err
        return json.loads(out)


def _read(path: Path, query: Any) -> Any:
    """Run `query()` against the database file, outside the command line."""
    db = open_database(path)
    try:
        return query()
    finally:
        close_database(db)


def _make_database(path: Path) -> None:
    set_current_user("tester")
    db = open_database(path)
    try:
        item = catalog.create_item(ItemInput(sku="GLV-M", name="Nitrile gloves, medium", unit="box"))
        stock.receive(item.id, 10)
    finally:
        close_database(db)
        set_current_user(None)


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Cli:
    path = tmp_path / "inventory.db"
    _make_database(path)
    return Cli(capsys, monkeypatch, path)


@pytest.fixture
def office(cli: Cli) -> Cli:
    """Ana the administrator (created as the first user) and Bob, staff."""
    code, out, err = cli("users", "add", "Ana", new_password=ADMIN_PW)
    assert code == 0, err
    code, out, err = cli.as_admin("users", "add", "Bob", "--role", "staff", new_password=STAFF_PW)
    assert code == 0, err
    return cli


def _one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


def _audit(path: Path) -> list[tuple[str, str, str, str]]:
    """(user, action, object, detail) of every event, oldest first."""
    return _read(
        path,
        lambda: [(e.user, e.action, e.object, e.detail) for e in AuditEvent.select().order_by(AuditEvent.id)],
    )


# ---------------------------------------------------------------- before the first account


def test_without_accounts_commands_run_as_the_login_name(cli: Cli) -> None:
    code, out, err = cli("stock", "use", "GLV-M", "2", "--json")
    assert code == 0, err
    assert json.loads(out)["movements"][0]["user"] == getpass.getuser()
    code, out, err = cli("items")
    assert code == 0 and "GLV-M" in out


def test_the_first_user_is_the_administrator(cli: Cli) -> None:
    code, out, err = cli("users", "add", "Ana", "--role", "staff", new_password=ADMIN_PW)
    assert code == 1
    assert "first user must be an administrator" in _one_line(err)
    code, out, err = cli("users", "add", "Ana", new_password="short")
    assert code == 1 and "at least 8 characters" in _one_line(err)
    assert _read(cli.db, UserAccount.select().count) == 0

    code, out, err = cli("users", "add", "Ana", new_password=ADMIN_PW)
    assert code == 0, err
    assert "Ana, the administrator" in out
    assert ADMIN_PW not in out + err
    account = _read(cli.db, lambda: UserAccount.get())
    assert (account.name, account.role) == ("Ana", "admin")
    assert ("Ana", "user", "Ana", "first administrator created") in _audit(cli.db)

    # Now the inventory needs sign-in, for every command.
    for command in (["items"], ["users", "add", "Mallory"], ["stock", "use", "GLV-M", "1"]):
        code, out, err = cli(*command, new_password=STAFF_PW)
        assert code == 2, command
        assert NEEDS_SIGN_IN in err and "INVENTORY_APP_PASSWORD" in err
    assert _read(cli.db, UserAccount.select().count) == 1
    assert _read(cli.db, Movement.select().count) == 1


# ---------------------------------------------------------------- signing in


def test_a_wrong_password_exits_1_and_is_audited(office: Cli) -> None:
    before = _read(office.db, Movement.select().count)
    for name in ("ana", "nobody"):
        code, out, err = office("--user", name, "stock", "use", "GLV-M", "1", password=WRONG_PW)
        assert code == 1
        assert _one_line(err) == "inventory-app: Wrong name or password."
        assert out == ""
    assert _read(office.db, Movement.select().count) == before
    failures = [e for e in _audit(office.db) if e[1] == "sign-in failed"]
    assert [(user, detail) for user, _, _, detail in failures] == [
        ("Ana", "wrong password (1 in a row)"),
        ("(unknown name)", "unknown name (6 characters)"),
    ]
    assert not any(WRONG_PW in " ".join(event) for event in _audit(office.db))


def test_five_wrong_passwords_lock_the_account_on_the_command_line(office: Cli) -> None:
    for _ in range(5):
        code, out, err = office("--user", "bob", "items", password=WRONG_PW)
        assert code == 1
    assert "locked" in err
    code, out, err = office.as_staff("items")
    assert code == 1 and "locked" in _one_line(err)
    code, out, err = office.as_admin("users", "reset-password", "Bob", new_password="Bobs-new-Pa55")
    assert code == 0, err
    code, out, err = office("--user", "bob", "items", password="Bobs-new-Pa55")
    assert code == 0, err


def test_the_right_password_acts_as_that_account(office: Cli) -> None:
    # --user after the command works like --db; the name is found whatever its case.
    code, out, err = office("stock", "use", "GLV-M", "3", "--json", "--user", "ANA", password=ADMIN_PW)
    assert code == 0, err
    movement = json.loads(out)["movements"][0]
    assert movement["user"] == "Ana"
    code, out, err = office.as_staff("stock", "receive", "GLV-M", "4", "--json")
    assert code == 0, err
    assert json.loads(out)["movements"][0]["user"] == "Bob"
    history = office.json("history", "GLV-M")
    assert [m["user"] for m in history][-2:] == ["Ana", "Bob"]
    events = _audit(office.db)
    assert ("Ana", "sign-in") in [(u, a) for u, a, _, _ in events]
    assert ("Bob", "stock receive") in [(u, a) for u, a, _, _ in events]


class FakeTerminal:
    def isatty(self) -> bool:
        return True


def test_the_password_is_asked_on_a_terminal(office: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    prompts: list[str] = []
    answers = iter([ADMIN_PW])

    def fake_getpass(prompt: str = "Password: ", stream: object = None) -> str:
        prompts.append(prompt)
        return next(answers)

    monkeypatch.setattr(getpass, "getpass", fake_getpass)
    monkeypatch.setattr(sys, "stdin", FakeTerminal())
    code, out, err = office("--user", "Ana", "stock", "use", "GLV-M", "1", "--json")
    assert code == 0, err
    assert prompts == ["Password for Ana: "]
    assert json.loads(out)["movements"][0]["user"] == "Ana"
    assert ADMIN_PW not in out + err


def test_no_terminal_and_no_variable_is_wrong_usage(office: Cli) -> None:
    assert not sys.stdin.isatty()
    code, out, err = office("--user", "ana", "items")
    assert code == 2
    assert "No password for ana: set INVENTORY_APP_PASSWORD" in err
    assert [e for e in _audit(office.db) if e[0] == "Ana" and e[1] == "sign-in failed"] == []


def test_there_is_no_password_option(office: Cli) -> None:
    code, out, err = office("--user", "ana", "items", "--password", "typed-here", password=ADMIN_PW)
    assert code == 2
    assert "unrecognized arguments" in err


def test_a_new_password_is_asked_twice_on_a_terminal(office: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    answers = iter(["Bobs-new-Pa55", "Bobs-new-Pa56", "Bobs-new-Pa55", "Bobs-new-Pa55"])
    prompts: list[str] = []

    def fake_getpass(prompt: str = "Password: ", stream: object = None) -> str:
        prompts.append(prompt)
        return next(answers)

    monkeypatch.setattr(getpass, "getpass", fake_getpass)
    monkeypatch.setattr(sys, "stdin", FakeTerminal())
    hash_before = _read(office.db, lambda: UserAccount.get(UserAccount.name == "Bob").password_hash)
    code, out, err = office.as_admin("users", "reset-password", "bob")
    assert code == 1 and "not the same" in _one_line(err)
    assert _read(office.db, lambda: UserAccount.get(UserAccount.name == "Bob").password_hash) == hash_before
    code, out, err = office.as_admin("users", "reset-password", "bob")
    assert code == 0, err
    assert prompts == ["New password for bob: ", "Type it again: "] * 2
    code, out, err = office("--user", "bob", "items", password="Bobs-new-Pa55")
    assert code == 0, err


# ---------------------------------------------------------------- staff and administrators


def _state(path: Path) -> Any:
    """Everything the refused commands could have changed (Bob's last sign-in aside)."""

    def read() -> Any:
        return (
            [
                tuple(r)
                for r in UserAccount.select(
                    UserAccount.name, UserAccount.role, UserAccount.password_hash, UserAccount.active
                )
                .order_by(UserAccount.id)
                .tuples()
            ],
            [tuple(r) for r in Movement.select().order_by(Movement.id).tuples()],
            [tuple(r) for r in StockCount.select().order_by(StockCount.id).tuples()],
            catalog.item_detail(catalog.item_id_for("GLV-M")),
        )

    return _read(path, read)


def test_staff_are_refused_every_administrators_command(office: Cli, tmp_path: Path) -> None:
    code, out, err = office.as_admin("backup", str(tmp_path / "saved.db"))
    assert code == 0, err

    def start_count() -> int:
        set_current_actor(None)
        set_current_user("Ana")
        return counts.start_count(note="monthly").summary.id

    # The count is started by Ana through the core: counts may be started by anyone.
    count_id = _read(office.db, start_count)
    set_current_user(None)
    movement_id = office.json("history", "GLV-M")[-1]["id"]
    sheet = tmp_path / "update.csv"
    sheet.write_text("SKU,Name,Unit\nGLV-M,Gloves renamed,box\n", encoding="utf-8")
    before = _state(office.db)

    refused = [
        ["users", "add", "Eve", "--role", "admin"],
        ["users", "list"],
        ["users", "disable", "Ana"],
        ["users", "enable", "Bob"],
        ["users", "reset-password", "Ana"],
        ["users", "role", "Bob", "admin"],
        ["stock", "reverse", str(movement_id)],
        ["counts", "post", str(count_id)],
        ["restore", str(tmp_path / "saved.db"), "--yes"],
        ["import", str(sheet)],
        ["audit"],
    ]
    for command in refused:
        code, out, err = office.as_staff(*command, new_password="Taken-over-1")
        assert code == 1, (command, out, err)
        assert "Only an administrator can" in _one_line(err), command
        assert "You are signed in as Bob (staff)" in err
    assert _state(office.db) == before

    # The same commands are open to Ana (a few of them, to show the refusals are about Bob).
    code, out, err = office.as_admin("stock", "reverse", str(movement_id))
    assert code == 0, err
    code, out, err = office.as_admin("counts", "post", str(count_id))
    assert code == 0, err


def test_administrators_manage_the_users(office: Cli) -> None:
    rows = office.json("users", "list")
    assert [(r["name"], r["role"], r["active"]) for r in rows] == [
        ("Ana", "admin", True),
        ("Bob", "staff", True),
    ]
    assert rows[0]["last_sign_in"] is not None and rows[1]["last_sign_in"] is None
    code, out, err = office.as_admin("users", "list")
    assert code == 0 and "Administrator" in out and "never" in out

    code, out, err = office.as_admin("users", "disable", "bob")
    assert code == 0 and "Bob is disabled" in out
    code, out, err = office.as_staff("items")
    assert code == 1 and "disabled" in _one_line(err)
    code, out, err = office.as_admin("users", "enable", "Bob")
    assert code == 0, err
    code, out, err = office.as_admin("users", "role", "Bob", "admin")
    assert code == 0 and "administrator" in out
    code, out, err = office.as_staff("users", "list")
    assert code == 0, err  # Bob is an administrator now

    code, out, err = office.as_admin("users", "role", "Ana", "staff")
    assert code == 0, err
    code, out, err = office.as_staff("users", "role", "Bob", "staff")
    assert code == 1 and "only administrator" in _one_line(err)
    code, out, err = office.as_staff("users", "disable", "Bob")
    assert code == 1 and "your own account" in _one_line(err)
    code, out, err = office.as_staff("users", "add", "ana", new_password=STAFF_PW)
    assert code == 1 and "already a user called ana" in _one_line(err)
    code, out, err = office.as_staff("users", "disable", "Zed")
    assert code == 1 and "no user called Zed" in _one_line(err)
    roles = [(r["name"], r["role"]) for r in office.json("users", "list", user="bob", password=STAFF_PW)]
    assert roles == [("Ana", "staff"), ("Bob", "admin")]


# ---------------------------------------------------------------- the audit log


def test_audit_lists_and_filters_the_log(office: Cli) -> None:
    office.as_staff("stock", "use", "GLV-M", "1")
    office("--user", "bob", "items", password=WRONG_PW)
    everything = office.json("audit", "--limit", "0")
    assert len(everything) == len(_audit(office.db))  # this listing's own sign-in is the newest
    assert everything[0]["action"] == "sign-in" and everything[0]["user"] == "Ana"
    assert [e["id"] for e in everything] == sorted((e["id"] for e in everything), reverse=True)
    assert {"at", "local_time", "user", "action", "action_label", "object", "detail"} <= set(everything[0])

    bobs = office.json("audit", "--user", "BOB", "--limit", "0")
    assert bobs and {e["user"] for e in bobs} == {"Bob"}
    assert {e["action"] for e in bobs} >= {"sign-in", "stock use", "sign-in failed"}

    failed = office.json("audit", "--action", "Sign-in failed")
    assert [(e["user"], e["detail"]) for e in failed] == [("Bob", "wrong password (1 in a row)")]
    assert office.json("audit", "--action", "sign-in failed", "--user", "Ana") == []

    today = date.today().isoformat()
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    assert len(office.json("audit", "--since", today, "--until", today, "--limit", "0")) >= len(everything)
    assert office.json("audit", "--since", tomorrow) == []
    assert office.json("audit", "--until", yesterday) == []
    newest_two = office.json("audit", "--limit", "2")
    all_now = office.json("audit", "--limit", "0")
    assert [e["id"] for e in newest_two] == [e["id"] for e in all_now[1:3]]  # [0]: the last listing's sign-in

    code, out, err = office.as_admin("audit", "--user", "bob", "--limit", "2")
    assert code == 0, err
    lines = [line for line in out.splitlines() if re.match(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d  Bob ", line)]
    assert len(lines) == 2, out
    assert f"the newest 2 of {len(bobs)};" in out and "--limit 0 shows all" in out

    for wrong in (
        ["--since", "02/03/2026"],
        ["--action", "teleport"],
        ["--since", tomorrow, "--until", today],
    ):
        code, out, err = office.as_admin("audit", *wrong)
        assert code == 2, wrong
    # After `audit`, --user filters the log: signing in goes before it.
    code, out, err = office("audit", "--user", "ana", password=ADMIN_PW)
    assert code == 2 and "add --user NAME before audit" in err


# ---------------------------------------------------------------- a real process


def _run(db: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in (PASSWORD_VAR, NEW_PASSWORD_VAR)}
    return subprocess.run(
        [sys.executable, "-m", "inventory_app", "--db", str(db), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**clean, **env},
        stdin=subprocess.DEVNULL,
        timeout=120,
    )


def test_the_password_variable_works_in_a_real_process(tmp_path: Path) -> None:
    path = tmp_path / "inventory.db"
    _make_database(path)
    made = _run(path, "users", "add", "Ana", env={NEW_PASSWORD_VAR: ADMIN_PW})
    assert made.returncode == 0, made.stderr

    used = _run(path, "--user", "ana", "stock", "use", "GLV-M", "2", "--json", env={PASSWORD_VAR: ADMIN_PW})
    assert used.returncode == 0, used.stderr
    assert json.loads(used.stdout)["movements"][0]["user"] == "Ana"

    wrong = _run(path, "--user", "ana", "items", env={PASSWORD_VAR: WRONG_PW})
    assert (wrong.returncode, wrong.stdout, wrong.stderr) == (
        1,
        "",
        "inventory-app: Wrong name or password.\n",
    )

    missing = _run(path, "--user", "ana", "items", env={})
    assert missing.returncode == 2 and "No password for ana" in missing.stderr
    nobody = _run(path, "items", env={PASSWORD_VAR: ADMIN_PW})
    assert nobody.returncode == 2 and NEEDS_SIGN_IN in nobody.stderr

    for run in (made, used, wrong, missing, nobody):
        assert "Traceback" not in run.stderr
        for secret in (ADMIN_PW, WRONG_PW):
            assert secret not in run.stdout + run.stderr
    events = _audit(path)
    assert ("Ana", "stock use") in [(u, a) for u, a, _, _ in events]
    assert [(u, d) for u, a, _, d in events if a == "sign-in failed"] == [
        ("Ana", "wrong password (1 in a row)")
    ]
