"""Proposals (with versions), supports, attachments and threaded feedback.

Uniqueness that matters (one support per person, one proposal or reply per form token) is enforced
by the database, so that two concurrent requests cannot both succeed."""
from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.clock import utcnow
from app.extensions import db, str_enum
from app.moderation.visibility import Moderated


class ProposalStatus(StrEnum):
    PUBLISHED = "published"
    WITHDRAWN = "withdrawn"


class Proposal(Moderated, db.Model):
    """A proposal. `support_count` and `feedback_count` are kept by the services in the same
    transaction as the support or reply, so that listings neither count rows nor load them, and
    sorting by support is an index scan."""
    __tablename__ = "proposals"
    # The listing's sorts and filters, each an index scan within one consultation (they also serve
    # lookups by consultation alone, as their leading column).
    __table_args__ = (
        Index("ix_proposals_consultation_newest", "consultation_id", "created_at", "id"),
        Index("ix_proposals_consultation_supported", "consultation_id", "support_count", "id"),
        Index("ix_proposals_consultation_category", "consultation_id", "category"),
        Index("ix_proposals_consultation_language", "consultation_id", "language"),
        # An imported proposal's id on the paper form or the platform it came from: importing the
        # same file twice adds nothing (app/consultations/importing.py).
        UniqueConstraint("consultation_id", "external_id", name="uq_proposals_consultation_external_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id", ondelete="SET NULL"),
                                                        index=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    category: Mapped[str] = mapped_column(String(100), default="")
    language: Mapped[str] = mapped_column(String(8), default="und")
    show_as_organisation: Mapped[bool] = mapped_column(default=False)
    status: Mapped[ProposalStatus] = mapped_column(str_enum(ProposalStatus, 10), default=ProposalStatus.PUBLISHED)
    # The submitting form's one-time token: a double-submitted form creates one proposal.
    form_token: Mapped[str | None] = mapped_column(String(64), unique=True)
    external_id: Mapped[str | None] = mapped_column(String(100))  # None: typed in on this platform
    created_at: Mapped[datetime] = mapped_column(db.DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(db.DateTime(timezone=True), default=utcnow)
    support_count: Mapped[int] = mapped_column(default=0, server_default="0")
    feedback_count: Mapped[int] = mapped_column(default=0, server_default="0")  # replies included

    consultation = relationship("Consultation")
    author = relationship("User")
    organisation = relationship("Organisation")
    versions = relationship("ProposalVersion", back_populates="proposal", cascade="all, delete-orphan",
                            order_by="ProposalVersion.number")
    supports = relationship("Support", back_populates="proposal", cascade="all, delete-orphan")
    attachments = relationship("Attachment", cascade="all, delete-orphan", order_by="Attachment.id")
    feedback = relationship("Feedback", primaryjoin="and_(Feedback.proposal_id == Proposal.id, "
                            "Feedback.parent_id.is_(None))", order_by="Feedback.created_at", viewonly=True)


class ProposalVersion(db.Model):
    """Every saved state of a proposal, so that edits stay visible as history."""
    __tablename__ = "proposal_versions"
    __table_args__ = (UniqueConstraint("proposal_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"))
    number: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    category: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[datetime] = mapped_column(db.DateTime(timezone=True), default=utcnow)

    proposal = relationship("Proposal", back_populates="versions")


class Support(db.Model):
    __tablename__ = "supports"
    __table_args__ = (UniqueConstraint("proposal_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(db.DateTime(timezone=True), default=utcnow)

    proposal = relationship("Proposal", back_populates="supports")


class Stance(StrEnum):
    SUPPORTS = "supports"
    OPPOSES = "opposes"
    NEUTRAL = "neutral"
    QUESTION = "question"


MAX_FEEDBACK_DEPTH = 3


class Feedback(Moderated, db.Model):
    """A reply on a proposal, threaded up to three levels; shown only while its proposal is shown too."""
    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("feedback.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    depth: Mapped[int] = mapped_column(default=1)
    stance: Mapped[Stance] = mapped_column(str_enum(Stance, 10), default=Stance.NEUTRAL)
    body: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(8), default="und")
    # The form's one-time token: a reply sent twice (double click, retry) is stored once.
    form_token: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(db.DateTime(timezone=True), default=utcnow)

    author = relationship("User")
    proposal = relationship("Proposal", viewonly=True)
    replies = relationship("Feedback", order_by="Feedback.created_at", cascade="all, delete-orphan")
    proposal = relationship("Proposal", viewonly=True)

    @classmethod
    def visible_clause(cls):
        shown_proposals = db.select(Proposal.id).where(Proposal.visible_clause())
        return db.and_(cls.hidden_at.is_(None), cls.proposal_id.in_(shown_proposals))

    def shown(self) -> bool:
        return self.hidden_at is None and self.proposal.shown()


class Attachment(db.Model):
    """A file stored outside the web root under a random name; served only as a download."""
    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(200))  # as the author named it, made safe
    stored_as: Mapped[str] = mapped_column(String(64), unique=True)
    content_type: Mapped[str] = mapped_column(String(40))
    size: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(db.DateTime(timezone=True), default=utcnow)
