"""Edition set-up rules: settings, fields, criteria and award tiers, and the scoring lock."""
from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from contest import clock
from contest.extensions import db
from contest.models import AuditEvent, Edition, Phase
from contest.services import DomainError
from contest.services.edition_setup import (
    SetupProblem,
    SetupProblems,
    scoring_started,
    update_edition_settings,
)
from contest.services.edition_tables import (
    AwardTierRow,
    CriterionRow,
    FieldRow,
    replace_award_tiers,
    replace_criteria,
    replace_fields,
)
from contest.services.editions import next_edition, shift_year_label
from tests import factories


@pytest.fixture
def ctx(app):
    with app.test_request_context():
        yield


def criterion_rows(edition: Edition) -> list[CriterionRow]:
    return [CriterionRow(code=c.code, name=c.name, description=c.description,
                         max_score=c.max_score, step=c.step,
                         tie_break_priority=c.tie_break_priority) for c in edition.criteria]


def problems_of(call) -> list[SetupProblem]:
    with pytest.raises(SetupProblems) as raised:
        call()
    return raised.value.problems


def test_criteria_rules_are_named_at_each_cell(ctx):
    edition = factories.make_edition(phase=Phase.DRAFT)
    rows = criterion_rows(edition)
    rows[0] = replace(rows[0], max_score=Decimal(0))
    rows[1] = replace(rows[1], max_score=Decimal(25), step=Decimal(2))
    rows[2] = replace(rows[2], step=Decimal("-0.5"))
    rows[3] = replace(rows[3], name=" ", tie_break_priority=1)
    rows[4] = replace(rows[4], code="Vật liệu", tie_break_priority=9)
    ids = [c.id for c in edition.criteria]
    found = problems_of(lambda: replace_criteria(edition=edition, actor=None, rows=rows))
    assert found == [
        SetupProblem("name", "Vui lòng nhập thông tin này.", 3),
        SetupProblem("code", "Mã chỉ gồm chữ thường không dấu, số và dấu gạch nối, tối đa 40 "
                             "ký tự.", 4),
        SetupProblem("max_score", "Phải lớn hơn 0.", 0),
        SetupProblem("max_score", "Điểm tối đa phải là bội số của bước điểm 2.", 1),
        SetupProblem("step", "Phải lớn hơn 0.", 2),
        SetupProblem("tie_break_priority", "Thứ tự ưu tiên 1 bị trùng.", 3),
        SetupProblem("tie_break_priority", "Thứ tự ưu tiên phải từ 1 đến 5.", 4),
    ]
    assert [c.id for c in edition.criteria] == ids and edition.max_total == 100


def test_criteria_are_updated_in_place_by_code(ctx):
    edition = factories.make_edition(phase=Phase.DRAFT)
    ids = {c.code: c.id for c in edition.criteria}
    rows = criterion_rows(edition)[:4]
    rows[0] = replace(rows[0], max_score=Decimal("27.5"), step=Decimal("0.25"))
    rows.append(CriterionRow(code="", name="Tính thẩm mỹ", max_score=Decimal("12.5"),
                             step=Decimal("0.5")))
    assert replace_criteria(edition=edition, actor=None, rows=rows) is True
    db.session.flush()
    assert [(c.code, c.max_score, c.tie_break_priority) for c in edition.criteria] == [
        ("moi", Decimal("27.5"), 1), ("ap-dung", 25, 2), ("hieu-qua", 25, 3),
        ("vat-lieu", 10, 4), ("tinh-tham-my", Decimal("12.5"), 5)]
    assert [c.id for c in edition.criteria[:4]] == [ids[c] for c in (
        "moi", "ap-dung", "hieu-qua", "vat-lieu")]
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "edition.criteria"))
    assert event.before["rows"][0]["max_score"] == "30.00"
    assert event.after["rows"][0]["max_score"] == "27.50"
    assert replace_criteria(edition=edition, actor=None, rows=criterion_rows(edition)) is False


def test_criteria_lock_once_judging_starts(ctx):
    edition = factories.make_edition(phase=Phase.SCREENING)
    assert not scoring_started(edition)
    edition.phase = Phase.JUDGING
    assert scoring_started(edition)
    changed = criterion_rows(edition)
    changed[0] = replace(changed[0], max_score=Decimal(40))
    for rows in (changed, criterion_rows(edition)[:4],
                 [*criterion_rows(edition), CriterionRow("moi-2", "Mới", max_score=Decimal(5),
                                                         step=Decimal(1))]):
        with pytest.raises(DomainError) as locked:
            replace_criteria(edition=edition, actor=None, rows=rows)
        assert str(locked.value) == "Đã bắt đầu chấm điểm: không thể sửa tiêu chí."
    assert edition.criteria[0].max_score == 30 and len(edition.criteria) == 5
    # Wording may still be fixed: it changes no score.
    renamed = [replace(row, name=row.name.upper()) for row in criterion_rows(edition)]
    assert replace_criteria(edition=edition, actor=None, rows=renamed) is True
    found = problems_of(lambda: update_edition_settings(
        edition=edition, actor=None, values={"judges_per_entry": 5, "blind_judging": True}))
    message = "Đã bắt đầu chấm điểm: không thể đổi thiết lập này."
    assert found == [SetupProblem("judges_per_entry", message),
                     SetupProblem("blind_judging", message)]
    assert update_edition_settings(edition=edition, actor=None, values={"max_photos": 4})


