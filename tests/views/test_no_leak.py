"""Results publication: nothing leaks before it, the owner sees the provisional result and may
object in the window, then the official list is public by field and tier."""
from __future__ import annotations

import io
import re
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine
from flask import url_for
from sqlalchemy import select

from contest import clock
from contest.extensions import db
from contest.models import (
    Assignment,
    AttachmentKind,
    AuditEvent,
    Author,
    Edition,
    Entry,
    EntryStatus,
    Objection,
    Phase,
    RankingRow,
    RankingRun,
    Role,
    Screening,
    Unit,
    UnitKind,
    User,
)
from contest.permissions import PUBLIC, roles_for
from contest.services.attachments import store_attachment
from contest.services.objections import answer_objection
from contest.services.publication import (
    pending_lines,
    publish_final,
    publish_provisional,
    store_version,
)
from contest.services.results import mark_provisional, override_award, run_ranking
from contest.services.scoring import ScoreInput, finalise_sheet, save_sheet
from contest.services.submission import next_entry_code
from tests import factories
from tests.querycount import count_queries
from tests.sample_files import image_bytes, pdf_bytes

TIER_NAMES = ("Giải Nhất", "Giải Nhì", "Giải Ba", "Giải Khuyến khích")
OWN_TITLE = "Máy lọc nước mưa thông minh"
# The owner's entry: judges' totals 87, 87.5 and 87.5 give a mean of 87.33 (Giải Nhì, rank 2).
OWN_SCORE_TEXTS = ("87,33", "87.33")
RESULT_WORDS = ("Hạng", "Không đạt giải", "Kết quả tạm thời", "Kết quả chính thức")
REASON = "Điểm tiêu chí tính mới chưa phản ánh đúng bằng sáng chế của chúng em."


def submitted_entry(edition: Edition, owner, field, title: str, author: str,
                    unit: Unit | None) -> Entry:
    entry = Entry(edition=edition, owner=owner, field=field, title=title,
                  status=EntryStatus.SUBMITTED, screening=Screening.ELIGIBLE,
                  submitted_at=clock.now())
    entry.code = next_entry_code(edition)
    entry.authors = [Author(position=1, full_name=author, unit=unit)]
    db.session.add(entry)
    db.session.flush()
    return entry


def sheet_scores(edition: Edition, total: Decimal) -> dict[int, ScoreInput]:
    """Criterion scores adding up to `total`, each within its maximum."""
    scores, left = {}, total
    for criterion in edition.criteria:
        value = min(criterion.max_score, left)
        scores[criterion.id] = ScoreInput(str(value))
        left -= value
    assert left == 0
    return scores


def score(edition: Edition, judges, entry: Entry, totals: tuple[str, str, str]) -> None:
    for judge, total in zip(judges, totals, strict=True):
        assignment = Assignment(entry=entry, judge=judge, round=1)
        db.session.add(assignment)
        db.session.flush()
        save_sheet(assignment=assignment, actor=judge.user, comment="",
                   scores=sheet_scores(edition, Decimal(total)), expected_version=0,
                   now=clock.now())
        finalise_sheet(assignment=assignment, actor=judge.user, now=clock.now())


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


def reachable_urls(app, judged, *, public_only: bool) -> list[str]:
    """Every GET page the public (and, unless public_only, an entrant) can reach, with this
    edition's, entry's and files' ids."""
    ids = {"edition_id": [judged["edition"]], "entry_id": [judged["entry"]],
           "attachment_id": judged["attachments"]}
    urls = []
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            allowed = roles_for(rule.endpoint)
            if "GET" not in rule.methods or rule.endpoint == "static":
                continue
            if allowed != PUBLIC and (public_only or Role.ENTRANT not in allowed):
                continue
            options = [{}]
            for name, converter in rule._converters.items():
                numeric = type(converter).__name__.startswith("Integer")
                values = ids.get(name, [1]) if numeric else ["x"]
                options = [{**option, name: value} for option in options for value in values]
            urls += [url_for(rule.endpoint, **option) for option in options]
    return urls


def fetch(client, url: str) -> tuple[int, str]:
    """Status and everything a visitor gets: headers and body (files read as bytes)."""
    response = client.get(url, follow_redirects=True)
    headers = "\n".join(f"{k}: {v}" for k, v in response.headers.items())
    return response.status_code, headers + "\n" + response.get_data().decode("utf-8", "replace")


def assert_nothing_about_results(body: str, where: str, *, tiers: bool = True) -> None:
    for text in OWN_SCORE_TEXTS + RESULT_WORDS + (TIER_NAMES if tiers else ()):
        assert text not in body, (where, text)


