"""A consultative council, the city it advises, its privacy and triage settings, and who holds which
role on it. Roles belong to a council: a Sfax moderator has no say in Tunis."""
from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, backref, joinedload, mapped_column, relationship

from app.accounts.models import SIGNED_IN_LOADS, User
from app.clock import utcnow
from app.extensions import db, str_enum


class Council(db.Model):
    __tablename__ = "councils"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(160))
    city: Mapped[str] = mapped_column(String(80))
    country: Mapped[str] = mapped_column(String(2))  # ISO 3166-1 alpha-2
    languages: Mapped[list] = mapped_column(JSON, default=list)
    # Aggregates about fewer people than this are never published.
    k_anonymity: Mapped[int] = mapped_column(default=5)
    # IANA zone: a commitment is overdue from the day after its due date *in the council's city*.
    time_zone: Mapped[str] = mapped_column(String(64), default="UTC", server_default="UTC")
    # Which competence map (app/analysis data) decides what is municipal in this city.
    competence_map: Mapped[str] = mapped_column(String(40))
    # What the council is and how to reach its secretariat, shown on its public page.
    description: Mapped[str] = mapped_column(Text, default="")
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    contact_phone: Mapped[str] = mapped_column(String(40), default="")
    contact_address: Mapped[str] = mapped_column(String(300), default="")
    website: Mapped[str] = mapped_column(String(300), default="")

    organisations = relationship("Organisation", back_populates="council")

    def __repr__(self) -> str:
        return f"<Council {self.slug}>"


class CouncilRoleKind(StrEnum):
    MODERATOR = "moderator"  # the council's secretariat
    COMMISSIONER = "commissioner"  # the city's decision-makers who answer
    MEMBER = "member"  # an individual who sits on the council and takes part in person


class CouncilRole(db.Model):
    __tablename__ = "council_roles"
    __table_args__ = (UniqueConstraint("user_id", "council_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id", ondelete="CASCADE"), index=True)
    role: Mapped[CouncilRoleKind] = mapped_column(str_enum(CouncilRoleKind, 20))
    created_at: Mapped[datetime] = mapped_column(db.DateTime(timezone=True), default=utcnow)

    council = relationship("Council")
    # Loaded with the user (one query), since every permission check reads them.
    user = relationship("User", backref=backref("council_roles", lazy="selectin", cascade="all, delete-orphan"))


def _roles_with_the_user():
    return joinedload(User.council_roles)


SIGNED_IN_LOADS.append(_roles_with_the_user)  # every permission check reads them
