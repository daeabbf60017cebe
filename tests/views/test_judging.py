"""Judging in the browser's place: queue, blind dossier, score sheet rules, recusal."""
from __future__ import annotations

import io
import re
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, insert, select

from contest import clock
from contest.extensions import db
from contest.models import (
    Assignment,
    Attachment,
    AttachmentKind,
    Author,
    Edition,
    Entry,
    EntryStatus,
    Judge,
    Phase,
    Role,
    ScoreSheet,
    Screening,
    SheetStatus,
    Unit,
    UnitKind,
    User,
)
from contest.services.assignments import assign_judges
from contest.services.scoring import reopen_sheet
from contest.services.submission import next_entry_code
from tests import factories
from tests.conftest import csrf_token
from tests.querycount import count_queries


def eligible_entry(edition: Edition, field, unit: Unit, number: int) -> Entry:
    entry = Entry(edition=edition, field=field, title=f"Giải pháp {number}",
                  status=EntryStatus.SUBMITTED, screening=Screening.ELIGIBLE,
                  submitted_at=clock.now(), teacher_name="Cô Lâm Thị Huệ")
    entry.code = next_entry_code(edition)
    entry.authors = [Author(position=1, full_name=f"Châu Bảo Ngọc {number}", unit=unit,
                            birth_date=date(2012, 3, 3))]
    db.session.add(entry)
    db.session.flush()
    return entry


def assign_eligible_entries(edition: Edition, field, judges: list[Judge],
                            numbers: range) -> None:
    """Entries as eligible_entry builds them, each assigned to judges[number % len(judges)],
    inserted in bulk (the 1,000-row statement-count fixtures)."""
    ids = factories.insert_entries(edition, [
        {"field_id": field.id, "title": f"Giải pháp {number}", "status": EntryStatus.SUBMITTED,
         "screening": Screening.ELIGIBLE, "submitted_at": clock.now(),
         "teacher_name": "Cô Lâm Thị Huệ"} for number in numbers],
        [[{"full_name": f"Châu Bảo Ngọc {number}", "birth_date": date(2012, 3, 3)}]
         for number in numbers])
    db.session.execute(insert(Assignment), [
        {"entry_id": entry_id, "judge_id": judges[number % len(judges)].id}
        for entry_id, number in zip(ids, numbers, strict=True)])


@pytest.fixture
def judging(app):
    """A judging edition: field 0 has four judges (one from the entries' school), 6 entries."""
    with app.app_context():
        edition = factories.make_edition(phase=Phase.JUDGING, blind_judging=True)
        school = Unit(name="Trường THCS Thiện Mỹ", kind=UnitKind.SCHOOL)
        field = edition.fields[0]
        judges = [factories.make_user(Role.JUDGE, email=f"gk{i}@example.vn",
                                      full_name=f"Giám Khảo Số {i}") for i in range(4)]
        judges[3].unit = school
        seats = [factories.make_judge(edition, [field], user=user) for user in judges]
        entries = [eligible_entry(edition, field, school if i % 2 else None, i) for i in range(6)]
        assign_judges(edition=edition, round_number=1, seed=1, actor=None)
        db.session.commit()
        return {"edition": edition.id, "judges": [s.id for s in seats],
                "entries": [e.id for e in entries]}


def assignments_of(email: str) -> list[Assignment]:
    return db.session.scalars(select(Assignment).join(Judge).join(User).where(
        User.email == email).order_by(Assignment.id)).all()


def test_assignment_gives_three_conflict_free_judges(app, judging):
    with app.app_context():
        for entry_id in judging["entries"]:
            entry = db.session.get(Entry, entry_id)
            judges = db.session.scalars(select(Judge).join(Assignment).where(
                Assignment.entry_id == entry_id)).all()
            assert len(judges) == 3
            units = {a.unit_id for a in entry.authors}
            assert all(j.user.unit_id is None or j.user.unit_id not in units for j in judges)
        loads = [len(assignments_of(f"gk{i}@example.vn")) for i in range(4)]
        assert max(loads) - min(loads) <= 3  # gk3 may only take the three entries without a unit


