"""Static content of the demo: the national body, the provinces of Vĩnh Long and Cần Thơ
(units, contests), the national youth contest, people's names and e-mail addresses."""
from __future__ import annotations

from dataclasses import dataclass

from contest.models import ContestKind, SchoolLevel

EMAIL_DOMAIN = "demo.sangtao.vn"
NAME_SEED = 2026

PROVINCE = "Tỉnh Vĩnh Long"
ORGANISER = "Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh Vĩnh Long"
ORGANISATION_CODE = "vinh-long"
NATIONAL_CODE = "vusta"
NATIONAL_NAME = "Liên hiệp các Hội Khoa học và Kỹ thuật Việt Nam"

CITY = "Thành phố Vĩnh Long"
BINH_MINH = "Thị xã Bình Minh"
LONG_HO = "Huyện Long Hồ"
MANG_THIT = "Huyện Mang Thít"
VUNG_LIEM = "Huyện Vũng Liêm"
TAM_BINH = "Huyện Tam Bình"
TRA_ON = "Huyện Trà Ôn"
BINH_TAN = "Huyện Bình Tân"
DISTRICTS = (CITY, BINH_MINH, LONG_HO, MANG_THIT, VUNG_LIEM, TAM_BINH, TRA_ON, BINH_TAN)

_TH, _THCS, _THPT = (SchoolLevel.PRIMARY, SchoolLevel.LOWER_SECONDARY,
                     SchoolLevel.UPPER_SECONDARY)

# (name, school level, district)
SCHOOLS = (
    ("Trường THPT chuyên Nguyễn Bỉnh Khiêm", _THPT, CITY),
    ("Trường THPT Lưu Văn Liệt", _THPT, CITY),
    ("Trường THPT Vĩnh Long", _THPT, CITY),
    ("Trường THCS Lê Quý Đôn", _THCS, CITY),
    ("Trường THCS Nguyễn Trường Tộ", _THCS, CITY),
    ("Trường Tiểu học Trưng Vương", _TH, CITY),
    ("Trường Tiểu học Lê Lợi", _TH, CITY),
    ("Trường THPT Hoàng Thái Hiếu", _THPT, BINH_MINH),
    ("Trường THCS Mỹ Hòa", _THCS, BINH_MINH),
    ("Trường Tiểu học Cái Vồn A", _TH, BINH_MINH),
    ("Trường THPT Phạm Hùng", _THPT, LONG_HO),
    ("Trường THCS Long Phước", _THCS, LONG_HO),
    ("Trường Tiểu học Phước Hậu A", _TH, LONG_HO),
    ("Trường THPT Nguyễn Văn Thiệt", _THPT, MANG_THIT),
    ("Trường THCS Cái Nhum", _THCS, MANG_THIT),
    ("Trường THPT Võ Văn Kiệt", _THPT, VUNG_LIEM),
    ("Trường THPT Nguyễn Hiếu Tự", _THPT, VUNG_LIEM),
    ("Trường Tiểu học Thị trấn Vũng Liêm", _TH, VUNG_LIEM),
    ("Trường THPT Trần Đại Nghĩa", _THPT, TAM_BINH),
    ("Trường THCS Tường Lộc", _THCS, TAM_BINH),
    ("Trường Tiểu học Thị trấn Tam Bình", _TH, TAM_BINH),
    ("Trường THPT Vĩnh Xuân", _THPT, TRA_ON),
    ("Trường THCS Thị trấn Trà Ôn", _THCS, TRA_ON),
    ("Trường THPT Tân Quới", _THPT, BINH_TAN),
    ("Trường THCS Thành Lợi", _THCS, BINH_TAN),
    ("Trường Tiểu học Tân Lược", _TH, BINH_TAN),
)

DOST = "Sở Khoa học và Công nghệ tỉnh Vĩnh Long"
DOET = "Sở Giáo dục và Đào tạo tỉnh Vĩnh Long"
YOUTH_UNION = "Tỉnh Đoàn Vĩnh Long"
UNIVERSITY = "Trường Đại học Sư phạm Kỹ thuật Vĩnh Long"
HOSPITAL = "Bệnh viện Đa khoa tỉnh Vĩnh Long"
COOPERATIVE = "Hợp tác xã Nông nghiệp Mỹ Hòa"
COMPANY = "Công ty Cổ phần Cơ khí Cửu Long"

