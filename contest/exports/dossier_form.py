"""An entry's registration form as the national dossier prints it (no PDF library here):
every dossier field and every author, in Vietnamese whatever the interface language."""
from __future__ import annotations

from dataclasses import dataclass

from contest.exports.awards import safe
from contest.i18n import show_date
from contest.models import EntrantType, Entry, Gender

SECTION_TITLES = (
    ("summary", "Tóm tắt"), ("idea", "Ý tưởng"), ("structure", "Cấu tạo"),
    ("operation", "Nguyên lý hoạt động"), ("novelty", "Tính mới"),
    ("creativity", "Tính sáng tạo"), ("applicability", "Khả năng áp dụng"),
    ("effectiveness", "Hiệu quả"),
)
AUTHOR_HEADERS = ("STT", "Họ và tên", "Ngày sinh", "Giới tính", "Đơn vị", "Lớp / chức vụ",
                  "Điện thoại", "E-mail")
GENDERS = {Gender.MALE: "Nam", Gender.FEMALE: "Nữ"}
ENTRANT_TYPES = {EntrantType.PERSON: "Cá nhân / nhóm tác giả", EntrantType.ORGANISATION: "Tổ chức"}
NONE = "—"


@dataclass(frozen=True)
class DossierForm:
    """One entry's registration form: its facts, its authors (a row each) and its sections."""

    code: str
    title: str
    facts: tuple[tuple[str, str], ...]
    authors: tuple[tuple[str, ...], ...]
    sections: tuple[tuple[str, str], ...]


def dossier_form(entry: Entry, award: str | None) -> DossierForm:
    """The registration form of an entry, `award` being its award's name (or None)."""
    facts = [("Mã hồ sơ", entry.code or NONE), ("Tên giải pháp / sản phẩm", entry.title),
             ("Lĩnh vực", entry.field.name if entry.field else NONE),
             ("Giải", award or "Không có giải"),
             ("Đối tượng dự thi", ENTRANT_TYPES.get(entry.entrant_type, NONE))]
    if entry.organisation is not None:
        facts.append(("Tổ chức dự thi", entry.organisation.name))
    if entry.teacher_name:
        facts += [("Người hướng dẫn", entry.teacher_name),
                  ("Đơn vị người hướng dẫn", entry.teacher_unit.name if entry.teacher_unit
                   else NONE),
                  ("Điện thoại người hướng dẫn", entry.teacher_phone or NONE),
                  ("E-mail người hướng dẫn", entry.teacher_email or NONE)]
    facts += [("Điện thoại liên hệ", entry.contact_phone or NONE),
              ("E-mail liên hệ", entry.contact_email or NONE),
              ("Video", entry.video_url or NONE),
              ("Áp dụng từ năm", str(entry.applied_since_year or NONE)),
              ("Cam kết của tác giả", "Đã cam kết" if entry.declaration_accepted
               else "Chưa cam kết")]
    authors = tuple(
        (str(a.position), a.full_name, show_date(a.birth_date, locale="vi") or NONE,
         GENDERS.get(a.gender, NONE), a.unit.name if a.unit else NONE,
         a.class_or_position or NONE, a.phone or NONE, a.email or NONE)
        for a in entry.authors)
    return DossierForm(
        code=safe(entry.code), title=safe(entry.title),
        facts=tuple((label, safe(value)) for label, value in facts),
        authors=tuple(tuple(safe(cell) for cell in row) for row in authors),
        sections=tuple((title, safe((getattr(entry, name) or "").strip() or NONE))
                       for name, title in SECTION_TITLES))
