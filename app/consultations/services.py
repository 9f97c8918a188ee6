"""Consultation use cases. Each runs in one transaction and refuses with ConsultationError."""
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.accounts.models import utcnow
from app.analysis.text import detect_language
from app.extensions import db

from .models import (Consultation, PhaseWindow, Proposal, ProposalStatus, ProposalVersion, Statement,
                     StatementStatus, Support, Vote, VoteRecord)
from .phases import ORDER, Phase
from .sanitise import clean_markdown

VOTE_VALUES = {"agree": 1, "disagree": -1, "pass": 0}


class ConsultationError(Exception):
    def __init__(self, message, field: str | None = None, status: int = 409):
        super().__init__(str(message))
        self.message, self.field, self.status = message, field, status


def create_consultation(council, title: str, description: str = "", *, questions=(), categories=(),
                        language: str = "en", calendar: dict | None = None, **fields) -> Consultation:
    consultation = Consultation(council=council, title=title, description=description, questions=list(questions),
                                categories=list(categories), language=language, **fields)
    for phase, starts_at in (calendar or {}).items():
        consultation.phases.append(PhaseWindow(phase=Phase(phase), starts_at=starts_at))
    _check_calendar(consultation)
    db.session.add(consultation)
    db.session.commit()
    return consultation


def _check_calendar(consultation) -> None:
    windows = sorted(consultation.phases, key=lambda w: ORDER.index(Phase(w.phase)))
    starts = [w.starts_at for w in windows]
    if starts != sorted(starts):
        raise ConsultationError(_l("The phases must follow each other in time."), field="calendar", status=422)


def set_phase(consultation, phase: Phase | None) -> None:
    """Open or close a phase early (None returns to the calendar). The caller logs it."""
    consultation.phase_override = phase
    db.session.commit()


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
        db.session.commit()
    except IntegrityError:  # the same form sent twice at once: the first one won
        db.session.rollback()
        return db.session.scalar(select(Proposal).where(Proposal.form_token == form_token))
    return proposal


def _check_category(consultation, category: str) -> None:
    if category and consultation.categories and category not in consultation.categories:
        raise ConsultationError(_l("Choose one of the consultation's categories."), field="category", status=422)


def edit_proposal(proposal, *, title: str, body: str, category: str = "") -> ProposalVersion:
    """Save a new version; earlier versions stay as the proposal's history."""
    _check_category(proposal.consultation, category)
    proposal.title, proposal.body, proposal.category = title.strip(), clean_markdown(body), category
    proposal.updated_at = utcnow()
    version = ProposalVersion(number=len(proposal.versions) + 1, title=proposal.title, body=proposal.body,
                              category=category)
    proposal.versions.append(version)
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
    for _ in range(2):  # a concurrent first vote by the same person: retry once as a replacement
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
