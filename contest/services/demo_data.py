"""Static content of the Vĩnh Long demo: units, contests, people's names and e-mail addresses."""
from __future__ import annotations

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
