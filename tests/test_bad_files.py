"""Files that are not readable workbooks: each gets a stable code and a clear Vietnamese message with
its English twin, never a traceback — through ``load_workbook`` and through ``python -m ntm``."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest

from ntm import cli
from ntm.errors import NtmError, WorkbookError
from ntm.loaders import UnreadableWorkbook, container, load_workbook
from tests.helpers_biff import ole_file, xls_workbook
from tests.helpers_workbooks import HEADER, build_xlsx, result_row, template_book

NAME = "bao-cao.xlsx"


def _zip(members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


def _empty_workbook() -> bytes:
    out = io.BytesIO()
    openpyxl.Workbook().save(out)
    return out.getvalue()


def _encrypted_xlsx() -> bytes:
    """What Excel writes for a password-protected .xlsx: an OLE file with the encrypted package."""
    return ole_file({"EncryptionInfo": b"\x04\x00\x04\x00\x40\x00\x00\x00" + b"\x00" * 200,
                     "EncryptedPackage": b"\x00" * 5000})


def _zip_bomb() -> bytes:
    return _zip({"xl/workbook.xml": b"<workbook/>", "xl/worksheets/sheet1.xml": b"\x00" * (40 * 1024 * 1024)})


# (code, content, words both messages hold)
BAD_FILES = {
    "pdf renamed .xlsx": ("not-excel", b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF", ["PDF"]),
    "csv renamed .xlsx": ("not-excel", "Tỉnh,Xã,Năm\nKhánh Hòa,Khánh Bình,2023\n".encode(), ["CSV"]),
    "web page saved as .xls": ("not-excel", b"<html><body><table><tr><td>1</td></tr></table></body></html>",
                               ["HTML"]),
    "XML 2003 spreadsheet": ("not-excel", b'<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:'
                             b'office:spreadsheet"></Workbook>', ["XML 2003"]),
    "Word document": ("not-excel", _zip({"word/document.xml": b"<w/>"}), ["Word"]),
    "zip without a workbook": ("not-excel", _zip({"hello.txt": b"hi"}), ["zip"]),
    "random bytes": ("not-excel", bytes(range(256)) * 4, []),
    "truncated xlsx": ("corrupt-file", template_book([result_row("1.1")])[:3000], ["Excel"]),
    "xlsx with a broken sheet": (
        "corrupt-file", _zip({"xl/workbook.xml": b"<not xml", "[Content_Types].xml": b"x"}), ["Excel"]),
    "password-protected xlsx": ("password-protected", _encrypted_xlsx(), ["Excel"]),
    "zero bytes": ("empty-file", b"", ["0"]),
    "empty workbook": ("empty-workbook", _empty_workbook(), ["'Sheet'"]),
    "no known layout": ("no-known-layout",
                        build_xlsx({"Bao cao": [["STT", "Tên", "Số lượng"], [1, "Khánh Bình", 16]]}),
                        ["'Bao cao'", "30", "TT | Tên tiêu chí", "'Tên xã'"]),
    "archive that would expand too far": ("archive-too-large", _zip_bomb(), ["500 MB"]),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_each_bad_file_gets_its_code_and_message(catalog, case):
    code, content, words = BAD_FILES[case]
    with pytest.raises(UnreadableWorkbook) as caught:
        load_workbook(content, catalog, file_name=NAME)
    error = caught.value
    assert isinstance(error, WorkbookError) and isinstance(error, NtmError)
    assert error.code == code
    assert error.message_vi and error.message_en and error.message_vi != error.message_en
    for word in [NAME, *words]:
        assert word in error.message_vi and word in error.message_en, word


def test_not_excel_messages_say_how_to_fix(catalog):
    with pytest.raises(UnreadableWorkbook) as caught:
        load_workbook(BAD_FILES["pdf renamed .xlsx"][1], catalog, file_name=NAME)
    assert "lưu lại dạng 'Excel Workbook (.xlsx)'" in caught.value.message_vi
    assert "save it as 'Excel Workbook (.xlsx)'" in caught.value.message_en


def test_file_over_the_size_limit_is_refused_before_reading(catalog, monkeypatch, tmp_path):
    monkeypatch.setattr(container, "MAX_FILE_BYTES", 1000)
    data = template_book([result_row("1.1")])
    for source in (data, io.BytesIO(data)):
        with pytest.raises(UnreadableWorkbook) as caught:
            load_workbook(source, catalog, file_name=NAME)
        assert caught.value.code == "file-too-large"
        assert "MB" in caught.value.message_vi and "MB" in caught.value.message_en
    path = tmp_path / NAME
    path.write_bytes(data)
    with pytest.raises(UnreadableWorkbook) as caught:
        load_workbook(path, catalog)
    assert caught.value.code == "file-too-large"


def test_total_uncompressed_size_limit(catalog, monkeypatch):
    monkeypatch.setattr(container, "MAX_UNCOMPRESSED_BYTES", 2000)
    with pytest.raises(UnreadableWorkbook) as caught:
        load_workbook(template_book([result_row("1.1")]), catalog, file_name=NAME)
    assert caught.value.code == "archive-too-large"


MB = 1024 * 1024


@pytest.mark.parametrize("n_bytes, limit_mb, refused, at_most", [
    (MB, 1, False, None),                         # exactly at the limit: accepted
    (MB + 1, 1, True, "1 MB"),                    # a caller's smaller limit (a server's upload limit)
    (3 * MB, 2.5, True, "2,5 MB"),                # in megabytes, written the Vietnamese way
    (60 * MB, 200, True, "50 MB"),                # never more than the loader reads
    (50 * MB, None, False, None),
    (50 * MB + 1, None, True, "50 MB"),           # no limit given: MAX_FILE_BYTES
])
def test_check_size_takes_a_smaller_limit_in_megabytes(n_bytes, limit_mb, refused, at_most):
    if not refused:
        container.check_size(n_bytes, NAME, limit_mb)
        return
    with pytest.raises(UnreadableWorkbook) as caught:
        container.check_size(n_bytes, NAME, limit_mb)
    assert caught.value.code == "file-too-large"
    assert f"Tệp '{NAME}' quá lớn" in caught.value.message_vi
    assert f"tối đa {at_most})" in caught.value.message_vi
    assert f"at most {at_most})" in caught.value.message_en and "split the file" in caught.value.message_en


@pytest.mark.parametrize("limit_mb", [None, 1])
def test_check_size_refuses_an_empty_file_whatever_the_limit(limit_mb):
    with pytest.raises(UnreadableWorkbook) as caught:
        container.check_size(0, NAME, limit_mb)
    assert caught.value.code == "empty-file" and "rỗng (0 byte)" in caught.value.message_vi


def test_limits_are_sane_constants():
    assert container.MAX_FILE_BYTES == 50 * 1024 * 1024
    assert container.MAX_UNCOMPRESSED_BYTES == 500 * 1024 * 1024
    assert container.MAX_COMPRESSION_RATIO >= 100


def test_encrypted_xls_is_password_protected(catalog):
    data = xls_workbook({"KetQua": [HEADER, result_row("1.1")]}, encrypted=True)
    with pytest.raises(UnreadableWorkbook) as caught:
        load_workbook(data, catalog, file_name="cu.xls")
    assert caught.value.code == "password-protected"
    assert "cu.xls" in caught.value.message_vi and "password" in caught.value.message_en


@pytest.mark.parametrize("case", ["pdf renamed .xlsx", "password-protected xlsx", "empty workbook",
                                  "no known layout"])
def test_the_command_line_prints_the_message_not_a_traceback(tmp_path, capsys, case):
    code, content, _ = BAD_FILES[case]
    path = tmp_path / NAME
    path.write_bytes(content)
    status = cli.main(["check", str(path)])
    out = capsys.readouterr()
    assert status == cli.EXIT_UNREADABLE
    assert "Traceback" not in out.err and NAME in out.err
    status = cli.main(["--lang", "en", "score", str(path), "--json"])
    out = capsys.readouterr()
    assert status == cli.EXIT_UNREADABLE and "Traceback" not in out.err