def test_judge_sees_queue_and_scores_within_rules(client, auth, app, judging):
    auth.login("gk0@example.vn")
    queue = client.get("/judge/").get_data(as_text=True)
    with app.app_context():
        mine = assignments_of("gk0@example.vn")
        criteria = {c.code: c.id for c in db.session.get(Edition, judging["edition"]).criteria}
        first = mine[0].id
    assert f"Đã hoàn tất 0 / {len(mine)} phiếu chấm." in queue
    page = client.get(f"/judge/assignments/{first}")
    version = re.search(r'name="version" type="hidden" value="(\d+)"', page.get_data(as_text=True))
    bad = auth.post(f"/judge/assignments/{first}", {
        "version": version.group(1), f"score_{criteria['moi']}": "31",
        f"score_{criteria['ap-dung']}": "12,3", f"score_{criteria['hieu-qua']}": "abc",
        "save": "1"})
    text = bad.get_data(as_text=True)
    assert "Điểm phải từ 0 đến 30." in text
    assert "Điểm phải theo bước 0,5" in text
    assert "Điểm phải là một số." in text
    assert 'value="12,3"' in text  # the typed input is kept
    scores = {f"score_{cid}": "9" for cid in criteria.values()}
    saved = auth.post(f"/judge/assignments/{first}", {"version": "0", **scores, "save": "1"})
    assert saved.status_code == 302
    done = auth.post(f"/judge/assignments/{first}", {"version": "1", **scores, "finalise": "1"})
    assert done.status_code == 302
    with app.app_context():
        sheet = db.session.get(Assignment, first).sheet
        assert (sheet.status, sheet.total) == (SheetStatus.FINAL, Decimal(45))
    locked = auth.post(f"/judge/assignments/{first}", {"version": "2", **scores, "save": "1"})
    assert "Phiếu chấm đã hoàn tất; chỉ Ban tổ chức mới mở lại được." in locked.get_data(
        as_text=True)
    assert "Đã hoàn tất 1 / " in client.get("/judge/").get_data(as_text=True)


def test_reopened_sheet_can_be_corrected(client, auth, app, judging):
    auth.login("gk0@example.vn")
    with app.app_context():
        first = assignments_of("gk0@example.vn")[0].id
        criteria = [c.id for c in db.session.get(Edition, judging["edition"]).criteria]
    scores = {f"score_{cid}": "5" for cid in criteria}
    auth.post(f"/judge/assignments/{first}", {"version": "0", **scores, "finalise": "1"})
    with app.app_context():
        organiser = factories.make_user(Role.ORGANIZER)
        reopen_sheet(sheet=db.session.get(Assignment, first).sheet, actor=organiser,
                     reason="Giám khảo nhập nhầm điểm tiêu chí 1")
        db.session.commit()
    page = client.get(f"/judge/assignments/{first}").get_data(as_text=True)
    version = re.search(r'name="version" type="hidden" value="(\d+)"', page).group(1)
    fixed = auth.post(f"/judge/assignments/{first}", {"version": version, **scores,
                                                      f"score_{criteria[0]}": "6", "save": "1"})
    assert fixed.status_code == 302
    with app.app_context():
        assert db.session.get(Assignment, first).sheet.total == Decimal(26)


def test_two_tabs_second_save_gets_a_conflict(client, auth, app, judging):
    auth.login("gk0@example.vn")
    with app.app_context():
        first = assignments_of("gk0@example.vn")[0].id
        moi = db.session.get(Edition, judging["edition"]).criteria[0].id
    token = csrf_token(client)
    one = client.post(f"/judge/assignments/{first}/autosave",
                      data={"version": "0", f"score_{moi}": "20", "csrf_token": token})
    assert one.get_json() == {"ok": True, "version": 1, "total": "20.00"}
    two = client.post(f"/judge/assignments/{first}/autosave",
                      data={"version": "0", f"score_{moi}": "25", "csrf_token": token})
    assert two.status_code == 409
    assert "vừa được lưu ở một cửa sổ hoặc thiết bị khác" in two.get_json()["message"]
    form = auth.post(f"/judge/assignments/{first}", {"version": "0", f"score_{moi}": "26",
                                                     "save": "1"})
    assert 'value="26"' in form.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Assignment, first).sheet.total == Decimal(20)


def test_unassigned_entry_and_its_files_are_404(client, auth, app, judging):
    with app.app_context():
        others = select(Assignment.id).join(Judge).join(User).where(User.email != "gk1@example.vn")
        mine = {a.entry_id for a in assignments_of("gk1@example.vn")}
        foreign_entry = next(e for e in judging["entries"] if e not in mine)
        foreign = db.session.scalar(others.where(Assignment.entry_id == foreign_entry))
        photo = Attachment(entry_id=foreign_entry, kind=AttachmentKind.PRODUCT_PHOTO,
                           original_name="a.png", stored_name="zz.png", content_type="image/png",
                           size=1, sha256="0" * 64)
        db.session.add(photo)
        db.session.commit()
        photo_id = photo.id
    auth.login("gk1@example.vn")
    assert client.get(f"/judge/assignments/{foreign}").status_code == 404
    assert auth.post(f"/judge/assignments/{foreign}", {"version": "0", "save": "1"}).status_code \
        == 404
    assert auth.post(f"/judge/assignments/{foreign}/autosave", {"version": "0"}).status_code == 404
    assert client.get(f"/files/{photo_id}").status_code == 404
    assert client.get(f"/entrant/entries/{foreign_entry}").status_code == 403


