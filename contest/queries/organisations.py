"""Scope: the organisations a person acts within, and statements limited to them.

An organiser (or a secretary, who does an organiser's work for now) acts within the
organisations they are a member of; the platform's admin acts within all of them. Every
organiser read of an organisation's data is limited by `in_scope` (a sub-select, so a
scoped page runs as many statements as an unscoped one)."""
from __future__ import annotations

from sqlalchemy import ColumnElement, Select, select, true

from contest.models import (
    Contest,
    Edition,
    MemberRole,
    Membership,
    Organisation,
    OrganisationKind,
    Role,
    User,
)

ACTING_ROLES = (MemberRole.ORGANIZER, MemberRole.SECRETARY)


def acting_organisation_ids(user: User) -> Select:
    """The ids of the organisations the user organises (a sub-select)."""
    return select(Membership.organisation_id).where(
        Membership.user_id == user.id, Membership.role.in_(ACTING_ROLES))


def sees_everything(user: User) -> bool:
    """The platform's admin is bound to no organisation."""
    return user.role == Role.ADMIN


def in_scope(organisation_id: ColumnElement, user: User) -> ColumnElement[bool]:
    """The condition that the organisation column is one the user acts within."""
    if sees_everything(user):
        return true()
    return organisation_id.in_(acting_organisation_ids(user))


def edition_in_scope(edition_id: ColumnElement, user: User) -> ColumnElement[bool]:
    """The condition that the edition column names an edition of the user's organisations."""
    if sees_everything(user):
        return true()
    return edition_id.in_(scoped_edition_ids(user))


def scoped_edition_ids(user: User) -> Select:
    """The ids of the editions of the user's organisations (a sub-select)."""
    return (select(Edition.id).join(Edition.contest)
            .where(in_scope(Contest.organisation_id, user)))


def edition_of_kind(edition_id: ColumnElement, kind: OrganisationKind) -> ColumnElement[bool]:
    """The condition that the edition column names an edition of an organisation of the kind
    (a national edition receives the provinces' entries; a provincial one sends them)."""
    return edition_id.in_(select(Edition.id).join(Edition.contest).join(Contest.organisation)
                          .where(Organisation.kind == kind))


def acting_organisations(user: User) -> Select:
    """The organisations the user acts within, by name (every one for the admin)."""
    return (select(Organisation).where(in_scope(Organisation.id, user))
            .order_by(Organisation.kind, Organisation.name, Organisation.id))


def memberships_of(user_ids: list[int]) -> Select:
    """(user id, organisation) of these users' organiser memberships, for the user list."""
    return (select(Membership.user_id, Organisation)
            .join(Membership.organisation)
            .where(Membership.user_id.in_(user_ids), Membership.role.in_(ACTING_ROLES))
            .order_by(Membership.user_id, Organisation.name))