def test_nothing_leaks_before_publication(client, auth, app, judged):
    urls = reachable_urls(app, judged, public_only=False)
    entry = judged["entry"]
    for must_exist in ("/entrant/", f"/entrant/entries/{entry}", f"/entrant/entries/{entry}/edit",
                       f"/entrant/entries/{entry}/print", f"/editions/{judged['edition']}",
                       f"/files/{judged['attachments'][0]}/thumbnail"):
        assert must_exist in urls
    auth.login("owner@example.vn")
    fetched = {}
    for url in urls:
        status, body = fetch(client, url)
        fetched[url] = status
        public_page = url == "/" or url.startswith("/editions/")
        # The edition page shows the prize structure: tier names, but never this entry.
        assert_nothing_about_results(body, url, tiers=not public_page)
        if public_page:
            assert judged["code"] not in body and OWN_TITLE not in body, url
    for url in (f"/entrant/entries/{entry}", f"/entrant/entries/{entry}/print", "/entrant/",
                *(f"/files/{a}" for a in judged["attachments"]),
                f"/files/{judged['attachments'][0]}/thumbnail"):
        assert fetched[url] == 200, url
    assert OWN_TITLE in fetch(client, f"/entrant/entries/{entry}")[1]
    assert fetched[f"/editions/{judged['edition']}/results"] == 404
    auth.logout()
    for url in reachable_urls(app, judged, public_only=True):
        status, body = fetch(client, url)
        public_page = url == "/" or url.startswith("/editions/")
        assert_nothing_about_results(body, url, tiers=not public_page)
        assert judged["code"] not in body and OWN_TITLE not in body, url


def publish(app, judged, *, final: bool = False) -> None:
    with app.app_context():
        edition = db.session.get(Edition, judged["edition"])
        organiser = db.session.get(User, judged["organiser"])
        if edition.phase == Phase.JUDGING:
            publish_provisional(edition=edition, actor=organiser, now=clock.now())
        if final:
            publish_final(edition=edition, actor=organiser,
                          now=edition.objection_ends_at + timedelta(seconds=1))
        db.session.commit()


def test_provisional_result_reaches_only_its_owner(client, auth, app, judged):
    publish(app, judged)
    entry = judged["entry"]
    auth.login("owner@example.vn")
    page = client.get(f"/entrant/entries/{entry}").get_data(as_text=True)
    result = page[page.index('id="result"'):]
    assert "Kết quả tạm thời" in result and "Hạn khiếu nại:" in result
    assert re.search(r"Giải</dt>\s*<dd[^>]*>Giải Nhì</dd>", result)
    assert re.search(r"Hạng chung</dt>\s*<dd[^>]*>2</dd>", result)
    assert re.search(r"Điểm</dt>\s*<dd[^>]*>87,33</dd>", result)
    assert f'action="/entrant/entries/{entry}/objections"' in result
    dashboard = client.get("/entrant/").get_data(as_text=True)
    assert "Giải Nhì · Hạng 2 · Điểm 87,33" in dashboard
    assert client.get(f"/editions/{judged['edition']}/results").status_code == 404
    auth.logout()
    for url in reachable_urls(app, judged, public_only=True):
        body = fetch(client, url)[1]
        assert not any(text in body for text in OWN_SCORE_TEXTS + ("Hạng",)), url
        assert judged["code"] not in body and OWN_TITLE not in body, url
    auth.login("other@example.vn")
    assert client.get(f"/entrant/entries/{entry}").status_code == 404
    assert auth.post(f"/entrant/entries/{entry}/objections",
                     {"reason": REASON}).status_code == 404
    theirs = client.get(f"/entrant/entries/{judged['best']}").get_data(as_text=True)
    assert "Giải Nhất" in theirs and "87,33" not in theirs and "Giải Nhì" not in theirs
    with app.app_context():
        assert db.session.scalars(select(Objection)).all() == []


def test_objection_is_filed_answered_and_closes_with_its_window(client, auth, app, judged):
    publish(app, judged)
    entry = judged["entry"]
    auth.login("owner@example.vn")
    short = auth.post(f"/entrant/entries/{entry}/objections", {"reason": "Sai"},
                      follow_redirects=True)
    assert "Lý do khiếu nại từ 10 đến 5.000 ký tự." in short.get_data(as_text=True)
    filed = auth.post(f"/entrant/entries/{entry}/objections", {"reason": REASON})
    assert filed.headers["Location"] == f"/entrant/entries/{entry}#result"
    page = client.get(f"/entrant/entries/{entry}").get_data(as_text=True)
    assert "Đã gửi khiếu nại. Ban tổ chức sẽ trả lời trên trang này." in page
    assert REASON in page and "Ban tổ chức chưa trả lời." in page
    with app.app_context():
        objection = db.session.scalars(select(Objection)).one()
        assert (objection.entry_id, objection.reason) == (entry, REASON)
        event = db.session.scalars(select(AuditEvent).where(
            AuditEvent.action == "objection.file")).one()
        assert event.object_id == entry
        answer_objection(objection=objection, actor=db.session.get(
            User, judged["organiser"]), answer="Đã kiểm tra lại: điểm đúng.",
            now=clock.now())
        db.session.commit()
        ends_at = db.session.get(Edition, judged["edition"]).objection_ends_at
    page = client.get(f"/entrant/entries/{entry}").get_data(as_text=True)
    assert "Trả lời của Ban tổ chức" in page and "Đã kiểm tra lại: điểm đúng." in page
    with time_machine.travel(ends_at + timedelta(minutes=1), tick=False):
        auth.login("owner@example.vn")  # 15 days on, the session has expired
        page = client.get(f"/entrant/entries/{entry}").get_data(as_text=True)
        assert "Kết quả tạm thời" in page and "/objections" not in page
        late = auth.post(f"/entrant/entries/{entry}/objections", {"reason": REASON},
                         follow_redirects=True)
        assert "Không trong thời gian nhận khiếu nại." in late.get_data(as_text=True)
    with app.app_context():
        assert len(db.session.scalars(select(Objection)).all()) == 1


