"""The largest import file is a setting: data rows and bytes (IMPORT_MAX_ROWS, _BYTES)."""
from __future__ import annotations

import io

import openpyxl
import pytest

from contest import create_app
from contest.config import Defaults
from contest.imports.reader import UnreadableFile, read_table
from tests.conftest import base_config

HEADER = "title,authors\n"
ROW = "Máy lọc nước,Nguyễn Thị Ánh\n"
MAX_ROWS = 3
MAX_BYTES = len((HEADER + ROW * 5).encode())


@pytest.fixture
def app_config(database_uri_for_test, tmp_path) -> dict:
    return {**base_config(tmp_path / "instance", database_uri_for_test),
            "IMPORT_MAX_ROWS": MAX_ROWS, "IMPORT_MAX_BYTES": MAX_BYTES}


def csv_rows(count: int) -> bytes:
    return (HEADER + ROW * count).encode()


def xlsx_rows(count: int) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["title", "authors"])
    for _ in range(count):
        sheet.append(["Máy lọc nước", "Nguyễn Thị Ánh"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("make", [csv_rows, xlsx_rows])
def test_a_file_at_the_row_limit_is_read_and_one_row_more_is_refused(app, make):
    app.config["IMPORT_MAX_BYTES"] = 2**20
    with app.test_request_context():
        assert len(read_table(make(MAX_ROWS), "ho-so").rows) == MAX_ROWS
        with pytest.raises(UnreadableFile) as refused:
            read_table(make(MAX_ROWS + 1), "ho-so")
        assert str(refused.value) == "Tệp có quá nhiều dòng (tối đa 3 dòng dữ liệu)."


def test_blank_rows_do_not_count_against_the_limit(app):
    with app.test_request_context():
        data = (HEADER + ROW + ",\n" * 2 + ROW * 2).encode()
        assert [row.number for row in read_table(data).rows] == [2, 5, 6]


def test_a_file_at_the_byte_limit_is_read_and_one_byte_more_is_refused(app):
    app.config["IMPORT_MAX_ROWS"] = 10
    with app.test_request_context():
        data = csv_rows(5)
        assert len(data) == MAX_BYTES and len(read_table(data).rows) == 5
        with pytest.raises(UnreadableFile) as refused:
            read_table(data + b"\n")
        assert str(refused.value) == f"Tệp quá lớn ({MAX_BYTES + 1} byte; tối đa {MAX_BYTES} byte)."


def test_sizes_are_shown_in_kilobytes_and_megabytes(app):
    app.config["IMPORT_MAX_BYTES"] = 25 * 2**20
    with app.test_request_context():
        with pytest.raises(UnreadableFile) as refused:
            read_table(b"x" * (25 * 2**20 + 2**19))
        assert str(refused.value) == "Tệp quá lớn (25,5 MB; tối đa 25 MB)."
        app.config["IMPORT_MAX_BYTES"] = 2**10
        with pytest.raises(UnreadableFile) as refused:
            read_table(b"x" * 1536)
        assert str(refused.value) == "Tệp quá lớn (1,5 KB; tối đa 1 KB)."


def test_the_limits_default_to_a_province_and_come_from_the_environment(tmp_path, monkeypatch):
    assert (Defaults.IMPORT_MAX_ROWS, Defaults.IMPORT_MAX_BYTES) == (1_000_000, 200 * 2**20)
    monkeypatch.setenv("CONTEST_IMPORT_MAX_ROWS", "2000000")
    monkeypatch.setenv("CONTEST_IMPORT_MAX_BYTES", "1048576")
    app = create_app({"INSTANCE_PATH": str(tmp_path), "SQLALCHEMY_DATABASE_URI": "sqlite://",
                      "SECRET_KEY": "k"})
    assert (app.config["IMPORT_MAX_ROWS"], app.config["IMPORT_MAX_BYTES"]) == (2_000_000, 2**20)
