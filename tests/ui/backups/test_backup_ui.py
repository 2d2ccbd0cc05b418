"""Backup and restore in the desktop app: Back up now, the restore dialog, automatic backups,
staff refused, and PostgreSQL explained."""

from __future__ import annotations

import logging
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from inventory_app.core.accounts.context import Actor, Role, set_current_actor, set_current_user
from inventory_app.core.backups import backup as backups
from inventory_app.core.catalog import items as catalog
from inventory_app.core.stock import queries as stock_queries
from inventory_app.core.types import ItemInput
from inventory_app.db.session import close_database, open_database
from inventory_app.errors import NotFound
from inventory_app.ui.backups.backup_table import BackupTableModel
from inventory_app.ui.backups.restore_dialog import RestoreDialog
from inventory_app.ui.common import prompts
from inventory_app.ui.shell.main_window import MainWindow
from tests.conftest import reset_postgres
from tests.ui.conftest import choose_menu, click_row, drive

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def actor() -> Iterator[None]:
    yield
    set_current_actor(None)


def backup_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("inventory-*.db")) if folder.is_dir() else []


def back_up(window: MainWindow, qtbot) -> Path:
    with qtbot.waitSignal(window.backup_actions.backed_up, timeout=10000) as blocker:
        window.backup_actions.backup_action.trigger()
    return Path(blocker.args[0])


def column(dialog: RestoreDialog, col: int) -> list[str]:
    model = dialog.model
    return [model.index(row, col).data() for row in range(model.rowCount())]


def test_back_up_now_makes_a_file_and_says_where(demo_window, qtbot, tmp_path) -> None:
    path = back_up(demo_window, qtbot)

    assert path.parent == tmp_path / "backups" and path.is_file()
    assert backup_files(tmp_path / "backups") == [path]
    assert backups.inspect_backup(path).item_count == len(stock_queries.list_items()) > 0
    assert demo_window.statusBar().currentMessage() == f"Backup saved: {path}"


def test_restore_dialog_lists_backups_newest_first_with_item_counts(
    demo_window,
    qtbot,
    monkeypatch,
) -> None:
    first = back_up(demo_window, qtbot)
    items = len(stock_queries.list_items())
    catalog.create_item(ItemInput(sku="NEW-1", name="New gauze"))
    second = back_up(demo_window, qtbot)

    def look(dialog: RestoreDialog) -> None:
        assert [r.path for r in dialog.model.rows()] == [second, first]
        assert column(dialog, BackupTableModel.ITEMS) == [f"{items + 1:,}", f"{items:,}"]
        assert column(dialog, BackupTableModel.KIND) == ["Backed up by hand", "Backed up by hand"]
        assert all(column(dialog, BackupTableModel.LAST))  # the demo has movements
        assert column(dialog, BackupTableModel.PROBLEM) == ["", ""]
        assert dialog.restore_button.isEnabled() and dialog.selected().path == second

    seen = drive(monkeypatch, qtbot, RestoreDialog, look)
    choose_menu(qtbot, demo_window, "File", "Restore from backup…")
    assert len(seen) == 1


def test_restore_after_confirmation_brings_back_old_data(demo_window, qtbot, monkeypatch, tmp_path) -> None:
    old = back_up(demo_window, qtbot)
    catalog.create_item(ItemInput(sku="NEW-1", name="New gauze"))
    demo_window.refresh()
    assert any(r.sku == "NEW-1" for r in demo_window.inventory_page.model.rows())
    asked: list[str] = []
    monkeypatch.setattr(prompts, "confirm", lambda _p, _t, text, yes="OK": asked.append(text) or True)

    def restore_old(dialog: RestoreDialog) -> None:
        click_row(qtbot, dialog.table, dialog.model.position_of(str(old)))
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)

    drive(monkeypatch, qtbot, RestoreDialog, restore_old)
    with qtbot.waitSignal(demo_window.backup_actions.restored, timeout=10000) as blocker:
        choose_menu(qtbot, demo_window, "File", "Restore from backup…")

    taken = backups.taken_label(backups.inspect_backup(old))
    assert len(asked) == 1 and taken in asked[0] and "safety copy" in asked[0]
    with pytest.raises(NotFound):
        catalog.item_id_for("NEW-1")
    assert not any(r.sku == "NEW-1" for r in demo_window.inventory_page.model.rows())
    safety = Path(blocker.args[0])
    assert safety.is_file() and safety.name.endswith("-before-restore.db")
    assert backups.inspect_backup(safety).item_count == len(stock_queries.list_items()) + 1
    message = demo_window.statusBar().currentMessage()
    assert str(safety) in message and taken in message


