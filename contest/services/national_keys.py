"""Organisations' Ed25519 keys for national packages: a province's private key in its
instance folder (mode 0600), the public keys the national body registered, signatures."""
from __future__ import annotations

import base64
import binascii
import os
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from contest.extensions import db
from contest.models import Organisation, OrganisationKey, User
from contest.services import DomainError
from contest.services.audit import record_event


def private_key_path(organisation: Organisation) -> Path:
    """Where the organisation's private key lives: <instance>/keys/<code>.ed25519.pem."""
    return Path(current_app.instance_path) / "keys" / f"{organisation.code}.ed25519.pem"


def public_text(key: Ed25519PublicKey) -> str:
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode()


def create_organisation_key(organisation: Organisation) -> str:
    """Make the organisation's key pair (refused when it has one); the public key in base64."""
    path = private_key_path(organisation)
    if path.exists():
        raise DomainError(_l("%(name)s đã có khóa ký (%(path)s); không tạo khóa mới đè lên.",
                             name=organisation.name, path=str(path)))
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(pem)
    return public_text(key.public_key())


def signing_key(organisation: Organisation) -> Ed25519PrivateKey:
    path = private_key_path(organisation)
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except FileNotFoundError:
        raise DomainError(_l("%(name)s chưa có khóa ký; hãy chạy create-organisation-key "
                             "%(code)s.", name=organisation.name, code=organisation.code)) from None
    if not isinstance(key, Ed25519PrivateKey):
        raise DomainError(_l("Tệp khóa %(path)s không phải khóa Ed25519.", path=str(path)))
    return key


def sign(organisation: Organisation, data: bytes) -> bytes:
    """The base64 Ed25519 signature of `data` by the organisation's private key."""
    return base64.b64encode(signing_key(organisation).sign(data))


def parse_public_key(text: str) -> Ed25519PublicKey:
    try:
        raw = base64.b64decode((text or "").strip(), validate=True)
        return Ed25519PublicKey.from_public_bytes(raw)
    except (binascii.Error, ValueError):
        raise DomainError(_l("Khóa công khai không hợp lệ: cần 32 byte Ed25519 mã hóa base64 "
                             "(dòng cuối của create-organisation-key).")) from None


def register_organisation_key(*, organisation: Organisation, public_key: str,
                              actor: User | None) -> OrganisationKey:
    """Record (or replace) the key an organisation's packages must be signed with (audited)."""
    text = public_text(parse_public_key(public_key))
    found = registered_key(organisation)
    before = {"public_key": found.public_key} if found else None
    if found is None:
        found = OrganisationKey(organisation_id=organisation.id, public_key=text)
        db.session.add(found)
    found.public_key = text
    db.session.flush()
    record_event(actor=actor, action="organisation.key", target=organisation, before=before,
                 after={"public_key": text})
    return found


def registered_key(organisation: Organisation) -> OrganisationKey | None:
    return db.session.scalar(select(OrganisationKey).where(
        OrganisationKey.organisation_id == organisation.id))


def verify(organisation: Organisation, data: bytes, signature: bytes) -> None:
    """Refuse unless `signature` (base64) is the registered key's signature of `data`."""
    found = registered_key(organisation)
    if found is None:
        raise DomainError(_l("Chưa đăng ký khóa công khai của %(name)s; không nhận gói của tổ "
                             "chức này.", name=organisation.name))
    try:
        parse_public_key(found.public_key).verify(
            base64.b64decode(signature.strip(), validate=True), data)
    except (InvalidSignature, binascii.Error, ValueError):
        raise DomainError(_l("Chữ ký của gói không khớp khóa đã đăng ký của %(name)s: gói đã bị "
                             "sửa hoặc được ký bằng khóa khác.", name=organisation.name)) from None
