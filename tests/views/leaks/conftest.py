"""The leak tests' judged edition."""
from __future__ import annotations

import io
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from contest import clock
from contest.extensions import db
from contest.models import AttachmentKind, Phase, Role, Unit, UnitKind
from contest.services.attachments import store_attachment
from contest.services.results import mark_provisional, run_ranking
from tests import factories
from tests.sample_files import image_bytes, pdf_bytes
from tests.views.leaks.world import OWN_TITLE, score, submitted_entry


@pytest.fixture
def judged(app):
    """A judging edition: four entries with finished sheets, a ranking run chosen as the
    provisional results but nothing published yet; the owner's entry has two files."""
    with app.app_context():
        edition = factories.make_edition(phase=Phase.JUDGING,
                                         objection_ends_at=clock.now() + timedelta(hours=1))
        first, second = edition.fields[0], edition.fields[1]
        school = Unit(name="Trường THCS Thiện Mỹ", kind=UnitKind.SCHOOL)
        owner = factories.make_user(email="owner@example.vn")
        other = factories.make_user(email="other@example.vn")
        own = submitted_entry(edition, owner, first, OWN_TITLE, "Châu Bảo Ngọc", school)
        best = submitted_entry(edition, other, first, "Bàn học gấp gọn", "Lê Văn Tám", school)
        third = submitted_entry(edition, None, second, "Bếp tiết kiệm củi", "Trần Thị Hoa", None)
        last = submitted_entry(edition, None, second, "Chổi quét lá", "Phạm Văn Đồng", None)
        judges = [factories.make_judge(edition, [first, second]) for _ in range(3)]
        score(edition, judges, own, ("87", "87.5", "87.5"))
        score(edition, judges, best, ("92.5", "92.5", "92.5"))
        score(edition, judges, third, ("65", "65", "65"))
        score(edition, judges, last, ("40", "40", "40"))
        organiser = factories.make_user(Role.ORGANIZER)
        run = run_ranking(edition=edition, round_number=1, method="mean", actor=organiser)
        mark_provisional(edition=edition, run=run, actor=organiser)
        upload_root = Path(app.config["UPLOAD_FOLDER"])
        photo = store_attachment(entry=own, actor=owner, kind=AttachmentKind.PRODUCT_PHOTO,
                                 stream=io.BytesIO(image_bytes()), filename="may-loc.png",
                                 upload_root=upload_root)
        paper = store_attachment(entry=own, actor=owner, kind=AttachmentKind.DESCRIPTION_PDF,
                                 stream=io.BytesIO(pdf_bytes()), filename="thuyet-minh.pdf",
                                 upload_root=upload_root)
        db.session.commit()
        rows = {row.entry_id: row for row in run.rows}
        assert (rows[own.id].score, rows[own.id].rank, rows[own.id].award) == (
            Decimal("87.33"), 2, "nhi")
        return {"edition": edition.id, "entry": own.id, "code": own.code, "best": best.id,
                "third": third.id, "last": last.id, "organiser": organiser.id,
                "attachments": [photo.id, paper.id]}
