"""Deliberation use cases: add, seed and moderate statements; vote agree / disagree / pass."""
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app import audit
from app.clock import utcnow
from app.extensions import db

from ..errors import ConsultationError
from .models import Statement, StatementStatus, Vote, VoteRecord

VOTE_VALUES = {"agree": 1, "disagree": -1, "pass": 0}


def add_statement(author, consultation, text: str, *, seeded: bool = False, form_token: str | None = None) -> Statement:
    """Seeded statements are approved; participants' wait for a moderator when the consultation says so.
    The same form sent twice adds one statement."""
    if form_token and (twin := db.session.scalar(select(Statement).where(Statement.form_token == form_token))):
        return twin
    approved = seeded or not consultation.statements_need_approval
    statement = Statement(consultation_id=consultation.id, author_id=author.id if author else None,
                          text=text.strip(), seeded=seeded, form_token=form_token,
                          status=StatementStatus.APPROVED if approved else StatementStatus.PENDING)
    try:
        with db.session.begin_nested():
            db.session.add(statement)
    except IntegrityError:
        twin = db.session.scalar(select(Statement).where(Statement.form_token == form_token))
        if twin is None:
            raise
        return twin
    return statement


def moderate_statement(statement, approve: bool, moderator=None, council_id: int | None = None) -> None:
    statement.status = StatementStatus.APPROVED if approve else StatementStatus.REJECTED
    audit.record(f"statement.{statement.status.value}", statement, actor=moderator, council_id=council_id)


def vote(user, statement, choice: str) -> Vote:
    """Record agree/disagree/pass. A new vote replaces the old one, which is kept as a record."""
    if choice not in VOTE_VALUES:
        raise ConsultationError(_l("Choose agree, disagree or pass."), field="choice", status=422)
    for _attempt in range(2):  # a concurrent first vote by the same person: retry once as a replacement
        current = db.session.scalar(select(Vote).where(Vote.statement_id == statement.id, Vote.user_id == user.id))
        try:
            # Only writes inside the savepoint: on SQLite, reading inside it and then writing can deadlock.
            with db.session.begin_nested():
                return _record(user, statement, VOTE_VALUES[choice], current)
        except IntegrityError:
            continue
    raise ConsultationError(_l("Your vote could not be recorded. Please try again."), status=503)


def _record(user, statement, value: int, current: Vote | None) -> Vote:
    if current is None:
        current = Vote(statement_id=statement.id, user_id=user.id, value=value)
        db.session.add(current)
    elif current.value != value:
        db.session.add(VoteRecord(statement_id=statement.id, user_id=user.id, value=current.value,
                                  cast_at=current.created_at))
        current.value, current.created_at = value, utcnow()
    db.session.flush()
    return current
