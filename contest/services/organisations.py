"""Organisations: the national body and the provinces' unions, and who acts within which.

A database made for one organising body has one organisation; commands and pages that do not
name one use it (`default_organisation`). With several, the caller must say which."""
from __future__ import annotations

import re

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from contest.extensions import db
from contest.models import MemberRole, Membership, Organisation, OrganisationKind, User
from contest.services import DomainError
from contest.services.audit import record_event
from contest.services.organisation_codes import RESERVED_CODES

CODE = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,18}[a-z0-9])?")


def organisation_by_code(code: str) -> Organisation | None:
    return db.session.scalar(select(Organisation).where(Organisation.code == code))


def create_organisation(*, code: str, name: str, kind: OrganisationKind,
                        parent: Organisation | None = None, actor: User | None = None,
                        audited: bool = True) -> Organisation:
    """A new organisation (audited); its code is its short name in addresses."""
    code, name = code.strip().lower(), " ".join(name.split())
    if not CODE.fullmatch(code):
        raise DomainError(_l("Mã tổ chức chỉ gồm chữ thường không dấu, số và dấu gạch ngang "
                             "(tối đa 20 ký tự), ví dụ vinh-long."))
    if code in RESERVED_CODES:
        raise DomainError(_l("Mã “%(code)s” trùng với một địa chỉ của hệ thống; hãy chọn mã "
                             "khác.", code=code))
    if not name:
        raise DomainError(_l("Hãy nhập tên tổ chức."))
    if organisation_by_code(code) is not None:
        raise DomainError(_l("Đã có tổ chức mã “%(code)s”.", code=code))
    if parent is not None and parent.kind != OrganisationKind.NATIONAL:
        raise DomainError(_l("Tổ chức cấp trên phải là cơ quan toàn quốc."))
    if kind == OrganisationKind.NATIONAL and parent is not None:
        raise DomainError(_l("Cơ quan toàn quốc không có tổ chức cấp trên."))
    organisation = Organisation(code=code, name=name, kind=kind, parent=parent)
    db.session.add(organisation)
    db.session.flush()
    if audited:
        record_event(actor=actor, action="organisation.create", target=organisation,
                     after={"code": code, "name": name, "kind": kind.value,
                            "parent": parent.code if parent else None})
    return organisation


def default_organisation(actor: User | None = None) -> Organisation:
    """The one organisation of the database, made from the settings on an empty one (part of
    setting the database up, so not an audited decision); refused when there are several
    (the caller must name one)."""
    found = db.session.scalars(select(Organisation).order_by(Organisation.id).limit(2)).all()
    if len(found) == 1:
        return found[0]
    if found:
        raise DomainError(_l("Hệ thống có nhiều tổ chức; hãy chọn tổ chức (--organisation MÃ)."))
    config = current_app.config
    return create_organisation(code=config["DEFAULT_ORGANISATION_CODE"],
                               name=config["DEFAULT_ORGANISATION_NAME"],
                               kind=OrganisationKind.PROVINCIAL, actor=actor, audited=False)


def chosen_organisation(code: str | None, actor: User | None = None) -> Organisation:
    """The organisation a command names, or the default one when it names none."""
    if code is None:
        return default_organisation(actor)
    organisation = organisation_by_code(code.strip().lower())
    if organisation is None:
        raise DomainError(_l("Không có tổ chức mã “%(code)s”.", code=code))
    return organisation


def add_membership(user: User, organisation: Organisation, role: MemberRole) -> Membership:
    """The user holds `role` in the organisation (nothing new if they already do)."""
    if user.id is None:
        db.session.flush()
    found = db.session.scalar(select(Membership).where(
        Membership.user_id == user.id, Membership.organisation_id == organisation.id,
        Membership.role == role))
    if found is not None:
        return found
    membership = Membership(user_id=user.id, organisation_id=organisation.id, role=role)
    db.session.add(membership)
    db.session.flush()
    return membership


def organisation_count() -> int:
    return db.session.scalar(select(func.count(Organisation.id)))