# (name, district or None for a province-level body)
ORGANISATIONS = (
    (ORGANISER, None),
    (DOST, None),
    (DOET, None),
    (YOUTH_UNION, None),
    (UNIVERSITY, LONG_HO),
    (HOSPITAL, CITY),
    (COOPERATIVE, BINH_MINH),
    (COMPANY, CITY),
)

# (kind, name, code prefix, description)
CONTESTS = (
    (
        ContestKind.YOUTH,
        "Cuộc thi Sáng tạo Thanh thiếu niên nhi đồng tỉnh Vĩnh Long",
        "TTN",
        "Cuộc thi do Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh phối hợp với Sở Giáo dục và "
        "Đào tạo và Tỉnh Đoàn tổ chức hằng năm, nhằm khơi dậy niềm say mê khoa học và tinh thần "
        "sáng tạo của học sinh từ tiểu học đến trung học phổ thông. Các em dự thi cá nhân hoặc "
        "theo nhóm, có giáo viên hướng dẫn, với sản phẩm thuộc năm lĩnh vực: đồ dùng học tập, "
        "phần mềm tin học, sản phẩm thân thiện với môi trường, dụng cụ gia đình và đồ chơi trẻ "
        "em, giải pháp ứng phó biến đổi khí hậu. Những sản phẩm đạt giải cao được chọn gửi dự "
        "Cuộc thi Sáng tạo Thanh thiếu niên nhi đồng toàn quốc.",
    ),
    (
        ContestKind.TECHNICAL,
        "Hội thi Sáng tạo kỹ thuật Trần Đại Nghĩa tỉnh Vĩnh Long",
        "STKT",
        "Hội thi mang tên Giáo sư, Viện sĩ Trần Đại Nghĩa, người con của quê hương Tam Bình, do "
        "Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh phối hợp với Sở Khoa học và Công nghệ và "
        "Liên đoàn Lao động tỉnh tổ chức hai năm một lần. Hội thi tôn vinh các giải pháp kỹ "
        "thuật, cải tiến quản lý và quy trình sản xuất đã được áp dụng có hiệu quả trong sáu "
        "lĩnh vực, từ công nghệ thông tin, cơ khí, nông nghiệp đến y dược và giáo dục. Mọi cá "
        "nhân, tổ chức đang sinh sống, làm việc trên địa bàn tỉnh đều có thể tham gia; các giải "
        "pháp xuất sắc được giới thiệu dự Hội thi Sáng tạo Kỹ thuật toàn quốc.",
    ),
)

@dataclass(frozen=True)
class ProvinceDemo:
    """One province of the demo: its union, its units and its two contests."""

    code: str
    organiser: str  # the union's name, which owns the contests
    province: str  # the province's own unit
    areas: tuple[str, ...]  # the units between the province and its schools
    schools: tuple[tuple[str, SchoolLevel, str], ...]  # (name, level, area)
    bodies: tuple[tuple[str, str | None], ...]  # (name, area or None at province level)
    contests: tuple[tuple[ContestKind, str, str, str], ...]  # (kind, name, prefix, description)
    # (first year, number) of a known edition, from which today's is counted.
    youth_base: tuple[int, int]
    technical_base: tuple[int, int]


# Lần XI of Vĩnh Long's youth contest was 2021-22; lần X of its technical contest was 2024-25.
# Its units are the pre-2025 districts the demo has always had (see the issue 13 report).
VINH_LONG = ProvinceDemo(
    code=ORGANISATION_CODE, organiser=ORGANISER, province=PROVINCE, areas=DISTRICTS,
    schools=SCHOOLS, bodies=ORGANISATIONS, contests=CONTESTS,
    youth_base=(2021, 11), technical_base=(2024, 10),
)

# Cần Thơ since 1 July 2025 (with the former Hậu Giang and Sóc Trăng): wards and communes
# directly under the city, no district level.
CT_ORGANISER = "Liên hiệp các Hội Khoa học và Kỹ thuật thành phố Cần Thơ"
NINH_KIEU, CAI_KHE, TAN_AN, BINH_THUY = ("Phường Ninh Kiều", "Phường Cái Khế", "Phường Tân An",
                                         "Phường Bình Thủy")
CAI_RANG, O_MON, THOT_NOT, VI_THANH = ("Phường Cái Răng", "Phường Ô Môn", "Phường Thốt Nốt",
                                       "Phường Vị Thanh")
