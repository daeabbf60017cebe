"""What keeps a dossier from being submitted: completeness and eligibility, per field."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum

from flask_babel import lazy_gettext as _l

from contest.clock import vietnam_date
from contest.i18n import show_date
from contest.models import (
    DESCRIPTION_SECTIONS,
    AttachmentKind,
    ContestKind,
    Edition,
    EntrantType,
    Entry,
)

REQUIRED_SECTIONS = ("summary", "idea", "structure", "operation", "novelty", "applicability",
                     "effectiveness")


@dataclass(frozen=True)
class Problem:
    """A reason the dossier cannot be submitted; `key` names the form field it belongs to."""

    key: str
    message: str


class BirthDateProblem(Enum):
    """Why a birth date makes an author ineligible; each caller words it its own way."""

    OUTSIDE_WINDOW = "outside_window"  # youth contest: born outside the edition's window
    TOO_YOUNG = "too_young"  # technical contest: under the minimum age on the reference day


def age_on(birth_date: date, day: date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def reference_day(edition: Edition, now: datetime) -> date:
    """The day ages are counted on: the Vietnamese date of the deadline, else of `now`."""
    return vietnam_date(edition.submission_deadline_at or now)


def birth_date_problem(edition: Edition, born: date, on: date) -> BirthDateProblem | None:
    """The youth birth-date window, or the minimum age on the reference day `on`, or None."""
    if edition.contest.kind == ContestKind.YOUTH:
        start, end = edition.birth_date_from, edition.birth_date_to
        if start and end and not start <= born <= end:
            return BirthDateProblem.OUTSIDE_WINDOW
        return None
    if edition.min_author_age and age_on(born, on) < edition.min_author_age:
        return BirthDateProblem.TOO_YOUNG
    return None


def dossier_problems(entry: Entry, *, now: datetime) -> list[Problem]:
    """Every completeness and eligibility problem of the dossier, each at its field."""
    problems: list[Problem] = []
    add = lambda key, message: problems.append(Problem(key, str(message)))  # noqa: E731
    edition = entry.edition
    if not entry.title.strip():
        add("title", _l("Hãy nhập tên giải pháp / sản phẩm."))
    if entry.field is None or entry.field.edition_id != edition.id:
        add("field_id", _l("Hãy chọn lĩnh vực dự thi."))
    if not (entry.contact_phone or entry.contact_email):
        add("contact_phone", _l("Hãy nhập số điện thoại hoặc e-mail liên hệ."))
    for section in DESCRIPTION_SECTIONS:
        text = getattr(entry, section) or ""
        if section in REQUIRED_SECTIONS and not text.strip():
            add(section, _l("Hãy viết phần này của bản mô tả."))
        elif len(text) > edition.section_max_chars:
            add(section, _l("Phần này dài %(n)s ký tự, vượt quá %(max)s ký tự cho phép.",
                            n=len(text), max=edition.section_max_chars))
    if edition.contest.kind == ContestKind.TECHNICAL:
        problems += technical_problems(entry)
    problems += author_problems(entry, now=now)
    if not any(a.kind == AttachmentKind.PRODUCT_PHOTO for a in entry.attachments):
        add("attachments", _l("Hãy tải lên ít nhất một ảnh sản phẩm."))
    if not entry.declaration_accepted:
        add("declaration_accepted", _l("Hãy xác nhận lời cam đoan."))
    return problems


def technical_problems(entry: Entry) -> list[Problem]:
    edition = entry.edition
    problems = []
    if entry.entrant_type == EntrantType.ORGANISATION and entry.organisation is None:
        problems.append(Problem("organisation", str(_l("Hãy nhập tên tổ chức dự thi."))))
    if entry.applied_since_year is None:
        problems.append(Problem("applied_since_year",
                                str(_l("Hãy nhập năm giải pháp được áp dụng."))))
    elif edition.applied_since_year and entry.applied_since_year < edition.applied_since_year:
        problems.append(Problem("applied_since_year", str(_l(
            "Giải pháp phải được tạo ra và áp dụng từ năm %(year)s trở lại đây.",
            year=edition.applied_since_year))))
    return problems


def author_problems(entry: Entry, *, now: datetime) -> list[Problem]:
    """Per author: name, birth date inside the window or above the minimum age, gender, unit."""
    edition = entry.edition
    youth = edition.contest.kind == ContestKind.YOUTH
    problems = []
    if not entry.authors:
        problems.append(Problem("authors", str(_l("Hồ sơ cần ít nhất một tác giả."))))
    if len(entry.authors) > edition.max_authors:
        problems.append(Problem("authors", str(_l("Mỗi hồ sơ có tối đa %(n)s tác giả.",
                                                  n=edition.max_authors))))
    day = reference_day(edition, now)
    for index, author in enumerate(entry.authors):
        key = f"authors-{index}-"
        number = index + 1
        add = lambda name, message: problems.append(Problem(key + name, str(message)))  # noqa: E731, B023
        if not author.full_name.strip():
            add("full_name", _l("Tác giả %(n)s: hãy nhập họ và tên.", n=number))
        if author.gender is None:
            add("gender", _l("Tác giả %(n)s: hãy chọn giới tính.", n=number))
        if author.unit is None:
            add("unit", _l("Tác giả %(n)s: hãy nhập trường hoặc đơn vị.", n=number))
        if author.birth_date is None:
            if youth or edition.min_author_age:
                add("birth_date", _l("Tác giả %(n)s: hãy nhập ngày sinh.", n=number))
            continue
        problem = birth_date_problem(edition, author.birth_date, day)
        if problem == BirthDateProblem.OUTSIDE_WINDOW:
            add("birth_date", _l(
                "Tác giả %(n)s: ngày sinh %(date)s nằm ngoài độ tuổi dự thi "
                "(sinh từ %(start)s đến %(end)s).", n=number, date=show_date(author.birth_date),
                start=show_date(edition.birth_date_from), end=show_date(edition.birth_date_to)))
        elif problem == BirthDateProblem.TOO_YOUNG:
            add("birth_date", _l("Tác giả %(n)s: phải từ %(age)s tuổi trở lên.",
                                 n=number, age=edition.min_author_age))
    return problems
