"""Consultations, their phase calendar, proposals (with versions), supports, statements and votes.

Uniqueness that matters (one support, one current vote per person, one proposal per form token) is
enforced by the database, so that two concurrent requests cannot both succeed."""
from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import utcnow
from app.extensions import db, str_enum

from .phases import ORDER, Phase


class Visibility(StrEnum):
    PUBLIC = "public"
    MEMBERS = "members"  # council members only


class ProposalStatus(StrEnum):
    PUBLISHED = "published"
    WITHDRAWN = "withdrawn"


class StatementStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


def aware(moment: datetime | None) -> datetime | None:
    """SQLite returns naive datetimes; every stored time is UTC."""
    from datetime import timezone

    return moment.replace(tzinfo=timezone.utc) if moment is not None and moment.tzinfo is None else moment


class Consultation(db.Model):
    __tablename__ = "consultations"

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    questions: Mapped[list] = mapped_column(JSON, default=list)
    categories: Mapped[list] = mapped_column(JSON, default=list)
    visibility: Mapped[Visibility] = mapped_column(str_enum(Visibility, 10), default=Visibility.PUBLIC)
    language: Mapped[str] = mapped_column(String(8), default="en")
    translations: Mapped[dict] = mapped_column(JSON, default=dict)  # {lang: {"title": ..., "description": ...}}
    statements_need_approval: Mapped[bool] = mapped_column(default=True)
    # A moderator may open or close a phase early; the override wins over the calendar.
    phase_override: Mapped[Phase | None] = mapped_column(str_enum(Phase, 20))
    # The phase followers were last told about, so that calendar changes are announced once.
    announced_phase: Mapped[Phase | None] = mapped_column(str_enum(Phase, 20))
    created_at: Mapped[datetime] = mapped_column(db.DateTime(timezone=True), default=utcnow)

    council = relationship("Council")
    phases = relationship("PhaseWindow", back_populates="consultation", cascade="all, delete-orphan",
                          order_by="PhaseWindow.starts_at")

    def localized(self, field: str, language: str) -> tuple[str, str]:
        """(text, its language): the reader's translation when there is one, else the original."""
        translated = (self.translations or {}).get(language, {}).get(field)
        return (translated, language) if translated else (getattr(self, field), self.language)

    def phase_at(self, moment: datetime) -> Phase:
        """The override if any, else the last phase that has started; draft before the first."""
        if self.phase_override:
            return Phase(self.phase_override)
        started = [w for w in self.phases if aware(w.starts_at) <= moment]
        return max((Phase(w.phase) for w in started), key=ORDER.index, default=Phase.DRAFT)

    @property
    def current_phase(self) -> Phase:
        return self.phase_at(utcnow())

    def window(self, phase: Phase):
        return next((w for w in self.phases if w.phase == phase), None)


class PhaseWindow(db.Model):
    __tablename__ = "phase_windows"
    __table_args__ = (UniqueConstraint("consultation_id", "phase"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id", ondelete="CASCADE"))
    phase: Mapped[Phase] = mapped_column(str_enum(Phase, 20))
    starts_at: Mapped[datetime] = mapped_column(db.DateTime(timezone=True))

    consultation = relationship("Consultation", back_populates="phases")


class Proposal(db.Model):
    __tablename__ = "proposals"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    category: Mapped[str] = mapped_column(String(100), default="")
    language: Mapped[str] = mapped_column(String(8), default="und")
    show_as_organisation: Mapped[bool] = mapped_column(default=False)
    status: Mapped[ProposalStatus] = mapped_column(str_enum(ProposalStatus, 10), default=ProposalStatus.PUBLISHED)
    # The submitting form's one-time token: a double-submitted form creates one proposal.
    form_token: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(db.DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(db.DateTime(timezone=True), default=utcnow)

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
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(db.DateTime(timezone=True), default=utcnow)

    proposal = relationship("Proposal", back_populates="supports")


class Statement(db.Model):
    """A short statement people vote agree / disagree / pass on (the deliberation of Pol.is)."""
    __tablename__ = "statements"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(String(400))
    seeded: Mapped[bool] = mapped_column(default=False)
    status: Mapped[StatementStatus] = mapped_column(str_enum(StatementStatus, 10), default=StatementStatus.PENDING)
    created_at: Mapped[datetime] = mapped_column(db.DateTime(timezone=True), default=utcnow)


class Vote(db.Model):
    """The current vote of a person on a statement; replaced votes move to VoteRecord."""
    __tablename__ = "votes"
    __table_args__ = (UniqueConstraint("statement_id", "user_id"),
                      CheckConstraint("value IN (-1, 0, 1)", name="value"))

    id: Mapped[int] = mapped_column(primary_key=True)
    statement_id: Mapped[int] = mapped_column(ForeignKey("statements.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
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


class Stance(StrEnum):
    SUPPORTS = "supports"
    OPPOSES = "opposes"
    NEUTRAL = "neutral"
    QUESTION = "question"


MAX_FEEDBACK_DEPTH = 3


class Feedback(db.Model):
    """A reply on a proposal, threaded up to three levels."""
    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("feedback.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    depth: Mapped[int] = mapped_column(default=1)
    stance: Mapped[Stance] = mapped_column(str_enum(Stance, 10), default=Stance.NEUTRAL)
    body: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(8), default="und")
    created_at: Mapped[datetime] = mapped_column(db.DateTime(timezone=True), default=utcnow)

    author = relationship("User")
    replies = relationship("Feedback", order_by="Feedback.created_at", cascade="all, delete-orphan")


class Attachment(db.Model):
    """A file stored outside the web root under a random name; served only as a download."""
    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"))
    filename: Mapped[str] = mapped_column(String(200))  # as the author named it, sanitised
    stored_as: Mapped[str] = mapped_column(String(64), unique=True)
    content_type: Mapped[str] = mapped_column(String(40))
    size: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(db.DateTime(timezone=True), default=utcnow)


class Follow(db.Model):
    """Someone following a consultation or a proposal, to be notified."""
    __tablename__ = "follows"
    __table_args__ = (UniqueConstraint("user_id", "consultation_id", "proposal_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    consultation_id: Mapped[int | None] = mapped_column(ForeignKey("consultations.id", ondelete="CASCADE"))
    proposal_id: Mapped[int | None] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"))
