"""Files that are not what they claim, unsafe or too big: one plain message each, nothing read.

RELIABILITY D1 (XML bomb rejected as unsafe, memory bounded), D2 (zip bomb or
giant sheet rejected before a full parse, file handle closed), D3 (malformed
files: one plain message naming the file). The command line side (exit 1, one
line, no traceback, database unchanged) is in test_import_cli.py.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import IO

import pytest

from inventory_app.documents import csv_in, file_check, xlsx_in
from inventory_app.documents.importing import read_import
from inventory_app.errors import ImportFileError
from tests.documents.workbooks import (
    BILLION_LAUGHS,
    BROKEN_FILES,
    open_handles,
    raw_sheet,
    replace_parts,
    text_cell,
    xlsx,
)

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("kind", list(BROKEN_FILES))
def test_d3_each_malformed_file_gets_one_plain_message_naming_it(tmp_path: Path, kind: str) -> None:
    name, make, phrase = BROKEN_FILES[kind]
    path = tmp_path / name
    make(path)
    with pytest.raises(ImportFileError) as caught:
        read_import(path)
    message = str(caught.value)
    assert phrase in message
    assert name in message
    assert "\n" not in message and "Traceback" not in message
    assert open_handles(path) == []


# ---------------------------------------------------------------- D1: XML bombs


def _bomb_in_sheet(path: Path) -> Path:
    return raw_sheet(path, f'<row r="1">{text_cell("A1", "&lol9;")}</row>', prolog=BILLION_LAUGHS)


def _bomb_in_shared_strings(path: Path) -> Path:
    raw_sheet(path, '<row r="1"><c r="A1" t="s"><v>0</v></c></row>')
    with zipfile.ZipFile(path) as archive:
        types = archive.read("[Content_Types].xml").decode()
    types = types.replace(
        "</Types>",
        '<Override PartName="/xl/sharedStrings.xml" ContentType='
        '"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    )
    strings = (
        f'<?xml version="1.0"?>{BILLION_LAUGHS}'
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol9;</t></si></sst>'
    )
    return replace_parts(
        path, {"xl/sharedStrings.xml": strings.encode(), "[Content_Types].xml": types.encode()}
    )


def _external_entity(path: Path) -> Path:
    prolog = '<!DOCTYPE x [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
    return raw_sheet(path, f'<row r="1">{text_cell("A1", "&secret;")}</row>', prolog=prolog)


BOMBS: dict[str, Callable[[Path], Path]] = {
    "billion laughs in the sheet": _bomb_in_sheet,
    "billion laughs in the shared strings": _bomb_in_shared_strings,
    "external entity": _external_entity,
}


@pytest.mark.parametrize("kind", list(BOMBS))
def test_d1_xml_bombs_are_refused_as_unsafe(tmp_path: Path, kind: str) -> None:
    path = BOMBS[kind](tmp_path / "bomb.xlsx")
    with pytest.raises(
        ImportFileError, match="bomb.xlsx contains XML that could overload.*refused as unsafe"
    ):
        read_import(path)
    assert open_handles(path) == []


def _peak_memory_of_import(path: Path, tmp_path: Path) -> tuple[int, str, int]:
    """(exit status, stderr, peak resident memory in MB) of a command-line import in its own process."""
    script = textwrap.dedent(
        f"""
        import sys
        from inventory_app.cli import main
        code = main(["--db", {str(tmp_path / "mem.db")!r}, "--new", "import", {str(path)!r}])
        # VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the (big) parent across exec.
        status = open("/proc/self/status").read()
        peak_kb = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM"))
        print(peak_kb // 1024, file=sys.stdout)
        sys.exit(code)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=600
    )
    return done.returncode, done.stderr, int(done.stdout.strip().splitlines()[-1])


def test_d1_memory_stays_bounded_on_an_xml_bomb(tmp_path: Path) -> None:
    code, err, peak_mb = _peak_memory_of_import(_bomb_in_sheet(tmp_path / "bomb.xlsx"), tmp_path)
    assert code == 1 and "refused as unsafe" in err and "Traceback" not in err
    assert peak_mb < 150


