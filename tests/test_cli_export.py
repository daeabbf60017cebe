"""The `export-national` command writes the national dossier ZIP."""
from __future__ import annotations

import hashlib
import zipfile

from tests.national_dossier import locked_dossier


def build(app, lock: bool = True):
    with app.app_context():
        return locked_dossier(lock=lock)


def test_export_national_writes_the_zip(runner, app, tmp_path):
    dossier = build(app)
    output = tmp_path / "out" / "toan-quoc.zip"
    output.parent.mkdir()
    result = runner.invoke(args=["export-national", str(dossier.edition_id), str(output)])
    assert result.exit_code == 0, result.output
    assert "Đã xuất 3 hồ sơ" in result.output
    archive = zipfile.ZipFile(output)
    assert archive.testzip() is None
    first = dossier.codes[0]
    assert hashlib.sha256(archive.read(f"01-{first}/Thuyết minh.pdf")).hexdigest() == \
        dossier.files[first]["Thuyết minh.pdf"]
    assert "list.xlsx" in archive.namelist()
    assert list(output.parent.iterdir()) == [output]


def test_export_national_refuses_an_unlocked_list(runner, app, tmp_path):
    dossier = build(app, lock=False)
    output = tmp_path / "out" / "toan-quoc.zip"
    output.parent.mkdir()
    result = runner.invoke(args=["export-national", str(dossier.edition_id), str(output)])
    assert result.exit_code == 1
    assert "chưa khóa" in result.output
    assert list(output.parent.iterdir()) == []


def test_export_national_unknown_edition(runner, app, tmp_path):
    result = runner.invoke(args=["export-national", "999", str(tmp_path / "x.zip")])
    assert result.exit_code == 1
    assert "999" in result.output
