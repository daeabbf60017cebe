"""Default fields, criteria, award tiers and eligibility of a new edition, per contest kind.

Plain data (see DOMAIN.md) so that create_edition and the edition set-up form share one source.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from contest.models import ContestKind


@dataclass(frozen=True)
class FieldDefault:
    code: str
    name: str


@dataclass(frozen=True)
class CriterionDefault:
    code: str
    name: str
    max_score: Decimal
    description: str


@dataclass(frozen=True)
class AwardTierDefault:
    code: str
    name: str
    min_score: Decimal
    quota: int | None


@dataclass(frozen=True)
class EditionDefaults:
    fields: tuple[FieldDefault, ...]
    criteria: tuple[CriterionDefault, ...]
    award_tiers: tuple[AwardTierDefault, ...]
    max_authors: int
    judges_per_entry: int
    min_author_age: int | None
    # Technical: the solution must have been applied since (first year of the label - this).
    applied_since_years: int | None
    # Youth: authors born between 31 July of (first year - oldest) and (first year - youngest).
    oldest_author_age: int | None
    youngest_author_age: int | None


CRITERION_STEP = Decimal("0.5")
MAX_AUTHORS = 5
JUDGES_PER_ENTRY = 3
BIRTH_WINDOW_ANCHOR = (7, 31)  # month, day: eligibility is counted at 31 July

AWARD_TIER_CODES = ("nhat", "nhi", "ba", "kk")
AWARD_TIER_NAMES = ("Giải Nhất", "Giải Nhì", "Giải Ba", "Giải Khuyến khích")
YOUTH_MIN_SCORES = (90, 80, 70, 60)
YOUTH_QUOTAS: tuple[int | None, ...] = (3, 6, 8, 22)  # Vĩnh Long youth 2021-22
TECHNICAL_MIN_SCORES = (85, 75, 65, 55)
TECHNICAL_QUOTAS: tuple[int | None, ...] = (None, None, None, None)

YOUTH_FIELDS = (
    FieldDefault("hoc-tap", "Đồ dùng dành cho học tập"),
    FieldDefault("phan-mem", "Phần mềm tin học"),
    FieldDefault("moi-truong", "Sản phẩm thân thiện với môi trường"),
    FieldDefault("gia-dinh", "Dụng cụ sinh hoạt gia đình và đồ chơi trẻ em"),
    FieldDefault(
        "khi-hau",
        "Giải pháp kỹ thuật ứng phó biến đổi khí hậu, bảo vệ môi trường và phát triển kinh tế",
    ),
)

TECHNICAL_FIELDS = (
    FieldDefault("cntt", "Công nghệ thông tin, điện tử, viễn thông"),
    FieldDefault("co-khi", "Cơ khí, tự động hóa, xây dựng, giao thông vận tải"),
    FieldDefault("vat-lieu", "Vật liệu, hóa chất, năng lượng"),
    FieldDefault("nong-nghiep", "Nông lâm ngư nghiệp, tài nguyên và môi trường"),
    FieldDefault("y-duoc", "Y dược"),
    FieldDefault("giao-duc", "Giáo dục và đào tạo"),
)

YOUTH_CRITERIA = (
    CriterionDefault(
        "moi", "Tính mới, sáng tạo", Decimal(30),
        "Ý tưởng mới, chưa được công bố; cách làm sáng tạo so với các giải pháp đã có.",
    ),
    CriterionDefault(
        "ap-dung", "Khả năng áp dụng", Decimal(25),
        "Sản phẩm dùng được trong học tập, đời sống hoặc sản xuất; dễ nhân rộng.",
    ),
    CriterionDefault(
        "hieu-qua", "Hiệu quả", Decimal(25),
        "Lợi ích kinh tế, kỹ thuật, xã hội hoặc môi trường mà sản phẩm mang lại.",
    ),
    CriterionDefault(
        "vat-lieu", "Nguyên vật liệu, mỹ thuật", Decimal(10),
        "Vật liệu rẻ, sẵn có, an toàn; sản phẩm gọn gàng, có thẩm mỹ.",
    ),
    CriterionDefault(
        "trinh-bay", "Thuyết minh, trình bày", Decimal(10),
        "Bản thuyết minh rõ ràng; tác giả trình bày và trả lời câu hỏi mạch lạc.",
    ),
)

TECHNICAL_CRITERIA = (
    CriterionDefault(
        "moi", "Tính mới, sáng tạo", Decimal(30),
        "Giải pháp chưa được công bố hay áp dụng; có bước tiến so với trình độ kỹ thuật đã biết.",
    ),
    CriterionDefault(
        "ap-dung", "Khả năng áp dụng rộng rãi", Decimal(35),
        "Giải pháp đã được áp dụng thực tế và có thể nhân rộng trong ngành, lĩnh vực.",
    ),
    CriterionDefault(
        "hieu-qua", "Hiệu quả kinh tế - kỹ thuật - xã hội", Decimal(35),
        "Lợi ích đo được: tiết kiệm chi phí, tăng năng suất, chất lượng, an toàn, môi trường.",
    ),
)


def award_tiers(min_scores: tuple[int, ...],
                quotas: tuple[int | None, ...]) -> tuple[AwardTierDefault, ...]:
    """The four standard tiers (Nhất, Nhì, Ba, Khuyến khích) with these score bands and quotas."""
    return tuple(
        AwardTierDefault(code, name, Decimal(score), quota)
        for code, name, score, quota in zip(
            AWARD_TIER_CODES, AWARD_TIER_NAMES, min_scores, quotas, strict=True
        )
    )


DEFAULTS: dict[ContestKind, EditionDefaults] = {
    ContestKind.YOUTH: EditionDefaults(
        fields=YOUTH_FIELDS,
        criteria=YOUTH_CRITERIA,
        award_tiers=award_tiers(YOUTH_MIN_SCORES, YOUTH_QUOTAS),
        max_authors=MAX_AUTHORS,
        judges_per_entry=JUDGES_PER_ENTRY,
        min_author_age=None,
        applied_since_years=None,
        oldest_author_age=18,
        youngest_author_age=6,
    ),
    ContestKind.TECHNICAL: EditionDefaults(
        fields=TECHNICAL_FIELDS,
        criteria=TECHNICAL_CRITERIA,
        award_tiers=award_tiers(TECHNICAL_MIN_SCORES, TECHNICAL_QUOTAS),
        max_authors=MAX_AUTHORS,
        judges_per_entry=JUDGES_PER_ENTRY,
        min_author_age=18,
        applied_since_years=5,
        oldest_author_age=None,
        youngest_author_age=None,
    ),
}


def birth_window(defaults: EditionDefaults, first_year: int) -> tuple[date | None, date | None]:
    """The youth birth-date window for an edition starting in first_year, or (None, None)."""
    if defaults.oldest_author_age is None or defaults.youngest_author_age is None:
        return None, None
    month, day = BIRTH_WINDOW_ANCHOR
    return (date(first_year - defaults.oldest_author_age, month, day),
            date(first_year - defaults.youngest_author_age, month, day))


def applied_since_year(defaults: EditionDefaults, first_year: int) -> int | None:
    """The earliest year a technical solution may have been applied, or None."""
    if defaults.applied_since_years is None:
        return None
    return first_year - defaults.applied_since_years