# ---------------------------------------------------------------- D2: zip bombs, giant sheets


def _zeros(size: int) -> Callable[[IO[bytes]], None]:
    def write(handle: IO[bytes]) -> None:
        head = b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        handle.write(head)
        block = b" " * (1 << 20)
        for _ in range(size >> 20):
            handle.write(block)
        handle.write(b"<sheetData/></worksheet>")

    return write


def test_d2_zip_bomb_refused_from_the_table_of_contents(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = xlsx(tmp_path / "bomb.xlsx", [["SKU"], ["A1"]])
    replace_parts(path, {"xl/worksheets/sheet1.xml": _zeros(64 << 20)})
    assert path.stat().st_size < 1 << 20

    def must_not_parse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the workbook was parsed")

    monkeypatch.setattr(xlsx_in.openpyxl, "load_workbook", must_not_parse)
    with pytest.raises(ImportFileError, match="bomb.xlsx is packed suspiciously tightly.*refused as unsafe"):
        read_import(path)
    assert open_handles(path) == []


def test_d2_too_much_to_unpack_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = xlsx(tmp_path / "big.xlsx", [["SKU", "Name"]] + [[f"A{i}", "x" * 50] for i in range(2000)])
    monkeypatch.setattr(file_check, "MAX_UNPACKED_BYTES", 50_000)
    with pytest.raises(ImportFileError, match="big.xlsx would unpack to .* refused as unsafe"):
        read_import(path)


def test_d2_giant_sheet_stops_at_the_row_cap_while_streaming(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = xlsx(tmp_path / "giant.xlsx", [["SKU", "Qty"]] + [[f"A{i}", i] for i in range(500)])
    monkeypatch.setattr(xlsx_in, "MAX_ROWS", 100)
    parsed: list[int] = []
    real = xlsx_in._Parser.parse_row

    def counting(self: object, element: object) -> object:
        result = real(self, element)  # type: ignore[arg-type]
        parsed.append(result[0])
        return result

    monkeypatch.setattr(xlsx_in._Parser, "parse_row", counting)
    with pytest.raises(ImportFileError, match="giant.xlsx: sheet “Items” has more than 100 rows") as caught:
        read_import(path)
    assert caught.value.row == 101
    assert max(parsed) == 101  # stopped there: the other 400 rows were never parsed
    assert open_handles(path) == []


def test_d2_giant_csv_stops_at_the_row_cap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "giant.csv"
    path.write_text("SKU,Qty\n" + "".join(f"A{i},{i}\n" for i in range(500)))
    monkeypatch.setattr(csv_in, "MAX_ROWS", 100)
    with pytest.raises(ImportFileError, match="giant.csv has more than 100 rows"):
        read_import(path)
    assert open_handles(path) == []


@pytest.mark.slow
def test_d2_a_million_row_sheet_is_refused_with_bounded_memory(tmp_path: Path) -> None:
    path = xlsx(tmp_path / "million.xlsx", [["SKU"]])

    def rows(handle: IO[bytes]) -> None:
        handle.write(
            b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            b'<dimension ref="A1:B1000001"/><sheetData>'
            b'<row r="1"><c r="A1" t="inlineStr"><is><t>SKU</t></is></c>'
            b'<c r="B1" t="inlineStr"><is><t>Qty</t></is></c></row>'
        )
        chunk = []
        for n in range(2, 1_000_002):
            chunk.append(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c><c r="B{n}"><v>1</v></c></row>')
            if len(chunk) == 10_000:
                handle.write("".join(chunk).encode())
                chunk = []
        handle.write("".join(chunk).encode() + b"</sheetData></worksheet>")

    replace_parts(path, {"xl/worksheets/sheet1.xml": rows})
    code, err, peak_mb = _peak_memory_of_import(path, tmp_path)
    assert code == 1
    assert "million.xlsx: sheet “Items” has more than 100,000 rows" in err and "Traceback" not in err
    assert peak_mb < 150
