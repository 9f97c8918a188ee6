"""Proposals imported from a file keep their external id

The id a proposal had on a paper form or on the platform it was exported from (Decidim, CONSUL),
unique within a consultation, so that importing the same file twice adds nothing.

Revision ID: 00125168b1de
Revises: 5bf798ba757e
Create Date: 2026-11-28 12:48:09.793764

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '00125168b1de'
down_revision = '5bf798ba757e'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.add_column(sa.Column('external_id', sa.String(length=100), nullable=True))
        batch_op.create_unique_constraint('uq_proposals_consultation_external_id', ['consultation_id', 'external_id'])


def downgrade():
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.drop_constraint('uq_proposals_consultation_external_id', type_='unique')
        batch_op.drop_column('external_id')