PHONG_DIEN, THOI_LAI = "Xã Phong Điền", "Xã Thới Lai"
CT_UNIVERSITY = "Trường Đại học Cần Thơ"
CAN_THO = ProvinceDemo(
    code="can-tho",
    organiser=CT_ORGANISER,
    province="Thành phố Cần Thơ",
    areas=(NINH_KIEU, CAI_KHE, TAN_AN, BINH_THUY, CAI_RANG, O_MON, THOT_NOT, VI_THANH,
           PHONG_DIEN, THOI_LAI),
    schools=(
        ("Trường THPT chuyên Lý Tự Trọng", _THPT, BINH_THUY),
        ("Trường THPT Châu Văn Liêm", _THPT, NINH_KIEU),
        ("Trường THPT Nguyễn Việt Hồng", _THPT, CAI_KHE),
        ("Trường THPT Bùi Hữu Nghĩa", _THPT, BINH_THUY),
        ("Trường THPT Lưu Hữu Phước", _THPT, O_MON),
        ("Trường THPT Thốt Nốt", _THPT, THOT_NOT),
        ("Trường THPT Phan Văn Trị", _THPT, PHONG_DIEN),
        ("Trường THPT chuyên Vị Thanh", _THPT, VI_THANH),
        ("Trường THCS Đoàn Thị Điểm", _THCS, NINH_KIEU),
        ("Trường THCS Thới Lai", _THCS, THOI_LAI),
        ("Trường THCS Cái Răng", _THCS, CAI_RANG),
        ("Trường Tiểu học Mạc Đĩnh Chi", _TH, TAN_AN),
        ("Trường Tiểu học Phong Điền", _TH, PHONG_DIEN),
    ),
    bodies=(
        (CT_ORGANISER, None),
        ("Sở Khoa học và Công nghệ thành phố Cần Thơ", None),
        ("Sở Giáo dục và Đào tạo thành phố Cần Thơ", None),
        ("Thành Đoàn Cần Thơ", None),
        (CT_UNIVERSITY, NINH_KIEU),
        ("Bệnh viện Đa khoa Trung ương Cần Thơ", NINH_KIEU),
        ("Hợp tác xã Nông nghiệp Thới Lai", THOI_LAI),
    ),
    contests=(
        (
            ContestKind.YOUTH,
            "Cuộc thi Sáng tạo Thanh thiếu niên nhi đồng thành phố Cần Thơ",
            "TTN",
            "Cuộc thi do Liên hiệp các Hội Khoa học và Kỹ thuật thành phố phối hợp với Sở Giáo "
            "dục và Đào tạo và Thành Đoàn tổ chức hằng năm cho học sinh từ tiểu học đến trung "
            "học phổ thông, với sản phẩm thuộc năm lĩnh vực của cuộc thi toàn quốc. Những sản "
            "phẩm đạt giải cao được chọn gửi dự Cuộc thi Sáng tạo Thanh thiếu niên nhi đồng "
            "toàn quốc.",
        ),
        (
            ContestKind.TECHNICAL,
            "Hội thi Sáng tạo kỹ thuật thành phố Cần Thơ",
            "STKT",
            "Hội thi do Liên hiệp các Hội Khoa học và Kỹ thuật thành phố phối hợp với Sở Khoa học "
            "và Công nghệ và Liên đoàn Lao động thành phố tổ chức hai năm một lần, tôn vinh các "
            "giải pháp kỹ thuật đã được áp dụng có hiệu quả trên địa bàn thành phố; các giải "
            "pháp xuất sắc được giới thiệu dự Hội thi Sáng tạo Kỹ thuật toàn quốc.",
        ),
    ),
    youth_base=(2021, 13),
    technical_base=(2024, 13),
)
PROVINCES = (VINH_LONG, CAN_THO)

# The national youth contest, which receives each province's selection (lần 17 was 2020-21).
NATIONAL_CONTEST = (
    ContestKind.YOUTH,
    "Cuộc thi Sáng tạo Thanh thiếu niên nhi đồng toàn quốc",
    "TTNQG",
    "Cuộc thi do Liên hiệp các Hội Khoa học và Kỹ thuật Việt Nam, Trung ương Đoàn Thanh niên "
    "Cộng sản Hồ Chí Minh, Bộ Giáo dục và Đào tạo và Quỹ Hỗ trợ sáng tạo kỹ thuật Việt Nam "
    "(VIFOTEC) tổ chức. Mỗi tỉnh, thành phố gửi dự những sản phẩm đạt giải cao nhất của cuộc "
    "thi cấp tỉnh, trong chỉ tiêu được giao.",
)
NATIONAL_YOUTH_BASE = (2021, 18)
# Each province may send this many entries to the national youth edition.
NATIONAL_QUOTA = 20
# The national edition takes the provinces' selections until the end of July.
NATIONAL_DEADLINE = (7, 31)


