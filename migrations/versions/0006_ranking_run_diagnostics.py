"""Ranking runs keep their judge diagnostics and a cheap fingerprint of their input.

Both are worked out when a run is made. Runs made before this migration keep NULL in both:
their page works the diagnostics out from the current sheets and checks staleness by the full
input hash, as it did before.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 12:55:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('ranking_run', schema=None) as batch_op:
        batch_op.add_column(sa.Column('diagnostics', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('input_check', sa.String(length=200), nullable=True))


def downgrade():
    with op.batch_alter_table('ranking_run', schema=None) as batch_op:
        batch_op.drop_column('input_check')
        batch_op.drop_column('diagnostics')
