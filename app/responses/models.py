"""The city's answers and what it commits to do.

A Response is the thread of answers to one theme or one proposal; what it says lives in versions. A published
version is never edited: a correction is a new version with its reason, and every published version stays
visible. Commitments belong to the response (they outlive corrections) and carry dated public updates."""
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.clock import utcnow
from app.extensions import db, str_enum


class Decision(StrEnum):
    ACCEPTED = "accepted"
    ACCEPTED_IN_PART = "accepted_in_part"
    UNDER_STUDY = "under_study"
    NOT_ACCEPTED = "not_accepted"
    OUTSIDE_MANDATE = "outside_mandate"  # referred to a named authority


class VersionStatus(StrEnum):
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    PUBLISHED = "published"


class Response(db.Model):
    """The answers to one theme or one proposal (exactly one of the two)."""
    __tablename__ = "responses"
    __table_args__ = (
        CheckConstraint("(theme_id IS NULL) <> (proposal_id IS NULL)", name="one_target"),
        UniqueConstraint("theme_id"), UniqueConstraint("proposal_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id", ondelete="CASCADE"), index=True)
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("themes.id", ondelete="CASCADE"))
    proposal_id: Mapped[int | None] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(db.DateTime(timezone=True), default=utcnow)

    versions: Mapped[list["ResponseVersion"]] = relationship(
        back_populates="response", order_by="ResponseVersion.number", cascade="all, delete-orphan")
    commitments: Mapped[list["Commitment"]] = relationship(
        back_populates="response", order_by="Commitment.id", cascade="all, delete-orphan")


class ResponseVersion(db.Model):
    """One wording of a response: drafted, reviewed by a second person, then published and frozen."""
    __tablename__ = "response_versions"
    __table_args__ = (UniqueConstraint("response_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("responses.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(default=1)
    status: Mapped[VersionStatus] = mapped_column(str_enum(VersionStatus, 10), default=VersionStatus.DRAFT)
    decision: Mapped[Decision] = mapped_column(str_enum(Decision, 20))
    reason: Mapped[str] = mapped_column(Text)  # in the consultation's primary language
    language: Mapped[str] = mapped_column(String(8), default="en")
    translations: Mapped[dict] = mapped_column(JSON, default=dict)  # language -> reason in that language
    referral_authority: Mapped[str] = mapped_column(String(200), default="")  # when outside the mandate
    correction_reason: Mapped[str] = mapped_column(Text, default="")  # why this version replaces the previous
    drafted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(db.DateTime(timezone=True), default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(db.DateTime(timezone=True))
    published_at: Mapped[datetime | None] = mapped_column(db.DateTime(timezone=True))
    form_token: Mapped[str | None] = mapped_column(String(64), unique=True)

    response: Mapped[Response] = relationship(back_populates="versions")


class CommitmentStatus(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DROPPED = "dropped"  # with a reason


class Commitment(db.Model):
    """What the city will do, by whom and by when; overdue = past due (council's time zone) and not done/dropped."""
    __tablename__ = "commitments"

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("responses.id", ondelete="CASCADE"), index=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id", ondelete="CASCADE"), index=True)
    what: Mapped[str] = mapped_column(Text)
    department: Mapped[str] = mapped_column(String(160))
    due_date: Mapped[date] = mapped_column(db.Date)
    status: Mapped[CommitmentStatus] = mapped_column(str_enum(CommitmentStatus, 12), default=CommitmentStatus.PLANNED)
    status_reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(db.DateTime(timezone=True), default=utcnow)

    response: Mapped[Response] = relationship(back_populates="commitments")
    updates: Mapped[list["CommitmentUpdate"]] = relationship(
        back_populates="commitment", order_by="CommitmentUpdate.created_at", cascade="all, delete-orphan")


class CommitmentUpdate(db.Model):
    """A dated public note on a commitment's progress, with the status it moved to."""
    __tablename__ = "commitment_updates"

    id: Mapped[int] = mapped_column(primary_key=True)
    commitment_id: Mapped[int] = mapped_column(ForeignKey("commitments.id", ondelete="CASCADE"), index=True)
    status: Mapped[CommitmentStatus] = mapped_column(str_enum(CommitmentStatus, 12))
    body: Mapped[str] = mapped_column(Text, default="")
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(db.DateTime(timezone=True), default=utcnow)
    form_token: Mapped[str | None] = mapped_column(String(64), unique=True)

    commitment: Mapped[Commitment] = relationship(back_populates="updates")
