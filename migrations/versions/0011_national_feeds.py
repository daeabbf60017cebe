"""The national round fed by provinces: national_feed (a province feeding a national edition,
its quota overall and per field), entry_origin (where each arrived entry came from),
received_package (signed packages imported, once each) and organisation_key (the public key a
province's packages are signed with).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01 16:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def _fk(table, column, referred, ondelete):
    return sa.ForeignKeyConstraint([column], [f'{referred}.id'],
                                   name=op.f(f'fk_{table}_{column}_{referred}'),
                                   ondelete=ondelete)


def upgrade():
    op.create_table(
        'national_feed',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('national_edition_id', sa.Integer(), nullable=False),
        sa.Column('province_id', sa.Integer(), nullable=False),
        sa.Column('provincial_edition_id', sa.Integer(), nullable=True),
        sa.Column('quota', sa.Integer(), nullable=False),
        sa.Column('field_quotas', sa.JSON(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        _fk('national_feed', 'national_edition_id', 'edition', 'CASCADE'),
        _fk('national_feed', 'province_id', 'organisation', 'CASCADE'),
        _fk('national_feed', 'provincial_edition_id', 'edition', 'SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_national_feed')),
        sa.UniqueConstraint('national_edition_id', 'province_id',
                            name=op.f('uq_national_feed_national_edition_id_province_id')),
    )
    op.create_index(op.f('ix_national_feed_province_id'), 'national_feed', ['province_id'])
    op.create_index(op.f('ix_national_feed_provincial_edition_id'), 'national_feed',
                    ['provincial_edition_id'])
    op.create_table(
        'entry_origin',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('entry_id', sa.Integer(), nullable=False),
        sa.Column('national_edition_id', sa.Integer(), nullable=False),
        sa.Column('province_id', sa.Integer(), nullable=False),
        sa.Column('edition_label', sa.String(length=300), nullable=False),
        sa.Column('origin_entry_id', sa.Integer(), nullable=True),
        sa.Column('origin_code', sa.String(length=30), nullable=False),
        sa.Column('provincial_rank', sa.Integer(), nullable=True),
        sa.Column('score', sa.Numeric(precision=6, scale=2), nullable=True),
        sa.Column('award', sa.String(length=20), nullable=True),
        sa.Column('source', sa.String(length=64), nullable=False),
        sa.Column('received_at', sa.DateTime(), nullable=False),
        sa.Column('withdrawn_at', sa.DateTime(), nullable=True),
        sa.Column('withdrawn_reason', sa.Text(), nullable=True),
        sa.Column('replaced_by_id', sa.Integer(), nullable=True),
        _fk('entry_origin', 'entry_id', 'entry', 'CASCADE'),
        _fk('entry_origin', 'national_edition_id', 'edition', 'CASCADE'),
        _fk('entry_origin', 'province_id', 'organisation', 'RESTRICT'),
        _fk('entry_origin', 'origin_entry_id', 'entry', 'SET NULL'),
        _fk('entry_origin', 'replaced_by_id', 'entry_origin', 'SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_entry_origin')),
        sa.UniqueConstraint('entry_id', name=op.f('uq_entry_origin_entry_id')),
    )
    op.create_index('ix_entry_origin_edition_province', 'entry_origin',
                    ['national_edition_id', 'province_id', 'origin_code'])
    op.create_index(op.f('ix_entry_origin_origin_entry_id'), 'entry_origin', ['origin_entry_id'])
    op.create_table(
        'received_package',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('national_edition_id', sa.Integer(), nullable=False),
        sa.Column('province_id', sa.Integer(), nullable=False),
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('entries', sa.Integer(), nullable=False),
        sa.Column('received_by_id', sa.Integer(), nullable=True),
        sa.Column('received_at', sa.DateTime(), nullable=False),
        _fk('received_package', 'national_edition_id', 'edition', 'CASCADE'),
        _fk('received_package', 'province_id', 'organisation', 'RESTRICT'),
        _fk('received_package', 'received_by_id', 'user', 'SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_received_package')),
        sa.UniqueConstraint('national_edition_id', 'sha256',
                            name=op.f('uq_received_package_national_edition_id_sha256')),
    )
    op.create_table(
        'organisation_key',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('public_key', sa.String(length=100), nullable=False),
        sa.Column('registered_at', sa.DateTime(), nullable=False),
        _fk('organisation_key', 'organisation_id', 'organisation', 'CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_organisation_key')),
        sa.UniqueConstraint('organisation_id', name=op.f('uq_organisation_key_organisation_id')),
    )


def downgrade():
    op.drop_table('organisation_key')
    op.drop_table('received_package')
    op.drop_index(op.f('ix_entry_origin_origin_entry_id'), table_name='entry_origin')
    op.drop_index('ix_entry_origin_edition_province', table_name='entry_origin')
    op.drop_table('entry_origin')
    op.drop_index(op.f('ix_national_feed_provincial_edition_id'), table_name='national_feed')
    op.drop_index(op.f('ix_national_feed_province_id'), table_name='national_feed')
    op.drop_table('national_feed')
