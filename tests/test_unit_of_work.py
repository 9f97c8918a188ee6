"""One transaction per request: a refused action leaves nothing behind, a database error gives a
clean error page, DomainError is answered in one place, and a 500 is traceable (issue 7, 2–3)."""
import logging

import pytest
from flask import Blueprint
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from app.consultations.errors import ConsultationError
from app.extensions import db as _db
from app.organisations.models import Organisation


@pytest.fixture
def app_with(make_app):
    return lambda routes, **config: _app_with(make_app, routes, **config)


def _app_with(make_app, routes, **config):
    """An app with a few extra routes, on the test database, errors not propagated (as in production)."""
    app = make_app(PROPAGATE_EXCEPTIONS=False, **config)
    extra = Blueprint("extra", __name__)
    for rule, view in routes.items():
        extra.add_url_rule(rule, view.__name__, view, methods=["GET", "POST"])
    app.register_blueprint(extra)
    return app


def _add_then(fail):
    """A view that adds an organisation, then fails as told."""
    def view():
        from app.councils.models import Council

        council = _db.session.scalar(select(Council)) or Council(slug="c", name="C", city="C", country="TN",
                                                                  competence_map="tunis")
        _db.session.add(council)
        _db.session.flush()
        _db.session.add(Organisation(council_id=council.id, name="Half-done", type="ngo", membership_band="1-10"))
        _db.session.flush()
        fail()
    view.__name__ = f"view_{id(fail)}"
    return view


def _raise(error):
    def fail():
        raise error
    return fail


def _organisations(app) -> int:
    with app.app_context():
        return _db.session.scalar(select(func.count(Organisation.id)))


def test_a_refused_action_leaves_nothing_half_done(app_with):
    app = app_with({"/refuse": _add_then(_raise(ConsultationError("Not now.", status=409)))})
    response = app.test_client().get("/refuse")
    assert response.status_code == 409 and "Not now." in response.get_data(as_text=True)
    assert _organisations(app) == 0


def test_a_domain_error_raised_anywhere_gets_its_status_and_message(app_with):
    app = app_with({"/vote-fails": _add_then(_raise(ConsultationError("Your vote could not be recorded.",
                                                                       status=503)))})
    response = app.test_client().get("/vote-fails", headers={"Accept": "application/json"})
    assert response.status_code == 503 and response.get_json()["message"] == "Your vote could not be recorded."


def test_after_a_database_error_the_error_page_still_renders(app_with):
    """Before: PendingRollbackError while rendering the error page itself."""

    def broken_insert():
        _db.session.add(Organisation(council_id=None, name=None, type="ngo", membership_band="1-10"))
        _db.session.flush()  # NOT NULL violated: the transaction is now unusable

    app = app_with({"/broken": _add_then(broken_insert)})
    response = app.test_client().get("/broken")
    assert response.status_code == 500 and "Something went wrong" in response.get_data(as_text=True)
    assert _organisations(app) == 0


def test_a_lost_database_connection_answers_503_please_retry(app_with):
    def lost():
        raise OperationalError("SELECT 1", {}, Exception("server closed the connection unexpectedly"))

    app = app_with({"/lost": lost})
    response = app.test_client().get("/lost")
    assert response.status_code == 503 and response.headers["Retry-After"] == "5"
    assert "try again" in response.get_data(as_text=True)


def test_a_500_is_logged_with_the_request_id_shown_on_the_page(app_with, caplog):
    def crash():
        raise RuntimeError("boom")

    app = app_with({"/crash": crash})
    with caplog.at_level(logging.ERROR):
        response = app.test_client().get("/crash")
    request_id = response.headers["X-Request-Id"]
    assert response.status_code == 500 and request_id in response.get_data(as_text=True)
    logged = [r for r in caplog.records if getattr(r, "request_id", None) == request_id]
    assert logged and "RuntimeError: boom" in (logged[0].exc_text or "")


def test_only_the_unit_of_work_commits():
    """`grep commit()` over app/ finds the unit of work and nothing else (migrations aside)."""
    from pathlib import Path

    root = Path(__file__).parent.parent / "app"
    sites = sorted(str(p.relative_to(root)) for p in root.rglob("*.py") if ".commit()" in p.read_text())
    assert sites == ["unit_of_work.py"]


@pytest.mark.parametrize("storage", ["redis://127.0.0.1:1/0"])
def test_rate_limit_storage_down_does_not_lock_people_out(app_with, storage):
    """Redis unreachable: limits fall back to memory (a warning is logged) and /health says so."""
    from tests.conftest import post_form
    from tests.factories import PASSWORD, UserFactory

    app = app_with({}, RATELIMIT_STORAGE_URI=storage, RATELIMIT_SIGNIN="10 per minute")
    with app.app_context():
        user = UserFactory()
        email = user.email
    client = app.test_client()
    response = post_form(client, "/account/login", {"email": email, "password": PASSWORD})
    assert response.status_code == 302
    health = client.get("/health").get_json()
    assert health["checks"]["rate_limit_storage"] == "degraded" and health["checks"]["database"] == "ok"
