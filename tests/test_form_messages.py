"""Every form's shared behaviour: WTForms' own messages in the visitor's language, and text
fields that never keep control characters."""
from __future__ import annotations

import io
from pathlib import Path

import wtforms
from babel.messages.pofile import read_po
from flask import Flask
from werkzeug.datastructures import MultiDict
from wtforms import DateField, PasswordField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Email, InputRequired, NumberRange

from contest.extensions import db
from contest.forms.base import FlaskForm, IntegerField
from contest.models import Role
from tests import factories
from tests.conftest import csrf_token
from tests.sample_files import image_bytes

CATALOG = Path(__file__).resolve().parent.parent / "contest/translations/vi/LC_MESSAGES/wtforms.po"
TEMPLATE = Path(wtforms.__file__).parent / "locale/wtforms.pot"


class Sample(FlaskForm):
    class Meta:
        csrf = False

    name = StringField()
    note = TextAreaField()
    password = PasswordField()
    kind = SelectField(choices=[SelectChoice("a", "A")])
    count = IntegerField(validators=[NumberRange(min=1)])
    day = DateField()
    email = StringField(validators=[InputRequired(), Email()])


def sample(app: Flask, data: dict, lang: str | None = None) -> Sample:
    headers = {"Cookie": f"lang={lang}"} if lang else {}
    with app.test_request_context("/", headers=headers):
        form = Sample(MultiDict(data))
        form.validate()
        return form


def test_every_wtforms_message_has_a_vietnamese_translation():
    with TEMPLATE.open("rb") as file:
        wanted = {message.id if isinstance(message.id, str) else message.id[0]
                  for message in read_po(file) if message.id}
    with CATALOG.open("rb") as file:
        catalog = read_po(file, locale="vi")
    translated = {(m.id if isinstance(m.id, str) else m.id[0]): m.string for m in catalog if m.id}
    assert wanted <= translated.keys()
    assert [key for key in wanted if not all(translated[key]) or translated[key] == key] == []


def test_wtforms_messages_are_vietnamese_by_default_and_english_after_switching(app):
    data = {"kind": "zzz", "count": "0", "day": "31/02/2026", "email": ""}
    vietnamese = sample(app, data).errors
    assert vietnamese == {"kind": ["Lựa chọn không hợp lệ."],
                          "count": ["Số phải lớn hơn hoặc bằng 1."],
                          "day": ["Ngày không hợp lệ."],
                          "email": ["Vui lòng nhập thông tin này."]}
    english = sample(app, data, lang="en").errors
    assert english == {"kind": ["Not a valid choice."], "count": ["Number must be at least 1."],
                       "day": ["Not a valid date value."], "email": ["This field is required."]}
    assert sample(app, {"email": "không phải e-mail"}).errors["email"] == [
        "Địa chỉ e-mail không hợp lệ."]


def test_text_fields_drop_control_characters_and_keep_newlines_only_when_multi_line(app):
    form = sample(app, {"name": " Nguyễn\x00 Văn\tAn\r\n\x1b", "note": "Dòng 1\r\nDòng\x002\r",
                        "password": "mật\x00khẩu", "email": "an@example.vn\x00"})
    assert form.name.data == " Nguyễn Văn An "
    assert form.note.data == "Dòng 1\nDòng2\n"
    assert form.password.data == "mật\x00khẩu"  # hashed, never stored or shown: as typed
    assert form.email.data == "an@example.vn" and form.email.errors == []


def test_whole_numbers_hold_nine_digits(app):
    assert sample(app, {"count": "-0"}).count.data == 0
    assert sample(app, {"count": "+123456789"}).count.data == 123456789
    assert sample(app, {"count": "1234567890"}).errors["count"][0] == \
        "Hãy nhập một số nguyên có tối đa 9 chữ số."
    for value in ("1e3", "1.5", "٣", "²", "0x1", "1_0", "NaN", ""):
        assert sample(app, {"count": value}).errors["count"][0] == "Hãy nhập một số nguyên.", value


def test_an_upload_of_an_unknown_kind_is_refused_in_vietnamese_then_english(client, app, auth):
    with app.app_context():
        owner = factories.make_user(Role.ENTRANT, email="a@example.vn")
        entry_id = factories.make_entry(owner=owner).id
        db.session.commit()
    auth.login("a@example.vn")

    def upload_messages():
        auth.post(f"/entrant/entries/{entry_id}/attachments",
                  {"file": (io.BytesIO(image_bytes()), "anh.png"), "kind": "xyz"})
        with client.session_transaction() as session:
            return [message for _category, message in session.pop("_flashes", [])]

    assert upload_messages() == ["Lựa chọn không hợp lệ."]
    client.post("/language", data={"lang": "en", "next": "/",
                                   "csrf_token": csrf_token(client)})
    assert upload_messages() == ["Not a valid choice."]


def test_a_sub_form_gets_the_vietnamese_messages_too(client, app, auth):
    with app.app_context():
        owner = factories.make_user(Role.ENTRANT, email="a@example.vn")
        entry_id = factories.make_entry(owner=owner, authors=("Lê Minh Anh",)).id
        db.session.commit()
    auth.login("a@example.vn")
    url = f"/entrant/entries/{entry_id}/edit"
    page = client.get(url).get_data(as_text=True)
    version = page.split('name="version" type="hidden" value="')[1].split('"')[0]
    response = client.post(url, data={
        "version": version, "save": "1", "csrf_token": csrf_token(client), "title": "Máy",
        "authors-0-full_name": "Lê Minh Anh", "authors-0-gender": "xyz"})
    page = response.get_data(as_text=True)
    assert "Lựa chọn không hợp lệ." in page and "Not a valid choice" not in page
