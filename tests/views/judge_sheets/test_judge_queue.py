"""The judge sees only their conflict-free assignments, blind where the edition says so."""
from __future__ import annotations

import io
import re
from decimal import Decimal

from sqlalchemy import func, select

from contest import clock
from contest.extensions import db
from contest.models import (
    Assignment,
    Attachment,
    AttachmentKind,
    Edition,
    Entry,
    Judge,
    Phase,
    ScoreSheet,
    SheetStatus,
    User,
)
from tests import factories
from tests.querycount import count_queries
from tests.views.judge_sheets.world import assign_eligible_entries, assignments_of, eligible_entry


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
