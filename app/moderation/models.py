"""What the secretariat records: the history of accreditation decisions, reports on content, blocks
of people on a council, the council's reference population and what participants declare of it, and
fair selections of seats. Reported content itself carries the `Moderated` mixin (visibility.py)."""
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import JSON, Date, Float, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, backref, joinedload, mapped_column, relationship

from app.accounts.models import SIGNED_IN_LOADS, User
from app.clock import utcnow
from app.extensions import db, str_enum


class AccreditationDecision(db.Model):
    """One change of an organisation's status, kept forever (the organisation row holds only the last)."""
    __tablename__ = "accreditation_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    from_status: Mapped[str] = mapped_column(String(12))
    to_status: Mapped[str] = mapped_column(String(12))
    reason: Mapped[str] = mapped_column(String(500), default="")
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(db.DateTime(timezone=True), default=utcnow)

    decided_by = relationship("User")


class FundingKind(StrEnum):
    """Where an organisation's money mainly comes from, as the secretariat reads its declaration."""
    MEMBERS = "members"
    LOCAL_PUBLIC = "local_public"
    NATIONAL_PUBLIC = "national_public"
    INTERNATIONAL = "international"
    FOUNDATIONS = "foundations"
    DONATIONS = "donations"
    NONE = "none"


class OrganisationFunding(db.Model):
    """The secretariat's reading of an organisation's declared funding, for the funding mix."""
    __tablename__ = "organisation_funding"

    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"),
                                                 primary_key=True)
    kinds: Mapped[list] = mapped_column(JSON, default=list)
    updated_at: Mapped[datetime] = mapped_column(db.DateTime(timezone=True), default=utcnow)


class ReportReason(StrEnum):
    OFFENSIVE = "offensive"
    PERSONAL_DATA = "personal_data"
    SPAM = "spam"
    OFF_TOPIC = "off_topic"
    OTHER = "other"


class Report(db.Model):
    """Someone signed in flags a proposal, a reply or a statement; one report per person and item."""
    __tablename__ = "reports"
    __table_args__ = (UniqueConstraint("subject_type", "subject_id", "reporter_id"),
                      Index("ix_reports_council_open", "council_id", "resolved_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id", ondelete="CASCADE"))
    subject_type: Mapped[str] = mapped_column(String(20))  # "proposal", "feedback", "statement"
    subject_id: Mapped[int]
    reporter_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reason: Mapped[ReportReason] = mapped_column(str_enum(ReportReason, 20))
    details: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(db.DateTime(timezone=True), default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(db.DateTime(timezone=True))

    reporter = relationship("User")


class Block(db.Model):
    """A person may not post on a council's consultations until a date (or until lifted)."""
    __tablename__ = "council_blocks"
    __table_args__ = (Index("ix_council_blocks_user_council", "user_id", "council_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(String(500))
    until: Mapped[datetime] = mapped_column(db.DateTime(timezone=True))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(db.DateTime(timezone=True), default=utcnow)
    lifted_at: Mapped[datetime | None] = mapped_column(db.DateTime(timezone=True))

    # Declared here, not on User (accounts know nothing of moderation); loaded with the signed-in person.
    user = relationship("User", foreign_keys=[user_id], backref=backref("blocks", lazy="select"))


def _open_blocks_with_the_user():
    return joinedload(User.blocks.and_(Block.lifted_at.is_(None)))


SIGNED_IN_LOADS.append(_open_blocks_with_the_user)  # posting permissions read them on most pages


class DimensionKind(StrEnum):
    """The dimensions that matter locally (never legal status); OTHER takes the moderator's own label."""
    ORIGIN_REGION = "origin_region"
    GENDER = "gender"
    AGE_BAND = "age_band"
    NEIGHBOURHOOD = "neighbourhood"
    LANGUAGE = "language"
    YEARS_IN_CITY = "years_in_city"
    OTHER = "other"


class ReferenceDimension(db.Model):
    """One dimension of a council's reference population, with where its figures come from."""
    __tablename__ = "reference_dimensions"
    __table_args__ = (UniqueConstraint("council_id", "kind", "label"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id", ondelete="CASCADE"), index=True)
    kind: Mapped[DimensionKind] = mapped_column(str_enum(DimensionKind, 20))
    label: Mapped[str] = mapped_column(String(80), default="")  # for OTHER
    source: Mapped[str] = mapped_column(String(300))
    source_date: Mapped[date] = mapped_column(Date)
    updated_at: Mapped[datetime] = mapped_column(db.DateTime(timezone=True), default=utcnow)

    groups = relationship("ReferenceGroup", back_populates="dimension", cascade="all, delete-orphan",
                          order_by="ReferenceGroup.position")


class ReferenceGroup(db.Model):
    """A group of a dimension and its share of the reference population (0 to 1)."""
    __tablename__ = "reference_groups"
    __table_args__ = (UniqueConstraint("dimension_id", "label"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dimension_id: Mapped[int] = mapped_column(ForeignKey("reference_dimensions.id", ondelete="CASCADE"))
    label: Mapped[str] = mapped_column(String(80))
    share: Mapped[float] = mapped_column(Float)
    position: Mapped[int] = mapped_column(default=0)

    dimension = relationship("ReferenceDimension", back_populates="groups")


class Declaration(db.Model):
    """What a participant chose to declare for one dimension (optional; withdrawn by deleting it)."""
    __tablename__ = "demographic_declarations"
    __table_args__ = (UniqueConstraint("user_id", "dimension_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    dimension_id: Mapped[int] = mapped_column(ForeignKey("reference_dimensions.id", ondelete="CASCADE"),
                                              index=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("reference_groups.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(db.DateTime(timezone=True), default=utcnow)


class Selection(db.Model):
    """A fair selection of seats: the LEXIMIN lottery computed and committed to first, then drawn with a
    seed derived from a value published later."""
    __tablename__ = "selections"

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(160))
    panel_size: Mapped[int]
    pool_size: Mapped[int]
    quotas: Mapped[list] = mapped_column(JSON, default=list)  # [[category, value, min, max], ...]
    announcement: Mapped[str] = mapped_column(Text)  # which public value will give the seed, and when
    lottery: Mapped[dict] = mapped_column(JSON, default=dict)
    commitment: Mapped[str] = mapped_column(String(64))
    min_probability: Mapped[float] = mapped_column(Float)
    seconds: Mapped[float] = mapped_column(Float, default=0.0)
    public_value: Mapped[str | None] = mapped_column(Text)
    seed: Mapped[str | None] = mapped_column(String(64))
    panel: Mapped[list] = mapped_column(JSON, default=list)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(db.DateTime(timezone=True), default=utcnow)
    drawn_at: Mapped[datetime | None] = mapped_column(db.DateTime(timezone=True))

    council = relationship("Council")
