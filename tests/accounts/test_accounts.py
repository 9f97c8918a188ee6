"""Registration, sign-in, sign-out, password reset and profile, through real forms."""
import re

from sqlalchemy import func, select

from app.accounts.models import User
from app.mail.models import OutboxMessage
from tests.conftest import post_form
from tests.factories import PASSWORD, UserFactory, admin

GOOD = {"display_name": "Mariam", "email": "Mariam@Example.org", "password": "a long passphrase",
        "confirm": "a long passphrase", "language": "fr", "accept_privacy": "y"}


def test_register_mails_a_confirmation_link_that_signs_in(client, db):
    response = post_form(client, "/account/register", GOOD)
    assert response.status_code == 302 and response.headers["Location"].startswith("/account/check-email")
    user = db.session.scalar(select(User))
    assert user.email == "mariam@example.org" and user.language == "fr" and not user.is_admin
    assert user.password_hash.startswith("scrypt:") and PASSWORD not in user.password_hash
    assert user.email_verified_at is None and user.council_roles == []
    message = db.session.scalar(select(OutboxMessage))
    assert message.recipient == "mariam@example.org" and message.subject == "Confirmez votre compte Majlis"
    link = re.search(r"http://localhost(/account/verify/\S+)", message.body).group(1)
    assert client.get(link).headers["Location"] == "/organisations/join"
    db.session.refresh(user)
    assert user.email_verified_at is not None
    assert "Mariam" in client.get("/").get_data(as_text=True)


def test_a_used_confirmation_link_no_longer_signs_anyone_in(app, client, db):
    """The link confirms once; clicked again (say by someone who found the e-mail, after the owner
    signed out everywhere) it signs no one in."""
    post_form(client, "/account/register", GOOD)
    message = db.session.scalar(select(OutboxMessage))
    link = re.search(r"http://localhost(/account/verify/\S+)", message.body).group(1)
    assert client.get(link).headers["Location"] == "/organisations/join"
    again = client.get(link)  # the owner, still signed in: told, and sent to their profile
    assert again.status_code == 302 and again.headers["Location"] == "/account/profile"
    stranger = app.test_client()
    answer = stranger.get(link)
    assert answer.status_code == 302 and answer.headers["Location"].startswith("/account/login")
    assert stranger.get("/account/profile").status_code == 302  # not signed in: sent to sign in


def test_a_forged_confirmation_link_is_refused(client):
    assert client.get("/account/verify/forged").status_code == 400


def test_rejected_form_keeps_input_and_ties_error_to_field(client, db):
    response = post_form(client, "/account/register", {**GOOD, "password": "short", "confirm": "short"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'value="Mariam"' in html and 'value="Mariam@Example.org"' in html
    field = re.search(r'<input[^>]*id="password"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in field and 'aria-describedby="password-error"' in field
    assert re.search(r'id="password-error"[^>]*>The password must have between 10 and 128', html)
    assert db.session.scalar(select(User)) is None


def test_rejected_form_speaks_the_users_language(client):
    client.set_cookie("majlis_lang", "ar")
    html = post_form(client, "/account/register", {**GOOD, "email": "not-an-address"}).get_data(as_text=True)
    assert "هذا ليس عنوان بريد إلكتروني صالحا." in html


def test_a_known_address_gets_the_same_answer_and_its_owner_an_e_mail(client, db):
    """Registration must not tell a stranger that an address has an account (issue 7, 4.6)."""
    owner = UserFactory(email="mariam@example.org", display_name="Owner")
    known = post_form(client, "/account/register", GOOD)
    fresh = post_form(client, "/account/register", {**GOOD, "email": "new@example.org"})
    assert known.status_code == fresh.status_code == 302
    assert known.headers["Location"].split("?")[0] == fresh.headers["Location"].split("?")[0]
    assert db.session.scalar(select(func.count(User.id))) == 2  # the owner and the new account
    to_owner = db.session.scalar(select(OutboxMessage).where(OutboxMessage.recipient == owner.email))
    assert "already has one" in to_owner.body


def test_common_password_is_refused(client):
    html = post_form(client, "/account/register", {**GOOD, "password": "password123", "confirm": "password123"})
    assert "too common" in html.get_data(as_text=True)


def test_wrong_password_is_refused_without_saying_which(client):
    user = UserFactory()
    response = post_form(client, "/account/login", {"email": user.email, "password": "not the password"})
    assert response.status_code == 422
    assert "The e-mail address or the password is wrong." in response.get_data(as_text=True)


def test_blocked_user_cannot_sign_in(client):
    user = UserFactory(blocked=True)
    response = post_form(client, "/account/login", {"email": user.email, "password": PASSWORD})
    assert response.status_code == 422


def test_sign_out_needs_a_post(client, login):
    login(UserFactory())
    assert client.get("/account/logout").status_code == 405
    response = post_form(client, "/account/logout", {}, form_url="/")
    assert response.status_code == 302
    assert client.get("/account/profile").status_code == 302


def test_password_reset_by_mailed_token(client, db):
    user = UserFactory(email="reset@example.org", language="fr")
    response = post_form(client, "/account/reset", {"email": "reset@example.org"})
    assert response.status_code == 302
    message = db.session.scalar(select(OutboxMessage))
    assert message.recipient == "reset@example.org" and message.sent_at is not None
    assert message.subject == "Réinitialisez votre mot de passe Majlis"
    link = re.search(r"http://localhost(/account/reset/\S+)", message.body).group(1)
    response = post_form(client, link, {"password": "a brand new secret", "confirm": "a brand new secret"})
    assert response.status_code == 302
    db.session.refresh(user)
    assert user.check_password("a brand new secret")
    reused = post_form(client, link, {"password": "yet another secret", "confirm": "yet another secret"})
    assert "invalid or has expired" in reused.get_data(as_text=True)


def test_password_reset_does_not_reveal_accounts(client, db):
    response = post_form(client, "/account/reset", {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert db.session.scalar(select(OutboxMessage)) is None


def test_forged_reset_token_is_refused(client):
    response = post_form(client, "/account/reset/forged", {"password": "a brand new secret",
                                                           "confirm": "a brand new secret"})
    assert "invalid or has expired" in response.get_data(as_text=True)


def test_profile_changes_name_and_language(client, login, db):
    user = login(UserFactory())
    post_form(client, "/account/profile", {"display_name": "Nour", "language": "ar"})
    db.session.refresh(user)
    assert (user.display_name, user.language) == ("Nour", "ar")
    assert 'dir="rtl"' in client.get("/account/profile").get_data(as_text=True)


def test_admin_makes_another_admin(client, login, db):
    login(admin())
    target = UserFactory()
    post_form(client, f"/account/users/{target.id}/admin", {"is_admin": "y"}, form_url="/account/users")
    db.session.refresh(target)
    assert target.is_admin
