"""Consultation use cases. Each runs in one transaction and refuses with ConsultationError."""
import logging

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.accounts.models import utcnow
from app.analysis.text import detect_language
from app.domain_errors import DomainError
from app.extensions import db

from app.notifications import services as notifications
from app.notifications.models import Kind

from .models import (MAX_FEEDBACK_DEPTH, aware, Consultation, Feedback, Follow, PhaseWindow, Proposal, ProposalStatus,
                     ProposalVersion, Stance, Statement, StatementStatus, Support, Vote, VoteRecord)
from . import search
from .phases import ORDER, Phase
from .sanitise import clean_markdown

log = logging.getLogger("majlis.consultations")
VOTE_VALUES = {"agree": 1, "disagree": -1, "pass": 0}


class ConsultationError(DomainError):
    pass


def create_consultation(council, title: str, description: str = "", *, questions=(), categories=(),
                        language: str = "en", calendar: dict | None = None, **fields) -> Consultation:
    consultation = Consultation(council=council, title=title, description=description, questions=list(questions),
                                categories=list(categories), language=language, **fields)
    set_calendar(consultation, calendar or {})
    db.session.add(consultation)
    db.session.flush()
    search.index("consultation", consultation.id, title, description, language)
    db.session.commit()
    return consultation


def update_consultation(consultation, calendar: dict, **fields) -> None:
    """Save the secretariat's edits, the calendar and the search index in one transaction."""
    for name, value in fields.items():
        setattr(consultation, name, value)
    set_calendar(consultation, calendar)
    search.index("consultation", consultation.id, consultation.title, consultation.description, consultation.language)
    db.session.commit()


def calendar_around(phase: str, now=None, days: int = 14) -> dict:
    """A calendar (one phase every `days` days) in which `phase` is the current one: for demos and tests."""
    from datetime import timedelta

    now = now or utcnow()
    position = ORDER.index(Phase(phase))
    return {p: now + timedelta(days=days * (i - position)) - timedelta(hours=1) for i, p in enumerate(ORDER)}


def set_calendar(consultation, calendar: dict) -> None:
    """Update the phase windows in place (a phase keeps its row), then check their order."""
    existing = {Phase(w.phase): w for w in consultation.phases}
    for phase, starts_at in calendar.items():
        if Phase(phase) in existing:
            existing[Phase(phase)].starts_at = starts_at
        else:
            consultation.phases.append(PhaseWindow(phase=Phase(phase), starts_at=starts_at))
    for phase, window in existing.items():
        if phase not in {Phase(p) for p in calendar}:
            consultation.phases.remove(window)
    check_calendar(consultation)


def check_calendar(consultation) -> None:
    windows = sorted(consultation.phases, key=lambda w: ORDER.index(Phase(w.phase)))
    starts = [aware(w.starts_at) for w in windows]
    if starts != sorted(starts):
        raise ConsultationError(_l("The phases must follow each other in time."), field="calendar", status=422)


def set_phase(consultation, phase: Phase | None, moderator=None, base_url: str = "") -> None:
    """Open or close a phase early (None returns to the calendar); logged, and followers are told."""
    log.info("consultation %s: phase set to %s by user %s", consultation.id, phase or "calendar",
             getattr(moderator, "id", None))
    consultation.phase_override = phase
    db.session.commit()
    announce_phase_changes(base_url)


def submit_proposal(author, consultation, *, title: str, body: str, category: str = "", organisation=None,
                    show_as_organisation: bool = False, language: str | None = None,
                    form_token: str | None = None) -> Proposal:
    """A new proposal with its first version; the same form token twice gives the same proposal."""
    if form_token:
        existing = db.session.scalar(select(Proposal).where(Proposal.form_token == form_token))
        if existing is not None:
            return existing
    _check_category(consultation, category)
    proposal = Proposal(consultation=consultation, author=author, organisation=organisation, title=title.strip(),
                        body=clean_markdown(body), category=category,
                        language=language or detect_language(f"{title}. {body}"),
                        show_as_organisation=bool(show_as_organisation and organisation), form_token=form_token)
    proposal.versions.append(ProposalVersion(number=1, title=proposal.title, body=proposal.body, category=category))
    db.session.add(proposal)
    try:
        db.session.flush()
        search.index("proposal", proposal.id, proposal.title, proposal.body, proposal.language)
        db.session.commit()
    except IntegrityError:  # the same form sent twice at once: the first one won
        db.session.rollback()
        return db.session.scalar(select(Proposal).where(Proposal.form_token == form_token))
    return proposal


def _check_category(consultation, category: str) -> None:
    if category and consultation.categories and category not in consultation.categories:
        raise ConsultationError(_l("Choose one of the consultation's categories."), field="category", status=422)


def edit_proposal(proposal, *, title: str, body: str, category: str = "", language: str | None = None) -> ProposalVersion:
    """Save a new version (earlier ones stay as history); the author may correct the detected language."""
    _check_category(proposal.consultation, category)
    proposal.title, proposal.body, proposal.category = title.strip(), clean_markdown(body), category
    proposal.language = language or proposal.language
    proposal.updated_at = utcnow()
    version = ProposalVersion(number=len(proposal.versions) + 1, title=proposal.title, body=proposal.body,
                              category=category)
    proposal.versions.append(version)
    search.index("proposal", proposal.id, proposal.title, proposal.body, proposal.language)
    db.session.commit()
    return version


def withdraw_proposal(proposal) -> None:
    """A withdrawn proposal stays visible, marked as withdrawn."""
    proposal.status = ProposalStatus.WITHDRAWN
    proposal.updated_at = utcnow()
    db.session.commit()


