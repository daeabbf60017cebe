"""The password policy and hashing."""
from __future__ import annotations

import pytest

from contest import create_app
from contest.services.passwords import (
    hash_password,
    needs_rehash,
    password_problem,
    verify_password,
)


@pytest.mark.parametrize("password", ["123456789", "password1", "iloveyou", "matkhau123",
                                      "Anhyeuem", "qwertyuiop", "aaaaaaaaaa"])
def test_common_passwords_are_refused(app, password):
    with app.test_request_context():
        assert password_problem(password) == (
            "Mật khẩu này quá phổ biến, dễ bị đoán. Hãy chọn mật khẩu khác.")


def test_short_and_email_passwords_are_refused(app):
    with app.test_request_context():
        assert password_problem("Ab1-x") == "Mật khẩu phải có ít nhất 8 ký tự."
        assert password_problem("ngoc.tran-2026", email="ngoc.tran@example.vn") == (
            "Mật khẩu không được chứa địa chỉ e-mail của bạn.")
        assert password_problem("Cau-Rong-Ba-2026") is None


def test_hashes_are_argon2id_and_verify():
    hashed = hash_password("Cau-Rong-Ba-2026")
    assert hashed.startswith("$argon2id$")
    assert verify_password(hashed, "Cau-Rong-Ba-2026")
    assert not verify_password(hashed, "cau-rong-ba-2026")
    assert not verify_password(None, "Cau-Rong-Ba-2026")


@pytest.mark.parametrize(("password", "expected"), [
    ("tranthibinh2008", "Mật khẩu không được chứa tên của bạn."),
    ("Tranthibinh!", "Mật khẩu không được chứa tên của bạn."),
    ("Binh-Tran-2008", "Mật khẩu không được chứa địa chỉ e-mail của bạn."),
    ("Thi-Binh-2008", "Mật khẩu không được chứa tên của bạn."),
    ("binh.tran1990", "Mật khẩu không được chứa địa chỉ e-mail của bạn."),
    ("qwerty2026", "Mật khẩu này quá phổ biến, dễ bị đoán. Hãy chọn mật khẩu khác."),
    ("Cau-Rong-Ba-2026", None),
    ("Binh-Song-Co-Chien-9", None),
])
def test_the_estimator_knows_the_users_name_and_email(app, password, expected):
    with app.test_request_context():
        assert password_problem(password, email="binh.tran@example.vn",
                                name="Trần Thị Bình") == expected


def test_tests_hash_cheaply_while_production_keeps_owasps_profile(app, tmp_path):
    with app.app_context():
        assert hash_password("Cau-Rong-Ba-2026").startswith("$argon2id$v=19$m=8,t=1,p=1$")
    production = create_app({"INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "k",
                             "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    with production.app_context():
        hashed = hash_password("Cau-Rong-Ba-2026")
        assert hashed.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
        assert verify_password(hashed, "Cau-Rong-Ba-2026")
        assert not needs_rehash(hashed)
