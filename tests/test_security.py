"""CSRF, security headers, rate limits and translated error pages."""
import pytest

from app.extensions import limiter
from tests.conftest import csrf_token, post_form
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


# Issue 7, section 4: each defect found in review, with the request that showed it.

def test_reset_link_comes_from_public_url_not_the_host_header(client, db):
    """4.1: `Host: evil.example` used to put http://evil.example/account/reset/<token> in the e-mail."""
    from sqlalchemy import select

    from app.mail.models import OutboxMessage

    user = UserFactory()
    token = csrf_token(client, "/account/reset", headers={"Host": "evil.example"})
    client.post("/account/reset", data={"csrf_token": token, "email": user.email}, headers={"Host": "evil.example"})
    body = db.session.scalar(select(OutboxMessage)).body
    assert "evil.example" not in body and "http://localhost/account/reset/" in body


def test_production_refuses_a_forged_host(make_app):
    from app.config import ProductionConfig

    app = make_app(ProductionConfig, SECRET_KEY="x" * 32, TRUSTED_HOSTS=["majlis.example.org"])
    assert app.test_client().get("/health", headers={"Host": "evil.example"}).status_code == 400
    assert app.test_client().get("/health", headers={"Host": "majlis.example.org"}).status_code == 200


@pytest.mark.parametrize("target", ["/%09/evil.example", "/\t/evil.example", "/\\evil.example", "//evil.example",
                                    "https://evil.example/", "/\n/evil.example", "\\\\evil.example"])
def test_no_open_redirect_with_tabs_or_backslashes(client, target):
    """4.4: `?next=/%09/evil.example` used to redirect to //evil.example."""
    from urllib.parse import quote

    user = UserFactory()
    response = post_form(client, "/account/login?next=" + quote(target, safe=""),
                         {"email": user.email, "password": PASSWORD}, form_url="/account/login")
    location = response.headers["Location"]
    assert not location.startswith("//") and "evil.example" not in location.replace("%09", "")


def test_a_cookie_saved_before_sign_out_no_longer_works(client, login):
    """4.5: a copy of the session cookie used to keep working after sign-out."""
    login(UserFactory())
    saved = client.get_cookie("session").value
    post_form(client, "/account/logout", {}, form_url="/")
    thief = client.application.test_client()
    thief.set_cookie("session", saved)
    assert thief.get("/account/profile").status_code == 302  # back to sign-in


def test_a_password_reset_ends_every_session(client, login, db):
    from app.accounts import services

    user = login(UserFactory())
    assert client.get("/account/profile").status_code == 200
    from app.accounts.tokens import make_reset_token
    services.reset_password(make_reset_token(user), "a brand new secret")
    db.session.commit()
    assert client.get("/account/profile").status_code == 302


def test_sign_in_hashes_as_much_for_an_unknown_account(monkeypatch, client):
    """4.6: 176 ms for a real account, 10 ms for an unknown one. Count the hash checks instead of timing."""
    import werkzeug.security

    from app.accounts import models, services

    calls = []
    real = werkzeug.security.check_password_hash

    def counting(hash_, password):
        calls.append(hash_.split("$")[0])
        return real(hash_, password)

    monkeypatch.setattr(models, "check_password_hash", counting)
    monkeypatch.setattr(services, "check_password_hash", counting)
    user = UserFactory()
    post_form(client, "/account/login", {"email": user.email, "password": "wrong password"})
    post_form(client, "/account/login", {"email": "nobody@example.org", "password": "wrong password"})
    assert len(calls) == 2 and calls[0] == calls[1]  # one check each, with the same algorithm and cost


def test_sign_in_limit_counts_per_account_behind_a_proxy(make_app):
    """4.7: behind the TLS proxy every client shared one address; now X-Forwarded-For (from one
    trusted proxy) separates them, and attempts on one account are limited whatever the address."""
    app = make_app(TRUSTED_PROXIES=1, RATELIMIT_SIGNIN="3 per minute")
    limiter.reset()
    with app.app_context():
        victim = UserFactory()
        victim_email = victim.email

    def attempt(address, email):
        client = app.test_client()
        token = csrf_token(client, "/account/login")
        return client.post("/account/login", data={"csrf_token": token, "email": email, "password": "guess"},
                           headers={"X-Forwarded-For": address}).status_code

    try:
        # Different people behind the same proxy are not limited together…
        assert [attempt(f"203.0.113.{n}", f"p{n}@example.org") for n in range(5)] == [422] * 5
        # …but one account attacked from many addresses is.
        assert [attempt(f"198.51.100.{n}", victim_email) for n in range(4)] == [422, 422, 422, 429]
    finally:
        limiter.reset()


def test_whitespace_only_title_is_refused_and_text_kept_as_typed(client, login, db):
    """4.9: '   ' was accepted as a title; 'a < b' was stored as 'a &lt; b'."""
    from sqlalchemy import select

    from app.consultations.proposals.models import Proposal
    from tests.factories import ConsultationFactory, MembershipFactory, OrganisationFactory

    consultation = ConsultationFactory(phase="open")
    login(MembershipFactory(organisation=OrganisationFactory(council=consultation.council)).user)
    url = f"/consultations/{consultation.id}/proposals/new"
    assert post_form(client, url, {"title": "   ", "body": "x", "organisation": "0"}).status_code == 422
    post_form(client, url, {"title": "a < b\r\nBcc: x", "body": "x < y", "organisation": "0"})
    proposal = db.session.scalar(select(Proposal))
    assert (proposal.title, proposal.body) == ("a < b Bcc: x", "x < y")
    html = client.get(f"/consultations/proposals/{proposal.id}").get_data(as_text=True)
    assert "a &lt; b" in html and "&amp;lt;" not in html


@pytest.mark.parametrize("name,expected", [("page.html", "page.png"), ("صورة.png", "صورة.png"),
                                           ("../../etc/passwd", "passwd.png"), ("<script>.png", "script.png")])
def test_attachment_names_keep_the_script_but_take_the_real_type(client, login, db, name, expected):
    """4.9: page.html kept its name; an Arabic name became 'png'."""
    import io

    from sqlalchemy import select

    from app.consultations.proposals.models import Attachment
    from tests.factories import ConsultationFactory, MembershipFactory, OrganisationFactory

    consultation = ConsultationFactory(phase="open")
    login(MembershipFactory(organisation=OrganisationFactory(council=consultation.council)).user)
    png = b"\x89PNG\r\n\x1a\n" + b"0" * 64
    post_form(client, f"/consultations/{consultation.id}/proposals/new",
              {"title": "T", "body": "B", "organisation": "0", "attachments": (io.BytesIO(png), name)},
              content_type="multipart/form-data")
    attachment = db.session.scalar(select(Attachment))
    assert attachment.filename == expected
    response = client.get(f"/consultations/proposals/{attachment.proposal_id}/attachments/{attachment.id}")
    assert response.status_code == 200 and response.headers["Content-Type"] == "image/png"