def support(user, proposal) -> bool:
    """Add the person's support; True if new. A second support (even a concurrent one) adds nothing."""
    if db.session.scalar(select(Support.id).where(Support.proposal_id == proposal.id, Support.user_id == user.id)):
        return False
    db.session.add(Support(proposal_id=proposal.id, user_id=user.id))
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return False
    return True


def support_count(proposal) -> int:
    return db.session.scalar(select(func.count(Support.id)).where(Support.proposal_id == proposal.id))


def add_statement(author, consultation, text: str, *, seeded: bool = False) -> Statement:
    """Seeded statements are approved; participants' wait for a moderator when the consultation says so."""
    approved = seeded or not consultation.statements_need_approval
    statement = Statement(consultation_id=consultation.id, author_id=author.id if author else None,
                          text=text.strip(), seeded=seeded,
                          status=StatementStatus.APPROVED if approved else StatementStatus.PENDING)
    db.session.add(statement)
    db.session.commit()
    return statement


def vote(user, statement, choice: str) -> Vote:
    """Record agree/disagree/pass. A new vote replaces the old one, which is kept as a record."""
    if choice not in VOTE_VALUES:
        raise ConsultationError(_l("Choose agree, disagree or pass."), field="choice", status=422)
    for _attempt in range(2):  # a concurrent first vote by the same person: retry once as a replacement
        current = db.session.scalar(select(Vote).where(Vote.statement_id == statement.id, Vote.user_id == user.id))
        if current is None:
            current = Vote(statement_id=statement.id, user_id=user.id, value=VOTE_VALUES[choice])
            db.session.add(current)
        elif current.value != VOTE_VALUES[choice]:
            db.session.add(VoteRecord(statement_id=statement.id, user_id=user.id, value=current.value,
                                      cast_at=current.created_at))
            current.value, current.created_at = VOTE_VALUES[choice], utcnow()
        try:
            db.session.commit()
            return current
        except IntegrityError:
            db.session.rollback()
    raise ConsultationError(_l("Your vote could not be recorded. Please try again."))


def add_feedback(author, proposal, body: str, stance: str = "neutral", parent=None, base_url: str = "") -> Feedback:
    """A reply, at most three levels deep; the proposal's author and followers are notified."""
    depth = (parent.depth + 1) if parent is not None else 1
    if parent is not None and parent.proposal_id != proposal.id:
        raise ConsultationError(_l("This reply does not belong to this proposal."), status=400)
    if depth > MAX_FEEDBACK_DEPTH:
        raise ConsultationError(_l("Replies can be nested three levels deep at most."), status=409)
    if stance not in set(Stance):
        raise ConsultationError(_l("Choose a stance."), field="stance", status=422)
    feedback = Feedback(proposal_id=proposal.id, parent_id=parent.id if parent else None, author_id=author.id,
                        depth=depth, stance=Stance(stance), body=clean_markdown(body),
                        language=detect_language(body))
    db.session.add(feedback)
    db.session.flush()
    search.index("feedback", feedback.id, "", feedback.body, feedback.language)
    audience = [proposal.author] + followers(proposal=proposal)
    notifications.notify([u for u in audience if u is not None and u.id != author.id],
                         Kind.FEEDBACK_ON_MY_PROPOSAL,
                         lambda: _("New feedback on the proposal “%(title)s”", title=proposal.title),
                         f"/consultations/proposals/{proposal.id}#feedback", base_url)
    db.session.commit()
    return feedback


def _follows(user, consultation=None, proposal=None):
    query = select(Follow).where(Follow.user_id == user.id)
    return query.where(Follow.consultation_id == consultation.id) if consultation is not None \
        else query.where(Follow.proposal_id == proposal.id)


def follow(user, consultation=None, proposal=None) -> bool:
    """Follow a consultation or a proposal; following twice changes nothing."""
    if db.session.scalar(_follows(user, consultation, proposal)):
        return False
    db.session.add(Follow(user_id=user.id, consultation_id=consultation.id if consultation else None,
                          proposal_id=proposal.id if proposal else None))
    db.session.commit()
    return True


def unfollow(user, consultation=None, proposal=None) -> None:
    for item in db.session.scalars(_follows(user, consultation, proposal)):
        db.session.delete(item)
    db.session.commit()


def is_following(user, consultation=None, proposal=None) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and \
        db.session.scalar(_follows(user, consultation, proposal)) is not None


def followers(consultation=None, proposal=None) -> list:
    from app.accounts.models import User

    query = select(User).join(Follow, Follow.user_id == User.id)
    query = query.where(Follow.consultation_id == consultation.id) if consultation else \
        query.where(Follow.proposal_id == proposal.id)
    return list(db.session.scalars(query))


def announce_phase_changes(base_url: str = "") -> int:
    """Tell followers of each consultation whose phase changed since the last announcement."""
    from .labels import PHASE_LABELS

    told = 0
    for consultation in db.session.scalars(select(Consultation)):
        phase = consultation.current_phase
        if consultation.announced_phase == phase:
            continue
        if consultation.announced_phase is not None:
            told += notifications.notify(
                followers(consultation=consultation), Kind.PHASE_CHANGED,
                lambda c=consultation, p=phase: _("“%(title)s” is now in the phase: %(phase)s", title=c.title,
                                                  phase=PHASE_LABELS[p]),
                f"/consultations/{consultation.id}", base_url)
        consultation.announced_phase = phase
    db.session.commit()
    return told
