"""Forms of the spreadsheet imports: the upload, and the confirmation after the preview."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField
from wtforms.validators import InputRequired, Regexp

from contest.forms.base import FlaskForm


class ImportUploadForm(FlaskForm):
    file = FileField(_l("Tệp CSV hoặc Excel (.xlsx)"),
                     validators=[FileRequired(_l("Hãy chọn tệp cần nhập."))])


class ImportConfirmForm(FlaskForm):
    token = HiddenField(validators=[InputRequired(), Regexp(r"^[a-f0-9]{32}$")])
