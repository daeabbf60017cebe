"""Command line: create-edition and set-phase, as FORMATS.md specifies."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from contest import clock
from contest.extensions import db
from contest.models import AuditEvent, Contest, ContestKind, Edition, Phase


def create(runner, *args):
    return runner.invoke(args=["create-edition", *args])


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_create_edition_prints_the_id_and_uses_the_defaults(runner, app):
    result = create(runner, "--contest", "youth", "--number", "12", "--year", "2025–2026")
    assert result.exit_code == 0, result.output
    edition_id = int(result.output.strip().splitlines()[-1])
    with app.app_context():
        edition = db.session.get(Edition, edition_id)
        assert (edition.contest.kind, edition.number, edition.year_label, edition.phase) == (
            ContestKind.YOUTH, 12, "2025–2026", Phase.DRAFT)
        assert edition.contest.name == "Cuộc thi Sáng tạo Thanh thiếu niên nhi đồng tỉnh Vĩnh Long"
        assert len(edition.fields) == 5
        assert sum(c.max_score for c in edition.criteria) == 100
        assert [t.code for t in edition.award_tiers] == ["nhat", "nhi", "ba", "kk"]
        events = db.session.scalars(select(AuditEvent.action).where(AuditEvent.ip == "cli")).all()
        assert events == ["contest.create", "edition.create"]

    technical = create(runner, "--contest", "technical", "--number", "10", "--year", "2024-2025")
    assert technical.exit_code == 0, technical.output
    with app.app_context():
        edition = db.session.get(Edition, int(technical.output.splitlines()[-1]))
        assert (len(edition.fields), len(edition.criteria)) == (6, 3)


def test_bad_create_edition_input_changes_nothing(runner, app):
    assert create(runner, "--contest", "youth", "--number", "3", "--year", "2025").exit_code == 0
    before = (count(app, Edition), count(app, AuditEvent))

    duplicate = create(runner, "--contest", "youth", "--number", "3", "--year", "2026")
    assert duplicate.exit_code != 0
    assert "Cuộc thi này đã có lần thứ 3." in duplicate.output
    unknown = create(runner, "--contest", "olympic", "--number", "1", "--year", "2026")
    assert unknown.exit_code != 0
    assert "không có cuộc thi “olympic”" in unknown.output
    no_year = create(runner, "--contest", "technical", "--number", "1", "--year", "sắp tới")
    assert no_year.exit_code != 0
    assert "Nhãn năm phải có năm bắt đầu" in no_year.output

    assert (count(app, Edition), count(app, AuditEvent)) == before
    assert count(app, Contest) == 1  # the technical contest was not left behind


def test_set_phase_follows_the_dates_unless_forced(runner, app):
    created = create(runner, "--contest", "youth", "--number", "1", "--year", "2026")
    edition_id = created.output.splitlines()[-1]
    with app.app_context():
        edition = db.session.get(Edition, int(edition_id))
        edition.registration_opens_at = clock.now() - timedelta(days=1)
        edition.submission_deadline_at = clock.now() + timedelta(days=30)
        db.session.commit()

    assert runner.invoke(args=["set-phase", edition_id, "open"]).exit_code == 0
    early = runner.invoke(args=["set-phase", edition_id, "closed"])
    assert early.exit_code != 0
    assert "chưa đến hạn nộp hồ sơ" in early.output
    forced = runner.invoke(args=["set-phase", edition_id, "closed", "--force"])
    assert forced.exit_code == 0, forced.output
    with app.app_context():
        assert db.session.get(Edition, int(edition_id)).phase == Phase.CLOSED
        event = db.session.scalars(select(AuditEvent).where(
            AuditEvent.action == "edition.phase").order_by(AuditEvent.id)).all()[-1]
        assert (event.before, event.after, event.ip) == (
            {"phase": "open"}, {"phase": "closed", "force": True}, "cli")


def test_set_phase_refuses_the_wrong_order_even_with_force(runner, app):
    created = create(runner, "--contest", "technical", "--number", "1", "--year", "2026")
    edition_id = created.output.splitlines()[-1]
    refused = runner.invoke(args=["set-phase", edition_id, "judging", "--force"])
    assert refused.exit_code != 0
    assert "Không thể chuyển từ giai đoạn “Bản nháp” sang “Đang chấm”." in refused.output
    for args in (["set-phase", edition_id, "draft"], ["set-phase", "999", "open"]):
        result = runner.invoke(args=args)
        assert result.exit_code != 0
        assert result.output.startswith("Lỗi: ")
    with app.app_context():
        assert db.session.get(Edition, int(edition_id)).phase == Phase.DRAFT
        assert db.session.scalar(select(AuditEvent).where(
            AuditEvent.action == "edition.phase")) is None
