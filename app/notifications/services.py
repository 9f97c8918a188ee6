"""Notifications: in the app, and by e-mail through the outbox, as each person chose."""
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select

from app.accounts.models import utcnow
from app.extensions import db
from app.mail import services as mail

from .models import Kind, Notification, Preference


def preference(user, kind: Kind) -> Preference:
    found = db.session.scalar(select(Preference).where(Preference.user_id == user.id, Preference.kind == kind))
    return found or Preference(user_id=user.id, kind=kind, in_app=True, email=True)


def set_preference(user, kind: Kind, in_app: bool, email: bool) -> None:
    chosen = preference(user, kind)
    chosen.in_app, chosen.email = in_app, email
    db.session.add(chosen)
    db.session.commit()


def notify(users, kind: Kind, message, link: str, base_url: str = "") -> int:
    """Tell each person once, in their own language; `message(user)` returns the text. Commit is the caller's."""
    sent = 0
    for user in {u.id: u for u in users if u is not None}.values():
        chosen = preference(user, kind)
        with force_locale(user.language):
            text = message()
            if chosen.in_app:
                db.session.add(Notification(user_id=user.id, kind=kind, text=text[:300], link=link))
            if chosen.email:
                mail.queue_later(user.email, text[:200], _("%(text)s\n\n%(link)s", text=text, link=base_url + link))
        sent += 1
    return sent


def unread_count(user) -> int:
    """For the header badge on every page: one COUNT, not a list."""
    return db.session.scalar(select(func.count(Notification.id)).where(Notification.user_id == user.id,
                                                                      Notification.read_at.is_(None)))


def unread(user) -> list[Notification]:
    return db.session.scalars(select(Notification).where(Notification.user_id == user.id,
                                                         Notification.read_at.is_(None))
                              .order_by(Notification.created_at.desc())).all()


def recent(user, limit: int = 50):
    return db.session.scalars(select(Notification).where(Notification.user_id == user.id)
                              .order_by(Notification.created_at.desc()).limit(limit)).all()


def mark_read(user) -> None:
    for notification in unread(user):
        notification.read_at = utcnow()
    db.session.commit()
