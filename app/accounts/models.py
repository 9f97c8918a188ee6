"""People who sign in. Only what the platform needs: no legal status, no address.

Roles live per council (app/councils); only the platform operator's `is_admin` is global."""
import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from app.clock import utcnow
from app.extensions import db


# What every request reads from the signed-in person (roles, memberships), declared by the features
# that own those relationships as callables returning a loader option; the user loader applies them,
# so that the person and all of it come in one query.
SIGNED_IN_LOADS: list = []


def new_auth_token() -> str:
    return secrets.token_hex(16)


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(80))
    password_hash: Mapped[str] = mapped_column(String(256))
    language: Mapped[str] = mapped_column(String(8), default="en")
    is_admin: Mapped[bool] = mapped_column(default=False)
    email_verified_at: Mapped[datetime | None] = mapped_column(db.DateTime(timezone=True))
    # When the person accepted the privacy notice at registration (None: before it was asked).
    privacy_accepted_at: Mapped[datetime | None] = mapped_column(db.DateTime(timezone=True))
    # Part of every session's user id: changing it signs the person out everywhere (sign-out, reset).
    auth_token: Mapped[str] = mapped_column(String(32), default=new_auth_token)
    blocked: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(db.DateTime(timezone=True), default=utcnow)

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def get_id(self) -> str:
        """What the session stores: a cookie saved before the token changed no longer signs anyone in."""
        return f"{self.id}:{self.auth_token}"

    def rotate_auth_token(self) -> None:
        self.auth_token = new_auth_token()

    @property
    def is_active(self) -> bool:
        """Flask-Login refuses sign-in and sessions of blocked users."""
        return not self.blocked

    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None

    def __repr__(self) -> str:
        return f"<User {self.id}{' admin' if self.is_admin else ''}>"