def test_restore_reloads_pages_built_before(demo_window, qtbot, monkeypatch) -> None:
    from inventory_app.ui.shell.main_window import NAV_AUDIT, NAV_INVENTORY

    old = back_up(demo_window, qtbot)
    catalog.create_item(ItemInput(sku="NEW-1", name="New gauze"))
    demo_window.nav.setCurrentRow(NAV_AUDIT)
    audit_rows_before = demo_window.audit_page.model.rowCount()
    demo_window.nav.setCurrentRow(NAV_INVENTORY)
    monkeypatch.setattr(prompts, "confirm", lambda *_a, **_k: True)

    def restore_old(dialog: RestoreDialog) -> None:
        click_row(qtbot, dialog.table, dialog.model.position_of(str(old)))
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)

    drive(monkeypatch, qtbot, RestoreDialog, restore_old)
    choose_menu(qtbot, demo_window, "File", "Restore from backup…")
    # The audit page (not on screen) now shows the restored log: what was done after the backup
    # (the item's creation) is carried over, and the restore is recorded on top.
    objects = [r.object for r in demo_window.audit_page.model.rows()]
    assert "NEW-1" in " ".join(objects)
    assert demo_window.audit_page.model.rows()[0].action == "restore"
    assert demo_window.audit_page.model.rowCount() == audit_rows_before + 1


def test_cancel_changes_nothing(demo_window, qtbot, monkeypatch, tmp_path) -> None:
    old = back_up(demo_window, qtbot)
    catalog.create_item(ItemInput(sku="NEW-1", name="New gauze"))
    monkeypatch.setattr(prompts, "confirm", lambda *_a, **_k: False)

    def cancel(dialog: RestoreDialog) -> None:
        click_row(qtbot, dialog.table, dialog.model.position_of(str(old)))
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
        assert dialog.isVisible()  # still choosing
        qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)

    seen = drive(monkeypatch, qtbot, RestoreDialog, cancel)
    choose_menu(qtbot, demo_window, "File", "Restore from backup…")

    assert len(seen) == 1 and seen[0].safety_copy is None
    assert catalog.item_id_for("NEW-1")
    assert backup_files(tmp_path / "backups") == [old]  # no safety copy either


@pytest.mark.parametrize("sign_in_off", [False, True])
def test_a_backup_without_accounts_is_restored_only_when_sign_in_off_is_confirmed(
    demo_window,
    qtbot,
    monkeypatch,
    tmp_path,
    actor,
    sign_in_off: bool,
) -> None:
    from inventory_app.core.accounts import users as accounts

    old = back_up(demo_window, qtbot)  # before the first account
    set_current_actor(accounts.create_first_admin("ada", "correct horse"))
    demo_window.refresh()
    asked: list[tuple[str, str]] = []

    def answer(_parent, title: str, text: str, yes: str = "OK") -> bool:
        asked.append((title, text))
        return len(asked) == 1 or sign_in_off  # yes to the restore; the sign-in question as given

    monkeypatch.setattr(prompts, "confirm", answer)
    monkeypatch.setattr(prompts, "error", lambda *_a: pytest.fail("no error expected"))

    def restore_old(dialog: RestoreDialog) -> None:
        click_row(qtbot, dialog.table, dialog.model.position_of(str(old)))
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
        if not sign_in_off:
            assert dialog.isVisible()  # still choosing
            qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)

    seen = drive(monkeypatch, qtbot, RestoreDialog, restore_old)
    choose_menu(qtbot, demo_window, "File", "Restore from backup…")

    assert len(asked) == 2
    assert "no user accounts" in asked[1][1] and "sign-in is off" in asked[1][1]
    assert len(seen) == 1 and (seen[0].safety_copy is not None) == sign_in_off
    assert accounts.has_accounts() != sign_in_off
    if not sign_in_off:
        assert backup_files(tmp_path / "backups") == [old]  # nothing saved, nothing changed


