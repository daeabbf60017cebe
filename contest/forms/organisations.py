"""The settings form of an organisation."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import StringField
from wtforms.validators import DataRequired, Length, Optional

from contest.forms.base import FlaskForm

ACCEPTED_LOGOS = ".jpg,.jpeg,.png,.webp"


class OrganisationSettingsForm(FlaskForm):
    accept = ACCEPTED_LOGOS

    name = StringField(_l("Tên tổ chức"), validators=[
        DataRequired(_l("Hãy nhập tên tổ chức.")), Length(max=255)])
    document_place = StringField(
        _l("Địa danh ghi trên văn bản"), validators=[Optional(), Length(max=100)],
        description=_l("Ví dụ “Vĩnh Long”: giấy chứng nhận ghi “Vĩnh Long, ngày … tháng … "
                       "năm …”. Để trống thì dùng địa danh chung của hệ thống."))
    logo = FileField(_l("Biểu trưng (JPEG, PNG hoặc WebP)"), validators=[Optional()])
