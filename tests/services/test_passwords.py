"""The password policy and hashing."""
from __future__ import annotations

import pytest

from contest.services.passwords import hash_password, password_problem, verify_password


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
