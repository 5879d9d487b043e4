"""The file before any cell is read: its size, what kind of file it really is, and archives that
would expand too far.

Every refusal is an ``UnreadableWorkbook`` (a ``WorkbookError``) with a stable ``code`` and a
Vietnamese message with its English twin, saying what is wrong and what to do:

| code | when |
|---|---|
| ``empty-file`` | 0 bytes |
| ``file-too-large`` | more than ``MAX_FILE_BYTES`` (or a caller's smaller limit) |
| ``not-excel`` | a PDF, Word file, CSV or text file, web page (HTML) … renamed .xlsx/.xls |
| ``corrupt-file`` | looks like an Excel file but cannot be opened (truncated, damaged) |
| ``password-protected`` | an OLE file with an ``EncryptedPackage`` stream, or an .xls with FILEPASS |
| ``archive-too-large`` | a zip expanding beyond ``MAX_UNCOMPRESSED_BYTES`` or by ``MAX_COMPRESSION_RATIO`` |

The limits are module constants, checked before anything is decompressed.
"""

from __future__ import annotations

import io
import zipfile

from ntm.errors import WorkbookError

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 500 * 1024 * 1024
# A member of an archive may not expand by more than this factor once it is big: spreadsheet XML
# compresses 10–100 times; zip bombs compress a thousand times.
MAX_COMPRESSION_RATIO = 500
RATIO_MIN_BYTES = 10 * 1024 * 1024

XLSX, XLS, ODS = "xlsx", "xls", "ods"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
# A BIFF8 workbook-globals BOF record; in an encrypted .xls a FILEPASS record (0x002F) follows it.
_BIFF8_GLOBALS_BOF = b"\x09\x08\x10\x00\x00\x06\x05\x00"
_SAVE_AS = ("Hãy mở tệp bằng Excel và lưu lại dạng 'Excel Workbook (.xlsx)' rồi tải lên lại.",
            "Open it in Excel, save it as 'Excel Workbook (.xlsx)' and upload it again.")


class UnreadableWorkbook(WorkbookError):
    """A file that is not a readable Excel workbook, with a stable ``code`` (see the module table)."""

    def __init__(self, code: str, message_vi: str, message_en: str) -> None:
        super().__init__(message_vi, message_en)
        self.code = code


def megabytes(n_bytes: int) -> str:
    """A size for messages: "50 MB", "12,3 MB" (Vietnamese decimal comma)."""
    value = n_bytes / (1024 * 1024)
    text = f"{value:.0f}" if value >= 10 or value.is_integer() else f"{value:.1f}"
    return f"{text.replace('.', ',')} MB"


def check_size(n_bytes: int, file_name: str, limit_mb: float | None = None) -> None:
    """Refuse a file of 0 bytes or over the size limit.

    Args:
        n_bytes: the file's size in bytes.
        file_name: its name, for the message.
        limit_mb: a smaller limit in megabytes (MiB), e.g. a server's upload limit; the limit is
            ``MAX_FILE_BYTES`` when None, and never more than it.

    Raises:
        UnreadableWorkbook: ``empty-file`` or ``file-too-large``.
    """
    if n_bytes == 0:
        raise UnreadableWorkbook(
            "empty-file",
            f"Tệp '{file_name}' rỗng (0 byte). Hãy chọn lại tệp Excel (.xlsx).",
            f"The file '{file_name}' is empty (0 bytes). Choose the Excel file (.xlsx) again.")
    limit = MAX_FILE_BYTES if limit_mb is None else min(MAX_FILE_BYTES, int(limit_mb * 1024 * 1024))
    if n_bytes > limit:
        raise UnreadableWorkbook(
            "file-too-large",
            f"Tệp '{file_name}' quá lớn ({megabytes(n_bytes)}; tối đa {megabytes(limit)}). Hãy "
            "xóa các trang không cần thiết hoặc tách tệp theo huyện/năm rồi tải lên từng tệp.",
            f"The file '{file_name}' is too large ({megabytes(n_bytes)}; at most "
            f"{megabytes(limit)}). Delete the sheets you do not need, or split the file by district "
            "or year and upload each part.")


def sniff(data: bytes, file_name: str) -> str:
    """What kind of workbook ``data`` is (``XLSX``, ``XLS`` or ``ODS``), checked before reading.

    Raises:
        UnreadableWorkbook: any of the codes in the module table.
    """
    check_size(len(data), file_name)
    if data.startswith(_ZIP):
        return _check_zip(data, file_name)
    if data.startswith(_OLE):
        return _check_ole(data, file_name)
    raise not_excel(file_name, _describe(data))


def not_excel(file_name: str, what: tuple[str, str] | None = None) -> UnreadableWorkbook:
    """The ``not-excel`` error, naming what the file seems to be when known."""
    seems_vi = f" mà là {what[0]}" if what else ""
    seems_en = f"; it looks like {what[1]}" if what else ""
    return UnreadableWorkbook(
        "not-excel",
        f"Tệp '{file_name}' không phải là tệp Excel (.xlsx, .xlsm, .xls){seems_vi}. {_SAVE_AS[0]}",
        f"The file '{file_name}' is not an Excel workbook (.xlsx, .xlsm, .xls){seems_en}. {_SAVE_AS[1]}")


