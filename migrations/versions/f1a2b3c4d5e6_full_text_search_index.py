"""full-text search index (SQLite FTS5 or PostgreSQL tsvector), filled from existing texts

Revision ID: f1a2b3c4d5e6
Revises: dac6e4e6e6f9
Create Date: 2026-11-28 05:30:00

"""
from alembic import op
from sqlalchemy import text

revision = 'f1a2b3c4d5e6'
down_revision = 'dac6e4e6e6f9'
branch_labels = None
depends_on = None


def upgrade():
    from app.search.index import create_index

    bind = op.get_bind()
    create_index(bind)
    _fill(bind)


def _fill(bind):
    """Index what was written before the index existed."""
    from app.search.index import insert

    sources = [("consultation", "SELECT id, title, description, language FROM consultations"),
               ("proposal", "SELECT id, title, body, language FROM proposals"),
               ("feedback", "SELECT id, '', body, language FROM feedback")]
    for kind, query in sources:
        for ref_id, title, body, language in bind.execute(text(query)).all():
            insert(bind, bind.dialect.name, kind, ref_id, title, body, language)


def downgrade():
    from app.search.index import drop_index

    drop_index(op.get_bind())
