"""Fixtures: an app on the test database, a clean database per test, clients and a login helper."""
import os
import re

import pytest
from flask.globals import _cv_app
from flask.testing import FlaskClient
from sqlalchemy import delete, text

from app import create_app
from app.consultations.search import TABLE as SEARCH_TABLE
from app.consultations.search import create_index, drop_index
from app.extensions import db as _db

TEST_DATABASE_URL = os.environ.get("MAJLIS_TEST_DATABASE_URL", "sqlite://")


def pytest_report_header(config):
    return f"database: {TEST_DATABASE_URL}"


class IsolatedClient(FlaskClient):
    """Each request gets its own app context, as in production.

    Without this, a request reuses the test's app context, and what Flask-Login caches in `g`
    (the signed-in user) would leak from one request, or one client, to the next."""

    def open(self, *args, **kwargs):
        token = _cv_app.set(None)
        try:
            return super().open(*args, **kwargs)
        finally:
            _cv_app.reset(token)


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=TEST_DATABASE_URL)
    app.instance_path = str(tmp_path_factory.mktemp("instance"))
    app.test_client_class = IsolatedClient
    with app.app_context():
        reset_schema()
    yield app
    with app.app_context():
        _drop_schema()
        _db.engine.dispose()


def _drop_schema():
    with _db.engine.begin() as connection:
        drop_index(connection)
    _db.drop_all()


def reset_schema():
    """The models' tables, plus the full-text index that migrations create outside the models."""
    _drop_schema()
    _db.create_all()
    with _db.engine.begin() as connection:
        create_index(connection)


@pytest.fixture(autouse=True)
def db(app):
    """A fresh app context per test, and empty tables afterwards (rows deleted, children first)."""
    with app.app_context():
        yield _db
        _db.session.rollback()
        for table in reversed(_db.metadata.sorted_tables):
            _db.session.execute(delete(table))
        _db.session.execute(text(f"DELETE FROM {SEARCH_TABLE}"))
        _db.session.commit()
        _db.session.remove()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


CSRF_RE = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')


def csrf_token(client, url: str) -> str:
    """The token of the form at url, as a browser would read it."""
    page = client.get(url)
    match = CSRF_RE.search(page.get_data(as_text=True))
    assert match, f"no CSRF token in {url} ({page.status_code})"
    return match.group(1) or match.group(2)


def post_form(client, url: str, data: dict, form_url: str | None = None, **kwargs):
    """POST like a browser: fetch the page holding the form first and send its CSRF token."""
    token = csrf_token(client, form_url or url)
    return client.post(url, data={"csrf_token": token, **data}, **kwargs)


@pytest.fixture
def login(client):
    """login(user) signs the test client in as user (through the real sign-in form)."""
    from tests.factories import PASSWORD

    def sign_in(user):
        response = post_form(client, "/account/login", {"email": user.email, "password": PASSWORD})
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return user

    return sign_in