# Where the demo's people work: judges are engineers, teachers and doctors; entrants are
# pupils' teams (registered under their school) or staff of an organisation.
ORGANIZER_UNITS = (ORGANISER, ORGANISER)
JUDGE_UNITS = (
    UNIVERSITY, DOST, HOSPITAL, "Trường THPT chuyên Nguyễn Bỉnh Khiêm", UNIVERSITY, COMPANY,
    DOET, HOSPITAL, "Trường THPT Lưu Văn Liệt", UNIVERSITY, DOST, "Trường THCS Lê Quý Đôn",
)
ENTRANT_UNITS = (
    "Trường THPT Lưu Văn Liệt", "Trường THCS Cái Nhum", HOSPITAL, "Trường Tiểu học Trưng Vương",
    COOPERATIVE, "Trường THPT Trần Đại Nghĩa", COMPANY, "Trường THCS Tường Lộc",
    "Trường THPT Hoàng Thái Hiếu", UNIVERSITY,
)

# The first account of each role gets an address that is easy to type at a demo.
ADMIN_EMAIL_LOCAL = "admin"
FIRST_EMAIL_LOCALS = {"organizer": "bantochuc", "judge": "giamkhao", "entrant": "thisinh"}
# The organisers of Cần Thơ and of the national body, printed after the four above.
CT_ORGANIZER_LOCAL = "bantochuc.cantho"
NATIONAL_ORGANIZER_LOCAL = "bantochuc.toanquoc"

# Faker's vi_VN names come in the wrong order and with prefixes ("Ông", "Quý ông"), so the
# demo draws Họ + đệm + tên from these lists, weighted roughly by how common a surname is.
SURNAMES = (
    ("Nguyễn", 30), ("Trần", 11), ("Lê", 9), ("Phạm", 6), ("Huỳnh", 5), ("Võ", 5),
    ("Phan", 4), ("Trương", 3), ("Đặng", 2), ("Bùi", 2), ("Đỗ", 2), ("Hồ", 2), ("Ngô", 2),
    ("Dương", 2), ("Lý", 2), ("Đoàn", 1), ("Lâm", 1), ("Châu", 1), ("Hoàng", 1), ("Mai", 1),
)
MALE_MIDDLE_NAMES = (
    "Văn", "Văn", "Văn", "Minh", "Quốc", "Hữu", "Thanh", "Hoàng", "Công", "Đức", "Tấn",
    "Trọng", "Chí", "Thành", "Ngọc",
)
FEMALE_MIDDLE_NAMES = (
    "Thị", "Thị", "Thị", "Ngọc", "Thanh", "Thu", "Kim", "Mỹ", "Hồng", "Phương", "Bích",
    "Thùy", "Thị Thu", "Thị Ngọc", "Thị Kim", "Thị Mỹ",
)
MALE_GIVEN_NAMES = (
    "An", "Bình", "Cường", "Dũng", "Đạt", "Hải", "Hiếu", "Hùng", "Khang", "Khoa", "Long",
    "Lộc", "Minh", "Nam", "Nghĩa", "Phúc", "Phong", "Quang", "Sơn", "Tài", "Thành",
    "Thắng", "Tín", "Toàn", "Trí", "Trung", "Tuấn", "Vinh",
)
FEMALE_GIVEN_NAMES = (
    "Anh", "Châu", "Diễm", "Dung", "Giang", "Hà", "Hằng", "Hạnh", "Hoa", "Hương", "Lan",
    "Linh", "Loan", "Mai", "My", "Ngân", "Nhung", "Oanh", "Phượng", "Quyên", "Thảo", "Thư",
    "Trang", "Trâm", "Tuyết", "Vy", "Yến",
)
MOBILE_PREFIXES = (
    "090", "091", "093", "094", "096", "097", "098", "032", "033", "034", "035", "036",
    "037", "038", "039", "070", "076", "077", "078", "079", "081", "083", "084", "085", "088",
)