def test_final_results_are_public_by_field_and_tier(client, auth, app, judged):
    with app.app_context():
        edition = db.session.get(Edition, judged["edition"])
        override_award(edition=edition, entry=db.session.get(Entry, judged["last"]), award="kk",
                       reason="Hồ sơ có giá trị ứng dụng cao tại địa phương",
                       actor=db.session.get(User, judged["organiser"]))
        db.session.commit()
        fields = [f.name for f in edition.fields[:2]]
        codes = {key: db.session.get(Entry, judged[key]).code
                 for key in ("entry", "best", "third", "last")}
    publish(app, judged, final=True)
    edition_page = client.get(f"/editions/{judged['edition']}").get_data(as_text=True)
    assert f'href="/editions/{judged["edition"]}/results"' in edition_page
    page = client.get(f"/editions/{judged['edition']}/results").get_data(as_text=True)
    listed = re.findall(r'<h2 class="h4"[^>]*>([^<]+)</h2>|<h3 class="h5 mt-3">([^<]+?) <span'
                        r'|<td class="text-nowrap">([A-Z]+-[\d-]+)</td>', page)
    assert [next(part for part in match if part) for match in listed] == [
        fields[0], "Giải Nhất", codes["best"], "Giải Nhì", codes["entry"],
        fields[1], "Giải Khuyến khích", codes["third"], codes["last"]]
    assert "Châu Bảo Ngọc" in page and "(Trường THCS Thiện Mỹ)" in page
    assert OWN_TITLE in page and "87,33" not in page
    auth.login("owner@example.vn")
    own = client.get(f"/entrant/entries/{judged['entry']}").get_data(as_text=True)
    assert "Kết quả chính thức" in own and "Giải Nhì" in own and "/objections" not in own


def test_results_page_is_404_until_final_publication(client, app, judged):
    url = f"/editions/{judged['edition']}/results"
    assert client.get(url).status_code == 404
    publish(app, judged)
    assert client.get(url).status_code == 404
    publish(app, judged, final=True)
    assert client.get(url).status_code == 200


def final_edition_with_awards(count: int) -> int:
    """A published edition whose chosen run awards `count` entries (rows written directly)."""
    edition = factories.make_edition(phase=Phase.FINAL, final_published_at=clock.now())
    unit = Unit(name="Trường THPT Lưu Văn Liệt", kind=UnitKind.SCHOOL)
    run = RankingRun(edition_id=edition.id, method="mean", settings={}, input_sha256="0" * 64)
    tiers = [t.code for t in edition.award_tiers]
    for number in range(count):
        field = edition.fields[number % len(edition.fields)]
        entry = Entry(edition=edition, field=field, title=f"Giải pháp {number}",
                      code=f"TTN-{edition.id}-{number:04d}", status=EntryStatus.SUBMITTED,
                      screening=Screening.ELIGIBLE, submitted_at=clock.now(), authors=[
                          Author(position=1, full_name=f"Tác giả {number}", unit=unit),
                          Author(position=2, full_name=f"Đồng tác giả {number}", unit=unit)])
        run.rows.append(RankingRow(
            entry=entry, position=number + 1, rank=number + 1, score=Decimal(90),
            judges=3, spread=Decimal(0), stdev=Decimal(0), award=tiers[number % len(tiers)]))
    db.session.add(run)
    db.session.flush()
    edition.provisional_run_id = run.id
    store_version(edition, pending_lines(edition), actor=None, now=clock.now(), final=True,
                  reason="", objection_ends_at=None, version=1)
    db.session.commit()
    return edition.id


def test_results_page_runs_fixed_queries_for_10_and_300_entries(client, app):
    with app.app_context():
        small_id = final_edition_with_awards(10)
        large_id = final_edition_with_awards(300)
    with count_queries(app) as small:
        page = client.get(f"/editions/{small_id}/results").get_data(as_text=True)
    assert page.count("Đồng tác giả") == 10
    with count_queries(app) as large:
        page = client.get(f"/editions/{large_id}/results").get_data(as_text=True)
    assert page.count("Đồng tác giả") == 300
    assert small.count == large.count
