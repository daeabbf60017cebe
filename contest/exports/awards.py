"""The awarded entries as the committee's documents print them (no PDF library here)."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from babel.numbers import format_decimal

from contest.models import AwardOverride, Edition, RankingRow
from contest.services.results import final_award

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def safe(value) -> str:
    """User text as the PDF shows it: NFC (precomposed diacritics), no control characters."""
    text = "" if value is None else str(value)
    return CONTROL.sub(" ", unicodedata.normalize("NFC", text))


def date_line(place: str, day: date) -> str:
    """“Vĩnh Long, ngày 5 tháng 6 năm 2026”, as Vietnamese documents are dated."""
    when = f"ngày {day.day} tháng {day.month} năm {day.year}"
    return f"{safe(place)}, {when}" if place else when.capitalize()


def points(value: Decimal) -> str:
    """A score as Vietnamese papers write it, without useless decimals (87,5 · 90)."""
    return format_decimal(value, format="#,##0.##", locale="vi")


@dataclass(frozen=True)
class Issuer:
    """Who issues the documents: the edition's organisation, its place and its logo (PNG)."""

    name: str
    place: str
    logo: bytes | None = None


@dataclass(frozen=True)
class Award:
    """One awarded entry as the documents print it."""

    code: str
    title: str
    authors: tuple[str, ...]
    unit: str
    field: str
    score: Decimal
    award_name: str


def awards(edition: Edition, rows: list[RankingRow],
           overrides: dict[int, AwardOverride]) -> list[Award]:
    """The awarded entries after overrides, by field (edition order) then tier then rank."""
    tiers = {t.code: (index, t.name) for index, t in enumerate(edition.award_tiers)}
    fields = {f.id: index for index, f in enumerate(edition.fields)}
    chosen = []
    for row in rows:
        code = final_award(row, overrides)
        if code is None:
            continue
        tier_index, name = tiers.get(code, (len(tiers), code))
        chosen.append(((fields.get(row.entry.field_id, len(fields)), tier_index, row.position),
                       _award(row, name)))
    return [award for _key, award in sorted(chosen, key=lambda pair: pair[0])]


def awards_by_entry(edition: Edition, rows: list[RankingRow],
                    overrides: dict[int, AwardOverride]) -> dict[int, Award]:
    """Each awarded entry's award after overrides, by entry id (one certificate each)."""
    names = {t.code: t.name for t in edition.award_tiers}
    return {row.entry_id: _award(row, names.get(code, code)) for row in rows
            if (code := final_award(row, overrides)) is not None}


def _award(row: RankingRow, name: str) -> Award:
    entry = row.entry
    units = entry.organisation.name if entry.organisation else "; ".join(dict.fromkeys(
        a.unit.name for a in entry.authors if a.unit is not None))
    return Award(code=safe(entry.code), title=safe(entry.title),
                 authors=tuple(safe(a.full_name) for a in entry.authors), unit=safe(units),
                 field=safe(entry.field.name if entry.field else ""), score=row.score,
                 award_name=safe(name))
