"""The import preview asks how dates are written when the file cannot tell, and the answer is
applied: clicked as a person would, nothing imported before it is given."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt

from inventory_app.db.models import Lot
from inventory_app.ui.importing.wizard import Step
from tests.ui.importing.test_import_wizard import messages, wait_step, wizard_for  # noqa: F401

VACCINES = (
    "SKU,Name,Tracks expiry,Lot,Expiry date,Qty\r\n"
    "VAC-FLU,Influenza vaccine 0.5 mL,yes,FL201,01/06/2027,10\r\n"
    "VAC-FLU,Influenza vaccine 0.5 mL,yes,FL207,02/07/2027,4\r\n"
)


def _expiries() -> dict[str, date]:
    return {lot.lot_number: lot.expires_on for lot in Lot.select()}


def test_the_preview_asks_and_the_answer_is_applied(window, qtbot, tmp_path: Path, messages) -> None:  # noqa: F811
    path = tmp_path / "vaccines.csv"
    path.write_bytes(VACCINES.encode())
    wizard = wizard_for(window, qtbot, path)
    wait_step(qtbot, wizard, Step.PREVIEW)
    question = wizard.dates_question
    assert question.isVisible() and messages == []
    assert "column E (Expiry date)" in question.question_label.text()
    assert "01/06/2027 (row 2)" in question.question_label.text()
    assert question.day_first_button.text() == "Day first: 1 June 2027"
    assert question.month_first_button.text() == "Month first: 6 January 2027"
    assert not question.year_first_button.isEnabled()  # 01/06/2027 cannot be year first
    assert not wizard.import_button.isEnabled()  # nothing is imported until answered
    assert wizard.preview_page.model.rowCount() == 0

    qtbot.mouseClick(question.day_first_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.plan is not None and not wizard.task.running, timeout=20000)
    assert question.day_first_button.isChecked()
    assert (
        "Expiry dates read day first, as chosen (01/06/2027 in row 2)."
        in wizard.preview_page.notes_label.text()
    )
    assert wizard.import_button.isEnabled()
    qtbot.mouseClick(wizard.import_button, Qt.MouseButton.LeftButton)
    wait_step(qtbot, wizard, Step.DONE)
    assert _expiries() == {"FL201": date(2027, 6, 1), "FL207": date(2027, 7, 2)}


def test_a_semicolon_file_reads_day_first_and_the_reading_can_be_changed(
    window,
    qtbot,
    tmp_path: Path,
    messages,  # noqa: F811
) -> None:
    path = tmp_path / "vacinas.csv"
    path.write_bytes(VACCINES.replace(",", ";").encode())
    wizard = wizard_for(window, qtbot, path)
    wait_step(qtbot, wizard, Step.PREVIEW)
    question = wizard.dates_question
    assert wizard.plan is not None and question.isVisible()
    assert question.day_first_button.isChecked()
    assert "semicolons" in wizard.preview_page.notes_label.text()

    qtbot.mouseClick(question.month_first_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: (
            wizard.plan is not None
            and not wizard.task.running
            and wizard.plan.readings.dates[0].order == "mdy"
        ),
        timeout=20000,
    )
    assert question.month_first_button.isChecked()
    qtbot.mouseClick(wizard.import_button, Qt.MouseButton.LeftButton)
    wait_step(qtbot, wizard, Step.DONE)
    assert _expiries() == {"FL201": date(2027, 1, 6), "FL207": date(2027, 2, 7)}