def corrupt(file_name: str, detail: str = "") -> UnreadableWorkbook:
    """The ``corrupt-file`` error."""
    extra = f" ({detail})" if detail else ""
    return UnreadableWorkbook(
        "corrupt-file",
        f"Tệp '{file_name}' có vẻ là tệp Excel nhưng bị hỏng, không mở được{extra}. Hãy mở tệp bằng Excel "
        "(Excel có thể tự sửa), lưu lại dạng 'Excel Workbook (.xlsx)', hoặc xin lại tệp gốc.",
        f"The file '{file_name}' looks like an Excel file but is damaged and cannot be opened{extra}. Open "
        "it in Excel (which may repair it) and save it as 'Excel Workbook (.xlsx)', or ask for the original.")


def password_protected(file_name: str) -> UnreadableWorkbook:
    """The ``password-protected`` error."""
    return UnreadableWorkbook(
        "password-protected",
        f"Tệp '{file_name}' được đặt mật khẩu nên không đọc được. Hãy mở bằng Excel, vào Tệp > Thông tin > "
        "Bảo vệ sổ làm việc > Mã hóa bằng mật khẩu, xóa mật khẩu, lưu lại rồi tải lên lại.",
        f"The file '{file_name}' is password-protected and cannot be read. Open it in Excel, go to File > "
        "Info > Protect Workbook > Encrypt with Password, clear the password, save and upload it again.")


def _check_zip(data: bytes, file_name: str) -> str:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, EOFError) as error:
        raise corrupt(file_name, "tệp nén zip không đọc được / unreadable zip container") from error
    names = {member.filename for member in members}
    total = 0
    for member in members:
        total += member.file_size
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > RATIO_MIN_BYTES and ratio > MAX_COMPRESSION_RATIO:
            raise _too_large_archive(file_name, total, member.filename)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise _too_large_archive(file_name, total)
    if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
        return XLSX
    if "content.xml" in names and "mimetype" in names:
        return ODS
    if "word/document.xml" in names:
        raise not_excel(file_name, ("tệp Word (.docx)", "a Word document (.docx)"))
    if "ppt/presentation.xml" in names:
        raise not_excel(file_name, ("tệp PowerPoint (.pptx)", "a PowerPoint file (.pptx)"))
    raise not_excel(file_name, ("một tệp nén (zip) không chứa bảng tính", "a zip archive without a workbook"))


def _too_large_archive(file_name: str, total: int, member: str | None = None) -> UnreadableWorkbook:
    where_vi = f" (phần '{member}' nở ra bất thường)" if member else ""
    where_en = f" (member '{member}' expands abnormally)" if member else ""
    return UnreadableWorkbook(
        "archive-too-large",
        f"Tệp '{file_name}' khi giải nén sẽ quá lớn hoặc nở ra bất thường{where_vi}; giới hạn "
        f"{megabytes(MAX_UNCOMPRESSED_BYTES)}. Tệp có thể bị hỏng hoặc không an toàn. Hãy mở bằng Excel, "
        "lưu lại dạng 'Excel Workbook (.xlsx)' rồi tải lên lại.",
        f"The file '{file_name}' would expand beyond {megabytes(MAX_UNCOMPRESSED_BYTES)} or expands "
        f"abnormally{where_en}. It may be damaged or unsafe. Open it in Excel, save it as 'Excel Workbook "
        "(.xlsx)' and upload it again.")


def _check_ole(data: bytes, file_name: str) -> str:
    # An encrypted .xlsx is an OLE (compound) file holding EncryptionInfo and EncryptedPackage
    # streams; directory entry names are UTF-16LE.
    if "EncryptedPackage".encode("utf-16-le") in data:
        raise password_protected(file_name)
    if "WordDocument".encode("utf-16-le") in data:
        raise not_excel(file_name, ("tệp Word (.doc)", "a Word document (.doc)"))
    if "Workbook".encode("utf-16-le") in data or "Book".encode("utf-16-le") in data:
        bof = data.find(_BIFF8_GLOBALS_BOF)
        if bof >= 0 and data[bof + 20:bof + 22] == b"\x2f\x00":
            raise password_protected(file_name)
        return XLS
    raise not_excel(file_name, ("một tệp Office không phải bảng tính",
                                "an Office file that is not a workbook"))


def _describe(data: bytes) -> tuple[str, str] | None:
    """What a file that is neither a zip nor an OLE file seems to be."""
    head = data[:2048]
    if head.startswith(b"%PDF"):
        return "tệp PDF", "a PDF"
    lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if b"urn:schemas-microsoft-com:office:spreadsheet" in head:
        return ("bảng tính XML 2003 (thường do phần mềm xuất ra dưới tên .xls)",
                "an XML 2003 spreadsheet (often exported by software under a .xls name)")
    if lowered.startswith((b"<!doctype html", b"<html", b"<table", b"<?xml")) or b"<table" in lowered:
        return ("trang web (HTML) được đặt tên .xls", "a web page (HTML) named .xls")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "tệp văn bản (CSV/TXT)", "a text (CSV/TXT) file"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(head) - 4:
            return None
    if all(byte >= 9 for byte in head):
        return "tệp văn bản (CSV/TXT)", "a text (CSV/TXT) file"
    return None