def test_blind_mode_reveals_no_author_teacher_or_unit(client, auth, app, judging, tmp_path):
    from tests.sample_files import image_bytes

    with app.app_context():
        assignment = assignments_of("gk2@example.vn")[0]
        entry = assignment.entry
        upload_root = app.config["UPLOAD_FOLDER"]
        from contest.services.attachments import store_attachment

        owner = factories.make_user(email="chau@example.vn", full_name="Châu Bảo Ngọc")
        store_attachment(entry=entry, actor=owner, kind=AttachmentKind.PRODUCT_PHOTO,
                         stream=io.BytesIO(image_bytes()), filename="Chau Bao Ngoc - may.png",
                         upload_root=__import__("pathlib").Path(upload_root))
        store_attachment(entry=entry, actor=owner, kind=AttachmentKind.AUTHOR_PHOTO,
                         author=entry.authors[0], stream=io.BytesIO(image_bytes()),
                         filename="chan-dung.png",
                         upload_root=__import__("pathlib").Path(upload_root))
        db.session.commit()
        ids = [a.id for a in entry.attachments]
        names = [a.full_name for a in entry.authors] + ["Lâm Thị Huệ", "Thiện Mỹ", "Chau Bao"]
        assignment_id = assignment.id
    auth.login("gk2@example.vn")
    bodies = [client.get("/judge/").get_data(as_text=True),
              client.get(f"/judge/assignments/{assignment_id}").get_data(as_text=True)]
    product = client.get(f"/files/{ids[0]}")
    assert product.status_code == 200
    disposition = product.headers["Content-Disposition"]
    assert re.search(r'filename=TTN-\d{4}-\d{4}-product-photo-1\.png', disposition), disposition
    assert client.get(f"/files/{ids[1]}").status_code == 404  # the author's photo
    for body in [*bodies, disposition, product.get_data(as_text=False).decode("latin-1")]:
        for name in names:
            assert name not in body
            assert name.lower() not in body.lower()


def test_judge_never_sees_other_judges_scores(client, auth, app, judging):
    with app.app_context():
        entry_id = judging["entries"][0]
        assignments = db.session.scalars(select(Assignment).where(
            Assignment.entry_id == entry_id)).all()
        criteria = db.session.get(Edition, judging["edition"]).criteria
        other, mine = assignments[0], assignments[1]
        other.sheet = ScoreSheet(comment="Nhận xét bí mật của người khác")
        db.session.commit()
        from contest.services.scoring import ScoreInput, save_sheet

        save_sheet(assignment=other, actor=other.judge.user, comment="Ý kiến riêng XYZ",
                   scores={c.id: ScoreInput("7.5") for c in criteria},
                   expected_version=other.sheet.version, now=clock.now())
        db.session.commit()
        mine_id, my_email = mine.id, mine.judge.user.email
    auth.login(my_email)
    page = client.get(f"/judge/assignments/{mine_id}").get_data(as_text=True)
    assert "Ý kiến riêng XYZ" not in page and "7,5" not in page and "37,5" not in page


def test_recusal_moves_the_entry_to_another_judge(client, auth, app, judging):
    with app.app_context():
        first = assignments_of("gk0@example.vn")[0]
        entry_id, first_id = first.entry_id, first.id
    auth.login("gk0@example.vn")
    response = auth.post(f"/judge/assignments/{first_id}/recuse",
                         {"reason": "Tác giả là cháu ruột của tôi"})
    assert response.headers["Location"] == "/judge/"
    with app.app_context():
        judges = db.session.scalars(select(User.email).join(Judge).join(
            Assignment, Assignment.judge_id == Judge.id).where(
            Assignment.entry_id == entry_id)).all()
        assert "gk0@example.vn" not in judges
        entry = db.session.get(Entry, entry_id)
        assert len(judges) == 3 or entry.authors[0].unit_id is not None


def test_queue_runs_fixed_queries_for_10_and_1000_assignments(client, auth, app):
    with app.app_context():
        edition = factories.make_edition(phase=Phase.JUDGING, judges_per_entry=1)
        judge = factories.make_judge(edition, [edition.fields[0]], email="gk@example.vn")
        for number in range(10):
            db.session.add(Assignment(entry=eligible_entry(edition, edition.fields[0], None,
                                                           number), judge=judge))
        db.session.commit()
        edition_id, judge_id = edition.id, judge.id
    auth.login("gk@example.vn")
    with count_queries(app) as small:
        assert "0 / 10" in client.get("/judge/").get_data(as_text=True)
    with app.app_context():
        edition = db.session.get(Edition, edition_id)
        judge = db.session.get(Judge, judge_id)
        assign_eligible_entries(edition, edition.fields[0], [judge], range(10, 1000))
        db.session.commit()
    with count_queries(app) as large:
        assert "0 / 1000" in client.get("/judge/").get_data(as_text=True)
    assert small.count == large.count
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Assignment)) == 1000


