"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""
import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app import create_app
from app.search.index import include_name, is_index_table
from app.extensions import db
from tests.conftest import TEST_DATABASE_URL


@pytest.fixture
def empty_database_url(tmp_path):
    """A fresh, empty database of the same kind as the test database."""
    url = make_url(TEST_DATABASE_URL)
    if url.get_backend_name() == "sqlite":
        yield f"sqlite:///{tmp_path / 'migrated.sqlite3'}"
        return
    name = f"majlis_migrations_{uuid.uuid4().hex[:8]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield url.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def test_migrations_match_models(empty_database_url):
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=empty_database_url)
    with app.app_context():
        upgrade()
        with db.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True, "include_name": include_name})
            diff = compare_metadata(context, db.metadata)
            assert is_index_table("search_index") and _has_search_index(conn)
        db.engine.dispose()
    assert diff == []


def _has_search_index(conn) -> bool:
    from sqlalchemy import inspect

    return "search_index" in inspect(conn).get_table_names()
