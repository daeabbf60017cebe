"""Forms of the national intake: a province's feed and quota, withdrawing or replacing an
arrived entry, and a signed package uploaded for import."""
from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, ValidationError

from contest.forms.auth import REQUIRED, strip
from contest.forms.base import FlaskForm

QUOTA_ITEM = re.compile(r"\s*([a-z0-9-]+)\s*[=:]\s*(\d{1,4})\s*")


def parse_field_quotas(text: str) -> dict[str, int]:
    """“cong-nghe=2; moi-truong=3” as {code: quota}; ValueError on anything else."""
    quotas = {}
    for item in filter(str.strip, (text or "").split(";")):
        match = QUOTA_ITEM.fullmatch(item)
        if match is None:
            raise ValueError(item)
        quotas[match.group(1)] = int(match.group(2))
    return quotas


class FeedForm(FlaskForm):
    province_id = SelectField(_l("Tỉnh, thành phố"), coerce=int,
                              validators=[InputRequired(REQUIRED)])
    provincial_edition_id = SelectField(_l("Lần tổ chức của tỉnh trên hệ thống này"), coerce=int,
                                        validators=[InputRequired(REQUIRED)])
    quota = IntegerField(_l("Chỉ tiêu hồ sơ"), default=20, validators=[
        InputRequired(REQUIRED), NumberRange(0, 1000, _l("Chỉ tiêu từ 0 đến 1000."))])
    field_quotas = StringField(_l("Chỉ tiêu theo lĩnh vực (mã=số; …)"), filters=[strip],
                               validators=[Length(max=500)])

    def validate_field_quotas(self, field) -> None:
        try:
            parse_field_quotas(field.data)
        except ValueError as error:
            raise ValidationError(_l("Không hiểu “%(item)s”: ghi theo mẫu ma-linh-vuc=2; "
                                     "ma-khac=3.", item=str(error).strip())) from None


class WithdrawArrivalForm(FlaskForm):
    reason = TextAreaField(_l("Lý do"), filters=[strip],
                           validators=[InputRequired(REQUIRED), Length(max=2000)])


class ReplaceArrivalForm(WithdrawArrivalForm):
    code = StringField(_l("Mã hồ sơ thay thế"), filters=[strip],
                       validators=[InputRequired(REQUIRED), Length(max=30)])


class PackageUploadForm(FlaskForm):
    package = FileField(_l("Gói hồ sơ (.zip)"),
                        validators=[FileRequired(_l("Hãy chọn tệp gói hồ sơ để tải lên."))])


class PackageConfirmForm(FlaskForm):
    token = HiddenField(validators=[InputRequired(REQUIRED), Length(min=32, max=32)])