def stored_sheet(assignment_id: int) -> tuple:
    """What the judge has stored: scores and comments by criterion, the sheet comment, version,
    and how many sheet.save events the audit log holds."""
    from contest.models import AuditEvent

    sheet = db.session.get(Assignment, assignment_id).sheet
    saves = db.session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "sheet.save"))
    return ({s.criterion.code: (s.value, s.comment) for s in sheet.scores}, sheet.comment,
            sheet.version, saves)


@pytest.fixture
def drafted(client, auth, app, judging) -> dict:
    """gk0's first sheet saved as a draft: every criterion scored and commented."""
    auth.login("gk0@example.vn")
    with app.app_context():
        first = assignments_of("gk0@example.vn")[0].id
        criteria = {c.code: c.id for c in db.session.get(Edition, judging["edition"]).criteria}
    data = {"version": "0", "comment": "Ý tưởng gọn", **{
        f"score_{cid}": "8" for cid in criteria.values()}, **{
        f"comment_{cid}": f"Nhận xét {code}" for code, cid in criteria.items()}}
    saved = auth.post(f"/judge/assignments/{first}/autosave", data)
    assert saved.get_json()["ok"] is True
    with app.app_context():
        before = stored_sheet(first)
    assert before[2] == 1
    return {"assignment": first, "criteria": criteria, "before": before}


@pytest.mark.parametrize("version", [None, "", "abc", "1.0", "9" * 5000])
def test_an_autosave_without_a_usable_version_is_refused_and_changes_nothing(
        auth, app, drafted, version):
    first, criteria = drafted["assignment"], drafted["criteria"]
    data = {f"score_{criteria['moi']}": "", f"comment_{criteria['moi']}": "", "comment": ""}
    if version is not None:
        data["version"] = version
    refused = auth.post(f"/judge/assignments/{first}/autosave", data)
    assert refused.status_code == 400
    assert refused.get_json() == {"ok": False, "message": (
        "Chưa lưu: yêu cầu lưu không kèm số phiên bản của phiếu chấm. Hãy tải lại trang rồi "
        "nhập lại.")}
    with app.app_context():
        assert stored_sheet(first) == drafted["before"]


def test_a_page_save_without_a_version_is_refused_with_a_message(auth, app, drafted):
    first, criteria = drafted["assignment"], drafted["criteria"]
    page = auth.post(f"/judge/assignments/{first}", {
        f"score_{criteria['moi']}": "", "comment": "", "save": "1"})
    assert page.status_code == 200
    assert ("Chưa lưu: yêu cầu lưu không kèm số phiên bản của phiếu chấm. Hãy tải lại trang rồi "
            "nhập lại.") in page.get_data(as_text=True)
    finalised = auth.post(f"/judge/assignments/{first}", {"finalise": "1"})
    assert finalised.status_code == 200
    with app.app_context():
        assert stored_sheet(first) == drafted["before"]
        assert db.session.get(Assignment, first).sheet.status == SheetStatus.DRAFT


def test_a_partial_autosave_changes_only_the_fields_it_carries(auth, app, drafted):
    first, criteria = drafted["assignment"], drafted["criteria"]
    scores, comment, _version, saves = drafted["before"]

    nothing = auth.post(f"/judge/assignments/{first}/autosave", {"version": "1"})
    assert nothing.get_json() == {"ok": True, "version": 1, "total": "40.00"}
    with app.app_context():
        assert stored_sheet(first) == drafted["before"]

    one = auth.post(f"/judge/assignments/{first}/autosave", {
        "version": "1", f"score_{criteria['moi']}": "20"})
    assert one.get_json() == {"ok": True, "version": 2, "total": "52.00"}
    with app.app_context():
        assert stored_sheet(first) == (
            {**scores, "moi": (Decimal(20), "Nhận xét moi")}, comment, 2, saves + 1)

    # Present but empty is not absent: it clears that score, that comment, that field only.
    cleared = auth.post(f"/judge/assignments/{first}/autosave", {
        "version": "2", f"score_{criteria['ap-dung']}": "", f"comment_{criteria['moi']}": ""})
    assert cleared.get_json() == {"ok": True, "version": 3, "total": "44.00"}
    with app.app_context():
        assert stored_sheet(first) == (
            {**scores, "moi": (Decimal(20), ""), "ap-dung": (None, "Nhận xét ap-dung")},
            comment, 3, saves + 2)
