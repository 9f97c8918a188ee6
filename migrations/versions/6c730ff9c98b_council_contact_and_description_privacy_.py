"""council contact and description, privacy consent at registration

Councils get a public description and the contact of their secretariat (e-mail, telephone, address,
web site), empty for existing councils. Accounts record when the privacy notice was accepted at
registration; existing accounts registered before it was asked keep NULL.

Revision ID: 6c730ff9c98b
Revises: d5fa7dcaffa9
Create Date: 2026-11-28 10:07:54.431295

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '6c730ff9c98b'
down_revision = 'd5fa7dcaffa9'
branch_labels = None
depends_on = None

COUNCIL_TEXTS = [('description', sa.Text()), ('contact_email', sa.String(length=254)),
                 ('contact_phone', sa.String(length=40)), ('contact_address', sa.String(length=300)),
                 ('website', sa.String(length=300))]


def upgrade():
    with op.batch_alter_table('councils', schema=None) as batch_op:
        for name, type_ in COUNCIL_TEXTS:
            batch_op.add_column(sa.Column(name, type_, nullable=False, server_default=''))
    with op.batch_alter_table('councils', schema=None) as batch_op:
        for name, _type in COUNCIL_TEXTS:  # the models give the default; the schema matches them exactly
            batch_op.alter_column(name, server_default=None)

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('privacy_accepted_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('privacy_accepted_at')

    with op.batch_alter_table('councils', schema=None) as batch_op:
        for name, _type in reversed(COUNCIL_TEXTS):
            batch_op.drop_column(name)
