"""CSRF, security headers, rate limits and translated error pages."""
import pytest

from app.extensions import limiter
from tests.conftest import post_form
from tests.factories import PASSWORD, UserFactory


def test_form_without_csrf_token_is_refused(client):
    user = UserFactory()
    response = client.post("/account/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 400
    assert "The form expired" in response.get_data(as_text=True)
    with client.session_transaction() as session:
        assert "_user_id" not in session


def test_form_with_csrf_token_is_accepted(client):
    user = UserFactory()
    response = post_form(client, "/account/login", {"email": user.email, "password": PASSWORD})
    assert response.status_code == 302


def test_security_headers_on_every_page(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "'unsafe-inline'" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_session_cookie_is_httponly_and_lax(client):
    user = UserFactory()
    response = post_form(client, "/account/login", {"email": user.email, "password": PASSWORD})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


@pytest.fixture
def production_limits(app):
    """The production sign-in limit, on a fresh limiter store."""
    from app.config import Config

    loose = app.config["RATELIMIT_SIGNIN"]
    app.config["RATELIMIT_SIGNIN"] = Config.RATELIMIT_SIGNIN
    limiter.reset()
    yield
    app.config["RATELIMIT_SIGNIN"] = loose
    limiter.reset()


def failed_sign_ins(client, count):
    return [post_form(client, "/account/login", {"email": "x@example.org", "password": "wrong"})
            for _ in range(count)]


def test_sign_in_is_rate_limited(client, production_limits):
    statuses = [r.status_code for r in failed_sign_ins(client, 11)]
    assert statuses[:10] == [422] * 10
    assert statuses[10] == 429
    assert client.get("/account/login").status_code == 200  # reading the form is not limited


def test_rate_limited_page_is_translated(client, production_limits):
    client.set_cookie("majlis_lang", "fr")
    response = failed_sign_ins(client, 11)[-1]
    assert response.status_code == 429
    assert "Trop de tentatives" in response.get_data(as_text=True)


def test_not_found_page_is_translated(client):
    client.set_cookie("majlis_lang", "ar")
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "الصفحة غير موجودة" in response.get_data(as_text=True)


def test_errors_answer_json_to_api_clients(client):
    response = client.get("/no-such-page", headers={"Accept": "application/json"})
    assert response.status_code == 404 and response.get_json()["error"] == "Page not found"


def test_oversized_request_is_refused(app, client):
    big = "x" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    response = client.post("/account/login", data={"email": big})
    assert response.status_code == 413


def test_no_open_redirect_after_sign_in(client):
    user = UserFactory()
    response = post_form(client, "/account/login?next=//evil.example/x",
                         {"email": user.email, "password": PASSWORD})
    assert response.headers["Location"] == "/"


def test_submissions_are_rate_limited(app, client, login):
    from app.config import Config
    from tests.factories import ConsultationFactory, MembershipFactory, OrganisationFactory

    consultation = ConsultationFactory(phase="open")
    login(MembershipFactory(organisation=OrganisationFactory(council=consultation.council)).user)
    app.config["RATELIMIT_SUBMIT"] = Config.RATELIMIT_SUBMIT
    limiter.reset()
    try:
        url = f"/consultations/{consultation.id}/proposals/new"
        statuses = [post_form(client, url, {"title": f"T{n}", "body": "B"}).status_code for n in range(11)]
    finally:
        app.config["RATELIMIT_SUBMIT"] = "10000 per minute"
        limiter.reset()
    assert statuses[:10] == [302] * 10 and statuses[10] == 429
