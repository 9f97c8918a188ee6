"""Organisations that speak in consultations, and who belongs to them."""
import secrets
from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, backref, joinedload, mapped_column, relationship

from app.accounts.models import SIGNED_IN_LOADS, User
from app.clock import utcnow
from app.extensions import db, str_enum


class OrganisationType(StrEnum):
    CSO = "cso"
    NGO = "ngo"
    MIGRANT_ASSOCIATION = "migrant_association"
    COMMUNITY_GROUP = "community_group"
    FAITH_BASED = "faith_based"
    NEIGHBOURHOOD = "neighbourhood"
    TRADE_PROFESSIONAL = "trade_professional"
    INTERNATIONAL = "international"


class SizeBand(StrEnum):
    """Approximate membership: a band, because an exact count is neither known nor needed."""
    TINY = "1-10"
    SMALL = "11-50"
    MEDIUM = "51-250"
    LARGE = "251-1000"
    VERY_LARGE = "1000+"


class Accreditation(StrEnum):
    PENDING = "pending"
    NEEDS_INFO = "needs_info"  # the secretariat asked for more information; the organisation edits and resubmits
    ACCREDITED = "accredited"
    SUSPENDED = "suspended"
    REJECTED = "rejected"


class MembershipStatus(StrEnum):
    PENDING = "pending"
    ACTIVE = "active"
    REJECTED = "rejected"


def new_invite_code() -> str:
    return secrets.token_urlsafe(9)


class Organisation(db.Model):
    __tablename__ = "organisations"
    __table_args__ = (UniqueConstraint("council_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"))
    name: Mapped[str] = mapped_column(String(160))
    type: Mapped[OrganisationType] = mapped_column(str_enum(OrganisationType, 30))
    description: Mapped[str] = mapped_column(Text, default="")
    communities_served: Mapped[list] = mapped_column(JSON, default=list)
    languages_served: Mapped[list] = mapped_column(JSON, default=list)
    neighbourhoods: Mapped[list] = mapped_column(JSON, default=list)
    membership_band: Mapped[SizeBand] = mapped_column(str_enum(SizeBand, 12))
    funding_sources: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[Accreditation] = mapped_column(
        str_enum(Accreditation, 12), default=Accreditation.PENDING)
    status_reason: Mapped[str] = mapped_column(String(500), default="")
    status_changed_at: Mapped[datetime | None] = mapped_column(db.DateTime(timezone=True))
    invite_code: Mapped[str] = mapped_column(String(32), unique=True, default=new_invite_code)
    created_at: Mapped[datetime] = mapped_column(db.DateTime(timezone=True), default=utcnow)

    council = relationship("Council", back_populates="organisations")
    memberships = relationship("Membership", back_populates="organisation", cascade="all, delete-orphan")

    @property
    def representatives(self) -> list:
        return [m.user for m in self.memberships if m.is_representative and m.status == MembershipStatus.ACTIVE]

    @property
    def active_members(self) -> list:
        return [m for m in self.memberships if m.status == MembershipStatus.ACTIVE]

    def __repr__(self) -> str:
        return f"<Organisation {self.id} {self.status}>"


class Membership(db.Model):
    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("user_id", "organisation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    status: Mapped[MembershipStatus] = mapped_column(
        str_enum(MembershipStatus, 10), default=MembershipStatus.PENDING)
    is_representative: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(db.DateTime(timezone=True), default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(db.DateTime(timezone=True))

    # Declared here, not on User: accounts know nothing of organisations.
    user = relationship("User", backref=backref("memberships", cascade="all, delete-orphan"))
    organisation = relationship("Organisation", back_populates="memberships")


def _memberships_with_the_user():
    return joinedload(User.memberships).joinedload(Membership.organisation)


SIGNED_IN_LOADS.append(_memberships_with_the_user)  # participation checks read them on most pages
