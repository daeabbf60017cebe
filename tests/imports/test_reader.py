"""Reading CSV and XLSX uploads: encodings, delimiters, dates, row numbers, refused formats."""
from __future__ import annotations

import io
import zipfile
from datetime import date, datetime

import openpyxl
import pytest

from contest.exports import csv_bytes
from contest.exports.xlsx import xlsx_bytes
from contest.imports.reader import UnreadableFile, read_table


def xlsx(rows: list[list]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_csv_with_bom_keeps_vietnamese_and_row_numbers():
    data = "\ufefftitle,authors\nMáy lọc nước,Nguyễn Thị Ánh\n,\n Đèn học , Lê Văn Đức \n"
    table = read_table(data.encode("utf-8"), "ho-so.csv")
    assert table.headers == ["title", "authors"]
    assert table.name == "ho-so.csv"
    assert [(row.number, row.cells) for row in table.rows] == [
        (2, ("Máy lọc nước", "Nguyễn Thị Ánh")),
        (4, ("Đèn học", "Lê Văn Đức")),  # the blank row 3 is skipped, numbering kept
    ]


def test_csv_saved_with_semicolons_by_a_vietnamese_excel():
    data = "Tên giải pháp;Tác giả\nMáy lọc nước;Nguyễn Thị Ánh\n".encode()
    table = read_table(data)
    assert table.headers == ["Tên giải pháp", "Tác giả"]
    assert table.rows[0].cells == ("Máy lọc nước", "Nguyễn Thị Ánh")


def test_comma_header_keeps_semicolon_lists_inside_cells():
    table = read_table("title,authors\nMáy,An; Bình\n".encode())
    assert table.rows[0].cells == ("Máy", "An; Bình")


def test_xlsx_first_sheet_with_date_and_number_cells():
    data = xlsx([["title", "birth_dates", "phone"],
                 ["Máy lọc nước", datetime(2012, 3, 15), 912345678],
                 [None, None, None],
                 ["Đèn học", "02/09/2011", "0912 345 678"]])
    table = read_table(data, "ho-so.xlsx")
    assert table.headers == ["title", "birth_dates", "phone"]
    assert [(row.number, row.cells) for row in table.rows] == [
        (2, ("Máy lọc nước", date(2012, 3, 15), 912345678)),
        (4, ("Đèn học", "02/09/2011", "0912 345 678")),
    ]


def test_our_own_exports_read_back_unchanged():
    evil = '=HYPERLINK("http://evil.example","x")'
    headers, rows = ["Tên giải pháp", "Tác giả"], [[evil, "-Nguyễn Văn An"]]
    for data in (csv_bytes(headers, rows), xlsx_bytes(headers, rows)):
        assert read_table(data).rows[0].cells == (evil, "-Nguyễn Văn An")


@pytest.mark.parametrize(("data", "message"), [
    ("title\nMáy\n".encode("utf-16"), "UTF-8"),
    ("title\nMáy đo\n".encode("cp1258"), "UTF-8"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, ".xls"),
    (b"PK\x03\x04 not really a zip", "Excel bị hỏng"),
    (b"", "Tệp trống"),
    (b"%PDF-1.7\n\x00\x01binary", "không phải CSV"),
])
def test_other_files_are_refused_by_content(data, message):
    with pytest.raises(UnreadableFile) as refused:
        read_table(data, "ho-so.csv")
    assert message in str(refused.value)


def test_a_zip_that_is_not_a_workbook_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    with pytest.raises(UnreadableFile, match="Excel bị hỏng"):
        read_table(buffer.getvalue(), "ho-so.xlsx")
