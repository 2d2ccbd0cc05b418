"""Each import-linter contract in pyproject.toml can fail: in a copy of the package, one
forbidden import per contract is added, and `lint-imports` must report every contract broken
(and keep them all on the real tree, which CI checks)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")

# contract name -> (module file to append to, the import it must not make)
VIOLATIONS = {
    "layers: launch, app, ui | cli, documents, core, db, collector": (
        "db/models.py",
        "import inventory_app.core.wording",
    ),
    "core features depend downwards only": (
        "core/stock/queries.py",
        "import inventory_app.core.purchasing.reorder",
    ),
    "core's shared modules know no feature": ("core/types.py", "import inventory_app.core.stock.queries"),
    "no import cycles between sibling modules or packages": (
        "documents/sheet_out.py",
        "import inventory_app.documents.exports",
    ),
    "db, core, documents and cli know nothing of Qt": ("cli/output.py", "import PySide6.QtCore"),
    "core knows no file formats": ("core/importing/values.py", "import openpyxl"),
    "widgets never touch the database layer": ("ui/common/forms.py", "import peewee"),
    "ui: the shell over the features over common": (
        "ui/common/prompts.py",
        "import inventory_app.ui.shell.main_window",
    ),
}


def _contracts() -> list[str]:
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    return [contract["name"] for contract in config["tool"]["importlinter"]["contracts"]]


def test_every_contract_has_a_violation_to_prove_it() -> None:
    assert sorted(_contracts()) == sorted(VIOLATIONS)


@pytest.mark.slow
def test_each_contract_fails_on_a_forbidden_import(tmp_path: Path) -> None:
    shutil.copytree(
        ROOT / "inventory_app", tmp_path / "inventory_app", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    for module, line in VIOLATIONS.values():
        path = tmp_path / "inventory_app" / module
        path.write_text(path.read_text() + f"\n{line}  # a forbidden import\n")
    # The exports module already imports sheet_out: sheet_out importing it back is a cycle.
    assert "sheet_out" in (tmp_path / "inventory_app" / "documents" / "exports.py").read_text()

    done = subprocess.run(
        [str(LINT_IMPORTS), "--config", "pyproject.toml", "--no-cache"],
        cwd=tmp_path,
        env={"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode != 0, done.stdout
    for name in VIOLATIONS:
        assert f"{name} BROKEN" in done.stdout, done.stdout[-3000:]
