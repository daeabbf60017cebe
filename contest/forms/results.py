"""Organiser forms about results: ranking runs, award overrides, objections, national picks."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length

from contest.forms.auth import REQUIRED, strip
from contest.forms.base import FlaskForm
from contest.models import Edition
from contest.ranking import METHODS

METHOD_NAMES = {
    "mean": _l("Trung bình cộng"),
    "median": _l("Trung vị"),
    "trimmed": _l("Trung bình cắt"),
    "zscore": _l("Chuẩn hóa theo giám khảo (z-score)"),
}
METHOD_HELP = {
    "mean": _l("Trung bình cộng tổng điểm của các giám khảo, đúng cách tính của thể lệ."),
    "median": _l("Điểm ở giữa của các giám khảo; một điểm quá cao hay quá thấp ít ảnh hưởng."),
    "trimmed": _l("Bỏ một điểm cao nhất và một điểm thấp nhất khi hồ sơ có từ 5 phiếu, rồi lấy "
                  "trung bình."),
    "zscore": _l("Quy điểm của mỗi giám khảo về cùng mặt bằng (bù cho giám khảo chấm chặt hay "
                 "rộng tay), rồi đưa về thang 0–100."),
}
TIE_POLICY_NAMES = {
    "flag": _l("Đánh dấu để Ban tổ chức quyết định"),
    "all": _l("Trao giải cho tất cả hồ sơ đồng hạng"),
    "none": _l("Không trao giải đó cho hồ sơ đồng hạng nào"),
}


class RunRankingForm(FlaskForm):
    method = SelectField(_l("Phương pháp tính điểm"), validators=[InputRequired(REQUIRED)],
                         choices=[SelectChoice(m, METHOD_NAMES[m]) for m in METHODS])
    round = SelectField(_l("Vòng chấm"), coerce=int, validators=[InputRequired(REQUIRED)])

    def __init__(self, *args, edition: Edition, **kwargs):
        super().__init__(*args, **kwargs)
        names = {1: _l("Sơ khảo"), 2: _l("Chung khảo")} if edition.rounds > 1 else {
            1: _l("Vòng chấm duy nhất")}
        self.round.choices = [SelectChoice(n, names[n]) for n in range(1, edition.rounds + 1)]


class OverrideAwardForm(FlaskForm):
    """The committee's award for one entry; an empty choice means no award."""

    award = SelectField(_l("Giải"))
    reason = TextAreaField(_l("Lý do điều chỉnh"), filters=[strip], validators=[
        InputRequired(_l("Hãy ghi lý do điều chỉnh giải.")), Length(max=1000)])

    def __init__(self, *args, edition: Edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.award.choices = [SelectChoice("", _l("Không có giải"))] + [
            SelectChoice(t.code, t.name) for t in edition.award_tiers]


class AnswerObjectionForm(FlaskForm):
    answer = TextAreaField(_l("Trả lời"), filters=[strip], validators=[
        InputRequired(_l("Hãy nhập nội dung trả lời.")), Length(max=5000)])


class AddPickForm(FlaskForm):
    code = StringField(_l("Mã hồ sơ"), filters=[strip], validators=[
        InputRequired(_l("Hãy nhập mã hồ sơ.")), Length(max=40)])
    reason = TextAreaField(_l("Lý do thêm"), filters=[strip], validators=[
        InputRequired(_l("Hãy ghi lý do thêm hồ sơ vào danh sách.")), Length(max=1000)])


class RemovePickForm(FlaskForm):
    reason = TextAreaField(_l("Lý do bỏ"), filters=[strip], validators=[
        InputRequired(_l("Hãy ghi lý do bỏ hồ sơ khỏi danh sách.")), Length(max=1000)])


class NewVersionForm(FlaskForm):
    """Publishing a new provisional version: the reason entrants will read."""

    reason = TextAreaField(_l("Lý do công bố phiên bản mới"), filters=[strip], validators=[
        InputRequired(_l("Hãy ghi lý do công bố phiên bản mới.")),
        Length(min=10, max=2000, message=_l("Lý do dài từ %(min)d đến %(max)d ký tự."))])


class CloseObjectionsForm(FlaskForm):
    """An admin ends the objection window early: the reason is audited and shown."""

    reason = TextAreaField(_l("Lý do kết thúc sớm"), filters=[strip], validators=[
        InputRequired(_l("Hãy ghi lý do kết thúc sớm thời hạn khiếu nại.")),
        Length(min=10, max=2000, message=_l("Lý do dài từ %(min)d đến %(max)d ký tự."))])
