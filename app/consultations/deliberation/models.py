"""Statements people vote agree / disagree / pass on (the deliberation of Pol.is), and the votes."""
from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.clock import utcnow
from app.extensions import db, str_enum
from app.moderation.visibility import Moderated


class StatementStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


class Statement(Moderated, db.Model):
    __tablename__ = "statements"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(String(400))
    seeded: Mapped[bool] = mapped_column(default=False)
    status: Mapped[StatementStatus] = mapped_column(str_enum(StatementStatus, 10), default=StatementStatus.PENDING)
    # The form's one-time token: a statement sent twice is stored once.
    form_token: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(db.DateTime(timezone=True), default=utcnow)


class Vote(db.Model):
    """The current vote of a person on a statement; replaced votes move to VoteRecord."""
    __tablename__ = "votes"
    __table_args__ = (UniqueConstraint("statement_id", "user_id"),
                      CheckConstraint("value IN (-1, 0, 1)", name="value"))

    id: Mapped[int] = mapped_column(primary_key=True)
    statement_id: Mapped[int] = mapped_column(ForeignKey("statements.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    value: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(db.DateTime(timezone=True), default=utcnow)


class VoteRecord(db.Model):
    """A replaced vote, kept for the record (never shown publicly)."""
    __tablename__ = "vote_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    statement_id: Mapped[int] = mapped_column(ForeignKey("statements.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    value: Mapped[int]
    cast_at: Mapped[datetime] = mapped_column(db.DateTime(timezone=True))
    replaced_at: Mapped[datetime] = mapped_column(db.DateTime(timezone=True), default=utcnow)