def test_staff_cannot_open_restore(demo_window, qtbot, monkeypatch, actor) -> None:
    from inventory_app.core.accounts import users as accounts

    set_current_actor(accounts.create_first_admin("ada", "correct horse"))
    accounts.add_user("sam", "battery staple", Role.STAFF)
    set_current_actor(Actor("sam", Role.STAFF))
    demo_window.refresh()
    assert not demo_window.backup_actions.restore_action.isVisible()
    assert demo_window.backup_actions.backup_action.isVisible()
    errors: list[str] = []
    monkeypatch.setattr(prompts, "error", lambda _p, _t, text: errors.append(text))
    seen = drive(monkeypatch, qtbot, RestoreDialog, lambda _dialog: None)

    demo_window.backup_actions.restore()  # even when called directly (a shortcut, a stale menu)

    assert seen == []
    assert len(errors) == 1 and "Only an administrator" in errors[0] and "sam" in errors[0]
    set_current_actor(Actor("ada", Role.ADMIN))
    demo_window.refresh()
    assert demo_window.backup_actions.restore_action.isVisible()


def test_daily_backup_once_per_day(demo_window, qtbot, tmp_path) -> None:
    actions = demo_window.backup_actions
    with qtbot.waitSignal(actions.backed_up, timeout=10000) as blocker:
        actions.start_automatic()
    daily = Path(blocker.args[0])
    assert daily.name.endswith("-daily.db")
    assert demo_window.statusBar().currentMessage() == f"Daily backup saved: {daily}"

    with qtbot.waitSignal(actions.task.running_changed, timeout=10000, check_params_cb=lambda r: not r):
        actions.backup_if_due()  # a second start the same day
    assert backup_files(tmp_path / "backups") == [daily]


def test_backup_on_exit(demo_window, qtbot, tmp_path) -> None:
    demo_window.backup_actions.automatic = True
    demo_window.close()
    made = backup_files(tmp_path / "backups")
    assert len(made) == 1 and made[0].name.endswith("-exit.db")
    assert backups.inspect_backup(made[0]).item_count == len(stock_queries.list_items())


def test_staff_back_up_by_hand_and_on_exit(demo_window, qtbot, tmp_path, actor) -> None:
    """A backup into the office's folder is for everyone; only one to a chosen file is not."""
    from inventory_app.core.accounts import users as accounts

    set_current_actor(accounts.create_first_admin("ada", "correct horse"))
    accounts.add_user("sam", "battery staple", Role.STAFF)
    set_current_actor(Actor("sam", Role.STAFF))
    demo_window.refresh()
    by_hand = back_up(demo_window, qtbot)
    demo_window.backup_actions.automatic = True
    demo_window.close()
    made = backup_files(tmp_path / "backups")
    assert by_hand in made and len(made) == 2
    assert any(p.name.endswith("-exit.db") for p in made)


def test_a_future_dated_backup_is_shown_with_a_note_and_not_chosen_first(
    demo_window,
    qtbot,
    monkeypatch,
) -> None:
    good = back_up(demo_window, qtbot)
    ahead = good.with_name("inventory-20991231-235959-daily.db")
    ahead.write_bytes(good.read_bytes())

    def look(dialog: RestoreDialog) -> None:
        assert [r.path for r in dialog.model.rows()] == [ahead, good]
        assert "time after now" in column(dialog, BackupTableModel.PROBLEM)[0]
        assert column(dialog, BackupTableModel.PROBLEM)[1] == ""
        assert dialog.selected().path == good and dialog.restore_button.isEnabled()

    seen = drive(monkeypatch, qtbot, RestoreDialog, look)
    choose_menu(qtbot, demo_window, "File", "Restore from backup…")
    assert len(seen) == 1 and ahead.exists()


def test_no_backup_on_exit_unless_turned_on(demo_window, tmp_path) -> None:
    demo_window.close()  # the test windows (and any window app.py did not start) make none
    assert backup_files(tmp_path / "backups") == []


