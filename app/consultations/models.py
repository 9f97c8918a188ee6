"""Consultations and their phase calendar.

Proposals (with versions, supports, attachments and feedback) are in `proposals/`, statements and
votes in `deliberation/`."""
from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.clock import aware, utcnow
from app.extensions import db, str_enum

from .phases import ORDER, Phase


class Visibility(StrEnum):
    PUBLIC = "public"
    MEMBERS = "members"  # participants of the council only


class Consultation(db.Model):
    __tablename__ = "consultations"

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"), index=True)
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
    # Bumped in the same transaction as any change that alters what its public pages show (see
    # freshness.py); cached anonymous pages are keyed by it, so a change is a new key.
    revision: Mapped[int] = mapped_column(default=0, server_default="0")

    council = relationship("Council")
    phases = relationship("PhaseWindow", back_populates="consultation", cascade="all, delete-orphan",
                          order_by="PhaseWindow.starts_at")

    def localized(self, field: str, language: str) -> tuple[str, str]:
        """(text, its language): the reader's translation when there is one, else the original."""
        translated = (self.translations or {}).get(language, {}).get(field)
        return (translated, language) if translated else (getattr(self, field), self.language)

    def category_label(self, category: str, language: str) -> tuple[str, str]:
        """(label, its language) of a category: the reader's translation when the secretariat gave one."""
        translated = ((self.translations or {}).get(language, {}).get("categories") or {}).get(category)
        return (translated, language) if translated else (category, self.language)

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

    def next_change(self, moment: datetime | None = None):
        """The next phase window of the calendar after `moment` (the current phase ends when it starts),
        or None: the calendar has no later phase, or a moderator's override has set it aside."""
        if self.phase_override:
            return None
        moment = moment or utcnow()
        later = [w for w in self.phases if aware(w.starts_at) > moment]
        return min(later, key=lambda w: aware(w.starts_at), default=None)


class PhaseWindow(db.Model):
    __tablename__ = "phase_windows"
    __table_args__ = (UniqueConstraint("consultation_id", "phase"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id", ondelete="CASCADE"))
    phase: Mapped[Phase] = mapped_column(str_enum(Phase, 20))
    starts_at: Mapped[datetime] = mapped_column(db.DateTime(timezone=True))

    consultation = relationship("Consultation", back_populates="phases")
