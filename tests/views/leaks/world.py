"""A judged edition with entrants, judges and organisers, and the readers the leak tests share."""
from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from flask import url_for

from contest import clock
from contest.extensions import db
from contest.models import (
    Assignment,
    Author,
    Edition,
    Entry,
    EntryStatus,
    Phase,
    RankingRun,
    Role,
    Screening,
    Unit,
    UnitKind,
    User,
)
from contest.permissions import PUBLIC, roles_for
from contest.services.publication import (
    Line,
    publish_final,
    publish_provisional,
    store_version,
)
from contest.services.scoring import ScoreInput, finalise_sheet, save_sheet
from contest.services.submission import next_entry_code
from tests import factories

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


def reachable_urls(app, judged, *, public_only: bool) -> list[str]:
    """Every GET page the public (and, unless public_only, an entrant) can reach, with this
    edition's, entry's and files' ids."""
    ids = {"edition_id": [judged["edition"]], "entry_id": [judged["entry"]],
           "attachment_id": judged["attachments"]}
    texts = {"code": "vinh-long"}  # the organisation of the edition (the default one)
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
                values = ids.get(name, [1]) if numeric else [texts.get(name, "x")]
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


def final_edition_with_awards(count: int) -> int:
    """A published edition whose final version awards `count` entries, spread over its fields
    and tiers (written with bulk INSERTs)."""
    edition = factories.make_edition(phase=Phase.FINAL, final_published_at=clock.now())
    unit = Unit(name="Trường THPT Lưu Văn Liệt", kind=UnitKind.SCHOOL)
    db.session.add(unit)
    db.session.flush()
    fields, tiers = edition.fields, [t.code for t in edition.award_tiers]
    entry_ids = factories.insert_entries(
        edition, [{"title": f"Giải pháp {n}", "field_id": fields[n % len(fields)].id,
                   "status": EntryStatus.SUBMITTED, "screening": Screening.ELIGIBLE,
                   "submitted_at": clock.now()} for n in range(count)],
        [[{"full_name": f"Tác giả {n}", "unit": unit},
          {"full_name": f"Đồng tác giả {n}", "unit": unit}] for n in range(count)])
    run = RankingRun(edition_id=edition.id, method="mean", settings={}, input_sha256="0" * 64)
    db.session.add(run)
    db.session.flush()
    edition.provisional_run_id = run.id
    lines = [Line(entry_id, n + 1, n + 1, n // len(fields) + 1, Decimal(90),
                  tiers[n % len(tiers)]) for n, entry_id in enumerate(entry_ids)]
    store_version(edition, lines, actor=None, now=clock.now(), final=True, reason="",
                  objection_ends_at=None, version=1)
    db.session.commit()
    return edition.id
