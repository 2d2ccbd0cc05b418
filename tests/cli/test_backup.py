"""`inventory-app backup [FILE] | backups | restore FILE`: output, exit codes (0 done,
1 refused with the reason on stderr, 2 wrong usage), PostgreSQL's pg_dump advice."""

from __future__ import annotations

import io
import json
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from inventory_app.core.accounts import users as accounts
from inventory_app.core.accounts.context import Role, set_current_actor, set_current_user
from inventory_app.db.connection import describe_target
from inventory_app.db.session import close_database, open_database
from tests.cli.test_commands import Cli, _no_default_database, _one_line, cli  # noqa: F401 - fixtures
from tests.conftest import reset_postgres


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _on_hand(path: Path, sku: str) -> int:
    with closing(sqlite3.connect(path)) as conn:
        return int(conn.execute("SELECT on_hand FROM item WHERE sku = ?", (sku,)).fetchone()[0])


def _backed_up(cli: Cli, path: Path) -> Path:  # noqa: F811
    """`path`, written by `inventory-app backup PATH`."""
    code, _out, err = cli("backup", str(path))
    assert (code, err) == (0, "")
    return path


def test_backup_file_writes_a_checked_owner_only_copy(cli: Cli, tmp_path: Path) -> None:  # noqa: F811
    target = tmp_path / "friday.db"
    code, out, err = cli("backup", str(target))
    assert (code, err) == (0, "")
    assert out.strip() == f"Backed up to {target}"
    assert target.stat().st_mode & 0o777 == 0o600
    with closing(sqlite3.connect(target)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("SELECT COUNT(*) FROM item").fetchone() == (3,)

    data = cli.json("backup", str(tmp_path / "saturday.db"))
    assert data["path"] == str(tmp_path / "saturday.db")
    assert (data["items"], data["problem"]) == (3, "")


def test_backup_without_file_goes_to_the_backups_folder(cli: Cli) -> None:  # noqa: F811
    code, out, err = cli("backup")
    assert (code, err) == (0, "")
    path = Path(out.strip().removeprefix("Backed up to "))
    assert path.parent == cli.db.parent / "backups"
    assert path.exists() and path.name.startswith("inventory-") and path.name.endswith("-manual.db")

    code, out, err = cli("backups")
    assert code == 0, err
    assert path.name in out and "1 backup in" in out
    listed = cli.json("backups")
    assert [(row["path"], row["items"], row["problem"]) for row in listed] == [(str(path), 3, "")]


def test_backup_into_a_missing_folder_is_refused(cli: Cli, tmp_path: Path) -> None:  # noqa: F811
    code, out, err = cli("backup", str(tmp_path / "no-such-folder" / "x.db"))
    assert code == 1 and out == ""
    assert "does not exist" in _one_line(err)


def test_restore_yes_brings_the_backup_back(cli: Cli, tmp_path: Path) -> None:  # noqa: F811
    backup = _backed_up(cli, tmp_path / "before-delivery.db")
    assert cli("stock", "receive", "GLV-M", "12")[0] == 0
    assert _on_hand(cli.db, "GLV-M") == 12

    code, out, err = cli("restore", str(backup), "--yes")
    assert (code, err) == (0, "")
    assert f"from {backup}" in out
    saved = Path(out.strip().splitlines()[-1].removeprefix("The database as it was before is saved as "))
    assert saved.exists() and saved.name.endswith("-before-restore.db")
    assert _on_hand(cli.db, "GLV-M") == 0
    assert _on_hand(saved, "GLV-M") == 12
    code, out, err = cli("check")
    assert code == 0, out + err
    history = cli.json("audit", "--limit", "1")
    assert history[0]["action"] == "restore"


def test_restore_asks_on_a_terminal(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    backup = _backed_up(cli, tmp_path / "monday.db")
    assert cli("stock", "receive", "GLV-M", "5")[0] == 0
    questions: list[str] = []
    answers = iter(["n", "yes"])

    def answer(question: str) -> str:
        questions.append(question)
        return next(answers)

    monkeypatch.setattr("sys.stdin", _Terminal())
    monkeypatch.setattr("builtins.input", answer)

    code, out, _err = cli("restore", str(backup))
    assert (code, out.strip()) == (0, "Nothing was restored.")
    assert _on_hand(cli.db, "GLV-M") == 5
    assert "3 items" in questions[0] and "[y/N]" in questions[0]

    code, out, err = cli("restore", str(backup))
    assert (code, err) == (0, "")
    assert _on_hand(cli.db, "GLV-M") == 0
    assert len(questions) == 2


def test_restore_without_a_terminal_needs_yes(
    cli: Cli,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    backup = _backed_up(cli, tmp_path / "monday.db")
    assert cli("stock", "receive", "GLV-M", "5")[0] == 0
    monkeypatch.setattr("sys.stdin", io.StringIO("yes\n"))
    code, out, err = cli("restore", str(backup))
    assert code == 2 and out == ""
    assert "add --yes" in err and "Traceback" not in err
    assert _on_hand(cli.db, "GLV-M") == 5


def test_restore_refuses_a_damaged_file(cli: Cli, tmp_path: Path) -> None:  # noqa: F811
    backup = _backed_up(cli, tmp_path / "cut.db")
    data = backup.read_bytes()
    backup.write_bytes(data[: len(data) // 3])
    assert cli("stock", "receive", "GLV-M", "5")[0] == 0
    code, out, err = cli("restore", str(backup), "--yes")
    assert code == 1 and out == ""
    assert "cut.db cannot be restored: it is incomplete" in _one_line(err)
    assert _on_hand(cli.db, "GLV-M") == 5
    assert not (cli.db.parent / "backups").exists()  # not even a safety copy was needed


def test_restoring_a_backup_without_accounts_needs_no_accounts_ok(
    cli: Cli,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    backup = _backed_up(cli, tmp_path / "before-accounts.db")
    set_current_user("tester")
    db = open_database(cli.db)
    try:
        set_current_actor(accounts.create_first_admin("dana", "correct horse"))
    finally:
        set_current_actor(None)
        close_database(db)
        set_current_user(None)
    monkeypatch.setenv("INVENTORY_APP_PASSWORD", "correct horse")
    code, out, err = cli("--user", "dana", "restore", str(backup), "--yes")
    assert (code, out) == (1, "")
    assert "has no user accounts" in _one_line(err)
    assert "Add --no-accounts-ok to restore it anyway with sign-in off" in _one_line(err)
    assert "Traceback" not in err
    code, out, err = cli("--user", "dana", "restore", str(backup), "--yes", "--no-accounts-ok")
    assert (code, err) == (0, ""), err
    code, out, err = cli("users", "list")
    assert code == 0 and "dana" not in out


def test_staff_may_not_restore_from_the_command_line(
    cli: Cli,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    backup = _backed_up(cli, tmp_path / "monday.db")
    set_current_user("tester")
    db = open_database(cli.db)
    try:
        set_current_actor(accounts.create_first_admin("dana", "correct horse"))
        accounts.add_user("sam", "staple battery", Role.STAFF)
    finally:
        set_current_actor(None)
        close_database(db)
        set_current_user(None)
    monkeypatch.setenv("INVENTORY_APP_PASSWORD", "staple battery")
    code, _out, err = cli("--user", "sam", "restore", str(backup), "--yes")
    assert code == 1
    assert "Only an administrator can restore a backup" in _one_line(err)
    code, out, err = cli("--user", "sam", "backup", str(tmp_path / "by-staff.db"))
    assert code == 1 and out == ""  # a copy with every password hash, wherever staff chose
    assert "Only an administrator can back up to a file" in _one_line(err) and "Traceback" not in err
    assert not (tmp_path / "by-staff.db").exists()
    code, out, err = cli("--user", "sam", "backup")
    assert (code, err) == (0, "")  # into the office's backups folder: anyone
    assert Path(out.strip().removeprefix("Backed up to ")).parent == cli.db.parent / "backups"
    monkeypatch.setenv("INVENTORY_APP_PASSWORD", "correct horse")
    assert cli("--user", "dana", "backup", str(tmp_path / "by-admin.db"))[0] == 0


def test_backups_lists_a_future_dated_file_with_a_note_and_keeps_it(cli: Cli) -> None:  # noqa: F811
    folder = cli.db.parent / "backups"
    folder.mkdir(mode=0o700)
    planted = _backed_up(cli, folder / "inventory-20991231-235959-daily.db")
    for _ in range(3):
        assert cli("backup")[0] == 0
    listed = {Path(row["path"]).name: row for row in cli.json("backups")}
    assert len(listed) == 4 and planted.exists()  # manual copies stay 90 days; the planted file stays
    assert "time after now" in listed[planted.name]["note"] and listed[planted.name]["problem"] == ""
    code, out, _err = cli("backups")
    line = next(text for text in out.splitlines() if planted.name in text)
    assert "never counts or deletes it" in line


def test_postgres_explains_pg_dump_and_pg_restore(
    pg_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    reset_postgres(pg_url)
    pg = Cli(capsys, Path("unused"))
    shown = describe_target(pg_url)

    code, out, err = pg("--db", pg_url, "backup", str(tmp_path / "x.db"), db=False)
    assert code == 1 and out == ""
    assert "server's own tools (pg_dump)" in err
    assert "pg_dump --format=custom --file=inventory-" in err and f'"{shown}"' in err
    assert "Traceback" not in err

    code, out, err = pg("--db", pg_url, "restore", str(tmp_path / "x.dump"), "--yes", db=False)
    assert code == 1 and out == ""
    assert f'pg_restore --clean --if-exists --dbname="{shown}" {tmp_path / "x.dump"}' in err
    assert list(tmp_path.iterdir()) == []


def test_backup_usage_errors(cli: Cli) -> None:  # noqa: F811
    code, _out, err = cli("restore")
    assert code == 2 and "FILE" in err
    code, _out, err = cli("backup", "a.db", "b.db")
    assert code == 2 and "unrecognized arguments" in err
    assert json.loads(json.dumps(cli.json("backups"))) == []
