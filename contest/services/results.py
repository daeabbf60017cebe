"""Ranking runs: computing the ranking from finished score sheets and storing it as a snapshot."""
from __future__ import annotations

import gc
import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import Integer, and_, insert, select, type_coerce
from sqlalchemy.orm import aliased, selectinload

from contest.database import Points
from contest.extensions import db
from contest.models import (
    Assignment,
    AwardOverride,
    Edition,
    Entry,
    EntryStatus,
    RankingRow,
    RankingRun,
    Score,
    ScoreSheet,
    Screening,
    SheetStatus,
    User,
)
from contest.queries.rankings import input_check
from contest.ranking import (
    METHODS,
    AwardTier,
    EntryInfo,
    RankedRow,
    RankingSettings,
    SheetRow,
    allocate_awards,
    rank_sheet_rows,
    sheet_row_diagnostics,
)
from contest.services import DomainError
from contest.services.audit import record_event
from contest.services.import_runs import refuse_while_importing

TO_POINTS = Points().process_result_value  # the one conversion from stored hundredths


def collect(edition: Edition, round_number: int) -> tuple[list[EntryInfo], list[SheetRow]]:
    """The round's finished sheets, as integer rows in hundredths (contest.ranking.SheetRow),
    and their entries; ineligible entries are left out."""
    finished = (Entry.edition_id == edition.id, Assignment.round == round_number,
                ScoreSheet.status == SheetStatus.FINAL, Entry.status == EntryStatus.SUBMITTED,
                Entry.screening != Screening.INELIGIBLE)
    # one row a sheet, its scores in one column a criterion (in code order) by one outer join
    # each on the unique (sheet, criterion) index, as stored hundredths: what the ranking
    # works on, so no value is converted (a GROUP BY pivot sorts 90,000 rows: 40% slower)
    criteria = sorted(edition.criteria, key=lambda c: c.code)
    scores = [aliased(Score) for _ in criteria]
    query = (select(Entry.id, Entry.code, Entry.title, Entry.field_id, Assignment.judge_id,
                    *(type_coerce(score.value, Integer) for score in scores))
             .join(Assignment, Assignment.entry_id == Entry.id)
             .join(ScoreSheet, ScoreSheet.assignment_id == Assignment.id))
    for score, criterion in zip(scores, criteria, strict=True):
        query = query.outerjoin(score, and_(score.sheet_id == ScoreSheet.id,
                                            score.criterion_id == criterion.id))
    rows = db.session.connection().execute(query.where(*finished)).all()  # plain rows
    field_codes = {f.id: f.code for f in edition.fields}
    codes = tuple(c.code for c in criteria)
    entries: dict[int, EntryInfo] = {}
    sheets = []
    for row in rows:
        entry_id = row[0]
        if entry_id not in entries:
            entries[entry_id] = EntryInfo(entry_id, row[1] or "", row[2],
                                          field_codes.get(row[3], ""))
        sheets.append((entry_id, row[4], codes, tuple(row[5:])))
    return list(entries.values()), sheets


def input_hash(sheets: list[SheetRow]) -> str:
    """sha256 of the scores a run used, in a canonical order (same scores, same hash)."""
    labels: dict[tuple[str, int], str] = {}  # "code=points" once per distinct score
    lines = []
    for entry_id, judge_id, codes, values in sheets:
        parts = []
        for code, value in zip(codes, values, strict=True):
            if value is not None:
                label = labels.get((code, value))
                if label is None:
                    label = labels[(code, value)] = f"{code}={TO_POINTS(value, None)}"
                parts.append(label)
        lines.append(f"{entry_id}|{judge_id}|" + ";".join(parts))
    lines.sort()
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


def settings_for(edition: Edition, method: str) -> RankingSettings:
    return RankingSettings(
        method=method, required_sheets=edition.judges_per_entry,
        tie_break=tuple(c.code for c in sorted(edition.criteria,
                                               key=lambda c: c.tie_break_priority)),
        disagreement_threshold=edition.disagreement_threshold)


