"""Account use cases. They take plain values, change the session (the request commits) and raise
AccountError with a user-facing reason.

Nothing here tells a stranger whether an address has an account: registration answers the same
way for a new and a known address (the owner of a known one gets an e-mail instead), and sign-in
spends the same time hashing whether the account exists or not."""
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from app import audit
from app.clock import utcnow
from app.domain_errors import DomainError
from app.extensions import db
from app.i18n import isolate
from app.mail import services as mail
from app.urls import public_url

from .models import User
from .tokens import make_reset_token, make_verify_token, read_reset_token, read_verify_token

_DUMMY_HASH = {}


class AccountError(DomainError):
    pass


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))


def register(email: str, display_name: str, password: str, language: str = "en", *,
             accepted_privacy: bool) -> User | None:
    """Create an unconfirmed account and mail the confirmation link; for a known address, mail its
    owner instead. The caller answers both cases alike. Returns the new user, or None. The privacy
    notice must have been accepted; when is recorded."""
    if not accepted_privacy:
        raise AccountError(_l("Please accept the privacy notice to create an account."), field="accept_privacy",
                           status=422)
    existing = find_by_email(email)
    if existing is not None:
        generate_password_hash(password)  # the same work as a real registration
        _mail(existing, lambda: (
              _("Someone tried to create a Majlis account with your address"),
              _("Hello %(name)s,\n\nSomeone (perhaps you) tried to create an account with this address, which "
                "already has one. To sign in: %(login)s\nIf you forgot your password: %(reset)s\n\n"
                "If it was not you, you can ignore this message.", name=isolate(existing.display_name),
                login=public_url("accounts.login"), reset=public_url("accounts.reset_request"))))
        return None
    user = User(email=normalise_email(email), display_name=display_name.strip(), language=language,
                privacy_accepted_at=utcnow())
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    send_verification(user)
    return user


def send_verification(user: User) -> None:
    link = public_url("accounts.verify_email", token=make_verify_token(user))
    _mail(user, lambda: (
          _("Confirm your Majlis account"),
          _("Hello %(name)s,\n\nTo confirm your address and start taking part, open this link:\n%(link)s\n\n"
            "If you did not create an account, ignore this message.", name=isolate(user.display_name), link=link)))


def verify_email(token: str) -> tuple[User, bool]:
    """Confirm the address the link was sent to (a link for an address since changed is refused).
    Returns the person and whether this click confirmed it: only that first click may sign them in,
    or the link would stay a sign-in link for a week, surviving "sign out everywhere" and a new
    password."""
    payload = read_verify_token(token)
    user = db.session.get(User, payload[0]) if payload else None
    if user is None or user.email != payload[1] or user.blocked:
        raise AccountError(_l("This confirmation link is invalid or has expired. Sign in to ask for a new one."),
                           status=400)
    if user.email_verified_at is not None:
        return user, False
    user.email_verified_at = utcnow()
    return user, True


def authenticate(email: str, password: str) -> User | None:
    """The user when e-mail and password match and the account is not blocked."""
    user = find_by_email(email)
    if user is None:
        check_password_hash(_dummy_hash(), password)  # as slow as a real check: no timing oracle
        return None
    if not user.check_password(password) or user.blocked:
        return None
    return user


def _dummy_hash() -> str:
    if "hash" not in _DUMMY_HASH:
        _DUMMY_HASH["hash"] = generate_password_hash("not a password of anyone")
    return _DUMMY_HASH["hash"]


def sign_out_everywhere(user: User) -> None:
    """Every session and 'remember me' cookie of this person stops working."""
    user.rotate_auth_token()


def request_password_reset(email: str) -> None:
    """Queue a reset link if the account exists; say nothing either way (no account enumeration)."""
    user = find_by_email(email)
    if user is None or user.blocked:
        return
    link = public_url("accounts.reset_password", token=make_reset_token(user))
    _mail(user, lambda: (
          _("Reset your Majlis password"),
          _("Hello %(name)s,\n\nTo choose a new password, open this link within an hour:\n%(link)s\n\n"
            "If you did not ask for this, ignore this message.", name=isolate(user.display_name), link=link)))


def reset_password(token: str, password: str) -> User:
    """Set a new password from a valid token; a used or expired token is refused. Every session of
    the account ends, since a reset often follows a stolen password."""
    payload = read_reset_token(token)
    user = db.session.get(User, payload[0]) if payload and isinstance(payload[0], int) else None
    if user is None or user.password_hash[-16:] != payload[1]:
        raise AccountError(_l("This reset link is invalid or has expired. Ask for a new one."))
    user.set_password(password)
    user.rotate_auth_token()
    if user.email_verified_at is None:  # the link reached this address: it is confirmed
        user.email_verified_at = utcnow()
    return user


def update_profile(user: User, display_name: str, language: str) -> None:
    user.display_name = display_name.strip()
    user.language = language


def set_admin(user: User, is_admin: bool, by=None) -> None:
    if user.is_admin != is_admin:
        audit.record("role.admin_given" if is_admin else "role.admin_withdrawn", user, actor=by)
    user.is_admin = is_admin


def list_users():
    return select(User).order_by(User.created_at.desc(), User.id.desc())


def _mail(user: User, render) -> None:
    """Queue a message written in the person's own language: `render()` runs under their locale."""
    with force_locale(user.language):
        subject, body = render()
    mail.queue(user.email, subject, body)
