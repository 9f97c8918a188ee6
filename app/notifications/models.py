"""In-app notifications, each person's choice of what to receive, and what people follow.

A notification stores its kind and parameters, not a sentence: it is written when shown, in the
reader's language of the moment."""
from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.clock import utcnow
from app.extensions import db, str_enum


class Kind(StrEnum):
    FEEDBACK_ON_MY_PROPOSAL = "feedback_on_my_proposal"
    PHASE_CHANGED = "phase_changed"
    CONTENT_HIDDEN = "content_hidden"
    CONTENT_RESTORED = "content_restored"
    RESPONSE_PUBLISHED = "response_published"  # the city answered (or corrected its answer to) my proposal


class Notification(db.Model):
    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[Kind] = mapped_column(str_enum(Kind, 40))
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    link: Mapped[str] = mapped_column(String(300))
    # What the notification is about, when it is a thing that can be hidden ("feedback", 12): features
    # register filters (services.filter_with) so that a hidden thing's notifications disappear with it.
    subject_type: Mapped[str | None] = mapped_column(String(20))
    subject_id: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(db.DateTime(timezone=True), default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(db.DateTime(timezone=True))


class Preference(db.Model):
    """Opt-outs: by default everyone receives every kind, in the app and by e-mail."""
    __tablename__ = "notification_preferences"
    __table_args__ = (UniqueConstraint("user_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[Kind] = mapped_column(str_enum(Kind, 40))
    in_app: Mapped[bool] = mapped_column(default=True)
    email: Mapped[bool] = mapped_column(default=True)


class Follow(db.Model):
    """Someone following a consultation or a proposal, to be notified.

    Exactly one target per row; each kind of target has its own partial unique index, because a
    unique key over a nullable column lets duplicates through on PostgreSQL (NULL ≠ NULL)."""
    __tablename__ = "follows"
    __table_args__ = (
        Index("uq_follows_user_consultation", "user_id", "consultation_id", unique=True,
              sqlite_where=db.text("proposal_id IS NULL"), postgresql_where=db.text("proposal_id IS NULL")),
        Index("uq_follows_user_proposal", "user_id", "proposal_id", unique=True,
              sqlite_where=db.text("consultation_id IS NULL"), postgresql_where=db.text("consultation_id IS NULL")),
        db.CheckConstraint("(consultation_id IS NULL) <> (proposal_id IS NULL)", name="one_target"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    consultation_id: Mapped[int | None] = mapped_column(ForeignKey("consultations.id", ondelete="CASCADE"))
    proposal_id: Mapped[int | None] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"))

    user = relationship("User")