def compute_ranking(edition: Edition, round_number: int, method: str
                    ) -> tuple[list[RankedRow], str, RankingSettings]:
    """Ranked rows with awards allocated by the edition's rules, the input hash, the settings."""
    ranked, sheets, settings = ranking_and_sheets(edition, round_number, method)
    return ranked, input_hash(sheets), settings


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector paused while a ranking is built.

    A ranking allocates some 200,000 tuples, dicts and Decimals at 10,000 entries, none of
    them in a reference cycle (reference counting frees them all); their allocations alone set
    off full collections that walk every object of the app, 0.15 of 0.6 s CPU. Whatever
    cycles other code makes meanwhile are collected once it is back on."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def ranking_and_sheets(edition: Edition, round_number: int, method: str
                       ) -> tuple[list[RankedRow], list[SheetRow], RankingSettings]:
    """Ranked rows with awards allocated, the sheets they come from, the settings."""
    if method not in METHODS:
        raise DomainError(_l("Phương pháp xếp hạng không hợp lệ: %(m)s.", m=method))
    with collector_paused():
        entries, sheets = collect(edition, round_number)
        settings = settings_for(edition, method)
        ranked = rank_sheet_rows(entries, sheets, settings)
        tiers = [AwardTier(t.code, t.min_score, t.quota) for t in edition.award_tiers]
        ranked = allocate_awards(ranked, tiers, per_field=edition.awards_per_field,
                                 tie_policy=edition.tie_policy)
    return ranked, sheets, settings


def current_input_check(edition: Edition, round_number: int) -> str:
    """One aggregate over the round's finished scores, stored with a run to tell it stale."""
    return ":".join(str(value or 0) for value in
                    db.session.execute(input_check(edition.id, round_number)).one())


def diagnostics_of(sheets: list[SheetRow]) -> list[dict]:
    """Judge diagnostics as a snapshot stores them (decimals as text), by judge id."""
    return [{"judge_id": d.judge_id, "sheets": d.sheets, "mean_total": str(d.mean_total),
             "spread": str(d.spread), "leniency": None if d.leniency is None else str(d.leniency),
             "flags": list(d.flags)} for d in sheet_row_diagnostics(sheets)]


def run_state(edition: Edition, run: RankingRun) -> tuple[list[dict], bool]:
    """The run's judge diagnostics and whether the round's sheets changed since it was made.

    A run stores both its diagnostics and an aggregate of its input, so this is one query;
    when the aggregate differs, the full input hash decides. Runs made before they were stored
    get the diagnostics of the current sheets, as their page always showed."""
    if run.input_check is not None and run.diagnostics is not None:
        if current_input_check(edition, run.round) == run.input_check:
            return run.diagnostics, False
        _entries, sheets = collect(edition, run.round)
        return run.diagnostics, input_hash(sheets) != run.input_sha256
    _entries, sheets = collect(edition, run.round)
    return diagnostics_of(sheets), input_hash(sheets) != run.input_sha256


@collector_paused()  # the diagnostics, the hash and the rows' parameters allocate as much again
def run_ranking(*, edition: Edition, round_number: int, method: str,
                actor: User | None) -> RankingRun:
    """Compute and store an immutable snapshot of the ranking, its rows in one statement;
    refused while an import writes into the edition (its sheets are half there)."""
    refuse_while_importing(edition)
    ranked, sheets, settings = ranking_and_sheets(edition, round_number, method)
    digest = input_hash(sheets)
    run = RankingRun(
        edition_id=edition.id, round=round_number, method=method, input_sha256=digest,
        input_check=current_input_check(edition, round_number),
        diagnostics=diagnostics_of(sheets), created_by_id=actor.id if actor else None,
        settings={"required_sheets": settings.required_sheets,
                  "tie_break": list(settings.tie_break),
                  "disagreement_threshold": str(settings.disagreement_threshold),
                  "awards_per_field": edition.awards_per_field,
                  "tie_policy": edition.tie_policy,
                  "tiers": [[t.code, str(t.min_score), t.quota] for t in edition.award_tiers]})
    db.session.add(run)
    db.session.flush()
    if ranked:  # the table's INSERT, every column given: one executemany for all the rows
        db.session.execute(insert(RankingRow.__table__), [{
            "run_id": run.id, "entry_id": r.entry_id, "position": position, "rank": r.rank,
            "score": r.score, "judges": r.judges, "spread": r.spread, "stdev": r.stdev,
            "flags": ";".join(r.flags), "award": r.award,
            "criterion_means": {code: str(mean) for code, mean in r.criterion_means}}
            for position, r in enumerate(ranked, start=1)])
    record_event(actor=actor, action="ranking.run", target=edition, after={
        "run": run.id, "round": round_number, "method": method, "input_sha256": digest,
        "entries": len(ranked)})
    return run


