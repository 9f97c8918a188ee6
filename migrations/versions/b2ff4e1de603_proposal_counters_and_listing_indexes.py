"""Proposal counters (supports, replies), the consultation's cache revision, and the listing's indexes

The counters are filled from the rows they count, so that existing proposals keep their numbers.
The composite indexes serve the consultation page's sorts and filters; they start with
consultation_id, so the single-column index on it is no longer needed.

Revision ID: b2ff4e1de603
Revises: 4f0ce480f3e2
Create Date: 2026-11-28 10:01:25.182708

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b2ff4e1de603'
down_revision = '4f0ce480f3e2'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('consultations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('revision', sa.Integer(), server_default='0', nullable=False))

    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.add_column(sa.Column('support_count', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('feedback_count', sa.Integer(), server_default='0', nullable=False))
        batch_op.drop_index(batch_op.f('ix_proposals_consultation_id'))
        batch_op.create_index('ix_proposals_consultation_category', ['consultation_id', 'category'], unique=False)
        batch_op.create_index('ix_proposals_consultation_language', ['consultation_id', 'language'], unique=False)
        batch_op.create_index('ix_proposals_consultation_newest', ['consultation_id', 'created_at', 'id'], unique=False)
        batch_op.create_index('ix_proposals_consultation_supported', ['consultation_id', 'support_count', 'id'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_proposals_organisation_id'), ['organisation_id'], unique=False)

    op.execute("UPDATE proposals SET "
               "support_count = (SELECT count(*) FROM supports WHERE supports.proposal_id = proposals.id), "
               "feedback_count = (SELECT count(*) FROM feedback WHERE feedback.proposal_id = proposals.id)")


def downgrade():
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_proposals_organisation_id'))
        batch_op.drop_index('ix_proposals_consultation_supported')
        batch_op.drop_index('ix_proposals_consultation_newest')
        batch_op.drop_index('ix_proposals_consultation_language')
        batch_op.drop_index('ix_proposals_consultation_category')
        batch_op.create_index(batch_op.f('ix_proposals_consultation_id'), ['consultation_id'], unique=False)
        batch_op.drop_column('feedback_count')
        batch_op.drop_column('support_count')

    with op.batch_alter_table('consultations', schema=None) as batch_op:
        batch_op.drop_column('revision')
