"""Account use cases. They take plain values and raise AccountError with a user-facing reason."""
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from app.domain_errors import DomainError
from app.extensions import db
from app.mail import services as mail

from .models import Role, User
from .tokens import make_reset_token, read_reset_token


class AccountError(DomainError):
    pass


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))


def register(email: str, display_name: str, password: str, language: str = "en") -> User:
    """Create a participant account; e-mail addresses are unique regardless of case."""
    if find_by_email(email):
        raise AccountError(_l("An account with this e-mail address already exists."), field="email")
    user = User(email=normalise_email(email), display_name=display_name.strip(), language=language,
                role=Role.PARTICIPANT)
    user.set_password(password)
    db.session.add(user)
    db.session.commit()
    return user


def authenticate(email: str, password: str) -> User | None:
    """The user when e-mail and password match and the account is not blocked."""
    user = find_by_email(email)
    if user is None or not user.check_password(password) or user.blocked:
        return None
    return user


def request_password_reset(email: str, reset_url) -> None:
    """Queue a reset link if the account exists; say nothing either way (no account enumeration)."""
    user = find_by_email(email)
    if user is None or user.blocked:
        return
    link = reset_url(make_reset_token(user))
    with force_locale(user.language):
        subject = _("Reset your Majlis password")
        body = _("Hello %(name)s,\n\nTo choose a new password, open this link within an hour:\n%(link)s\n\n"
                 "If you did not ask for this, ignore this message.", name=user.display_name, link=link)
    mail.send(user.email, subject, body)


def reset_password(token: str, password: str) -> User:
    """Set a new password from a valid token; a used or expired token is refused."""
    payload = read_reset_token(token)
    user = db.session.get(User, payload[0]) if payload else None
    if user is None or user.password_hash[-16:] != payload[1]:
        raise AccountError(_l("This reset link is invalid or has expired. Ask for a new one."))
    user.set_password(password)
    db.session.commit()
    return user


def update_profile(user: User, display_name: str, language: str) -> None:
    user.display_name = display_name.strip()
    user.language = language
    db.session.commit()


def set_role(user: User, role: Role) -> None:
    user.role = role
    db.session.commit()


def list_users():
    return select(User).order_by(User.created_at.desc(), User.id.desc())