@dataclass(frozen=True)
class Movement:
    entry_id: int
    code: str
    before: RankingRow | None
    after: RankingRow | None
    why: str


def compare_runs(old: RankingRun, new: RankingRun) -> list[Movement]:
    """Entries whose rank, score or award differ between two runs, with the reason."""
    before = {r.entry_id: r for r in old.rows}
    after = {r.entry_id: r for r in new.rows}
    same_input = old.input_sha256 == new.input_sha256
    moves = []
    for entry_id in sorted(set(before) | set(after)):
        a, b = before.get(entry_id), after.get(entry_id)
        if a and b and (a.rank, a.score, a.award) == (b.rank, b.score, b.award):
            continue
        if a is None or b is None:
            why = str(_l("Chỉ có trong một lần xếp hạng (phiếu chấm thay đổi)."))
        elif old.method != new.method:
            why = str(_l("Phương pháp khác: %(a)s → %(b)s.", a=old.method, b=new.method))
        elif not same_input and a.score != b.score:
            why = str(_l("Điểm thay đổi vì phiếu chấm thay đổi: %(a)s → %(b)s.",
                         a=a.score, b=b.score))
        elif a.score == b.score and a.rank != b.rank:
            why = str(_l("Thứ hạng đổi do các hồ sơ khác thay đổi."))
        else:
            why = str(_l("Thiết lập giải hoặc quy tắc đồng hạng thay đổi."))
        code = (b or a).entry.code or ""
        moves.append(Movement(entry_id, code, a, b, why))
    return moves


def mark_provisional(*, edition: Edition, run: RankingRun, actor: User) -> None:
    """Choose the snapshot that becomes the provisional (then final) results."""
    if run.edition_id != edition.id:
        raise DomainError(_l("Lần xếp hạng không thuộc lần tổ chức này."))
    if edition.final_published_at is not None:
        raise DomainError(_l("Kết quả chính thức đã công bố; không thể đổi bảng xếp hạng."))
    before = edition.provisional_run_id
    edition.provisional_run_id = run.id
    db.session.flush()
    record_event(actor=actor, action="ranking.mark_provisional", target=edition,
                 before={"run": before}, after={"run": run.id})


def chosen_run(edition: Edition) -> RankingRun | None:
    if edition.provisional_run_id is None:
        return None
    return db.session.scalar(select(RankingRun).where(RankingRun.id == edition.provisional_run_id)
                             .options(selectinload(RankingRun.rows).joinedload(RankingRow.entry)))


def award_overrides(edition: Edition) -> dict[int, AwardOverride]:
    return {o.entry_id: o for o in db.session.scalars(
        select(AwardOverride).where(AwardOverride.edition_id == edition.id))}


def override_award(*, edition: Edition, entry: Entry, award: str | None, reason: str,
                   actor: User) -> AwardOverride:
    """The committee's decision on one award; the reason is mandatory, the change audited."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_l("Hãy ghi lý do điều chỉnh giải."))
    if award is not None and award not in {t.code for t in edition.award_tiers}:
        raise DomainError(_l("Giải không hợp lệ."))
    if edition.final_published_at is not None:
        raise DomainError(_l("Kết quả chính thức đã công bố; không thể điều chỉnh giải."))
    existing = award_overrides(edition).get(entry.id)
    before = {"award": existing.award, "reason": existing.reason} if existing else None
    if existing is None:
        existing = AwardOverride(edition_id=edition.id, entry_id=entry.id, award=award,
                                 reason=reason, decided_by_id=actor.id)
        db.session.add(existing)
    else:
        existing.award, existing.reason, existing.decided_by_id = award, reason, actor.id
    db.session.flush()
    record_event(actor=actor, action="award.override", target=entry, before=before,
                 after={"award": award, "reason": reason})
    return existing


def final_award(row: RankingRow, overrides: dict[int, AwardOverride]) -> str | None:
    """The award after the committee's overrides."""
    override = overrides.get(row.entry_id)
    return override.award if override is not None else row.award
