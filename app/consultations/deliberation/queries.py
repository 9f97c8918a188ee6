"""Statements to vote on and to moderate."""
from sqlalchemy import select

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
