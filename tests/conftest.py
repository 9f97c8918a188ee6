"""Fixtures: an app on the test database, a clean database per test, clients and a login helper."""
import os
import re
import threading

import pytest
from flask.globals import _cv_app
from flask.testing import FlaskClient
from sqlalchemy import delete, text

from app import create_app
from app.search.index import TABLE as SEARCH_TABLE
from app.search.index import create_index, drop_index
from app.extensions import cache
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
        cache.clear()  # SQLite gives ids again: a page cached by one test must not reach the next


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


CSRF_RE = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')


def csrf_token(client, url: str, **kwargs) -> str:
    """The token of the form at url, as a browser would read it."""
    page = client.get(url, **kwargs)
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


@pytest.fixture
def concurrent_app(app, tmp_path):
    """An app whose database takes connections from several threads at once (SQLite: a file)."""
    if TEST_DATABASE_URL.startswith("sqlite"):
        other = create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'race.sqlite3'}")
        other.test_client_class = IsolatedClient
        with other.app_context():
            reset_schema()
        return other
    return app


def race(concurrent_app, work, n: int = 2):
    """Run work() in n threads released at the same instant, each with its own app context and
    transaction (as n requests would); returns the results, fails on any exception."""
    from app.unit_of_work import unit_of_work

    barrier, errors, results = threading.Barrier(n), [], []

    def run():
        with concurrent_app.app_context():
            try:
                barrier.wait()
                with unit_of_work():
                    results.append(work())
            except Exception as error:  # noqa: BLE001 (reported below)
                errors.append(error)
            finally:
                _db.session.remove()

    threads = [threading.Thread(target=run) for _ in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    return results


@pytest.fixture
def make_app(tmp_path):
    """make_app(**config): another app on the same test database as `db` (a shared file for SQLite,
    whose in-memory databases are private to one engine), for tests of configuration."""
    from app.extensions import limiter

    made, limiter_state = [], dict(vars(limiter))  # the limiter is global: give it back as it was

    def build(config="testing", **overrides):
        url = TEST_DATABASE_URL
        if url == "sqlite://":
            url = f"sqlite:///{tmp_path / 'shared.sqlite3'}"
        other = create_app(config, SQLALCHEMY_DATABASE_URI=url, **overrides)
        other.test_client_class = IsolatedClient
        if url != TEST_DATABASE_URL and not made:
            with other.app_context():
                reset_schema()
        made.append(other)
        return other

    yield build
    vars(limiter).update(limiter_state)
    for other in made:
        with other.app_context():
            _db.session.remove()
            _db.engine.dispose()
