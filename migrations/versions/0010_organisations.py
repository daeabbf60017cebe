"""Organisations own contests and units; people hold roles within one (memberships).

A database made before this migration holds one organising body: if it has any contest, unit
or organiser, they all move into one organisation (named as its contests name their organiser,
code DEFAULT_ORGANISATION_CODE), each organiser becomes its member, and nothing else changes.
A contest kind is unique per organisation from now on, not per database.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 16:10:00.000000

"""
from datetime import datetime, timezone

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

DEFAULT_CODE = 'vinh-long'
DEFAULT_NAME = 'Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh Vĩnh Long'


def _setting(name, default):
    try:
        from flask import current_app
        return current_app.config.get(name) or default
    except RuntimeError:  # alembic run without the app
        return default


def upgrade():
    op.create_table(
        'organisation',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('code', sa.String(length=20), nullable=False),
        sa.Column('name', sa.String(length=255), nullable=False),
        sa.Column('kind', sa.Enum('national', 'provincial', name='organisation_kind',
                                  native_enum=False, create_constraint=True, length=20),
                  nullable=False),
        sa.Column('parent_id', sa.Integer(), nullable=True),
        sa.Column('document_place', sa.String(length=100), nullable=True),
        sa.Column('logo_key', sa.String(length=255), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['parent_id'], ['organisation.id'],
                                name=op.f('fk_organisation_parent_id_organisation'),
                                ondelete='RESTRICT'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_organisation')),
        sa.UniqueConstraint('code', name=op.f('uq_organisation_code')),
    )
    op.create_index(op.f('ix_organisation_parent_id'), 'organisation', ['parent_id'],
                    unique=False)
    op.create_table(
        'membership',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('role', sa.Enum('organizer', 'judge', 'secretary', name='member_role',
                                  native_enum=False, create_constraint=True, length=20),
                  nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'],
                                name=op.f('fk_membership_organisation_id_organisation'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['user.id'],
                                name=op.f('fk_membership_user_id_user'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_membership')),
        sa.UniqueConstraint('user_id', 'organisation_id', 'role',
                            name=op.f('uq_membership_user_id_organisation_id_role')),
    )
    op.create_index(op.f('ix_membership_organisation_id'), 'membership', ['organisation_id'],
                    unique=False)
    op.create_index(op.f('ix_membership_user_id'), 'membership', ['user_id'], unique=False)
    with op.batch_alter_table('contest', schema=None) as batch_op:
        batch_op.add_column(sa.Column('organisation_id', sa.Integer(), nullable=True))
    with op.batch_alter_table('unit', schema=None) as batch_op:
        batch_op.add_column(sa.Column('organisation_id', sa.Integer(), nullable=True))

    _move_into_one_organisation(op.get_bind())

    with op.batch_alter_table('contest', schema=None) as batch_op:
        batch_op.alter_column('organisation_id', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_constraint('uq_contest_kind', type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_contest_organisation_id_kind'),
                                          ['organisation_id', 'kind'])
        batch_op.create_index(batch_op.f('ix_contest_organisation_id'), ['organisation_id'],
                              unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_contest_organisation_id_organisation'),
                                    'organisation', ['organisation_id'], ['id'],
                                    ondelete='RESTRICT')
    with op.batch_alter_table('unit', schema=None) as batch_op:
        batch_op.drop_constraint('uq_unit_name_parent_id', type_='unique')
        batch_op.create_unique_constraint(
            batch_op.f('uq_unit_organisation_id_name_parent_id'),
            ['organisation_id', 'name', 'parent_id'])
        batch_op.create_index(batch_op.f('ix_unit_organisation_id'), ['organisation_id'],
                              unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_unit_organisation_id_organisation'),
                                    'organisation', ['organisation_id'], ['id'],
                                    ondelete='RESTRICT')


def _move_into_one_organisation(connection):
    """Everything of the single organising body into one organisation, when there is any."""
    count = connection.execute(sa.text(
        "SELECT (SELECT COUNT(*) FROM contest) + (SELECT COUNT(*) FROM unit) + "
        "(SELECT COUNT(*) FROM \"user\" WHERE role = 'organizer')")).scalar()
    if not count:
        return
    name = connection.execute(sa.text(
        "SELECT organiser FROM contest ORDER BY id LIMIT 1")).scalar()
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    connection.execute(sa.text(
        "INSERT INTO organisation (code, name, kind, created_at) "
        "VALUES (:code, :name, 'provincial', :now)"),
        {"code": _setting('DEFAULT_ORGANISATION_CODE', DEFAULT_CODE),
         "name": name or _setting('DEFAULT_ORGANISATION_NAME', DEFAULT_NAME), "now": now})
    organisation = connection.execute(sa.text("SELECT MAX(id) FROM organisation")).scalar()
    connection.execute(sa.text("UPDATE contest SET organisation_id = :o"), {"o": organisation})
    connection.execute(sa.text("UPDATE unit SET organisation_id = :o"), {"o": organisation})
    connection.execute(sa.text(
        "INSERT INTO membership (user_id, organisation_id, role, created_at) "
        "SELECT id, :o, 'organizer', :now FROM \"user\" WHERE role = 'organizer'"),
        {"o": organisation, "now": now})


def downgrade():
    with op.batch_alter_table('unit', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_unit_organisation_id_organisation'),
                                 type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_unit_organisation_id'))
        batch_op.drop_constraint(batch_op.f('uq_unit_organisation_id_name_parent_id'),
                                 type_='unique')
        batch_op.create_unique_constraint('uq_unit_name_parent_id', ['name', 'parent_id'])
        batch_op.drop_column('organisation_id')
    with op.batch_alter_table('contest', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_contest_organisation_id_organisation'),
                                 type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_contest_organisation_id'))
        batch_op.drop_constraint(batch_op.f('uq_contest_organisation_id_kind'), type_='unique')
        batch_op.create_unique_constraint('uq_contest_kind', ['kind'])
        batch_op.drop_column('organisation_id')
    op.drop_index(op.f('ix_membership_user_id'), table_name='membership')
    op.drop_index(op.f('ix_membership_organisation_id'), table_name='membership')
    op.drop_table('membership')
    op.drop_index(op.f('ix_organisation_parent_id'), table_name='organisation')
    op.drop_table('organisation')
