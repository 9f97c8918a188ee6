"""Statements to vote on and to moderate."""
from sqlalchemy import func, select

from app.extensions import db

from app.moderation.visibility import visible

from .models import Statement, StatementStatus, Vote


def next_statement(consultation, user):
    """The oldest approved statement this person has not voted on yet."""
    voted = select(Vote.statement_id).where(Vote.user_id == user.id)
    return visible(select(Statement).where(Statement.consultation_id == consultation.id,
                                           Statement.status == StatementStatus.APPROVED,
                                           Statement.id.not_in(voted))).order_by(Statement.id).limit(1)


def pending_statements(consultation):
    return select(Statement).where(Statement.consultation_id == consultation.id,
                                   Statement.status == StatementStatus.PENDING).order_by(Statement.id)


def progress(consultation, user) -> tuple[int, int]:
    """(statements this person voted on, approved statements) in the consultation."""
    approved = (Statement.consultation_id == consultation.id, Statement.status == StatementStatus.APPROVED)
    total = db.session.scalar(select(func.count(Statement.id)).where(*approved))
    voted = db.session.scalar(select(func.count(Vote.id)).join(Statement, Statement.id == Vote.statement_id)
                              .where(Vote.user_id == user.id, *approved))
    return voted, total
