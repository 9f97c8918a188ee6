"""Proposal use cases: submit, edit, withdraw, support (and take a support back) and give feedback.

They change the session and raise ConsultationError; the request commits. A retried form (the same
form token) returns what the first attempt created instead of creating it again."""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from app import search
from app.analysis.text import detect_language
from app.clock import utcnow
from app.extensions import db
from app.i18n import isolate
from app.notifications import services as notifications
from app.notifications.models import Kind
from app.urls import site_path

from ..errors import ConsultationError
from . import attachments
from .models import (MAX_FEEDBACK_DEPTH, Feedback, Proposal, ProposalStatus, ProposalVersion, Stance, Support)


@notifications.describes(Kind.FEEDBACK_ON_MY_PROPOSAL)
def _describe_feedback(title: str, **_ignored) -> str:
    return _("New feedback on the proposal “%(title)s”", title=isolate(title))


def _already(model, form_token: str | None):
    return db.session.scalar(select(model).where(model.form_token == form_token)) if form_token else None


def _insert_once(record, model, form_token: str | None):
    """Add a record guarded by its form token: when a concurrent twin won the race, return the twin."""
    try:
        with db.session.begin_nested():
            db.session.add(record)
    except IntegrityError:
        twin = _already(model, form_token)
        if twin is None:
            raise
        return twin
    return record


def submit_proposal(author, consultation, *, title: str, body: str, category: str = "", organisation=None,
                    show_as_organisation: bool = False, language: str | None = None,
                    form_token: str | None = None, files=(), folder=None) -> Proposal:
    """A new proposal with its first version and its files; the same form token twice gives the same
    proposal, with its files stored once."""
    if (existing := _already(Proposal, form_token)) is not None:
        return existing
    _check_category(consultation, category)
    checked = attachments.check_all(files)  # a bad file refuses the whole proposal, before anything is saved
    proposal = Proposal(consultation=consultation, author=author, organisation=organisation, title=title.strip(),
                        body=body.strip(), category=category,
                        language=language or detect_language(f"{title}. {body}"),
                        show_as_organisation=bool(show_as_organisation and organisation), form_token=form_token)
    proposal.versions.append(ProposalVersion(number=1, title=proposal.title, body=proposal.body, category=category))
    saved = _insert_once(proposal, Proposal, form_token)
    if saved is not proposal:
        return saved
    if checked:
        attachments.store(proposal, checked, folder)
    search.index("proposal", proposal.id, proposal.title, proposal.body, proposal.language, new=True)
    return proposal


def _check_category(consultation, category: str) -> None:
    if category and consultation.categories and category not in consultation.categories:
        raise ConsultationError(_l("Choose one of the consultation's categories."), field="category", status=422)


def edit_proposal(proposal, *, title: str, body: str, category: str = "", language: str | None = None) -> ProposalVersion:
    """Save a new version (earlier ones stay as history); the author may correct the detected language."""
    _check_category(proposal.consultation, category)
    proposal.title, proposal.body, proposal.category = title.strip(), body.strip(), category
    proposal.language = language or proposal.language
    proposal.updated_at = utcnow()
    version = ProposalVersion(number=len(proposal.versions) + 1, title=proposal.title, body=proposal.body,
                              category=category)
    proposal.versions.append(version)
    search.index("proposal", proposal.id, proposal.title, proposal.body, proposal.language)
    return version


def withdraw_proposal(proposal) -> None:
    """A withdrawn proposal stays visible, marked as withdrawn."""
    proposal.status = ProposalStatus.WITHDRAWN
    proposal.updated_at = utcnow()


def support(user, proposal) -> bool:
    """Add the person's support; True if new. A second support (even a concurrent one) adds nothing:
    one INSERT … ON CONFLICT DO NOTHING on the (proposal, person) key, which says whether it added a
    row. The proposal's counter moves in the same transaction."""
    table = Support.__table__
    statement = _insert(table).values(proposal_id=proposal.id, user_id=user.id, created_at=utcnow()) \
        .on_conflict_do_nothing(index_elements=["proposal_id", "user_id"])
    if db.session.get_bind().dialect.insert_returning:  # PostgreSQL, SQLite from 3.35
        added = db.session.execute(statement.returning(table.c.id)).first() is not None
    else:  # an older SQLite: its row count says it (PostgreSQL's would be -1 under implicit RETURNING)
        added = db.session.execute(statement).rowcount == 1
    if not added:
        return False
    _count(proposal, Proposal.support_count, +1)
    return True


def _insert(model):
    """The dialect's INSERT, which knows ON CONFLICT (PostgreSQL and SQLite alike)."""
    if db.session.get_bind().dialect.name == "postgresql":
        return postgresql.insert(model)
    return sqlite.insert(model)


def withdraw_support(user, proposal) -> bool:
    """Take the person's support back; True if there was one. Withdrawing twice changes nothing, and
    two concurrent withdrawals delete one row between them, so the counter moves once."""
    deleted = db.session.execute(delete(Support).where(Support.proposal_id == proposal.id,
                                                       Support.user_id == user.id)).rowcount
    if deleted:
        _count(proposal, Proposal.support_count, -deleted)
    return bool(deleted)


unsupport = withdraw_support


def _count(proposal, column, delta: int) -> None:
    """Move a counter with `SET n = n + delta` (never read-modify-write: concurrent supports all count)."""
    db.session.execute(update(Proposal).where(Proposal.id == proposal.id).values({column: column + delta})
                       .execution_options(synchronize_session=False))
    db.session.expire(proposal, [column.key])


def has_supported(user, proposal) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and db.session.scalar(
        select(Support.id).where(Support.proposal_id == proposal.id, Support.user_id == user.id)) is not None


def support_count(proposal) -> int:
    return proposal.support_count


def add_feedback(author, proposal, body: str, stance: str = "neutral", parent=None,
                 form_token: str | None = None) -> Feedback:
    """A reply, at most three levels deep; the proposal's author and followers are notified once,
    even when the form is sent twice."""
    if (existing := _already(Feedback, form_token)) is not None:
        return existing
    depth = (parent.depth + 1) if parent is not None else 1
    if parent is not None and parent.proposal_id != proposal.id:
        raise ConsultationError(_l("This reply does not belong to this proposal."), status=400)
    if depth > MAX_FEEDBACK_DEPTH:
        raise ConsultationError(_l("Replies can be nested three levels deep at most."), status=409)
    if stance not in set(Stance):
        raise ConsultationError(_l("Choose a stance."), field="stance", status=422)
    feedback = Feedback(proposal_id=proposal.id, parent_id=parent.id if parent else None, author_id=author.id,
                        depth=depth, stance=Stance(stance), body=body.strip(), language=detect_language(body),
                        form_token=form_token)
    saved = _insert_once(feedback, Feedback, form_token)
    if saved is not feedback:
        return saved
    _count(proposal, Proposal.feedback_count, +1)
    search.index("feedback", feedback.id, "", feedback.body, feedback.language, new=True)
    audience = [proposal.author] + notifications.followers(proposal_id=proposal.id)
    notifications.notify([u for u in audience if u is not None and u.id != author.id],
                         Kind.FEEDBACK_ON_MY_PROPOSAL, {"title": proposal.title, "proposal_id": proposal.id},
                         site_path("proposals.proposal", proposal_id=proposal.id, _anchor="feedback"),
                         subject=("feedback", feedback.id))
    return feedback
