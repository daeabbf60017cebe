"""Imports written in batches (import_run, import_row) and the previewed uploads kept in the
database (import_file) instead of a local folder.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 16:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'import_file',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('token', sa.String(length=32), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('edition_id', sa.Integer(), nullable=True),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('file_name', sa.String(length=255), nullable=False),
        sa.Column('data', sa.LargeBinary(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('claimed_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['edition_id'], ['edition.id'],
                                name=op.f('fk_import_file_edition_id_edition'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['user.id'],
                                name=op.f('fk_import_file_user_id_user'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_import_file')),
        sa.UniqueConstraint('token', name=op.f('uq_import_file_token')),
    )
    op.create_index(op.f('ix_import_file_created_at'), 'import_file', ['created_at'],
                    unique=False)
    op.create_table(
        'import_run',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('edition_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('file_id', sa.Integer(), nullable=True),
        sa.Column('file_name', sa.String(length=255), nullable=False),
        sa.Column('options', sa.JSON(), nullable=False),
        sa.Column('state', sa.Enum('writing', 'done', 'failed', name='import_state',
                                   native_enum=False, create_constraint=True, length=20),
                  nullable=False),
        sa.Column('rows', sa.Integer(), nullable=False),
        sa.Column('written', sa.Integer(), nullable=False),
        sa.Column('error', sa.Text(), nullable=True),
        sa.Column('started_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.Column('finished_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['edition_id'], ['edition.id'],
                                name=op.f('fk_import_run_edition_id_edition'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['user.id'],
                                name=op.f('fk_import_run_user_id_user'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['file_id'], ['import_file.id'],
                                name=op.f('fk_import_run_file_id_import_file'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_import_run')),
    )
    op.create_index('uq_import_run_writing', 'import_run', ['edition_id'], unique=True,
                    sqlite_where=sa.text("state = 'writing'"),
                    postgresql_where=sa.text("state = 'writing'"))
    op.create_table(
        'import_row',
        sa.Column('import_id', sa.Integer(), nullable=False),
        sa.Column('table_name', sa.String(length=40), nullable=False),
        sa.Column('row_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['import_id'], ['import_run.id'],
                                name=op.f('fk_import_row_import_id_import_run'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('import_id', 'table_name', 'row_id', name=op.f('pk_import_row')),
    )


def downgrade():
    op.drop_table('import_row')
    op.drop_index('uq_import_run_writing', table_name='import_run')
    op.drop_table('import_run')
    op.drop_index(op.f('ix_import_file_created_at'), table_name='import_file')
    op.drop_table('import_file')
