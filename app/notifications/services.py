"""Notifications, a service every feature may use: follows, in-app notices and e-mail through the
outbox, as each person chose. It knows no feature: features register how each kind reads
(`describe`) and pass ids and parameters."""
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from app.clock import utcnow
from app.extensions import db
from app.mail import services as mail
from app.urls import absolute

from .models import Follow, Kind, Notification, Preference

_DESCRIBE: dict = {}
_FILTERS: list = []


def describes(kind: Kind):
    """Register the function that turns a kind's parameters into a sentence in the current locale."""
    def register(render):
        _DESCRIBE[kind] = render
        return render
    return register


def filter_with(narrow):
    """Register narrow(select) -> select, applied to every listing and count of notifications (the
    moderation feature uses it so that notifications about hidden content are not shown)."""
    if narrow not in _FILTERS:
        _FILTERS.append(narrow)
    return narrow


def _shown(query):
    for narrow in _FILTERS:
        query = narrow(query)
    return query


def text_of(notification) -> str:
    """The sentence in the current locale (notifications stored before 2026-11 keep their old text)."""
    params = notification.params or {}
    if "legacy_text" in params:
        return params["legacy_text"]
    render = _DESCRIBE.get(notification.kind)
    return render(**params) if render else ""


def _default(user_id: int, kind: Kind) -> Preference:
    """A choice nobody made yet: told in the app and by e-mail."""
    return Preference(user_id=user_id, kind=kind, in_app=True, email=True)


def preference(user, kind: Kind) -> Preference:
    found = db.session.scalar(select(Preference).where(Preference.user_id == user.id, Preference.kind == kind))
    return found or _default(user.id, kind)


def preferences(user) -> dict:
    """Every kind's choice for one person, in one query (the preferences form lists them all)."""
    chosen = {p.kind: p for p in db.session.scalars(select(Preference).where(Preference.user_id == user.id))}
    return {kind: chosen.get(kind) or _default(user.id, kind)
            for kind in Kind}


def set_preference(user, kind: Kind, in_app: bool, email: bool) -> None:
    chosen = preference(user, kind)
    chosen.in_app, chosen.email = in_app, email
    db.session.add(chosen)


def _preferences_of(users: list, kind: Kind) -> dict:
    """{user id: their choice for this kind}, in one query for the whole audience (a published
    response reaches every proposal's author and follower)."""
    ids = [user.id for user in users]
    chosen = {p.user_id: p for p in db.session.scalars(
        select(Preference).where(Preference.kind == kind, Preference.user_id.in_(ids)))} if ids else {}
    return {i: chosen.get(i) or _default(i, kind) for i in ids}


def notify(users, kind: Kind, params: dict, link: str, subject: tuple[str, int] | None = None) -> int:
    """Tell each person once: in the app, and by e-mail written in their own language. `subject`
    (type, id) names what the notification is about, for the registered filters."""
    told = 0
    subject_type, subject_id = subject or (None, None)
    audience = list({u.id: u for u in users if u is not None}.values())
    choices = _preferences_of(audience, kind)
    for user in audience:
        chosen = choices[user.id]
        if chosen.in_app:
            db.session.add(Notification(user_id=user.id, kind=kind, params=params, link=link,
                                        subject_type=subject_type, subject_id=subject_id))
        if chosen.email:
            with force_locale(user.language):
                text = _DESCRIBE[kind](**params)
                body = _("%(text)s\n\n%(link)s", text=text, link=absolute(link))
            mail.queue(user.email, text[:200], body)
        told += 1
    return told


def unread_count(user) -> int:
    """For the header badge on every page: one COUNT, not a list."""
    return db.session.scalar(_shown(select(func.count(Notification.id)).where(Notification.user_id == user.id,
                                                                             Notification.read_at.is_(None))))


def recent(user, limit: int = 50):
    return db.session.scalars(_shown(select(Notification).where(Notification.user_id == user.id))
                              .order_by(Notification.created_at.desc(), Notification.id.desc()).limit(limit)).all()


def mark_read(user) -> None:
    db.session.execute(db.update(Notification).where(Notification.user_id == user.id, Notification.read_at.is_(None))
                       .values(read_at=utcnow()))


# Follows ---------------------------------------------------------------------------------------

def _follows(user_id: int, consultation_id=None, proposal_id=None):
    query = select(Follow).where(Follow.user_id == user_id)
    return query.where(Follow.consultation_id == consultation_id, Follow.proposal_id.is_(None)) \
        if consultation_id is not None else query.where(Follow.proposal_id == proposal_id,
                                                         Follow.consultation_id.is_(None))


def follow(user, consultation_id: int | None = None, proposal_id: int | None = None) -> bool:
    """Follow a consultation or a proposal; following twice (even at the same moment) changes nothing."""
    if db.session.scalar(_follows(user.id, consultation_id, proposal_id)):
        return False
    try:
        with db.session.begin_nested():
            db.session.add(Follow(user_id=user.id, consultation_id=consultation_id, proposal_id=proposal_id))
    except IntegrityError:
        return False
    return True


def unfollow(user, consultation_id: int | None = None, proposal_id: int | None = None) -> None:
    for item in db.session.scalars(_follows(user.id, consultation_id, proposal_id)):
        db.session.delete(item)


def is_following(user, consultation_id: int | None = None, proposal_id: int | None = None) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and \
        db.session.scalar(_follows(user.id, consultation_id, proposal_id)) is not None


def followers(consultation_id: int | None = None, proposal_id: int | None = None) -> list:
    """The people following a target (loaded with their follow rows in one query; what the
    signed-in person's loader adds, such as council roles, is left out: a notice needs none)."""
    query = select(Follow).options(joinedload(Follow.user).lazyload("*"))
    query = query.where(Follow.consultation_id == consultation_id) if consultation_id is not None else \
        query.where(Follow.proposal_id == proposal_id)
    return [item.user for item in db.session.scalars(query)]