def test_a_failed_backup_on_exit_is_logged_and_the_window_closes(
    demo_window,
    monkeypatch,
    caplog,
) -> None:
    def broken(*_a: object, **_k: object) -> Path:
        raise OSError("disk gone")

    monkeypatch.setattr(backups, "backup_now", broken)
    demo_window.backup_actions.automatic = True
    with caplog.at_level(logging.ERROR):
        demo_window.close()
    assert not demo_window.isVisible()
    assert "backup on closing not made" in caplog.text and "disk gone" in caplog.text


@pytest.fixture
def pg_window(pg_url, qsettings, events, qtbot) -> Iterator[MainWindow]:
    reset_postgres(pg_url)
    set_current_user("tester")
    database = open_database(pg_url)
    win = MainWindow(events, qsettings, "postgres")
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    try:
        yield win
    finally:
        close_database(database)
        set_current_user(None)


def test_postgresql_both_actions_explain_pg_dump(pg_window, qtbot, monkeypatch) -> None:
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(prompts, "inform_selectable", lambda _p, title, text: shown.append((title, text)))
    monkeypatch.setattr(RestoreDialog, "exec", lambda _d: pytest.fail("no restore dialog on PostgreSQL"))

    choose_menu(qtbot, pg_window, "File", "Back up now")
    choose_menu(qtbot, pg_window, "File", "Restore from backup…")

    assert [title for title, _text in shown] == ["Back up", "Restore from backup"]
    assert "pg_dump --format=custom" in shown[0][1]
    assert "pg_restore" in shown[1][1]
    assert not pg_window.backup_actions.task.running


def test_a_damaged_backup_is_listed_with_its_problem_and_cannot_be_restored(
    demo_window,
    qtbot,
    monkeypatch,
    tmp_path,
    qtmodeltester,
) -> None:
    good = back_up(demo_window, qtbot)
    broken = good.parent / "inventory-20250101-120000-manual.db"
    broken.write_bytes(b"not a database")
    monkeypatch.setattr(prompts, "confirm", lambda *_a, **_k: pytest.fail("nothing to confirm"))

    def look(dialog: RestoreDialog) -> None:
        qtmodeltester.check(dialog.model)
        assert [r.path for r in dialog.model.rows()] == [good, broken]
        assert column(dialog, BackupTableModel.PROBLEM)[1].startswith("It is not")
        click_row(qtbot, dialog.table, 1)
        assert not dialog.restore_button.isEnabled()
        dialog.restore_selected()  # a double-click on the damaged row does nothing either
        assert dialog.isVisible()

    drive(monkeypatch, qtbot, RestoreDialog, look)
    choose_menu(qtbot, demo_window, "File", "Restore from backup…")
    assert sorted(backup_files(tmp_path / "backups")) == sorted([good, broken])


def test_a_restore_by_another_program_reloads_the_open_window_and_says_so(
    demo_window, sqlite_db, qtbot, monkeypatch
) -> None:
    """The command line (another program, as another window would be) restores a backup into
    the file this window shows: the window notices, reloads every page and says what happened."""
    old = back_up(demo_window, qtbot)
    catalog.create_item(ItemInput(sku="NEW-1", name="New gauze"))
    demo_window.refresh()
    assert any(r.sku == "NEW-1" for r in demo_window.inventory_page.model.rows())
    told: list[str] = []
    monkeypatch.setattr(prompts, "inform", lambda _parent, _title, text: told.append(text))
    watch = demo_window.backup_actions.watch
    watch.timer.setInterval(50)
    demo_window.backup_actions.start_automatic()  # as the app does once the window shows

    done = subprocess.run(
        [sys.executable, "-m", "inventory_app", "--db", sqlite_db.database, "restore", str(old), "--yes"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr

    qtbot.waitUntil(lambda: bool(told), timeout=10000)
    assert old.name in told[0] and "restored the inventory" in told[0]
    assert not any(r.sku == "NEW-1" for r in demo_window.inventory_page.model.rows())
    assert "restored from a backup" in demo_window.statusBar().currentMessage()
    # Said once: the next checks find the same restore.
    for _tick in range(3):
        with qtbot.waitSignal(watch.timer.timeout, timeout=5000):
            pass
    assert len(told) == 1
