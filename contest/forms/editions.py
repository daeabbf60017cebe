"""Organiser forms for creating an edition, editing its set-up and moving its phase."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    FieldList,
    FormField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional, Regexp

from contest.clock import VIETNAM
from contest.forms.auth import REQUIRED, strip
from contest.forms.base import FlaskForm, Form, IntegerField, PointsField
from contest.models import Phase
from contest.services.edition_setup import SETTING_KEYS
from contest.services.edition_tables import AwardTierRow, CriterionRow, FieldRow

BAD_NUMBER = _l("Hãy nhập một số nguyên.")
BAD_DATE = _l("Ngày không hợp lệ.")
BAD_DATETIME = _l("Thời điểm không hợp lệ.")
YEAR_LABEL_HELP = _l("Ví dụ 2025–2026 (năm học) hoặc 2025.")
TABLES = ("fields", "criteria", "award_tiers")
# Each choice of the result settings with a one-line explanation shown under its select.
RANKING_METHODS = (
    ("mean", _l("Trung bình cộng"),
     _l("Trung bình tổng điểm của các giám khảo, đúng cách tính của thể lệ.")),
    ("median", _l("Trung vị"),
     _l("Tổng điểm ở giữa khi xếp điểm các giám khảo; một điểm quá cao hay quá thấp ít ảnh "
        "hưởng.")),
    ("trimmed", _l("Trung bình bỏ điểm cao nhất và thấp nhất"),
     _l("Khi hồ sơ có từ 5 phiếu chấm, bỏ một tổng điểm cao nhất và một thấp nhất rồi lấy "
        "trung bình; ít hơn thì lấy trung bình cộng.")),
    ("zscore", _l("Chuẩn hóa theo từng giám khảo (z-score)"),
     _l("Bù cho giám khảo chấm chặt hay chấm rộng: điểm của mỗi giám khảo được chuẩn hóa rồi "
        "quy về thang 0–100.")),
)
TIE_POLICY_CHOICES = (
    ("flag", _l("Báo Ban tổ chức quyết định"),
     _l("Các hồ sơ đồng hạng vượt số giải được đánh dấu để Ban tổ chức quyết định; giải đó "
        "không trao thêm.")),
    ("all", _l("Trao cho tất cả"),
     _l("Mọi hồ sơ đồng hạng đều nhận giải, dù vượt số giải tối đa.")),
    ("none", _l("Không trao cho ai"),
     _l("Không hồ sơ đồng hạng nào nhận giải đó; các hồ sơ này được xét giải kế tiếp.")),
)
NO_MIN_TIER = _l("— không giới hạn —")


def whole_number(label, *validators, **kwargs):
    return IntegerField(label, validators=[*validators], invalid_value_message=BAD_NUMBER,
                        **kwargs)


def vietnam_time(label):
    """A datetime-local input read and shown in Asia/Ho_Chi_Minh time."""
    return DateTimeLocalField(label, validators=[Optional()], tz=VIETNAM,
                              format=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"],
                              invalid_value_message=BAD_DATETIME)


def code_field():
    return StringField(_l("Mã"), filters=[strip], validators=[Optional()])


def text_field(label, max_length: int):
    return StringField(label, filters=[strip], validators=[
        Optional(), Length(max=max_length, message=_l("Tối đa %(max)d ký tự."))])


class FieldRowForm(Form):
    code = code_field()
    name = text_field(_l("Tên lĩnh vực"), 255)
    remove = BooleanField(_l("Xóa"))

    def row(self) -> FieldRow:
        return FieldRow(code=self.code.data or "", name=self.name.data or "")


class CriterionRowForm(Form):
    code = code_field()
    name = text_field(_l("Tên tiêu chí"), 255)
    description = TextAreaField(_l("Mô tả"), filters=[strip], render_kw={"rows": 2})
    max_score = PointsField(_l("Điểm tối đa"), validators=[Optional()])
    step = PointsField(_l("Bước điểm"), validators=[Optional()])
    tie_break_priority = whole_number(_l("Ưu tiên"), Optional())
    remove = BooleanField(_l("Xóa"))

    def row(self) -> CriterionRow:
        return CriterionRow(code=self.code.data or "", name=self.name.data or "",
                            description=self.description.data or "",
                            max_score=self.max_score.data, step=self.step.data,
                            tie_break_priority=self.tie_break_priority.data)


class AwardTierRowForm(Form):
    code = code_field()
    name = text_field(_l("Tên giải"), 100)
    min_score = PointsField(_l("Điểm sàn"), validators=[Optional()])
    quota = whole_number(_l("Số giải tối đa"), Optional())
    remove = BooleanField(_l("Xóa"))

    def row(self) -> AwardTierRow:
        return AwardTierRow(code=self.code.data or "", name=self.name.data or "",
                            min_score=self.min_score.data, quota=self.quota.data)


def number_field():
    return whole_number(_l("Lần thứ"), InputRequired(REQUIRED),
                        NumberRange(min=1, message=_l("Phải là số nguyên dương.")))


def year_label_field():
    return StringField(_l("Nhãn năm"), filters=[strip], description=YEAR_LABEL_HELP, validators=[
        InputRequired(REQUIRED), Length(max=20, message=_l("Tối đa %(max)d ký tự.")),
        Regexp(r".*\d{4}", message=YEAR_LABEL_HELP)])


class CreateEditionForm(FlaskForm):
    number = number_field()
    year_label = year_label_field()


class EditionSettingsForm(FlaskForm):
    """The whole set-up page; field names match the setting keys of the services."""

    year_label = year_label_field()
    number = number_field()
    registration_opens_at = vietnam_time(_l("Mở đăng ký"))
    submission_deadline_at = vietnam_time(_l("Hạn nộp hồ sơ"))
    judging_starts_at = vietnam_time(_l("Bắt đầu chấm"))
    judging_ends_at = vietnam_time(_l("Kết thúc chấm"))
    objection_days = whole_number(
        _l("Số ngày nhận khiếu nại"), InputRequired(REQUIRED),
        description=_l("Tính từ lúc công bố mỗi phiên bản kết quả tạm thời; thể lệ thường "
                       "là 15 ngày."))
    show_scores = BooleanField(
        _l("Cho thí sinh xem điểm của hồ sơ"),
        description=_l("Điểm được ghi trong kết quả và e-mail gửi thí sinh; bỏ chọn để chỉ "
                       "báo giải và thứ hạng."))

    birth_date_from = DateField(_l("Tác giả sinh từ ngày"), validators=[Optional()],
                                invalid_value_message=BAD_DATE)
    birth_date_to = DateField(_l("đến ngày"), validators=[Optional()],
                              invalid_value_message=BAD_DATE)
    min_author_age = whole_number(_l("Tuổi tối thiểu của tác giả"), Optional())
    applied_since_year = whole_number(_l("Giải pháp được áp dụng từ năm"), Optional())
    max_authors = whole_number(_l("Số tác giả tối đa mỗi hồ sơ"), InputRequired(REQUIRED))

    attachment_max_mb = whole_number(_l("Dung lượng tối đa mỗi tệp (MB)"),
                                     InputRequired(REQUIRED))
    max_photos = whole_number(_l("Số ảnh tối đa"), InputRequired(REQUIRED))
    max_documents = whole_number(_l("Số tài liệu tối đa"), InputRequired(REQUIRED))
    section_max_chars = whole_number(_l("Số ký tự tối đa mỗi mục thuyết minh"),
                                     InputRequired(REQUIRED))

    blind_judging = BooleanField(_l("Chấm ẩn danh (giám khảo không thấy tên tác giả)"))
    judges_per_entry = whole_number(_l("Số giám khảo chấm mỗi hồ sơ"), InputRequired(REQUIRED))
    rounds = SelectField(_l("Số vòng chấm"), coerce=int, choices=[
        SelectChoice(1, _l("Một vòng")), SelectChoice(2, _l("Hai vòng: sơ khảo và chung khảo"))])

    ranking_method = SelectField(
        _l("Phương pháp xếp hạng"), validate_choice=False,
        choices=[SelectChoice(code, label) for code, label, _help in RANKING_METHODS])
    awards_per_field = BooleanField(
        _l("Xét giải theo từng lĩnh vực"),
        description=_l("Số giải tối đa của mỗi giải áp dụng riêng cho từng lĩnh vực thay vì "
                       "cho toàn cuộc thi."))
    tie_policy = SelectField(
        _l("Khi các hồ sơ đồng hạng vượt số giải"), validate_choice=False,
        choices=[SelectChoice(code, label) for code, label, _help in TIE_POLICY_CHOICES])
    disagreement_threshold = PointsField(
        _l("Ngưỡng chênh lệch điểm giữa các giám khảo"), validators=[Optional()],
        description=_l("Hồ sơ có tổng điểm cao nhất và thấp nhất của các giám khảo cách nhau "
                       "hơn ngưỡng này được đánh dấu để xem lại."))
    final_round_threshold = PointsField(
        _l("Điểm vào vòng chung khảo"), validators=[Optional()],
        description=_l("Khi chấm hai vòng: hồ sơ đạt từ mức điểm này ở vòng sơ khảo được vào "
                       "chung khảo."))
    final_round_top_n = whole_number(
        _l("Số hồ sơ dẫn đầu mỗi lĩnh vực vào chung khảo"), Optional(),
        description=_l("Nếu nhập, N hồ sơ dẫn đầu mỗi lĩnh vực vào chung khảo thay cho mức "
                       "điểm trên; để trống để dùng mức điểm."))
    national_count = whole_number(
        _l("Số hồ sơ đề xuất dự thi toàn quốc"), InputRequired(REQUIRED),
        description=_l("Số hồ sơ tối đa trong danh sách đề xuất, lấy theo thứ hạng."))
    national_cap_per_field = whole_number(
        _l("Tối đa mỗi lĩnh vực"), Optional(),
        description=_l("Để trống nếu không giới hạn."))
    national_min_tier = SelectField(
        _l("Giải thấp nhất được đề xuất"), validate_choice=False,
        coerce=lambda value: value or None, choices=[SelectChoice("", NO_MIN_TIER)],
        description=_l("Chỉ đề xuất hồ sơ đạt từ giải này trở lên."))

    fields = FieldList(FormField(FieldRowForm), min_entries=0, max_entries=50)
    criteria = FieldList(FormField(CriterionRowForm), min_entries=0, max_entries=30)
    award_tiers = FieldList(FormField(AwardTierRowForm), min_entries=0, max_entries=20)

    def settings_values(self) -> dict:
        return {key: self[key].data for key in SETTING_KEYS}

    def set_tier_choices(self, edition) -> None:
        """The minimum tier for the national selection: one of the edition's tiers, or none."""
        choices = [SelectChoice("", NO_MIN_TIER)] + [
            SelectChoice(tier.code, tier.name) for tier in edition.award_tiers]
        wanted = self.national_min_tier.data
        if wanted and wanted not in {tier.code for tier in edition.award_tiers}:
            choices.append(SelectChoice(wanted, wanted))  # as posted, shown with its problem
        self.national_min_tier.choices = choices

    def kept_rows(self, table: str) -> list:
        """The row forms to save: neither marked for removal nor left blank."""
        return [entry.form for entry in self[table].entries
                if not entry.form.remove.data and any(
                    sub.data not in (None, "") for sub in entry.form if sub.short_name != "remove")]


class PhaseForm(FlaskForm):
    phase = SelectField(choices=[SelectChoice(phase.value, phase.value) for phase in Phase])
    force = BooleanField(_l("Bỏ qua kiểm tra ngày (chỉ quản trị viên)"))
