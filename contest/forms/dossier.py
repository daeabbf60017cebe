"""The dossier form: formats only; completeness and eligibility are checked on submission."""
from __future__ import annotations

import secrets

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    FieldList,
    FormField,
    HiddenField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TelField,
    TextAreaField,
    URLField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import URL, Email, Length, NumberRange, Optional, Regexp

from contest.forms.auth import BAD_EMAIL, strip
from contest.forms.base import FlaskForm, Form, IntegerField, bounded_int
from contest.models import EntrantType, Gender

SECTION_LABELS = {
    "summary": _l("Tóm tắt giải pháp"),
    "idea": _l("Ý tưởng; các giải pháp đã biết và hạn chế của chúng"),
    "structure": _l("Cấu tạo, nguyên vật liệu"),
    "operation": _l("Nguyên lý hoạt động, cách sử dụng"),
    "novelty": _l("Tính mới"),
    "creativity": _l("Tính sáng tạo"),
    "applicability": _l("Khả năng áp dụng"),
    "effectiveness": _l("Hiệu quả kinh tế, kỹ thuật, xã hội"),
}
DECLARATION = _l(
    "Tôi/chúng tôi cam đoan giải pháp này là ý tưởng của chính tác giả, chưa đạt giải ở "
    "cuộc thi cấp này hoặc cao hơn, và các thông tin trong hồ sơ là đúng sự thật.")
PHONE = Regexp(r"^[0-9 +().-]{8,20}$", message=_l("Số điện thoại không hợp lệ."))
MAX_TEXT = 20_000  # hard cap per section; the edition's own limit is checked on submission


def optional_email():
    return EmailField(_l("E-mail"), filters=[strip], validators=[
        Optional(), Email(BAD_EMAIL, check_deliverability=False), Length(max=254)])


def optional_phone(label=None):
    return TelField(label or _l("Điện thoại"), filters=[strip], validators=[Optional(), PHONE])


class AuthorForm(Form):
    full_name = StringField(_l("Họ và tên"), filters=[strip], validators=[Length(max=200)])
    birth_date = DateField(_l("Ngày sinh"), validators=[Optional()])
    gender = SelectField(_l("Giới tính"), validators=[Optional()], choices=[
        SelectChoice("", "—"), SelectChoice(Gender.MALE.value, _l("Nam")),
        SelectChoice(Gender.FEMALE.value, _l("Nữ"))])
    unit_name = StringField(_l("Trường / đơn vị"), filters=[strip], validators=[Length(max=255)],
                            render_kw={"list": "unit-names", "autocomplete": "off"})
    class_or_position = StringField(_l("Lớp / chức vụ"), filters=[strip],
                                    validators=[Length(max=100)])
    phone = optional_phone()
    email = optional_email()


class DossierForm(FlaskForm):
    version = HiddenField()
    title = StringField(_l("Tên giải pháp / sản phẩm"), filters=[strip],
                        validators=[Length(max=300)])
    field_id = SelectField(_l("Lĩnh vực dự thi"), coerce=int, validators=[Optional()])
    entrant_type = SelectField(_l("Đối tượng dự thi"), default=EntrantType.PERSON.value, choices=[
        SelectChoice(EntrantType.PERSON.value, _l("Cá nhân / nhóm tác giả")),
        SelectChoice(EntrantType.ORGANISATION.value, _l("Tổ chức"))])
    organisation_name = StringField(_l("Tên tổ chức dự thi"), filters=[strip],
                                    validators=[Length(max=255)],
                                    render_kw={"list": "unit-names", "autocomplete": "off"})
    applied_since_year = IntegerField(_l("Năm bắt đầu áp dụng"), validators=[
        Optional(), NumberRange(1950, 2100, message=_l("Năm không hợp lệ."))])
    authors = FieldList(FormField(AuthorForm), min_entries=1)
    teacher_name = StringField(_l("Giáo viên hướng dẫn"), filters=[strip],
                               validators=[Length(max=200)])
    teacher_unit_name = StringField(_l("Đơn vị của giáo viên"), filters=[strip],
                                    validators=[Length(max=255)],
                                    render_kw={"list": "unit-names", "autocomplete": "off"})
    teacher_phone = optional_phone(_l("Điện thoại giáo viên"))
    teacher_email = optional_email()
    contact_phone = optional_phone(_l("Điện thoại liên hệ"))
    contact_email = optional_email()
    summary = TextAreaField(SECTION_LABELS["summary"], validators=[Length(max=MAX_TEXT)])
    idea = TextAreaField(SECTION_LABELS["idea"], validators=[Length(max=MAX_TEXT)])
    structure = TextAreaField(SECTION_LABELS["structure"], validators=[Length(max=MAX_TEXT)])
    operation = TextAreaField(SECTION_LABELS["operation"], validators=[Length(max=MAX_TEXT)])
    novelty = TextAreaField(SECTION_LABELS["novelty"], validators=[Length(max=MAX_TEXT)])
    creativity = TextAreaField(SECTION_LABELS["creativity"], validators=[Length(max=MAX_TEXT)])
    applicability = TextAreaField(SECTION_LABELS["applicability"],
                                  validators=[Length(max=MAX_TEXT)])
    effectiveness = TextAreaField(SECTION_LABELS["effectiveness"],
                                  validators=[Length(max=MAX_TEXT)])
    video_url = URLField(_l("Liên kết video giới thiệu"), filters=[strip], validators=[
        Optional(), URL(require_tld=True, message=_l("Liên kết không hợp lệ.")),
        Regexp(r"^https?://", message=_l("Liên kết phải bắt đầu bằng http:// hoặc https://.")),
        Length(max=500)])
    declaration_accepted = BooleanField(DECLARATION)
    add_author = SubmitField(_l("Thêm tác giả"))
    remove_author = SubmitField(_l("Bớt tác giả cuối"))
    save = SubmitField(_l("Lưu"))
    submit = SubmitField(_l("Lưu và nộp hồ sơ"))
    upload = SubmitField(_l("Tải lên"))  # saves the draft, then stores the file chosen with it

    def __init__(self, *args, edition=None, **kwargs):
        super().__init__(*args, **kwargs)
        if edition is not None:
            self.field_id.choices = [SelectChoice(0, _l("— Chọn lĩnh vực —"))] + [
                SelectChoice(f.id, f.name) for f in edition.fields]


class ScreeningForm(FlaskForm):
    decision = SelectField(_l("Kết quả thẩm định"), choices=[
        SelectChoice("eligible", _l("Hợp lệ")), SelectChoice("ineligible", _l("Không hợp lệ"))])
    reason = TextAreaField(_l("Lý do (bắt buộc khi không hợp lệ)"), filters=[strip],
                           validators=[Length(max=2000)])


class BulkScreeningForm(ScreeningForm):
    entry_ids = SelectMultipleField(coerce=bounded_int, validate_choice=False)


class NewEntryForm(FlaskForm):
    """Starts a draft; the token makes a double click land on the same draft."""

    token = HiddenField()

    @classmethod
    def fresh(cls) -> NewEntryForm:
        """A form with a new random token, to render."""
        return cls(token=secrets.token_hex(16))