def test_a_field_with_entries_cannot_be_removed(ctx):
    edition = factories.make_edition()
    software = edition.fields[1]
    factories.make_entry(edition, field=software)
    rows = [FieldRow(f.code, f.name) for f in edition.fields if f is not software]
    with pytest.raises(DomainError) as refused:
        replace_fields(edition=edition, actor=None, rows=rows)
    assert str(refused.value) == (
        "Không thể xóa lĩnh vực đã có hồ sơ dự thi: “Phần mềm tin học”.")
    assert len(edition.fields) == 5

    unused = [FieldRow(f.code, f.name) for f in edition.fields if f.code != "khi-hau"]
    unused.insert(0, FieldRow("", "Trí tuệ nhân tạo"))
    assert replace_fields(edition=edition, actor=None, rows=unused)
    db.session.flush()
    assert [f.code for f in edition.fields] == [
        "tri-tue-nhan-tao", "hoc-tap", "phan-mem", "moi-truong", "gia-dinh"]
    assert software.id == edition.fields[2].id


def test_field_codes_must_be_unique_and_named(ctx):
    edition = factories.make_edition()
    rows = [FieldRow("hoc-tap", "A"), FieldRow("hoc-tap", "B"), FieldRow("x", "")]
    assert problems_of(lambda: replace_fields(edition=edition, actor=None, rows=rows)) == [
        SetupProblem("code", "Mã “hoc-tap” bị trùng.", 1),
        SetupProblem("name", "Vui lòng nhập thông tin này.", 2)]
    assert problems_of(lambda: replace_fields(edition=edition, actor=None, rows=[])) == [
        SetupProblem("fields", "Cuộc thi cần ít nhất một lĩnh vực.")]


def test_award_tiers_bands_quotas_and_order(ctx):
    edition = factories.make_edition()
    rows = [AwardTierRow("kk", "Giải Khuyến khích", Decimal(60), None),
            AwardTierRow("nhat", "Giải Nhất", Decimal(90), 3),
            AwardTierRow("dac-biet", "Giải Đặc biệt", Decimal(101), 1),
            AwardTierRow("nhi", "Giải Nhì", Decimal(80), -1)]
    assert problems_of(lambda: replace_award_tiers(edition=edition, actor=None, rows=rows)) == [
        SetupProblem("min_score", "Không được vượt tổng điểm tối đa 100.", 2),
        SetupProblem("quota", "Không được âm; để trống nếu không giới hạn.", 3)]
    rows[2] = replace(rows[2], min_score=Decimal(95))
    rows[3] = replace(rows[3], quota=None)
    replace_award_tiers(edition=edition, actor=None, rows=rows)
    assert [(t.code, t.position, t.quota) for t in edition.award_tiers] == [
        ("dac-biet", 1, 1), ("nhat", 2, 3), ("nhi", 3, None), ("kk", 4, None)]


def test_settings_check_ranges_dates_and_numbers(ctx):
    edition = factories.make_edition(phase=Phase.DRAFT)
    factories.make_edition(phase=Phase.DRAFT)  # the next number is taken
    deadline = edition.submission_deadline_at
    found = problems_of(lambda: update_edition_settings(edition=edition, actor=None, values={
        "number": edition.number + 1, "max_authors": 0, "year_label": "năm sau",
        "judging_starts_at": deadline - timedelta(days=1),
        "birth_date_from": edition.birth_date_to, "birth_date_to": edition.birth_date_from}))
    assert found == [
        SetupProblem("year_label", "Nhãn năm có tối đa 20 ký tự và có năm bắt đầu, "
                                   "ví dụ 2025–2026."),
        SetupProblem("max_authors", "Hãy nhập một số từ 1 đến 20."),
        SetupProblem("number", f"Cuộc thi này đã có lần thứ {edition.number + 1}."),
        SetupProblem("judging_starts_at", "Thời điểm này phải sau “Hạn nộp hồ sơ”."),
        SetupProblem("birth_date_to", "Ngày cuối phải sau ngày đầu của khoảng ngày sinh."),
    ]
    later = deadline + timedelta(days=7)
    assert update_edition_settings(edition=edition, actor=None, values={
        "judging_starts_at": later, "max_authors": 3, "year_label": " 2031–2032 "})
    assert (edition.judging_starts_at, edition.max_authors, edition.year_label) == (
        later, 3, "2031–2032")
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "edition.settings"))
    assert event.before == {"judging_starts_at": None, "max_authors": 5,
                            "year_label": event.before["year_label"]}
    assert event.after["max_authors"] == 3


def test_next_edition_follows_the_contest_cadence():
    assert shift_year_label("2024–2025", 2) == "2026–2027"
    assert shift_year_label("2021-22", 1) == "2022-23"
    today = clock.vietnam_date(clock.now())
    assert next_edition(factories.ContestKind.YOUTH, [], today) == (
        1, f"{today.year}–{today.year + 1}")
