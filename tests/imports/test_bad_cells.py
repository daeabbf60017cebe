"""Cells no import may store or crash on: control characters, huge and malformed numbers."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from contest.extensions import db
from contest.imports.entries import ImportRejected, import_entries
from contest.imports.judges import import_judges
from contest.imports.reader import read_table
from contest.imports.scores import import_scores
from contest.models import ContestKind, Entry, Phase, Role, ScoreSheet, User
from tests import factories

HUGE = "9" * 400


@pytest.fixture
def ctx(app):
    with app.app_context():
        yield


def csv(*lines: str):
    return read_table(("\n".join(lines) + "\n").encode("utf-8"), "tep.csv")


def test_control_characters_are_dropped_from_every_imported_entry_cell(ctx):
    edition = factories.make_edition(ContestKind.YOUTH, birth_date_from=date(2007, 7, 31),
                                     birth_date_to=date(2019, 7, 31))
    db.session.commit()
    field = edition.fields[0].code
    import_entries(edition=edition, actor=None, table=csv(
        "Tên giải pháp,Mã lĩnh vực,Tác giả,Ngày sinh,Giáo viên hướng dẫn",
        f"\"Máy\x01 tưới\x7f cây\x1b tự\u0085động\",{field}\x08,\"Nguyễn\x02Văn An; Trần\tBình\","
        "15/03/2012; 02/09/2011,\"Lê Thị\r\nHoa\x9f\""))
    db.session.commit()
    entry = db.session.scalar(select(Entry))
    assert entry.title == "Máy tưới cây tự động"
    assert [a.full_name for a in entry.authors] == ["NguyễnVăn An", "Trần Bình"]
    assert entry.teacher_name == "Lê Thị Hoa"


def test_control_characters_are_dropped_from_imported_judges(ctx):
    edition = factories.make_edition()
    db.session.commit()
    import_judges(edition=edition, actor=None, invite_hours=72, table=csv(
        "E-mail,Họ và tên,Đơn vị,Lĩnh vực",
        f"gk\x03@example.vn,\"Lâm\x07 Văn\x1f Giám\",,{edition.fields[0].code}"))
    db.session.commit()
    judge = db.session.scalar(select(User).where(User.role == Role.JUDGE))
    assert (judge.email, judge.full_name) == ("gk@example.vn", "Lâm Văn Giám")


@pytest.fixture
def judging(ctx):
    edition = factories.make_edition(ContestKind.TECHNICAL, phase=Phase.JUDGING)
    entry = factories.make_eligible_entry(edition)
    factories.make_judge(edition, [entry.field], email="gk@example.vn")
    db.session.commit()
    return edition, entry.code


def scores_file(code: str, rows: list[tuple[str, str, str]]):
    return csv("Mã hồ sơ,E-mail giám khảo,Mã tiêu chí,Điểm,Vòng,Nhận xét",
               *(f"{code},gk@example.vn,{criterion},\"{score}\",{round_},\"Ghi\x01 chú\x1b\""
                 for criterion, score, round_ in rows))


@pytest.mark.parametrize("score", ["NaN", "Infinity", "-Infinity", "1e309", HUGE, "1e-400",
                                   "0e-400", "1e1", "²", "0x10"])
def test_a_malformed_score_is_a_row_error(judging, score):
    edition, code = judging
    with pytest.raises(ImportRejected) as rejected:
        import_scores(edition=edition, actor=None, table=scores_file(code, [
            ("moi", score, "1"), ("ap-dung", "20", "1"), ("hieu-qua", "20", "1")]))
    db.session.rollback()
    assert [(e.row, e.column) for e in rejected.value.errors] == [(2, "Điểm")]
    assert rejected.value.errors[0].message in ("Điểm phải là một số.", "Điểm phải từ 0 đến 30.")
    assert db.session.scalar(select(func.count()).select_from(ScoreSheet)) == 0


@pytest.mark.parametrize("round_", ["²", HUGE, "9" * 5000, "1e0", "-1", "1.5"])
def test_a_malformed_round_is_a_row_error(judging, round_):
    edition, code = judging
    with pytest.raises(ImportRejected) as rejected:
        import_scores(edition=edition, actor=None, table=scores_file(code, [
            ("moi", "20", round_), ("ap-dung", "20", "1"), ("hieu-qua", "20", "1")]))
    db.session.rollback()
    assert [(e.row, e.column) for e in rejected.value.errors][:1] == [(2, "Vòng")]
    assert db.session.scalar(select(func.count()).select_from(ScoreSheet)) == 0


def test_minus_zero_is_a_score_of_zero_and_comments_lose_control_characters(judging):
    edition, code = judging
    import_scores(edition=edition, actor=None, table=scores_file(code, [
        ("moi", "-0", "1"), ("ap-dung", "20", "1"), ("hieu-qua", "20,5", "1")]))
    db.session.commit()
    sheet = db.session.scalar(select(ScoreSheet))
    assert [(str(s.value), s.comment) for s in sheet.scores] == [
        ("0.00", "Ghi chú"), ("20.00", "Ghi chú"), ("20.50", "Ghi chú")]
